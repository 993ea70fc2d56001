"""Reporting periods and the dates their reports are due.

A period is named as on the command line (CONTRACT.md, ``--period``):
``2026-Q1`` … ``2026-Q4`` (quý), ``2026-H1`` (6 tháng đầu năm), ``2026`` (năm).
Due dates come from a ``ReportSchedule``; the defaults follow DOMAIN.md:
quarterly reports by the 15th of the quarter's last month, the 6-month
report by 25 May, the yearly report by 20 November. With these defaults the
Q4 report (15/12) falls after the yearly one (20/11), so the next report due
is found by date, not by period order.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

__all__ = [
    "Period",
    "ReportSchedule",
    "parse_period",
    "periods_of_year",
    "due_date",
    "next_due",
    "most_urgent_unsent",
    "countdown_text",
    "today_from_env",
]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_KIND_ORDER = {"year": 0, "half": 1, "quarter": 2}  # a broader report first on a tie


@dataclass(frozen=True)
class ReportSchedule:
    """When reports are due. Plans differ, so these are settings."""

    quarter_day: int = 15  # quarterly report due by this day of the quarter's last month
    half_month: int = 5  # 6-month report due by 25 May
    half_day: int = 25
    year_month: int = 11  # yearly report due by 20 November
    year_day: int = 20

    def __post_init__(self) -> None:
        for name in ("quarter_day", "half_day", "year_day"):
            _check_int(name, getattr(self, name), 1, 31, "Ngày")
        for name in ("half_month", "year_month"):
            _check_int(name, getattr(self, name), 1, 12, "Tháng")


def _check_int(name: str, value: object, low: int, high: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{what} trong lịch báo cáo ({name}) phải là số nguyên từ {low} đến {high}: {value!r}")


@dataclass(frozen=True)
class Period:
    """A reporting period: a quarter, the first half-year, or the year."""

    code: str  # "2026-Q3", "2026-H1", "2026"
    kind: str  # "quarter" | "half" | "year"
    year: int
    index: int  # quarter 1-4, half 1, year 0
    start: date
    end: date
    label: str  # "Quý III/2026", "6 tháng đầu năm 2026", "Năm 2026"
    slug: str  # ASCII for file names: "quy-iii-2026", "6-thang-2026", "nam-2026"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter(year: int, q: int) -> Period:
    roman = ROMAN[q]
    return Period(
        code=f"{year}-Q{q}",
        kind="quarter",
        year=year,
        index=q,
        start=date(year, 3 * q - 2, 1),
        end=_month_end(year, 3 * q),
        label=f"Quý {roman}/{year}",
        slug=f"quy-{roman.lower()}-{year}",
    )


def _half(year: int) -> Period:
    return Period(
        code=f"{year}-H1",
        kind="half",
        year=year,
        index=1,
        start=date(year, 1, 1),
        end=date(year, 6, 30),
        label=f"6 tháng đầu năm {year}",
        slug=f"6-thang-{year}",
    )


def _year(year: int) -> Period:
    return Period(
        code=str(year),
        kind="year",
        year=year,
        index=0,
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        label=f"Năm {year}",
        slug=f"nam-{year}",
    )


_CODE = re.compile(r"^(?P<year>\d{4})(?:\s*-\s*(?:Q(?P<q>[1-4])|(?P<h>H1)))?$", re.I)


def parse_period(code: str) -> Period:
    """Read a period code: "2026-Q1" … "2026-Q4", "2026-H1", "2026" (case and spaces forgiven)."""
    match = _CODE.match((code or "").strip())
    year = int(match.group("year")) if match else 0
    if not match or not 1 <= year <= 9999:
        raise ValueError(
            f"Kỳ báo cáo không hợp lệ: {code!r}. Dùng 2026-Q1 … 2026-Q4 (quý), "
            "2026-H1 (6 tháng) hoặc 2026 (năm)."
        )
    if match.group("q"):
        return _quarter(year, int(match.group("q")))
    if match.group("h"):
        return _half(year)
    return _year(year)


def periods_of_year(year: int) -> list[Period]:
    """The periods of a year in calendar order of their end: Q1, Q2, H1, Q3, Q4, year."""
    return [_quarter(year, 1), _quarter(year, 2), _half(year), _quarter(year, 3), _quarter(year, 4), _year(year)]


def _clamped(year: int, month: int, day: int) -> date:
    """date(year, month, day), with the day cut to the month's length (31 June -> 30 June)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_date(period: Period, schedule: ReportSchedule | None = None) -> date:
    """The date the period's report is due by, under ``schedule``."""
    schedule = schedule or ReportSchedule()
    if period.kind == "quarter":
        return _clamped(period.year, 3 * period.index, schedule.quarter_day)
    if period.kind == "half":
        return _clamped(period.year, schedule.half_month, schedule.half_day)
    return _clamped(period.year, schedule.year_month, schedule.year_day)


def next_due(
    today: date,
    schedule: ReportSchedule | None = None,
    years: Iterable[int] | None = None,
) -> tuple[Period, date]:
    """The period whose report is due next (earliest due date on or after today).

    Searches ``years`` (default: this year and next). On a tie the broader
    report is chosen (year, then 6 months, then quarter).
    """
    schedule = schedule or ReportSchedule()
    search = list(years) if years is not None else [today.year, today.year + 1]
    candidates = [
        (due, _KIND_ORDER[p.kind], p)
        for year in search
        for p in periods_of_year(year)
        if (due := due_date(p, schedule)) >= today
    ]
    if not candidates:
        raise ValueError(f"Không còn kỳ báo cáo nào đến hạn từ ngày {today:%d/%m/%Y}")
    due, _, period = min(candidates, key=lambda c: (c[0], c[1]))
    return period, due


def most_urgent_unsent(
    today: date,
    schedule: ReportSchedule | None,
    sent: Iterable[str],
    years: Iterable[int],
) -> tuple[Period, date] | None:
    """The report to show first: an overdue one not sent yet, before the next one due.

    ``sent``: the codes of the periods whose report was submitted; ``years``:
    the plan's year(s). Of the overdue unsent reports, the one due last (the
    report the province is waiting for; one due before the newest report sent
    is overtaken by it); else the next unsent report due (this year or the
    next). On a tie the broader report first. None when every one is sent.
    """
    schedule = schedule or ReportSchedule()
    sent = set(sent)
    search = sorted(set(years) | {today.year, today.year + 1})
    dated = [(due_date(p, schedule), _KIND_ORDER[p.kind], p) for year in search for p in periods_of_year(year)]
    newest_sent = max((d for d, _k, p in dated if p.code in sent), default=None)
    unsent = [(d, k, p) for d, k, p in dated if p.code not in sent and (newest_sent is None or d > newest_sent)]
    overdue = [(d, k, p) for d, k, p in unsent if d < today and p.year in set(years) | {today.year}]
    if overdue:
        due, _k, period = max(overdue, key=lambda c: (c[0], -c[1]))
        return period, due
    coming = [(d, k, p) for d, k, p in unsent if d >= today]
    if not coming:
        return None
    due, _k, period = min(coming, key=lambda c: (c[0], c[1]))
    return period, due


def countdown_text(period: Period, due: date, today: date) -> str:
    """ "Báo cáo Quý IV/2026 — còn 5 ngày", "… — hạn hôm nay", "… — quá hạn 3 ngày"."""
    name = f"năm {period.year}" if period.kind == "year" else period.label
    days = (due - today).days
    if days > 0:
        left = f"còn {days} ngày"
    elif days == 0:
        left = "hạn hôm nay"
    else:
        left = f"quá hạn {-days} ngày"
    return f"Báo cáo {name} — {left}"


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def today_from_env(value: str | None) -> date:
    """The day to work as of: "YYYY-MM-DD" (``--today``, CDSTUI_TODAY), else the real today."""
    text = (value or "").strip()
    if not text:
        return date.today()
    try:
        if not _ISO_DAY.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"Ngày không hợp lệ: {value!r}. Cần dạng YYYY-MM-DD, ví dụ 2026-11-25."
        ) from None
