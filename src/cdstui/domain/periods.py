"""Reporting periods, their scope, and the dates their reports are due.

A period is named as on the command line (CONTRACT.md, ``--period``):
``2026-Q1`` … ``2026-Q4`` (quý), ``2026-H1`` (6 tháng đầu năm), ``2026-9M``
(9 tháng), ``2026`` (năm), ``2026-01`` … ``2026-12`` (tháng).

A report covers its period alone ("trong kỳ") or everything from 1 January
to the period's end ("lũy kế"). Quarters and months default to the first,
6 months, 9 months and the year to the second (``default_scope``);
``report_range`` gives the days a report covers.
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
    "SCOPES",
    "parse_period",
    "periods_of_year",
    "month_period",
    "quarter_period",
    "half_period",
    "nine_months_period",
    "year_period",
    "default_scope",
    "report_range",
    "due_date",
    "next_due",
    "countdown_text",
    "today_from_env",
]

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_KIND_ORDER = {"year": 0, "nine_months": 1, "half": 2, "quarter": 3, "month": 4}  # a broader report first on a tie
PERIOD_KINDS = ("month", "quarter", "half", "nine_months", "year")
# "in_period": the period alone (trong kỳ); "cumulative": from 1 January (lũy kế)
SCOPES = ("in_period", "cumulative")


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
    """A reporting period: a month, a quarter, the first 6 or 9 months, or the year."""

    code: str  # "2026-Q3", "2026-H1", "2026-9M", "2026", "2026-07"
    kind: str  # "month" | "quarter" | "half" | "nine_months" | "year"
    year: int
    index: int  # month 1-12, quarter 1-4, half 1, nine months 9, year 0
    start: date
    end: date
    label: str  # "Quý III/2026", "6 tháng đầu năm 2026", "9 tháng năm 2026", "Năm 2026", "Tháng 7/2026"
    slug: str  # ASCII for file names: "quy-iii-2026", "6-thang-2026", "9-thang-2026", "nam-2026", "thang-07-2026"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_period(year: int, q: int) -> Period:
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


def half_period(year: int) -> Period:
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


def year_period(year: int) -> Period:
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


def nine_months_period(year: int) -> Period:
    """1 January to 30 September: the "9 tháng" report."""
    return Period(
        code=f"{year}-9M",
        kind="nine_months",
        year=year,
        index=9,
        start=date(year, 1, 1),
        end=date(year, 9, 30),
        label=f"9 tháng năm {year}",
        slug=f"9-thang-{year}",
    )


def month_period(year: int, month: int) -> Period:
    return Period(
        code=f"{year}-{month:02d}",
        kind="month",
        year=year,
        index=month,
        start=date(year, month, 1),
        end=_month_end(year, month),
        label=f"Tháng {month}/{year}",
        slug=f"thang-{month:02d}-{year}",
    )


_CODE = re.compile(
    r"^(?P<year>\d{4})(?:\s*-\s*(?:Q(?P<q>[1-4])|(?P<h>H1)|(?P<nine>9M)|(?P<m>0?[1-9]|1[0-2])))?$", re.I
)


def parse_period(code: str) -> Period:
    """Read a period code: "2026-Q1" … "2026-Q4", "2026-H1", "2026-9M", "2026",
    "2026-01" … "2026-12" (case and spaces forgiven)."""
    match = _CODE.match((code or "").strip())
    year = int(match.group("year")) if match else 0
    if not match or not 1 <= year <= 9999:
        raise ValueError(
            f"Kỳ báo cáo không hợp lệ: {code!r}. Dùng 2026-Q1 … 2026-Q4 (quý), "
            "2026-H1 (6 tháng), 2026-9M (9 tháng), 2026 (năm) hoặc 2026-01 … 2026-12 (tháng)."
        )
    if match.group("q"):
        return quarter_period(year, int(match.group("q")))
    if match.group("h"):
        return half_period(year)
    if match.group("nine"):
        return nine_months_period(year)
    if match.group("m"):
        return month_period(year, int(match.group("m")))
    return year_period(year)


def default_scope(period: Period) -> str:
    """ "in_period" for a quarter or a month, "cumulative" for 6 months, 9 months and the year."""
    return "in_period" if period.kind in ("quarter", "month") else "cumulative"


def report_range(period: Period, scope: str | None = None) -> tuple[date, date]:
    """The first and last day a report of ``period`` covers, both included.

    ``scope`` "in_period" (trong kỳ) or "cumulative" (lũy kế, from 1 January);
    None or "auto" take the period's default.
    """
    if scope in (None, "", "auto"):
        scope = default_scope(period)
    if scope not in SCOPES:
        raise ValueError(f"Phạm vi báo cáo không hợp lệ: {scope!r} (cần in_period hoặc cumulative)")
    start = date(period.year, 1, 1) if scope == "cumulative" else period.start
    return start, period.end


def periods_of_year(year: int) -> list[Period]:
    """The periods of a year in calendar order of their end: Q1, Q2, H1, Q3, Q4, year."""
    return [quarter_period(year, 1), quarter_period(year, 2), half_period(year), quarter_period(year, 3), quarter_period(year, 4), year_period(year)]


def _clamped(year: int, month: int, day: int) -> date:
    """date(year, month, day), with the day cut to the month's length (31 June -> 30 June)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_date(period: Period, schedule: ReportSchedule | None = None) -> date:
    """The date the period's report is due by, under ``schedule`` (the plan's
    own report: a month's or 9 months' report falls on ``quarter_day`` of its
    last month)."""
    schedule = schedule or ReportSchedule()
    if period.kind in ("quarter", "month", "nine_months"):
        return _clamped(period.year, period.end.month, schedule.quarter_day)
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
