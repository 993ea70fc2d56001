"""Xuất báo cáo: choose the period (and an agency), write the workbook in a worker.

A modal. The report writer (``cdstui.report.export.export_report``) is
imported only when the officer confirms, inside the worker thread: openpyxl
is never loaded at start-up.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Select, Static

from cdstui.domain.periods import Period, due_date, next_due, periods_of_year
from cdstui.domain.text import fold
from cdstui.settings import Settings, load_settings
from cdstui.tui.actions import bindings
from cdstui.tui.messages import DataChanged
from cdstui.tui.screens.indicators import resolve_plan_id
from cdstui.tui.text_fit import one_line
from cdstui.tui.widgets.plan_rows import split_agencies
from cdstui.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:  # the writer (openpyxl) is imported only when a report is written
    from cdstui.report.export import ExportResult

ALL_LEADS = "__all__"


def default_period(periods: list[Period], today, schedule) -> Period:
    """The period whose report is due next within the plan's year; else the last one due."""
    if not periods:
        raise ValueError("no periods")
    try:
        period, _due = next_due(today, schedule, years=[periods[0].year])
        return period
    except ValueError:
        # every report of the plan year is past due: the latest one
        return max(periods, key=lambda p: due_date(p, schedule))


def distinct_leads(plan) -> list[str]:
    """Lead agencies of the plan's tasks and indicators, once each, in Vietnamese order;
    a combined lead ("Văn phòng Đảng ủy; Công an phường") split, as the list's filter splits it."""
    seen: dict[str, str] = {}
    for row in plan.rows():
        if row.kind in ("task", "indicator"):
            for lead in split_agencies(row.lead):
                seen.setdefault(fold(lead), one_line(lead))
    return sorted(seen.values(), key=lambda s: (fold(s), s))


class ExportScreen(ModalScreen):
    """Ask the period and agency, write the report, show where it went."""

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
        year = (self.plan.year if self.plan and self.plan.year else None) or ctx.today.year
        self.periods = periods_of_year(year)
        self.default = default_period(self.periods, ctx.today, self.settings.schedule)
        self.leads = distinct_leads(self.plan) if self.plan else []
        self.result_path = None
        self.error: str | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        schedule = self.settings.schedule
        with Vertical(id="export-form"):
            title = "Xuất báo cáo"
            if self.plan:
                title += f" — Kế hoạch {self.plan.number or self.plan.title}"
            yield Static(Text(title, style="bold"), id="export-title")
            yield Label("Kỳ báo cáo", classes="form-label")
            yield Select(
                [
                    (f"{p.label} (hạn {due_date(p, schedule):%d/%m/%Y})", p.code)
                    for p in self.periods
                ],
                value=self.default.code,
                allow_blank=False,
                id="period",
                compact=True,
            )
            yield Label("Cơ quan chủ trì", classes="form-label")
            yield Select(
                [("Tất cả", ALL_LEADS)] + [(lead, lead) for lead in self.leads],
                value=ALL_LEADS,
                allow_blank=False,
                id="lead",
                compact=True,
            )
            yield Checkbox("Xuất mới (không dùng lại bản đã nộp của kỳ này)", id="refresh", compact=True)
            with Horizontal(id="export-buttons"):
                yield Button("Xuất", variant="primary", id="export-run", compact=True)
                yield Button("Đóng", id="export-close", compact=True)
            yield Static(id="export-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.plan is None:
            self._status(Text("Chưa có kế hoạch nào để xuất.", style="bold red"))
            self.query_one("#export-run", Button).disabled = True
        elif self.settings_error:
            self._status(Text(f"Tệp cài đặt lỗi, dùng giá trị mặc định: {self.settings_error}", style="yellow"))
        else:
            self._status(Text("Chọn kỳ rồi nhấn Xuất (ctrl+s).", style="dim"))
        self.query_one("#period", Select).focus()

    def _status(self, text: Text) -> None:
        self.query_one("#export-status", Static).update(text)

    # -- choices ----------------------------------------------------------------
    @property
    def period_code(self) -> str:
        value = self.query_one("#period", Select).value
        return value if isinstance(value, str) else self.default.code

    @property
    def lead(self) -> str | None:
        value = self.query_one("#lead", Select).value
        return value if isinstance(value, str) and value != ALL_LEADS else None

    @property
    def refresh_requested(self) -> bool:
        return self.query_one("#refresh", Checkbox).value

    # -- actions ------------------------------------------------------------------
    @on(Button.Pressed, "#export-run")
    def _run_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.result_path)

    def action_export(self) -> None:
        if self.plan is None or self.running:
            return
        self.running = True
        self.query_one("#export-run", Button).disabled = True
        self._status(Text("Đang xuất báo cáo…", style="italic"))
        self._export(self.period_code, self.lead, self.refresh_requested)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, period_code: str, lead: str | None, refresh: bool) -> None:
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
        self.error = None
        text = Text("Đã xuất báo cáo:\n", style="bold green")
        text.append(str(result.path), style="bold")
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
