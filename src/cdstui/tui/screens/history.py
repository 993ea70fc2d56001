"""Lịch sử thay đổi: every recorded change of one task (or indicator), newest first."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cdstui.domain.model import Row
from cdstui.domain.labels import MET, NOT_MET, VERDICT_AUTO_LABEL, field_label, status_label
from cdstui.domain.labels import row_number
from cdstui.store.store import StoreError
from cdstui.tui.actions import bindings
from cdstui.tui.text_fit import clip
from cdstui.tui.widgets.key_footer import KeyFooter

ORIGIN_LABELS = {
    "app": "Ứng dụng",
    "import": "Nhập tệp",
    "undo": "Hoàn tác",
    "redo": "Làm lại",
    "cli": "Dòng lệnh",
    "agency": "Cơ quan gửi lại",
    "roundtrip": "Cơ quan gửi lại",
}
EMPTY = "(trống)"
NARROW_BELOW = 110


def value_text(field: str, value: str | None) -> str:
    """A stored history value as the officer reads it."""
    if value is None or value == "":
        return VERDICT_AUTO_LABEL if field == "verdict" else EMPTY
    if field == "status":
        return status_label(value)
    if field == "verdict":
        return {"1": MET, "0": NOT_MET}.get(value, value)
    if field == "removed":
        return {"1": "có", "0": "không"}.get(value, value)
    return value


def time_text(at: str) -> str:
    try:
        return f"{datetime.fromisoformat(at):%d/%m/%Y %H:%M}"
    except (TypeError, ValueError):
        return at or ""


def origin_text(origin: str | None) -> str:
    return ORIGIN_LABELS.get(origin or "", origin or "")


class HistoryScreen(Screen):
    """The change history of one row."""

    CSS_PATH = "history.tcss"

    BINDINGS = bindings("history")

    def __init__(self, ctx, row_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.row_id = row_id
        self.row: Row | None = None
        self.entries: list[dict] = []
        self._narrow = False

    def compose(self) -> ComposeResult:
        yield Static(id="history-title")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="history-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_changed_elsewhere(self) -> None:
        """Another program wrote to the database (tui.watch)."""
        self.on_screen_resume()

    @property
    def narrow(self) -> bool:
        return (self.size.width or self.app.size.width) < NARROW_BELOW

    def on_resize(self) -> None:
        if self.row is not None and self.narrow != self._narrow:
            self.reload()

    def reload(self) -> None:
        title = self.query_one("#history-title", Static)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        try:
            self.row = self.ctx.store.get_row(self.row_id)
            entries = self.ctx.store.history(self.row_id)
        except StoreError as exc:
            title.update(Text(str(exc), style="bold red"))
            self.entries = []
            return
        row = self.row
        self.entries = list(reversed(entries))  # newest first
        code = row_number(row.path, row.code)
        heading = Text("Lịch sử thay đổi — ", style="bold")
        heading.append(f"{code} " if code else "", style="bold")
        heading.append(row.title)
        count = f"{len(self.entries)} thay đổi" if self.entries else "chưa có thay đổi nào"
        heading.append(f"\n{count}", style="dim")
        title.update(heading)
        self._narrow = self.narrow
        field_w, value_w, origin_w = (12, 13, 8) if self._narrow else (20, 30, 12)
        table.add_column(Text("Thời gian", style="bold"), width=16, key="at")
        table.add_column(Text("Nội dung", style="bold"), width=field_w, key="field")
        table.add_column(Text("Cũ", style="bold"), width=value_w, key="old")
        table.add_column(Text("", style="bold"), width=1, key="arrow")
        table.add_column(Text("Mới", style="bold"), width=value_w, key="new")
        table.add_column(Text("Nguồn", style="bold"), width=origin_w, key="origin")
        for entry in self.entries:
            table.add_row(
                Text(time_text(entry["at"])),
                clip(field_label(entry["field"], row.kind), field_w),
                clip(value_text(entry["field"], entry["old"]), value_w),
                Text("→", style="dim"),
                clip(value_text(entry["field"], entry["new"]), value_w),
                clip(origin_text(entry.get("origin")), origin_w),
                key=str(entry["id"]),
            )
        self._update_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._update_detail()

    def _update_detail(self) -> None:
        detail = self.query_one("#history-detail", Static)
        table = self.query_one(DataTable)
        if not self.entries or not table.row_count:
            detail.update(Text(""))
            return
        index = min(max(table.cursor_row, 0), len(self.entries) - 1)
        entry = self.entries[index]
        kind = self.row.kind if self.row else "task"
        text = Text(f"{field_label(entry['field'], kind)} — {time_text(entry['at'])}", style="bold")
        text.append("\nCũ: ", style="dim")
        text.append(value_text(entry["field"], entry["old"]))
        text.append("\nMới: ", style="dim")
        text.append(value_text(entry["field"], entry["new"]))
        detail.update(text)
