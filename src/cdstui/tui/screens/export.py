"""Xuất báo cáo: choose the format, report type, period, scope (and an agency),
see what in the plan does not agree with itself, write the report in a worker.

A modal. The report writer (``cdstui.report.export.export_report_at``) is
imported only when the officer confirms, inside the worker thread: openpyxl
and python-docx are never loaded at start-up.

The scope (trong kỳ / lũy kế) follows the period's default until the officer
chooses one. The consistency warnings (``domain.checks``) never block the
export: Enter on one closes the dialog and opens its task (or indicator).
The narrative of the Word report is edited in ``NarrativeScreen`` (ctrl+n).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from cdstui.domain.periods import Period
from cdstui.domain.text import fold
from cdstui.settings import Settings, load_settings
from cdstui.tui.actions import bindings
from cdstui.tui.messages import DataChanged
from cdstui.tui.report_choice import default_period, other_periods
from cdstui.tui.screens.indicators import resolve_plan_id
from cdstui.tui.text_fit import one_line
from cdstui.tui.widgets.plan_rows import split_agencies
from cdstui.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:  # the writer (openpyxl) is imported only when a report is written
    from cdstui.domain.checks import Inconsistency
    from cdstui.report.export import ExportResult

ALL_LEADS = "__all__"
FORMAT_CHOICES = (("Excel (.xlsx)", "xlsx"), ("Word (.docx)", "docx"), ("Cả hai (.xlsx và .docx)", "both"))
SCOPE_CHOICES = (("Trong kỳ", "in_period"), ("Lũy kế (từ ngày 1/1)", "cumulative"))


def distinct_leads(plan) -> list[str]:
    """Lead agencies of the plan's tasks and indicators, once each, in Vietnamese order;
    a combined lead ("Văn phòng Đảng ủy; Công an phường") split, as the list's filter splits it."""
    seen: dict[str, str] = {}
    for row in plan.rows():
        if row.kind in ("task", "indicator"):
            for lead in split_agencies(row.lead):
                seen.setdefault(fold(lead), one_line(lead))
    return sorted(seen.values(), key=lambda s: (fold(s), s))


def warning_text(warning: Inconsistency, title: str) -> Text:
    """A warning as the dialog lists it: the task's number (an indicator has none: its title), then why."""
    where = warning.number or one_line(title)[:48]
    text = Text(f"{where}: ", style="bold") if where else Text()
    text.append(warning.message)
    return text


class ExportScreen(ModalScreen):
    """Ask the format, type, period, scope and agency, write the report, show where it went."""

    CSS_PATH = "export.tcss"

    BINDINGS = bindings("export")

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.plan_id = resolve_plan_id(ctx)
        self.plan = ctx.store.load_plan(self.plan_id) if self.plan_id is not None else None
        self.settings_error: str | None = None
        try:
            self.settings = load_settings(ctx.settings_path)
        except ValueError as exc:
            self.settings = Settings()
            self.settings_error = str(exc)
        self.year = (self.plan.year if self.plan and self.plan.year else None) or ctx.today.year
        self.report_types = self.settings.for_plan(self.plan).report_types if self.plan else []
        self.rtype = self.report_types[0] if self.report_types else None
        self.periods = self.rtype.periods_of(self.year) if self.rtype else []
        self.others = other_periods(self.rtype, self.year) if self.rtype else []
        self.default = default_period(self.rtype, self.periods, ctx.today) if self.periods else None
        self.scope_chosen = False  # the officer chose another scope than the period's: a new period keeps it
        self.leads = distinct_leads(self.plan) if self.plan else []
        self.warnings: list[Inconsistency] = []
        self.result_path = None
        self.result_paths: list = []
        self.error: str | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-form"):
            title = "Xuất báo cáo"
            if self.plan:
                title += f" — Kế hoạch {self.plan.number or self.plan.title}"
            yield Static(Text(title, style="bold"), id="export-title")
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label("Loại báo cáo", classes="form-label")
                    yield self._select([(t.name, t.name) for t in self.report_types], self.rtype.name if self.rtype else None, "report-type")
                with Vertical(classes="form-cell"):
                    yield Label("Kỳ báo cáo", classes="form-label")
                    yield self._select(self.period_options(), self.default.code if self.default else None, "period")
            with Horizontal(classes="form-row"):
                with Vertical(classes="form-cell"):
                    yield Label("Phạm vi", classes="form-label")
                    yield self._select(list(SCOPE_CHOICES), self._auto_scope(), "scope")
                with Vertical(classes="form-cell"):
                    yield Label("Định dạng", classes="form-label")
                    yield self._select(list(FORMAT_CHOICES), "xlsx", "format")
            yield Label("Cơ quan chủ trì", classes="form-label")
            yield self._select([("Tất cả", ALL_LEADS)] + [(lead, lead) for lead in self.leads], ALL_LEADS, "lead")
            yield Checkbox("Xuất mới (không dùng lại bản đã nộp của kỳ này)", id="refresh", compact=True)
            with Horizontal(id="export-buttons"):
                yield Button("Xuất", variant="primary", id="export-run", compact=True)
                yield Button("Soạn nội dung báo cáo", id="export-narrative", compact=True)
                yield Button("Đóng", id="export-close", compact=True)
            yield Static(id="export-status")
            # below the status: on a small terminal the dialog scrolls to the list, the status stays in view
            yield Label("Đang kiểm tra kế hoạch trước khi xuất…", id="warnings-label", classes="form-label")
            yield OptionList(id="warnings", compact=True)
        yield KeyFooter()

    @staticmethod
    def _select(options: list, value, id: str) -> Select:
        if value is None:
            return Select(options, id=id, compact=True)
        return Select(options, value=value, allow_blank=False, id=id, compact=True)

    def period_options(self) -> list[tuple[str, str]]:
        """The type's own periods with their due dates, then every other one (an ad-hoc request)."""
        own = [(f"{p.label} (hạn {self.rtype.due_date(p):%d/%m/%Y})", p.code) for p in self.periods]
        return own + [(f"{p.label} (ngoài lịch của loại này)", p.code) for p in self.others]

    def _auto_scope(self) -> str:
        period = self._period()
        return self.rtype.scope_of(period) if self.rtype and period else "in_period"

    def on_mount(self) -> None:
        if self.plan is None:
            self._status(Text("Chưa có kế hoạch nào để xuất.", style="bold red"))
            self.query_one("#export-run", Button).disabled = True
            self.query_one("#export-narrative", Button).disabled = True
        elif self.settings_error:
            self._status(Text(f"Tệp cài đặt lỗi, dùng giá trị mặc định: {self.settings_error}", style="yellow"))
        else:
            self._status(Text("Chọn kỳ rồi nhấn Xuất (ctrl+s).", style="dim"))
        if self.plan is not None:
            self._check()
        else:
            self.query_one("#warnings-label", Label).display = False
        self.query_one("#period", Select).focus()

    def _status(self, text: Text) -> None:
        status = self.query_one("#export-status", Static)
        status.update(text)
        status.scroll_visible(animate=False)

    # -- the consistency warnings ----------------------------------------------------
    @work(thread=True, exclusive=True, group="export-checks")
    def _check(self) -> None:
        """The consistency warnings, read through a connection of the worker's own
        (a big plan's journal is tens of thousands of entries)."""
        from cdstui.domain.checks import consistency_warnings
        from cdstui.store import Store
        from cdstui.store.entries import plan_entries

        with Store.open(self.ctx.store.path, migrate=False) as store:
            plan = store.load_plan(self.plan_id)
            found = consistency_warnings(plan, plan_entries(store, self.plan_id))
            titles = {row.id: row.title for row in plan.rows()} if found else {}
        self.app.call_from_thread(self._show_warnings, found, titles)

    def _show_warnings(self, found: list[Inconsistency], titles: dict) -> None:
        if self not in self.app.screen_stack:
            return  # closed while the plan was read
        self.warnings = found
        options = self.query_one("#warnings", OptionList)
        options.clear_options()
        options.add_options([Option(warning_text(w, titles.get(w.row_id, "")), id=str(i)) for i, w in enumerate(found)])
        options.display = bool(found)
        if found:
            options.highlighted = 0  # Enter on the list opens the first at once
        self.query_one("#warnings-label", Label).update(
            f"Cần xem lại trước khi xuất: {len(found)} điều (không bắt buộc; Enter để mở)"
            if found else "Không thấy điều gì cần xem lại trước khi xuất."
        )

    @on(OptionList.OptionSelected, "#warnings")
    def _warning_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        warning = self.warnings[int(event.option.id or 0)]
        if warning.row_id is None or self.running:
            return
        self.dismiss(self.result_path)
        if warning.kind == "value_not_of_unit":
            from cdstui.tui.widgets.indicator_form import IndicatorForm

            row = self.ctx.store.get_row(warning.row_id)
            if row is not None:
                self.app.push_screen(IndicatorForm(self.ctx, row, self.plan_id))
            return
        from cdstui.tui.screens.editor import EditorScreen

        self.app.push_screen(EditorScreen(self.ctx, warning.row_id, code=warning.number))

    # -- choices ----------------------------------------------------------------
    def _value(self, id: str, default: str | None) -> str | None:
        value = self.query_one(f"#{id}", Select).value
        return value if isinstance(value, str) else default

    def _period(self) -> Period | None:
        if not self.is_mounted:
            return self.default
        code = self._value("period", None)
        return next((p for p in self.periods + self.others if p.code == code), self.default)

    @property
    def period_code(self) -> str:
        period = self._period()
        return period.code if period else ""

    @property
    def scope(self) -> str:
        return self._value("scope", None) or self._auto_scope()

    @property
    def format(self) -> str:
        return self._value("format", "xlsx") or "xlsx"

    @property
    def lead(self) -> str | None:
        value = self._value("lead", None)
        return value if value and value != ALL_LEADS else None

    @property
    def refresh_requested(self) -> bool:
        return self.query_one("#refresh", Checkbox).value

    @on(Select.Changed, "#report-type")
    def _type_changed(self, event: Select.Changed) -> None:
        rtype = next((t for t in self.report_types if t.name == event.value), None)
        if rtype is None or rtype is self.rtype:
            return
        code = self.period_code
        self.rtype = rtype
        self.periods = rtype.periods_of(self.year)
        self.others = other_periods(rtype, self.year)
        self.default = default_period(rtype, self.periods, self.ctx.today)
        period = self.query_one("#period", Select)
        with period.prevent(Select.Changed):
            period.set_options(self.period_options())
            # a period of the new type's own is kept; else the type's next report
            period.value = code if any(p.code == code for p in self.periods) else self.default.code
        self._period_changed()

    @on(Select.Changed, "#period")
    def _period_changed(self) -> None:
        if self.scope_chosen:
            return
        scope = self.query_one("#scope", Select)
        with scope.prevent(Select.Changed):
            scope.value = self._auto_scope()

    @on(Select.Changed, "#scope")
    def _scope_changed(self, event: Select.Changed) -> None:
        # the select reports its first value as a change too: a choice is a scope other than the period's
        self.scope_chosen = event.value != self._auto_scope()

    # -- actions ------------------------------------------------------------------
    @on(Button.Pressed, "#export-run")
    def _run_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-narrative")
    def _narrative_pressed(self) -> None:
        self.action_narrative()

    @on(Button.Pressed, "#export-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.result_path)

    def action_narrative(self) -> None:
        if self.plan is None or self.running:
            return
        from cdstui.tui.screens.narrative import NarrativeScreen

        self.app.push_screen(
            NarrativeScreen(self.ctx, period=self.period_code, report_type=self.rtype.name, scope=self.scope)
        )

    def action_export(self) -> None:
        if self.plan is None or self.running:
            return
        self.running = True
        self.query_one("#export-run", Button).disabled = True
        self._status(Text("Đang xuất báo cáo…", style="italic"))
        self._export(self.period_code, self.lead, self.refresh_requested, self.format, self.rtype.name, self.scope)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, period_code: str, lead: str | None, refresh: bool, format: str, report_type: str, scope: str) -> None:
        try:
            from cdstui.report.export import export_report_at

            result = export_report_at(
                self.ctx.store.path,
                self.plan_id,
                period_code,
                lead=lead,
                refresh=refresh,
                today=self.ctx.today,
                settings=self.settings,
                format=format,
                report_type=report_type,
                scope=scope,
            )
        except Exception as exc:  # shown to the officer, in the writer's words
            message = str(exc) or exc.__class__.__name__
            self.app.call_from_thread(self._failed, message)
            return
        self.app.call_from_thread(self._done, result)

    def _done(self, result: ExportResult) -> None:
        self.running = False
        self.query_one("#export-run", Button).disabled = False
        self.result_path = result.path
        self.result_paths = list(result.paths or [result.path])
        self.error = None
        text = Text("Đã xuất báo cáo:", style="bold green")
        for path in self.result_paths:
            text.append(f"\n{path}", style="bold")
        for note in officer_notes(result):
            text.append(f"\n{note}", style="dim")
        self._status(text)
        self.post_message(DataChanged(self.plan_id, None))

    def _failed(self, message: str) -> None:
        self.running = False
        self.query_one("#export-run", Button).disabled = False
        self.error = officer_words(message)
        text = Text("Không xuất được báo cáo:\n", style="bold red")
        text.append(self.error)
        self._status(text)


# The report writer speaks to the command line; the dialog says it in its own words.
CLI_WORDS = (
    ("Hãy chọn nơi lưu khác (-o) hoặc đổi thư mục xuất trong cài đặt.", "Hãy đổi «Thư mục lưu báo cáo» trong Cài đặt (phím ,)."),
    ("hoặc chọn nơi lưu khác (-o).", "hoặc đổi «Thư mục lưu báo cáo» trong Cài đặt (phím ,)."),
    ("Hãy chọn nơi lưu khác (-o).", "Hãy cắm lại ổ đĩa, hoặc đổi «Thư mục lưu báo cáo» trong Cài đặt (phím ,)."),
    ("Dùng --refresh", "Chọn «Xuất mới»"),
    ("--refresh", "«Xuất mới»"),
    ("(--lead)", ""),
)
_FLAG = re.compile(r"\s*\((?:-\w|--[\w-]+)\)|\s*--[\w-]+")


def officer_words(text: str) -> str:
    """A message of the writer without command-line flags ("(-o)", "--refresh")."""
    for cli, app in CLI_WORDS:
        text = text.replace(cli, app)
    return _FLAG.sub("", text)


def officer_notes(result: ExportResult) -> list[str]:
    """The writer's notes (a reused submission, a file held open), in the app's words."""
    return [officer_words(note) for note in result.notes]
