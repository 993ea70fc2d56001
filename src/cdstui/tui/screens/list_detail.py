"""A screen of one list: a title, a table of rows, the highlighted row's detail
below it, the keys at the bottom (the calendar of reports, the report types).

A subclass names its columns (key, heading, width), fills the table and the
title (``reload``), says the highlighted row's detail (``show_detail``) and
what Enter (or a double click) does on a row (``activate``).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cdstui.tui.widgets.key_footer import KeyFooter


class ListDetailScreen(Screen):
    DEFAULT_CSS = """
    ListDetailScreen #list-title {
        padding: 0 1;
        background: $primary-background;
    }
    ListDetailScreen #list-table {
        height: 1fr;
    }
    ListDetailScreen #list-detail {
        height: auto;
        max-height: 10;
        padding: 0 1;
        border-top: solid $primary;
    }
    """

    columns: tuple[tuple[str, str, int], ...] = ()
    shown: tuple[tuple[str, str, int], ...] = ()  # the columns the terminal's width leaves

    def compose(self) -> ComposeResult:
        yield Static(id="list-title")
        yield DataTable(id="list-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="list-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._add_columns()
        self.reload()
        self.table.focus()

    # the columns left out, in turn, while they do not fit (the detail below says them)
    dropped_first: tuple[str, ...] = ()

    def columns_for(self, width: int) -> tuple[tuple[str, str, int], ...]:
        """The columns that fit ``width`` cells (each takes 2 more: its padding)."""
        shown = self.columns
        for key in self.dropped_first:
            if sum(w + 2 for _k, _h, w in shown) <= width:
                break
            shown = tuple(c for c in shown if c[0] != key)
        return shown

    def _add_columns(self) -> None:
        self.shown = self.columns_for(self.size.width or self.app.size.width)
        for key, heading, width in self.shown:
            self.table.add_column(Text(heading, style="bold"), width=width, key=key)

    def on_resize(self) -> None:
        if self.shown and self.columns_for(self.size.width) != self.shown:
            self.table.clear(columns=True)
            self._add_columns()
            self.reload()

    @property
    def table(self) -> DataTable:
        return self.query_one("#list-table", DataTable)

    def show_title(self, text: Text) -> None:
        self.query_one("#list-title", Static).update(text)

    def show_detail_text(self, text: Text) -> None:
        self.query_one("#list-detail", Static).update(text)

    def reload(self) -> None:
        raise NotImplementedError

    def show_detail(self) -> None:
        raise NotImplementedError

    def activate(self) -> None:
        raise NotImplementedError

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.show_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.activate()
