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

    def compose(self) -> ComposeResult:
        yield Static(id="list-title")
        yield DataTable(id="list-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="list-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.table
        for key, heading, width in self.columns:
            table.add_column(Text(heading, style="bold"), width=width, key=key)
        self.reload()
        table.focus()

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
