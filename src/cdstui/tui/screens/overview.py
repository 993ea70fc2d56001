"""Tổng quan: counts by section, category and status; overdue and due-soon tasks; indicators.

All counting is ``domain.summary.summarize`` (the report's "Tổng hợp" sheet
uses the same), as of ``ctx.today``. Enter on an overdue or due-soon task
opens it in the editor.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cdstui.domain.labels import verdict_label
from cdstui.domain.summary import (
    StatusCounts,
    Summary,
    TaskDue,
    indicator_met,
    summarize,
)
from cdstui.store.base import StoreError
from cdstui.tui.actions import bindings
from cdstui.tui.screens.indicators import resolve_plan_id
from cdstui.tui.text_fit import clip
from cdstui.tui.widgets.key_footer import KeyFooter

COUNT_COLUMNS = (
    ("total", "Tổng số"),
    ("done", "Hoàn thành"),
    ("in_progress", "Đang triển khai"),
    ("not_started", "Chưa triển khai"),
    ("not_assigned", "Không giao"),
    ("overdue", "Quá hạn"),
)
# Short headers for narrow terminals (80 columns), explained by a legend line.
SHORT_LABELS = {
    "total": "Tổng",
    "done": "HT",
    "in_progress": "ĐTK",
    "not_started": "CTK",
    "not_assigned": "KG",
    "overdue": "Quá hạn",
}
SHORT_LEGEND = "HT hoàn thành · ĐTK đang triển khai · CTK chưa triển khai · KG không giao"
NARROW_BELOW = 118
COUNT_STYLE = {"done": "green", "in_progress": "yellow", "overdue": "bold red"}


def _count_cells(counts: StatusCounts, bold: bool = False) -> list[Text]:
    cells = []
    for key, _label in COUNT_COLUMNS:
        value = getattr(counts, key)
        style = COUNT_STYLE.get(key, "") if value else "dim"
        if bold:
            style = f"bold {style}".strip()
        cells.append(Text(str(value), style=style, justify="right"))
    return cells


class OverviewScreen(Screen):
    """Where the plan stands, at a glance."""

    CSS_PATH = "overview.tcss"

    BINDINGS = bindings("overview")

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.summary: Summary | None = None
        self._narrow = False
        self._name_width = 32

    def compose(self) -> ComposeResult:
        yield Static(id="overview-title")
        with VerticalScroll(id="overview-body"):
            yield Static("Theo mục", classes="overview-heading")
            yield DataTable(id="overview-sections", cursor_type="row", classes="overview-table")
            yield Static(id="overview-legend")
            yield Static("Theo nhóm nhiệm vụ", classes="overview-heading")
            yield DataTable(id="overview-categories", cursor_type="row", classes="overview-table")
            yield Static(id="overview-overdue-heading", classes="overview-heading")
            yield DataTable(id="overview-overdue", cursor_type="row", classes="overview-table")
            yield Static(id="overview-soon-heading", classes="overview-heading")
            yield DataTable(id="overview-soon", cursor_type="row", classes="overview-table")
            yield Static(id="overview-indicators-heading", classes="overview-heading")
            yield DataTable(id="overview-indicators", cursor_type="row", classes="overview-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#overview-sections", DataTable).focus()

    def on_screen_resume(self) -> None:
        if self.summary is not None:
            self.reload()

    def on_changed_elsewhere(self) -> None:
        """Another program wrote to the database (tui.watch)."""
        try:
            self.on_screen_resume()
        except StoreError as exc:  # the plan is gone (a restore): said, not a traceback
            self.notify(str(exc), severity="error", timeout=10)

    def reload(self) -> None:
        plan_id = resolve_plan_id(self.ctx)
        title = self.query_one("#overview-title", Static)
        if plan_id is None:
            title.update(Text("Tổng quan — chưa có kế hoạch nào trong cơ sở dữ liệu"))
            return
        plan = self.ctx.store.load_plan(plan_id)
        today = self.ctx.today
        self.summary = summary = summarize(plan, today)
        self._narrow = self.narrow
        self._name_width = 28 if self._narrow else 32
        legend = self.query_one("#overview-legend", Static)
        legend.update(Text(SHORT_LEGEND, style="dim"))
        legend.display = self._narrow
        name = plan.number or plan.title
        year = f" năm {plan.year}" if plan.year else ""
        title.update(
            Text(f"Tổng quan — Kế hoạch {name}{year} — tính đến ngày {today:%d/%m/%Y}", style="bold")
        )
        self._fill_sections(summary)
        self._fill_categories(summary)
        self._fill_tasks("#overview-overdue", summary.overdue, overdue=True)
        self.query_one("#overview-overdue-heading", Static).update(
            Text.assemble(
                "Nhiệm vụ quá hạn ",
                (f"({len(summary.overdue)})", "bold red" if summary.overdue else ""),
                (" — Enter: mở nhiệm vụ" if summary.overdue else "", "dim"),
            )
        )
        self._fill_tasks("#overview-soon", summary.due_soon, overdue=False)
        self.query_one("#overview-soon-heading", Static).update(
            Text(f"Đến hạn trong 30 ngày tới ({len(summary.due_soon)})")
        )
        self.query_one("#overview-indicators-heading", Static).update(
            Text(f"Chỉ tiêu: {summary.indicator_phrase()}")
        )
        self._fill_indicators(summary)

    @property
    def narrow(self) -> bool:
        return (self.size.width or self.app.size.width) < NARROW_BELOW

    def on_resize(self) -> None:
        if self.summary is not None and self.narrow != self._narrow:
            self.reload()

    def _count_table(self, selector: str, first: str) -> DataTable:
        table = self.query_one(selector, DataTable)
        table.clear(columns=True)
        table.add_column(Text(first, style="bold"), width=self._name_width, key="name")
        for key, label in COUNT_COLUMNS:
            if self._narrow:
                label = SHORT_LABELS[key]
            table.add_column(Text(label, style="bold", justify="right"), width=max(4 if self._narrow else 8, len(label)), key=key)
        return table

    def _fill_sections(self, summary: Summary) -> None:
        table = self._count_table("#overview-sections", "Mục")
        for i, s in enumerate(summary.sections):
            label = f"{s.code}. {s.title}" if s.code and s.title else (s.code or s.title or "(không thuộc mục)")
            table.add_row(clip(label, self._name_width), *_count_cells(s.counts), key=f"s{i}")
        table.add_row(Text("Cộng", style="bold"), *_count_cells(summary.total, bold=True), key="total")

    def _fill_categories(self, summary: Summary) -> None:
        table = self._count_table("#overview-categories", "Nhóm nhiệm vụ")
        for c in summary.categories:
            table.add_row(Text(c.label), *_count_cells(c.counts), key=c.key)
        table.add_row(Text("Cộng", style="bold"), *_count_cells(summary.total, bold=True), key="total")

    def _fill_tasks(self, selector: str, tasks: list[TaskDue], *, overdue: bool) -> None:
        table = self.query_one(selector, DataTable)
        table.clear(columns=True)
        tt_w, title_w, lead_w = (9, 26, 12) if self._narrow else (10, 48, 22)
        table.add_column(Text("TT", style="bold"), width=tt_w, key="tt")
        table.add_column(Text("Nhiệm vụ", style="bold"), width=title_w, key="title")
        table.add_column(Text("Thời hạn", style="bold"), width=10, key="deadline")
        table.add_column(Text("Quá hạn" if overdue else "Còn", style="bold"), width=8, key="days")
        table.add_column(Text("Cơ quan chủ trì", style="bold"), width=lead_w, key="lead")
        today = self.ctx.today
        if not tasks:
            table.add_row(Text(""), Text("(không có)", style="dim"), Text(""), Text(""), Text(""), key="none")
            return
        for t in tasks:
            days = (today - t.due).days if overdue else (t.due - today).days
            table.add_row(
                Text(t.tt),
                clip(t.row.title, title_w),
                Text(f"{t.due:%d/%m/%Y}"),
                Text(f"{days} ngày", style="red" if overdue else "yellow", justify="right"),
                clip(t.row.lead, lead_w),
                key=str(t.row.id),
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a task of the overdue or due-soon list opens it in the editor."""
        if event.data_table.id not in ("overview-overdue", "overview-soon"):
            return
        event.stop()
        key = event.row_key.value
        if key is None or not key.isdigit():
            return  # the "(không có)" line
        from cdstui.tui.screens.editor import EditorScreen

        summary = self.summary
        code = next((t.tt for t in (summary.overdue + summary.due_soon) if t.row.id == int(key)), None) if summary else None
        self.app.push_screen(EditorScreen(self.ctx, int(key), code=code))

    def _fill_indicators(self, summary: Summary) -> None:
        table = self.query_one("#overview-indicators", DataTable)
        table.clear(columns=True)
        name_w, value_w = (30, 9) if self._narrow else (60, 14)
        table.add_column(Text("Đánh giá", style="bold"), width=9, key="met")
        table.add_column(Text("Nội dung chỉ tiêu", style="bold"), width=name_w, key="name")
        table.add_column(Text("Chỉ tiêu", style="bold"), width=value_w, key="target")
        table.add_column(Text("Kết quả", style="bold"), width=value_w, key="actual")
        decided = summary.not_met + summary.met
        if not decided:
            table.add_row(Text(""), Text("(chưa chỉ tiêu nào được đánh giá)", style="dim"), Text(""), Text(""), key="none")
            return
        for row in decided:
            met = indicator_met(row)
            table.add_row(
                Text(verdict_label(met), style="bold green" if met else "bold red"),
                clip(row.title, name_w),
                clip(row.target, value_w),
                clip(row.actual or "", value_w),
                key=str(row.id),
            )
