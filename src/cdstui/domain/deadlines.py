"""Deadlines ("Thời gian hoàn thành") as issued, and the due date they mean.

The text is kept as issued; ``parse_deadline`` reads a due date from it where
it can (DOMAIN.md, "Deadlines"):

* a date "15/3/2026" -> that day;
* a quarter "Quý I/2026", "Quý 1/2026" -> its last day (31/3, 30/6, 30/9, 31/12);
* a month "2/2026", "02/2026", "tháng 3/2026", "Tháng 02 năm 2026" -> its last day;
* a range "2022 - 2025", "2026-2030" -> 31/12 of the last year (kind "range");
* "Cả năm", "Thường xuyên", "Hàng năm", "Trong năm 2026"… -> recurring through
  the year: 31/12 of the year in the text, else of the plan year;
* "Theo lộ trình của Tỉnh", "Theo hướng dẫn của Sở …", "Sau khi Kế hoạch của
  tỉnh ban hành"… -> set by the province: no date (kind "province");
* a bare year "2026", "Năm 2026" -> 31/12 of that year;
* "" -> kind "none"; anything else -> kind "unknown", no date.

Matching is case- and diacritic-insensitive (``fold``). Pure, no I/O.
"""

from __future__ import annotations

import functools

import calendar
import re
from dataclasses import dataclass
from datetime import date

from cdstui.domain.text import fold, nfc

__all__ = ["Deadline", "parse_deadline", "looks_like_deadline", "DEADLINE_KINDS"]

DEADLINE_KINDS = ("date", "recurring", "province", "range", "unknown", "none")

# Texts longer than this are sentences that merely mention a date, not deadlines.
_MAX_DEADLINE_LENGTH = 100

_RECOGNITION_YEAR = 2000

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# Folded phrases: the deadline is set by the province (or another level), no date.
_PROVINCE = re.compile(
    r"\b(lo trinh|theo chi dao|theo huong dan|theo tien do|theo ke hoach cua|sau khi)\b"
)
# Folded phrases: the work goes on through the year.
_RECURRING = re.compile(
    r"\b(ca nam|thuong xuyen|hang nam|hang quy|hang thang|dinh ky|lien tuc|trong nam)\b"
)
_YEAR = r"((?:19|20)\d{2})"
_SEP = r"\s*(?:/|-|\.|nam)\s*"
_FULL_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _YEAR + r"(?!\d)")
_DATE_WORDS = re.compile(r"\bngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:/|nam)\s*" + _YEAR + r"(?!\d)")
_QUARTER = re.compile(r"\bquy\s*(iv|iii|ii|i|[1-4])\b(?:" + _SEP + _YEAR + r"(?!\d))?")
_MONTH = re.compile(r"(?:\bthang\s*)?(?<![\d/])(\d{1,2})" + _SEP + _YEAR + r"(?!\d)")
_RANGE = re.compile(r"(?<!\d)" + _YEAR + r"\s*[-–—]\s*" + _YEAR + r"(?!\d)")
_BARE_YEAR = re.compile(r"(?:nam\s*)?" + _YEAR + r"\.?")
_ANY_YEAR = re.compile(r"(?<!\d)" + _YEAR + r"(?!\d)")


@dataclass(frozen=True)
class Deadline:
    """A deadline as issued and what it means."""

    kind: str  # "date" | "recurring" | "province" | "range" | "unknown" | "none"
    due: date | None
    text: str


def _month_end(year: int, month: int) -> date | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _quarter_end(year: int, quarter: str) -> date | None:
    number = _ROMAN_QUARTERS.get(quarter) or int(quarter)
    return _month_end(year, number * 3)


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match: "Quý I - Quý II/2026" is due at the end of the second."""
    match = None
    for match in pattern.finditer(text):
        pass
    return match


@functools.lru_cache(maxsize=4096)
def parse_deadline(text: str, year: int | None = None) -> Deadline:
    """Read the due date of a deadline as issued; ``year`` is the plan year."""
    issued = nfc(text or "").strip()
    folded = " ".join(fold(issued).split())
    if not folded:
        return Deadline("none", None, issued)

    def made(kind: str, due: date | None) -> Deadline:
        return Deadline(kind, due, issued) if due else Deadline("unknown", None, issued)

    if _PROVINCE.search(folded):
        return Deadline("province", None, issued)
    m = _last(_FULL_DATE, folded) or _last(_DATE_WORDS, folded)
    if m:
        return made("date", _day(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    m = _last(_QUARTER, folded)
    if m and (m.group(2) or year):
        return made("date", _quarter_end(int(m.group(2) or year), m.group(1)))
    m = _last(_RANGE, folded)
    if m:
        return made("range", date(int(m.group(2)), 12, 31))
    m = _last(_MONTH, folded)
    if m:
        return made("date", _month_end(int(m.group(2)), int(m.group(1))))
    if _RECURRING.search(folded):
        m = _last(_ANY_YEAR, folded)
        end_year = int(m.group(1)) if m else year
        return Deadline("recurring", date(end_year, 12, 31) if end_year else None, issued)
    m = _BARE_YEAR.fullmatch(folded)
    if m:
        return Deadline("date", date(int(m.group(1)), 12, 31), issued)
    return Deadline("unknown", None, issued)


def looks_like_deadline(text: str) -> bool:
    """True for a date or a deadline phrase ("3/2026", "Theo lộ trình của Tỉnh").

    Used to tell a swapped "Thời gian hoàn thành" / "Kết quả" pair apart:
    "Kế hoạch; văn bản triển khai; báo cáo" is not a deadline.
    """
    issued = (text or "").strip()
    if not issued or len(issued) > _MAX_DEADLINE_LENGTH:
        return False
    # Any year will do for recognition: "Quý II" alone is a deadline too.
    return parse_deadline(issued, _RECOGNITION_YEAR).kind in ("date", "recurring", "province", "range")


def due_date(text: str | None, year: int | None = None) -> date | None:
    """The due date a deadline text means, or None (empty, set by the province, unreadable).

    ``parse_deadline`` is cached, so callers need no cache of their own.
    """
    return parse_deadline(text, year).due if text else None
