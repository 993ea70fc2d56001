"""Chỉ tiêu: every indicator of the plan, its achieved value and whether it is met.

Rows follow the plan: group rows ("2.1 Về phát triển Chính quyền số") as bold
headers, then their indicators with unit, target as issued, the achieved
value the officer typed, "Đạt"/"Chưa đạt" (the officer's verdict when given,
else the target's reading, see ``domain.summary.indicator_met``) and the note.
Enter opens the form, which writes through the store (history recorded).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cdstui.domain.model import Plan, Row
from cdstui.domain.summary import indicator_met
from cdstui.domain.targets import parse_target, read_actual, summary_phrase
from cdstui.store.base import StoreError
from cdstui.tui.actions import bindings
from cdstui.tui.text_fit import clip
from cdstui.tui.widgets.indicator_form import MET_STYLE, IndicatorForm, met_label
from cdstui.tui.widgets.key_footer import KeyFooter
from cdstui.tui.widgets.plan_rows import table_heading

# Column widths; the name takes what is left (at least NAME_MIN). Below
# NARROW_BELOW cells (an 80-column terminal) the note column is left out
# (the detail pane shows it) and the others shrink.
COLUMNS = (
    ("tt", "STT", 5),
    ("name", "Nội dung chỉ tiêu", 0),
    ("unit", "Đơn vị", 7),
    ("target", "Chỉ tiêu", 14),
    ("actual", "Kết quả", 12),
    ("met", "Đánh giá", 13),
    ("note", "Ghi chú", 14),
)
NARROW_COLUMNS = (
    ("tt", "STT", 3),
    ("name", "Nội dung chỉ tiêu", 0),
    ("unit", "ĐV", 3),
    ("target", "Chỉ tiêu", 9),
    ("actual", "Kết quả", 8),
    ("met", "Đánh giá", 13),
)
NARROW_BELOW = 100
NAME_MIN = 20


def resolve_plan_id(ctx) -> int | None:
    if ctx.plan_id is not None:
        return ctx.plan_id
    ids = ctx.store.plan_ids()
    return ids[0] if ids else None


class IndicatorsScreen(Screen):
    """The plan's indicators, editable."""

    CSS_PATH = "indicators.tcss"

    BINDINGS = bindings("indicators")

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.plan: Plan | None = None
        self.rows: dict[str, Row] = {}
        self._name_width = 0
        self._columns: tuple = COLUMNS

    # -- building ---------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="indicators-title")
        yield Static(id="indicators-summary")
        table = DataTable(id="indicators-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="indicators-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        # another screen (undo, an import) may have changed the plan meanwhile
        if self.plan is not None:
            self.reload()

    def on_changed_elsewhere(self) -> None:
        """Another program wrote to the database (tui.watch)."""
        try:
            self.on_screen_resume()
        except StoreError as exc:  # the plan is gone (a restore): said, not a traceback
            self.notify(str(exc), severity="error", timeout=10)

    def on_resize(self) -> None:
        if self.plan is not None and self._layout() != (self._columns, self._name_width):
            self._fill_table()

    def _layout(self) -> tuple[tuple, int]:
        """The columns for the screen's width, and the width left for the name."""
        width = self.size.width or self.app.size.width
        columns = NARROW_COLUMNS if width < NARROW_BELOW else COLUMNS
        fixed = sum(w + 2 for key, _label, w in columns if key != "name") + 2 + 2  # padding, scrollbar
        return columns, max(NAME_MIN, width - fixed)

    def reload(self) -> None:
        """Read the plan again from the store and redraw, keeping the cursor row."""
        plan_id = resolve_plan_id(self.ctx)
        title = self.query_one("#indicators-title", Static)
        if plan_id is None:
            self.plan = None
            title.update(Text("Chỉ tiêu — chưa có kế hoạch nào trong cơ sở dữ liệu"))
            return
        self.plan = self.ctx.store.load_plan(plan_id)
        plan = self.plan
        name = plan.number or plan.title
        year = f" năm {plan.year}" if plan.year else ""
        heading = Text(f"Chỉ tiêu — Kế hoạch {name}{year}", style="bold")
        tables = [t for t in plan.tables if t.kind == "indicators" or t.indicators()]
        if len(tables) == 1 and tables[0].appendix.label:  # several: each table's own line says it
            heading.append(f" · {table_heading(tables[0])}")
        title.update(heading)
        self._fill_table()

    def indicators(self) -> list[Row]:
        return self.plan.indicators() if self.plan else []

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        keep = self._current_key()
        self._columns, self._name_width = self._layout()
        table.clear(columns=True)
        for key, label, width in self._columns:
            table.add_column(Text(label, style="bold"), width=width or self._name_width, key=key)
        self.rows = {}
        tables = [t for t in self.plan.tables if t.kind == "indicators" or t.indicators()]
        for t in tables:
            if len(tables) > 1:
                self._add_header(table, f"t{t.id}", "", table_heading(t))
            counter = 0
            for row in t.rows:
                if row.kind == "indicator":
                    counter += 1
                    self._add_indicator(table, row, row.code or str(counter))
                elif row.kind in ("group", "section"):
                    counter = 0
                    self._add_header(table, f"g{row.id}", row.code, row.title)
        self._update_summary()
        if keep is not None and keep in self.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        elif keep is None:
            first = next((i for i, k in enumerate(self.rows) if self.rows[k].kind == "indicator"), 0)
            table.move_cursor(row=first, animate=False)
        self._update_detail()

    def _add_header(self, table: DataTable, key: str, code: str, title: str) -> None:
        cells = [Text(code, style="bold"), clip(title, self._name_width)]
        cells[1].stylize("bold")
        cells += [Text("") for _ in self._columns[2:]]
        table.add_row(*cells, key=key)
        self.rows[key] = Row(kind="group", code=code, title=title)

    def _add_indicator(self, table: DataTable, row: Row, tt: str) -> None:
        key = str(row.id)
        self.rows[key] = row
        table.add_row(*self._cells(row, tt), key=key)

    def _cells(self, row: Row, tt: str) -> list[Text]:
        met = indicator_met(row)
        verdict = Text(met_label(met), style=MET_STYLE[met])
        if row.verdict is not None:
            verdict.append(" ✎", style="dim")  # the officer's own call
        if read_actual(row.actual, row.target, row.unit).warning:
            verdict.append(" ⚠", style="bold yellow")  # 120% of a proportion: met, but look again
        values = {
            "tt": Text(tt),
            "name": clip(row.title, self._name_width),
            "unit": row.unit,
            "target": row.target,
            "actual": row.actual or "",
            "met": verdict,
            "note": row.note,
        }
        return [
            value if isinstance(value, Text) else clip(value, width)
            for value, width in ((values[key], width) for key, _label, width in self._columns)
        ]

    def _update_summary(self) -> None:
        rows = self.indicators()
        mets = [indicator_met(r) for r in rows]
        phrase = summary_phrase(mets.count(True), mets.count(False), len(rows))
        self.query_one("#indicators-summary", Static).update(Text(phrase))

    # -- the selected row -------------------------------------------------
    def _current_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None

    def selected_indicator(self) -> Row | None:
        key = self._current_key()
        row = self.rows.get(key) if key else None
        return row if row is not None and row.kind == "indicator" else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._update_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # a mouse click on the highlighted row (Enter is the screen's binding)
        event.stop()
        self.action_edit()

    def _update_detail(self) -> None:
        detail = self.query_one("#indicators-detail", Static)
        row = self.selected_indicator()
        if row is None:
            detail.update(Text("Chọn một chỉ tiêu và nhấn Enter để nhập kết quả.", style="dim"))
            return
        met = indicator_met(row)
        target = parse_target(row.target)
        if row.verdict is not None:
            why = "cán bộ đánh giá"
        elif not target.is_numeric:
            why = "chỉ tiêu định tính, cán bộ tự đánh giá"
        elif met is None:
            why = "chưa nhập kết quả"
        else:
            why = "tính theo chỉ tiêu"
        text = Text(row.title, style="bold")
        text.append("\nChỉ tiêu: ", style="dim")
        text.append(row.target or "(không ghi)")
        if row.unit:
            text.append("  ·  Đơn vị: ", style="dim")
            text.append(row.unit)
        text.append("  ·  Kết quả: ", style="dim")
        text.append(row.actual or "(chưa nhập)")
        text.append("  ·  Đánh giá: ", style="dim")
        text.append(met_label(met), style=MET_STYLE[met])
        text.append(f" ({why})", style="dim")
        warning = read_actual(row.actual, row.target, row.unit).warning
        if warning:
            text.append(f"\nLưu ý: {warning}", style="bold yellow")
        if row.lead:
            text.append("\nChủ trì: ", style="dim")
            text.append(row.lead)
        if row.note:
            text.append("\nGhi chú: ", style="dim")
            text.append(row.note)
        detail.update(text)

    # -- editing ----------------------------------------------------------
    def action_edit(self) -> None:
        row = self.selected_indicator()
        if row is None:
            self.notify("Chọn một chỉ tiêu (không phải dòng nhóm) để sửa.", severity="warning")
            return
        plan_id = self.plan.id if self.plan else self.ctx.plan_id
        # the form writes through the store itself; the list is read again once it closes
        self.app.push_screen(IndicatorForm(self.ctx, row, plan_id), lambda _saved: self.reload())
