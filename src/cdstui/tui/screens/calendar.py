"""Lịch báo cáo: every report of the plan's year, its due date, when its file
was made, when it was sent and to whom; the officer marks one sent or undoes it.

The reports come from ``domain.report_calendar`` (the plan's report types in
the settings file, its submissions in the store); marking goes through
``store.submissions.mark_sent`` / ``unmark_sent``. A report with no file made
here can still be marked sent (sent from elsewhere): ``mark_sent`` records a
submission without a file.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, TextArea

from cdstui.domain.labels import REPORT_STATE_LABELS
from cdstui.domain.report_calendar import ReportDue, countdown, most_urgent, report_calendar
from cdstui.store.base import StoreError
from cdstui.store.submissions import list_submissions, mark_sent, unmark_sent
from cdstui.tui.actions import bindings
from cdstui.tui.screens.list_detail import ListDetailScreen
from cdstui.tui.screens.report_types import ReportTypesScreen, plan_settings_of
from cdstui.tui.messages import DataChanged
from cdstui.tui.text_fit import clip
from cdstui.tui.widgets.modal_form import ModalForm

if TYPE_CHECKING:
    from cdstui.settings import PlanSettings
    from cdstui.tui.context import AppContext

# the style of a line by its state: an overdue report stands out
STATE_STYLES = {"overdue": "bold red", "sent": "green", "open": "", "not_due": "dim"}
# (key, heading, width)
COLUMNS = (
    ("type", "Loại báo cáo", 12),
    ("period", "Kỳ", 20),
    ("due", "Hạn nộp", 10),
    ("state", "Tình trạng", 12),
    ("left", "Còn / quá hạn", 16),
    ("made", "Lập tệp", 10),
    ("sent", "Ngày gửi", 10),
    ("to", "Nơi nhận", 26),
    ("file", "Tệp", 30),
)


def day_text(value: date | str | None) -> str:
    """ "15/10/2026" of a day or an ISO time; "" for none."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return f"{value:%d/%m/%Y}"


def calendar_cells(item: ReportDue, today: date, shown: tuple[tuple[str, str, int], ...] = COLUMNS) -> list[Text]:
    """One report as the calendar's cells (of the ``shown`` columns), styled by its state."""
    state = item.state(today)
    style = STATE_STYLES[state]
    values = (
        item.type,
        item.period.label,
        day_text(item.due),
        REPORT_STATE_LABELS[state],
        countdown(item, today),
        day_text(item.made_at) or "chưa lập",
        day_text(item.sent_at) or "chưa gửi",
        ", ".join(item.sent_to),
        PurePath(item.file).name if item.file else "",
    )
    by_key = dict(zip((key for key, _heading, _width in COLUMNS), values))
    cells = [clip(by_key[key], width) for key, _heading, width in shown]
    for cell in cells if style else ():
        cell.stylize(style)
    return cells


class CalendarScreen(ListDetailScreen):
    """The year's reports, one line each."""

    BINDINGS = bindings("calendar")
    columns = COLUMNS
    dropped_first = ("file", "to", "made", "state")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.items: list[ReportDue] = []
        self.settings: PlanSettings | None = None

    def on_screen_resume(self) -> None:
        self.reload()

    def on_changed_elsewhere(self) -> None:
        """Another program wrote to the database (tui.watch)."""
        self.reload()

    @property
    def current(self) -> ReportDue | None:
        table = self.table
        if not self.items or table.cursor_row < 0:
            return None
        return self.items[min(table.cursor_row, len(self.items) - 1)]

    def reload(self) -> None:
        """Read the settings and the submissions again; the cursor stays on its report."""
        ctx = self.ctx
        table = self.table
        keep = self.current
        keep_key = (keep.type, keep.period.code) if keep else None
        try:
            self.settings, error = plan_settings_of(ctx)
            plan = ctx.store.load_plan(ctx.plan_id, head=0) if ctx.plan_id is not None else None
            year = (plan.year if plan else None) or ctx.today.year
            submissions = list_submissions(ctx.store, ctx.plan_id) if ctx.plan_id is not None else []
            self.items = report_calendar(self.settings.report_types, year, submissions) if self.settings else []
        except StoreError as exc:  # a plan gone (a restore elsewhere): said, not a traceback
            self.show_title(Text(f"Không đọc được lịch báo cáo: {exc}", style="bold red"))
            self.items = []
            table.clear()
            return
        heading = Text(f"Lịch báo cáo năm {year}", style="bold")
        if plan is not None and plan.number:
            heading.append(f" — Kế hoạch {plan.number}")
        overdue = sum(item.state(ctx.today) == "overdue" for item in self.items)
        sent = sum(item.sent for item in self.items)
        heading.append(f"\n{len(self.items)} báo cáo · {sent} đã gửi", style="dim")
        if overdue:
            heading.append(f" · {overdue} trễ hạn", style="bold red")
        if error:
            heading.append(f"\nKhông đọc được tệp cài đặt ({error}): đang dùng loại báo cáo mặc định.", style="red")
        self.show_title(heading)
        table.clear()
        for i, item in enumerate(self.items):
            table.add_row(*calendar_cells(item, ctx.today, self.shown), key=str(i))
        if keep_key is None:  # first shown: on the report to do first
            urgent = most_urgent(self.items, ctx.today)
            keep_key = (urgent.type, urgent.period.code) if urgent else None
        if keep_key is not None:
            for i, item in enumerate(self.items):
                if (item.type, item.period.code) == keep_key:
                    table.move_cursor(row=i)
                    break
        self.show_detail()

    def activate(self) -> None:
        self.action_mark_sent()

    def show_detail(self) -> None:
        item = self.current
        if item is None:
            self.show_detail_text(Text("Kế hoạch chưa có loại báo cáo nào (t: thêm loại báo cáo)."))
            return
        text = Text(f"Báo cáo {item.type} {item.period.label}", style="bold")
        text.append(f" — hạn {day_text(item.due)}, {countdown(item, self.ctx.today)}")
        text.append("\nTệp: ", style="dim")
        text.append(item.file or "chưa lập (e ở danh sách nhiệm vụ: xuất báo cáo)")
        text.append("\nĐã gửi: ", style="dim")
        if item.sent:
            text.append(f"{day_text(item.sent_at)} cho {', '.join(item.sent_to) or '(không ghi nơi nhận)'}")
        else:
            text.append("chưa")
        self.show_detail_text(text)

    # -- actions -------------------------------------------------------------
    def _recipients_of(self, item: ReportDue) -> list[str]:
        if self.settings is None:
            return []
        for rtype in self.settings.report_types:
            if rtype.name == item.type:
                return list(rtype.recipients)
        return []

    def action_mark_sent(self) -> None:
        item = self.current
        if item is None:
            return
        recipients = item.sent_to if item.sent else self._recipients_of(item)
        form = SentForm(item, item.sent_at or self.ctx.today, recipients, self.ctx.today, write=lambda answer: self._mark(item, answer))
        self.app.push_screen(form)

    def _mark(self, item: ReportDue, answer: tuple[date, list[str]]) -> str | None:
        """Record the report sent; the message refusing it (the form stays open), or None."""
        sent_at, sent_to = answer
        ctx = self.ctx
        try:
            mark_sent(
                ctx.store, ctx.plan_id, item.period.code,
                report_type=item.type, sent_at=sent_at, sent_to=sent_to, submission_id=item.submission_id,
            )
        except StoreError as exc:  # the store's message is Vietnamese
            return f"Không đánh dấu được đã gửi: {exc}"
        self.notify(f"Đã đánh dấu báo cáo {item.type} {item.period.label} đã gửi ngày {day_text(sent_at)}.")
        self.post_message(DataChanged(ctx.plan_id))
        self.reload()
        return None

    def action_unmark_sent(self) -> None:
        from cdstui.tui.widgets.confirm import ConfirmModal

        item = self.current
        if item is None:
            return
        if not item.sent or item.submission_id is None:
            self.notify(f"Báo cáo {item.type} {item.period.label} chưa được đánh dấu đã gửi.", severity="warning")
            return
        question = (
            f"Bỏ đánh dấu đã gửi của báo cáo {item.type} {item.period.label} "
            f"(gửi ngày {day_text(item.sent_at)})? Tệp đã lập vẫn giữ nguyên."
        )
        choices = (("unmark", "Bỏ đánh dấu", "error"), ("cancel", "Giữ nguyên", "default"))
        self.app.push_screen(ConfirmModal(question, choices), lambda answer: self._unmark(item) if answer == "unmark" else None)

    def _unmark(self, item: ReportDue) -> None:
        try:
            unmark_sent(self.ctx.store, item.submission_id)
        except StoreError as exc:
            self.notify(f"Không bỏ đánh dấu được: {exc}", severity="error", timeout=10)
            return
        self.notify(f"Báo cáo {item.type} {item.period.label}: đã bỏ đánh dấu đã gửi.")
        self.post_message(DataChanged(self.ctx.plan_id))
        self.reload()

    def action_open_file(self) -> None:
        """o: the report's file in the system's viewer (Excel, Word)."""
        from cdstui.system_open import open_with_system

        item = self.current
        if item is None:
            return
        if not item.file:
            self.notify(f"Báo cáo {item.type} {item.period.label} chưa được lập: chưa có tệp để mở.", severity="warning")
            return
        problem = open_with_system(item.file)
        if problem:
            self.notify(problem, severity="error", timeout=10)

    def action_report_types(self) -> None:
        self.app.push_screen(ReportTypesScreen(self.ctx))


class SentForm(ModalForm[tuple[date, list[str]]]):
    """The day a report was sent (today by default) and to whom (its type's
    recipients by default)."""

    BINDINGS = bindings("sent_form")

    def __init__(self, item: ReportDue, sent_at: date, recipients: list[str], today: date, *, write) -> None:
        super().__init__(write)
        self.heading = f"Đánh dấu đã gửi: báo cáo {item.type} {item.period.label}"
        self.sent_at = sent_at
        self.recipients = recipients
        self.today = today

    def fields(self) -> ComposeResult:
        yield from self.field("Ngày gửi (dd/mm/yyyy)", Input(day_text(self.sent_at), id="sent-at", compact=True))
        yield from self.field("Nơi nhận (mỗi dòng một nơi)", TextArea("\n".join(self.recipients), id="sent-to", compact=True))

    def on_mount(self) -> None:
        self.query_one("#sent-at", Input).focus()

    def collect(self) -> tuple[tuple[date, list[str]] | None, str]:
        """(day, recipients) as typed, or the message refusing them."""
        from cdstui.domain.entries import parse_day

        try:
            day = parse_day(self.query_one("#sent-at", Input).value, "Ngày gửi")
        except ValueError as exc:
            return None, str(exc)
        if day > self.today:
            return None, f"Ngày gửi {day_text(day)} chưa đến (hôm nay là {day_text(self.today)})."
        lines = [line.strip() for line in self.query_one("#sent-to", TextArea).text.splitlines()]
        return (day, [line for line in lines if line]), ""

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()
