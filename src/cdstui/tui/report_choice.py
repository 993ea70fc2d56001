"""Which report the app offers first: the export dialog and the narrative screen agree."""

from __future__ import annotations

from datetime import date

from cdstui.domain.periods import Period
from cdstui.domain.report_types import ReportType


def default_period(rtype: ReportType, periods: list[Period], today: date) -> Period:
    """The period whose report (of ``rtype``) is due next; else the last one due
    (a plan's year is over: its last report, not one of the next year)."""
    if not periods:
        raise ValueError("no periods")
    coming = [p for p in periods if rtype.due_date(p) >= today]
    if coming:
        return min(coming, key=lambda p: rtype.due_date(p))
    return max(periods, key=lambda p: rtype.due_date(p))
