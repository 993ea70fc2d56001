"""The year's reports: every report type's periods, when each is due, when
its file was made, when it was sent and to whom.

The officer used to keep this table by hand (DOMAIN.md, "How the officer
reports"). A report is "sent" once the officer marks it so; unsent, it is
"overdue" past its due date, "open" once its period has begun, and "not
due" before that. The most urgent report is the unsent one due first, so
an overdue report always comes before one still to come.

Submissions are the store's (``store.submissions.list_submissions``):
dicts with id, period, at (when the file was made), file, type, sent_at
(ISO day or None) and sent_to (a list). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cdstui.domain.labels import REPORT_STATE_LABELS
from cdstui.domain.periods import Period
from cdstui.domain.report_types import PLAN_REPORT_TYPE, ReportType
from cdstui.domain.text import fold

__all__ = ["ReportDue", "report_calendar", "most_urgent", "calendar_line", "countdown", "urgent_text", "same_type"]


@dataclass
class ReportDue:
    """One report of the year on the calendar."""

    type: str
    period: Period
    due: date
    made_at: str | None = None  # when its file was made (the submission's time), None: not yet
    file: str = ""
    sent_at: date | None = None
    sent_to: list[str] = field(default_factory=list)
    submission_id: int | None = None  # the submission the officer marks sent (None: none made yet)

    @property
    def sent(self) -> bool:
        return self.sent_at is not None

    def days_left(self, today: date) -> int:
        """Days until the due date; negative when it has passed."""
        return (self.due - today).days

    def state(self, today: date) -> str:
        """ "sent", "overdue", "open" (its period has begun) or "not_due"."""
        if self.sent:
            return "sent"
        if self.due < today:
            return "overdue"
        return "open" if self.period.start <= today else "not_due"


def same_type(submission_type: str, report_type: ReportType, first: bool) -> bool:
    """Does a submission of type ``submission_type`` belong to ``report_type``?
    A submission made before report types existed ("") is the plan's own
    report (or the first type's, when no type bears that name)."""
    if not submission_type:
        return fold(report_type.name) == fold(PLAN_REPORT_TYPE) or first
    return fold(submission_type).strip() == fold(report_type.name).strip()


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def report_calendar(types: list[ReportType], year: int, submissions: list[dict]) -> list[ReportDue]:
    """Every report of ``year`` of every type, by due date (the types' order on a tie)."""
    has_plan_type = any(fold(t.name) == fold(PLAN_REPORT_TYPE) for t in types)
    items: list[tuple[date, int, ReportDue]] = []
    for order, rtype in enumerate(types):
        first = order == 0 and not has_plan_type
        mine = [s for s in submissions if same_type(s.get("type") or "", rtype, first)]
        for period in rtype.periods_of(year):
            item = ReportDue(type=rtype.name, period=period, due=rtype.due_date(period))
            of_period = sorted((s for s in mine if s.get("period") == period.code), key=lambda s: s["id"])
            made = [s for s in of_period if s.get("file")]
            if made:
                item.made_at, item.file, item.submission_id = made[-1].get("at"), made[-1]["file"], made[-1]["id"]
            sent = [s for s in of_period if s.get("sent_at")]
            if sent:
                item.sent_at, item.sent_to = _day(sent[-1]["sent_at"]), list(sent[-1].get("sent_to") or [])
                item.submission_id = item.submission_id or sent[-1]["id"]
            items.append((item.due, order, item))
    return [item for _due, _order, item in sorted(items, key=lambda x: (x[0], x[1]))]


def most_urgent(items: list[ReportDue], today: date) -> ReportDue | None:
    """The unsent report to do first: an overdue one before any still to come
    (of the overdue ones, the latest due: older ones were most likely sent
    by hand before the officer used cdstui, and stay on the calendar); else
    the next one due. None when every report is sent."""
    unsent = [i for i in items if not i.sent]
    overdue = [i for i in unsent if i.due < today]
    if overdue:
        latest = max(i.due for i in overdue)
        return next(i for i in overdue if i.due == latest)  # the types' order on a tie
    return min(unsent, key=lambda i: i.due) if unsent else None


def countdown(item: ReportDue, today: date) -> str:
    """ "còn 5 ngày", "hạn hôm nay", "quá hạn 2 ngày"; for a sent one "đã nộp đúng hạn" or "nộp trễ 3 ngày"."""
    if item.sent:
        late = (item.sent_at - item.due).days
        return f"nộp trễ {late} ngày" if late > 0 else "đã nộp đúng hạn"
    days = item.days_left(today)
    if days > 0:
        return f"còn {days} ngày"
    return "hạn hôm nay" if days == 0 else f"quá hạn {-days} ngày"


def calendar_line(item: ReportDue, today: date) -> str:
    """One report as a plain line: type | period | due | state | days | made | sent | file."""
    made = f"lập {_day(item.made_at):%d/%m/%Y}" if _day(item.made_at) else "chưa lập"
    if item.sent:
        sent = f"gửi {item.sent_at:%d/%m/%Y}" + (f" cho {', '.join(item.sent_to)}" if item.sent_to else "")
    else:
        sent = "chưa gửi"
    parts = [
        item.type,
        item.period.label,
        f"hạn {item.due:%d/%m/%Y}",
        REPORT_STATE_LABELS[item.state(today)],
        countdown(item, today),
        made,
        sent,
    ]
    if item.file:
        parts.append(item.file)
    return " | ".join(parts)


def urgent_text(item: ReportDue, today: date) -> str:
    """The start-up line: "Báo cáo KHCN-CĐS 9 tháng năm 2026 — quá hạn 2 ngày"."""
    return f"Báo cáo {item.type} {item.period.label} — {countdown(item, today)}"
