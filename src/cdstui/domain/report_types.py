"""Report types: the streams of reports a ward sends, each with its periods,
its due rule, its scope, its recipients and its columns.

Several streams run at once (DOMAIN.md, "How the officer reports"): the
report on the plan itself, due as the plan says; the KHCN-CĐS report to the
Sở Khoa học và Công nghệ (the 10th of the month after the period, the
year's by 15/01); the DTI report (the 15th, the year's by 20/01); the
monthly report on Resolution 57 (the 10th of the following month).

A due rule is either "following_month" (day N of the month after the
period) or "last_month" (day N of the period's last month: "trước ngày 15
của tháng cuối quý"), with fixed dates per period that override it
("dates": {"H1": "25/05", "year": "15/01", "2026-Q3": "05/10/2026"}). A
"dd/mm" date falls in the year the period ends, unless that day is before
the middle of the period: then it is the next year's (the year's report
"by 15/01" is due in January after the year).

Periods are named by tokens: "month" (every month), "quarter" (every
quarter), "Q1"…"Q4", "H1" (6 tháng), "9M" (9 tháng), "year". Pure: the
settings (``cdstui.settings``) read and write these to TOML.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cdstui.domain.periods import (
    Period,
    ReportSchedule,
    default_scope,
    half_period,
    month_period,
    nine_months_period,
    quarter_period,
    report_range,
    year_period,
)
from cdstui.domain.text import fold, nfc

__all__ = [
    "DUE_RULES",
    "DueRule",
    "PERIOD_TOKENS",
    "PLAN_REPORT_TYPE",
    "REPORT_COLUMNS",
    "ReportType",
    "SCOPE_CHOICES",
    "default_report_types",
    "find_report_type",
    "parse_reporting_rule",
    "period_token",
]

PERIOD_TOKENS = ("month", "quarter", "Q1", "Q2", "Q3", "Q4", "H1", "9M", "year")
SCOPE_CHOICES = ("auto", "in_period", "cumulative")
DUE_RULES = ("following_month", "last_month")
# The columns a report's task table may have (report/columns.py's fields), in order.
REPORT_COLUMNS = ("code", "title", "lead", "partners", "deadline", "output", "status", "completion", "result", "note")
# The name of the report on the plan itself (submissions made before report types had none).
PLAN_REPORT_TYPE = "Kế hoạch"

_KIND_RANK = {"month": 0, "quarter": 1, "half": 2, "nine_months": 3, "year": 4}
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?\s*$")


def period_token(period: Period) -> str:
    """The token naming one period of a year: "Q3", "H1", "9M", "year", "M07"."""
    return {
        "quarter": f"Q{period.index}",
        "half": "H1",
        "nine_months": "9M",
        "year": "year",
        "month": f"M{period.index:02d}",
    }[period.kind]


def _check_date_text(text: str, where: str) -> None:
    m = _DAY_MONTH.match(text or "")
    if not m or not 1 <= int(m.group(1)) <= 31 or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"{where}: ngày {text!r} không hợp lệ (cần dạng ngày/tháng như 25/05, hoặc 05/10/2026)")
    if m.group(3):
        date(int(m.group(3)), int(m.group(2)), int(m.group(1)))  # a real day, or ValueError


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass
class DueRule:
    """When a report of each period is due."""

    rule: str = "following_month"
    day: int = 10
    dates: dict[str, str] = field(default_factory=dict)  # token or period code -> "dd/mm" or "dd/mm/yyyy"

    def __post_init__(self) -> None:
        if self.rule not in DUE_RULES:
            raise ValueError(f"Quy tắc hạn nộp không hợp lệ: {self.rule!r} (cần một trong: {', '.join(DUE_RULES)})")
        if isinstance(self.day, bool) or not isinstance(self.day, int) or not 1 <= self.day <= 31:
            raise ValueError(f"Ngày nộp báo cáo phải là số nguyên từ 1 đến 31: {self.day!r}")
        for key, text in self.dates.items():
            _check_date_text(text, f"hạn nộp {key}")

    def fixed(self, period: Period) -> str | None:
        for key in (period.code, period_token(period), {"quarter": "quarter", "month": "month"}.get(period.kind, "")):
            if key and key in self.dates:
                return self.dates[key]
        return None

    def due(self, period: Period) -> date:
        text = self.fixed(period)
        if text is not None:
            m = _DAY_MONTH.match(text)
            day, month = int(m.group(1)), int(m.group(2))
            if m.group(3):
                return date(int(m.group(3)), month, day)
            when = _clamped(period.end.year, month, day)
            middle = period.start + (period.end - period.start) / 2
            return _clamped(period.end.year + 1, month, day) if when < middle else when
        if self.rule == "last_month":
            return _clamped(period.end.year, period.end.month, self.day)
        year, month = (period.end.year + 1, 1) if period.end.month == 12 else (period.end.year, period.end.month + 1)
        return _clamped(year, month, self.day)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "day": self.day}
        if self.dates:
            out["dates"] = dict(self.dates)
        return out


@dataclass
class ReportType:
    """One stream of reports."""

    name: str
    recipients: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=lambda: ["quarter", "H1", "year"])
    due: DueRule = field(default_factory=DueRule)
    scope: str = "auto"  # "auto": the period's own (trong kỳ for quarters and months, else lũy kế)
    columns: list[str] = field(default_factory=lambda: list(REPORT_COLUMNS))

    def __post_init__(self) -> None:
        self.name = nfc(self.name).strip()
        if not self.name:
            raise ValueError("Loại báo cáo cần có tên.")
        bad = [p for p in self.periods if p not in PERIOD_TOKENS]
        if bad or not self.periods:
            raise ValueError(
                f"Loại báo cáo «{self.name}»: kỳ không hợp lệ {bad or self.periods!r} "
                f"(dùng: {', '.join(PERIOD_TOKENS)})"
            )
        if self.scope not in SCOPE_CHOICES:
            raise ValueError(f"Loại báo cáo «{self.name}»: phạm vi {self.scope!r} không hợp lệ (dùng: {', '.join(SCOPE_CHOICES)})")
        bad = [c for c in self.columns if c not in REPORT_COLUMNS]
        if bad or not self.columns:
            raise ValueError(
                f"Loại báo cáo «{self.name}»: cột không hợp lệ {bad or self.columns!r} (dùng: {', '.join(REPORT_COLUMNS)})"
            )
        self.recipients = [nfc(r).strip() for r in self.recipients if nfc(r).strip()]

    def periods_of(self, year: int) -> list[Period]:
        """The year's periods of this stream, by end date (the narrower first on a tie)."""
        found: dict[str, Period] = {}
        for token in self.periods:
            for period in _token_periods(token, year):
                found[period.code] = period
        return sorted(found.values(), key=lambda p: (p.end, _KIND_RANK[p.kind]))

    def covers(self, period: Period) -> bool:
        return any(p.code == period.code for p in self.periods_of(period.year))

    def due_date(self, period: Period) -> date:
        return self.due.due(period)

    def scope_of(self, period: Period) -> str:
        """ "in_period" or "cumulative" for a report of ``period``."""
        return default_scope(period) if self.scope == "auto" else self.scope

    def range_of(self, period: Period, scope: str | None = None) -> tuple[date, date]:
        """The days a report of ``period`` covers; ``scope`` overrides the type's."""
        return report_range(period, scope or self.scope_of(period))

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "recipients": list(self.recipients),
            "periods": list(self.periods),
            "due": self.due.as_dict(),
            "scope": self.scope,
            "columns": list(self.columns),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ReportType":
        """From TOML-like data; ValueError (Vietnamese) naming what is wrong."""
        due = data.get("due", {})
        if not isinstance(due, dict):
            raise ValueError(f"Loại báo cáo «{data.get('name', '')}»: 'due' phải là một bảng")
        dates = due.get("dates", {})
        if not isinstance(dates, dict) or not all(isinstance(v, str) for v in dates.values()):
            raise ValueError(f"Loại báo cáo «{data.get('name', '')}»: 'due.dates' phải là bảng kỳ = \"ngày/tháng\"")
        kwargs: dict[str, Any] = {"name": _text(data, "name", "")}
        for key in ("recipients", "periods", "columns"):
            if key in data:
                kwargs[key] = _text_list(data, key)
        if "scope" in data:
            kwargs["scope"] = _text(data, "scope", "auto")
        kwargs["due"] = DueRule(rule=due.get("rule", "following_month"), day=due.get("day", 10), dates=dict(dates))
        return cls(**kwargs)


def _text(data: dict[str, Any], key: str, default: str) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ValueError(f"Loại báo cáo: '{key}' phải là chuỗi ký tự (đang là {value!r})")
    return value


def _text_list(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"Loại báo cáo «{data.get('name', '')}»: '{key}' phải là danh sách chuỗi ký tự")
    return list(value)


def _token_periods(token: str, year: int) -> list[Period]:
    if token == "month":
        return [month_period(year, m) for m in range(1, 13)]
    if token == "quarter":
        return [quarter_period(year, q) for q in range(1, 5)]
    if token in ("Q1", "Q2", "Q3", "Q4"):
        return [quarter_period(year, int(token[1]))]
    if token == "H1":
        return [half_period(year)]
    if token == "9M":
        return [nine_months_period(year)]
    return [year_period(year)]


def find_report_type(types: list[ReportType], name: str | None) -> ReportType:
    """The type named ``name`` (case and diacritics forgiven; a unique start
    of a name will do); the first type when ``name`` is empty."""
    if not types:
        raise ValueError("Kế hoạch chưa có loại báo cáo nào.")
    wanted = " ".join(fold(nfc(name or "")).split())
    if not wanted:
        return types[0]
    exact = [t for t in types if " ".join(fold(t.name).split()) == wanted]
    if exact:
        return exact[0]
    starting = [t for t in types if " ".join(fold(t.name).split()).startswith(wanted)]
    if len(starting) == 1:
        return starting[0]
    names = ", ".join(f"«{t.name}»" for t in types)
    raise ValueError(f"Không có loại báo cáo «{name}». Các loại báo cáo của kế hoạch: {names}.")


# --- defaults -------------------------------------------------------------------

_SKHCN = "Sở Khoa học và Công nghệ"


def default_report_types(reporting: str = "", schedule: ReportSchedule | None = None, *, ward: str = "") -> list[ReportType]:
    """The streams a plan starts with: its own report (as its text states,
    else by the settings' legacy ``schedule``), KHCN-CĐS, DTI and the monthly
    Resolution 57 report."""
    own = parse_reporting_rule(reporting, ward=ward) or _from_schedule(schedule or ReportSchedule())
    return [
        own,
        ReportType(
            name="KHCN-CĐS",
            recipients=[_SKHCN],
            periods=["Q1", "H1", "9M", "year"],
            due=DueRule("following_month", 10, {"year": "15/01"}),
        ),
        ReportType(
            name="DTI",
            recipients=[_SKHCN],
            periods=["Q1", "H1", "9M", "year"],
            due=DueRule("following_month", 15, {"year": "20/01"}),
        ),
        ReportType(name="NQ57", recipients=[_SKHCN], periods=["month"], due=DueRule("following_month", 10)),
    ]


def _from_schedule(schedule: ReportSchedule) -> ReportType:
    """The plan's own report under the legacy ``[schedule]`` settings."""
    return ReportType(
        name=PLAN_REPORT_TYPE,
        recipients=[_SKHCN],
        periods=["quarter", "H1", "year"],
        due=DueRule(
            "last_month",
            schedule.quarter_day,
            {
                "H1": f"{schedule.half_day:02d}/{schedule.half_month:02d}",
                "year": f"{schedule.year_day:02d}/{schedule.year_month:02d}",
            },
        ),
    )


# "trước ngày 15", "trước ngày 25/5"
_BEFORE = re.compile(r"truoc ngay\s+(\d{1,2})(?:\s*/\s*(\d{1,2}))?")
_QUARTER_AFTER = re.compile(r"^\s*(?:cua\s+)?(?:thang cuoi quy|hang quy|moi quy|cua quy|quy)\b")
_MONTH_AFTER = re.compile(r"^\s*(?:cua\s+)?(?:hang thang|moi thang)\b")
_WORDS_BEFORE = (
    ("9 thang", "9M"),
    ("6 thang", "H1"),
    ("quy", "quarter"),
    ("nam", "year"),
    ("thang", "month"),
)
_RECIPIENTS = (
    ("so khoa hoc va cong nghe", _SKHCN),
    ("ban thuong vu dang uy", "Ban Thường vụ Đảng ủy phường"),
    ("uy ban nhan dan phuong", "Ủy ban nhân dân phường"),
    ("ubnd phuong", "Ủy ban nhân dân phường"),
    ("uy ban nhan dan tinh", "Ủy ban nhân dân tỉnh"),
)


def _period_before(before: str) -> str | None:
    """The period word written last before a "trước ngày …"."""
    best: tuple[int, int, str] | None = None
    for rank, (words, token) in enumerate(_WORDS_BEFORE):
        for m in re.finditer(rf"\b{words}\b", before):
            key = (m.end(), -rank, token)  # the latest; on a tie the longer ("6 thang" over "thang")
            if best is None or key > best:
                best = key
    return best[2] if best else None


def parse_reporting_rule(text: str, *, ward: str = "") -> ReportType | None:
    """The plan's own report as its text states it; None when it states no date.

    "Định kỳ (trước ngày 15 của tháng cuối quý), báo cáo … qua Sở Khoa học và
    Công nghệ" -> quarterly, by the 15th of the quarter's last month;
    "… hằng quý (trước ngày 10 của tháng cuối quý), 6 tháng (trước ngày 25/5)
    và năm (trước ngày 20/11)" -> quarters by the 10th, H1 by 25/05, the year
    by 20/11; "báo cáo năm trước ngày 20/11", "trước ngày 10 hàng quý".
    """
    folded = " ".join(fold(nfc(text or "")).split())
    periods: list[str] = []
    day: int | None = None
    dates: dict[str, str] = {}
    for m in _BEFORE.finditer(folded):
        before, after = folded[max(0, m.start() - 60) : m.start()], folded[m.end() : m.end() + 40]
        number, month = int(m.group(1)), m.group(2)
        if month is None and _QUARTER_AFTER.match(after):
            token = "quarter"
        elif month is None and _MONTH_AFTER.match(after):
            token = "month"
        else:
            token = _period_before(before)
        if token is None or not 1 <= number <= 31 or (month and not 1 <= int(month) <= 12):
            continue
        if token not in periods:
            periods.append(token)
        if month:
            dates[token] = f"{number:02d}/{int(month):02d}"
        elif token in ("quarter", "month"):
            day = day or number
        else:  # "báo cáo năm trước ngày 20" (no month): of the period's last month
            dates[token] = f"{number:02d}/{_last_month(token):02d}"
    if not periods:
        return None
    order = {t: i for i, t in enumerate(PERIOD_TOKENS)}
    periods.sort(key=lambda t: order[t])
    recipients = [name for words, name in _RECIPIENTS if words in folded][:1] or [_SKHCN]
    if ward and recipients[0].endswith("phường"):
        recipients = [f"{recipients[0]} {ward}"]
    return ReportType(
        name=PLAN_REPORT_TYPE,
        recipients=recipients,
        periods=periods,
        due=DueRule("last_month", day or 10, dates),
    )


def _last_month(token: str) -> int:
    return {"H1": 6, "9M": 9, "year": 12}.get(token, 12)
