"""Report types: the plan's own rule read from its text, the province's streams, due dates for 2026."""

from __future__ import annotations

from datetime import date

import pytest

from cdstui.domain.periods import ReportSchedule, parse_period
from cdstui.domain.report_types import (
    DueRule,
    ReportType,
    default_report_types,
    find_report_type,
    parse_reporting_rule,
)
from tests.conftest import SEED_002, REPO

DONG_HAI = REPO / "tests" / "fixtures" / "wards" / "dong-hai_45-KH-UBND_2026.txt"


def dues(rtype: ReportType, year: int = 2026) -> dict[str, date]:
    return {p.code: rtype.due_date(p) for p in rtype.periods_of(year)}


def test_seed_002_reports_by_the_15th_of_each_quarters_last_month():
    line = next(t for t in SEED_002.read_text(encoding="utf-8").splitlines() if "trước ngày 15" in t)
    own = parse_reporting_rule(line)
    assert own.recipients == ["Sở Khoa học và Công nghệ"]
    assert dues(own) == {
        "2026-Q1": date(2026, 3, 15), "2026-Q2": date(2026, 6, 15),
        "2026-Q3": date(2026, 9, 15), "2026-Q4": date(2026, 12, 15),
    }


def test_a_ward_plan_with_quarter_six_month_and_year_dates():
    line = next(t for t in DONG_HAI.read_text(encoding="utf-8").splitlines() if "trước ngày 10" in t)
    own = parse_reporting_rule(line, ward="Đông Hải")
    assert own.recipients == ["Ủy ban nhân dân phường Đông Hải"]
    assert dues(own) == {
        "2026-Q1": date(2026, 3, 10), "2026-Q2": date(2026, 6, 10), "2026-H1": date(2026, 5, 25),
        "2026-Q3": date(2026, 9, 10), "2026-Q4": date(2026, 12, 10), "2026": date(2026, 11, 20),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Báo cáo định kỳ trước ngày 10 hàng quý.", {"2026-Q1": date(2026, 3, 10), "2026-Q2": date(2026, 6, 10),
                                                     "2026-Q3": date(2026, 9, 10), "2026-Q4": date(2026, 12, 10)}),
        ("Các đơn vị gửi báo cáo 6 tháng trước ngày 25/5.", {"2026-H1": date(2026, 5, 25)}),
        ("gửi báo cáo năm trước ngày 20/11 hằng năm", {"2026": date(2026, 11, 20)}),
        ("Báo cáo 9 tháng (trước ngày 20/9)", {"2026-9M": date(2026, 9, 20)}),
        ("báo cáo kết quả trước ngày 20 hằng tháng", {f"2026-{m:02d}": date(2026, m, 20) for m in range(1, 13)}),
    ],
)
def test_phrases_of_a_reporting_rule(text, expected):
    assert dues(parse_reporting_rule(text)) == expected


@pytest.mark.parametrize("text", ["", "Định kỳ 6 tháng, năm báo cáo kết quả về Ban Thường vụ Đảng ủy phường.", "trước ngày ký"])
def test_no_rule_without_a_date(text):
    assert parse_reporting_rule(text) is None


def test_the_default_streams_and_their_2026_due_dates():
    own, khcn, dti, nq57 = default_report_types()
    assert [t.name for t in (own, khcn, dti, nq57)] == ["Kế hoạch", "KHCN-CĐS", "DTI", "NQ57"]
    # the plan's own report without a stated rule follows the settings' schedule
    assert dues(own) == {
        "2026-Q1": date(2026, 3, 15), "2026-Q2": date(2026, 6, 15), "2026-H1": date(2026, 5, 25),
        "2026-Q3": date(2026, 9, 15), "2026-Q4": date(2026, 12, 15), "2026": date(2026, 11, 20),
    }
    assert dues(khcn) == {
        "2026-Q1": date(2026, 4, 10), "2026-H1": date(2026, 7, 10), "2026-9M": date(2026, 10, 10), "2026": date(2027, 1, 15),
    }
    assert dues(dti) == {
        "2026-Q1": date(2026, 4, 15), "2026-H1": date(2026, 7, 15), "2026-9M": date(2026, 10, 15), "2026": date(2027, 1, 20),
    }
    assert dues(nq57) == {f"2026-{m:02d}": date(2026 + m // 12, m % 12 + 1, 10) for m in range(1, 13)}
    # Quý I is in the period, 6 months, 9 months and the year cumulative
    assert [khcn.scope_of(p) for p in khcn.periods_of(2026)] == ["in_period", "cumulative", "cumulative", "cumulative"]
    assert khcn.range_of(parse_period("2026-9M")) == (date(2026, 1, 1), date(2026, 9, 30))
    assert khcn.range_of(parse_period("2026-Q1"), "cumulative") == (date(2026, 1, 1), date(2026, 3, 31))


def test_the_plan_rule_wins_over_the_schedule():
    types = default_report_types("Báo cáo năm trước ngày 20/11.", ReportSchedule(quarter_day=5))
    assert dues(types[0]) == {"2026": date(2026, 11, 20)}
    assert dues(default_report_types("", ReportSchedule(quarter_day=5))[0])["2026-Q1"] == date(2026, 3, 5)


def test_a_fixed_date_for_one_period_overrides_the_rule():
    rule = DueRule("following_month", 10, {"2026-Q3": "05/10/2026", "H1": "31/07"})
    rtype = ReportType(name="Báo cáo riêng", periods=["quarter", "H1"], due=rule)
    assert dues(rtype) == {
        "2026-Q1": date(2026, 4, 10), "2026-Q2": date(2026, 7, 10), "2026-H1": date(2026, 7, 31),
        "2026-Q3": date(2026, 10, 5), "2026-Q4": date(2027, 1, 10),
    }


def test_a_report_type_round_trips_and_refuses_what_it_cannot_use():
    rtype = default_report_types()[1]
    assert ReportType.from_dict(rtype.as_dict()) == rtype
    with pytest.raises(ValueError, match="kỳ không hợp lệ"):
        ReportType(name="X", periods=["Q5"])
    with pytest.raises(ValueError, match="cột không hợp lệ"):
        ReportType(name="X", columns=["title", "budget"])
    with pytest.raises(ValueError, match="phạm vi"):
        ReportType(name="X", scope="all")
    with pytest.raises(ValueError, match="ngày"):
        DueRule("following_month", 10, {"year": "32/01"})
    with pytest.raises(ValueError, match="Quy tắc"):
        DueRule("weekly", 10)
    with pytest.raises(ValueError, match="tên"):
        ReportType(name="  ")


def test_a_report_type_is_found_by_name_forgiving_case_and_diacritics():
    types = default_report_types()
    assert find_report_type(types, None).name == "Kế hoạch"
    assert find_report_type(types, "khcn-cds").name == "KHCN-CĐS"
    assert find_report_type(types, "ke hoach").name == "Kế hoạch"
    assert find_report_type(types, "nq").name == "NQ57"
    with pytest.raises(ValueError, match="Không có loại báo cáo «Tháng».*«DTI»"):
        find_report_type(types, "Tháng")
