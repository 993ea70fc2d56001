"""Which report the app offers first: the export dialog and the narrative screen agree."""

from __future__ import annotations

from datetime import date

from cdstui.domain.periods import Period, parse_period
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


def every_period(year: int) -> list[Period]:
    """Every period a report can cover in ``year``: months, quarters, 6 months, 9 months, the year."""
    codes = [f"{year}-{m:02d}" for m in range(1, 13)] + [f"{year}-Q{q}" for q in range(1, 5)]
    return [parse_period(code) for code in codes + [f"{year}-H1", f"{year}-9M", str(year)]]


def other_periods(rtype: ReportType, year: int) -> list[Period]:
    """The periods of ``year`` outside ``rtype``'s own (an ad-hoc request), by end date, the narrower first."""
    own = {p.code for p in rtype.periods_of(year)}
    rank = {"month": 0, "quarter": 1, "half": 2, "nine_months": 3, "year": 4}
    return sorted((p for p in every_period(year) if p.code not in own), key=lambda p: (p.end, rank[p.kind]))
