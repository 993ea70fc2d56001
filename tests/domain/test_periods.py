"""Reporting periods, due dates, the next report due and its countdown."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdstui.domain.periods import (
    Period,
    ReportSchedule,
    countdown_text,
    due_date,
    next_due,
    parse_period,
    periods_of_year,
    today_from_env,
)

DEFAULT = ReportSchedule()


@pytest.mark.parametrize(
    ("code", "kind", "index", "start", "end", "label", "slug"),
    [
        ("2026-Q1", "quarter", 1, date(2026, 1, 1), date(2026, 3, 31), "Quý I/2026", "quy-i-2026"),
        ("2026-Q2", "quarter", 2, date(2026, 4, 1), date(2026, 6, 30), "Quý II/2026", "quy-ii-2026"),
        ("2026-Q3", "quarter", 3, date(2026, 7, 1), date(2026, 9, 30), "Quý III/2026", "quy-iii-2026"),
        ("2026-Q4", "quarter", 4, date(2026, 10, 1), date(2026, 12, 31), "Quý IV/2026", "quy-iv-2026"),
        ("2026-H1", "half", 1, date(2026, 1, 1), date(2026, 6, 30), "6 tháng đầu năm 2026", "6-thang-2026"),
        ("2026", "year", 0, date(2026, 1, 1), date(2026, 12, 31), "Năm 2026", "nam-2026"),
    ],
)
def test_parse_period(code, kind, index, start, end, label, slug):
    period = parse_period(code)
    assert period == Period(code, kind, 2026, index, start, end, label, slug)
    assert period.slug.isascii() and " " not in period.slug


@pytest.mark.parametrize(("typed", "code"), [("2026-q3", "2026-Q3"), (" 2026-H1 ", "2026-H1"), ("2026 - Q4", "2026-Q4"), ("2026-h1", "2026-H1")])
def test_parse_period_forgives_case_and_spaces(typed, code):
    assert parse_period(typed).code == code


@pytest.mark.parametrize("code", ["", "2026-Q5", "2026-Q0", "2026-H2", "Q3-2026", "26-Q1", "2026Q", "quý 3", "0000", None])
def test_parse_period_refuses_bad_codes(code):
    with pytest.raises(ValueError, match="Kỳ báo cáo không hợp lệ"):
        parse_period(code)


def test_periods_of_year():
    codes = [p.code for p in periods_of_year(2026)]
    assert codes == ["2026-Q1", "2026-Q2", "2026-H1", "2026-Q3", "2026-Q4", "2026"]
    assert all(parse_period(p.code) == p for p in periods_of_year(2026))


@pytest.mark.parametrize(
    ("code", "due"),
    [
        ("2026-Q1", date(2026, 3, 15)),
        ("2026-Q2", date(2026, 6, 15)),
        ("2026-Q3", date(2026, 9, 15)),
        ("2026-Q4", date(2026, 12, 15)),
        ("2026-H1", date(2026, 5, 25)),
        ("2026", date(2026, 11, 20)),
    ],
)
def test_default_due_dates_2026(code, due):
    assert due_date(parse_period(code), DEFAULT) == due


def test_custom_schedule_and_short_months():
    schedule = ReportSchedule(quarter_day=31, half_month=6, half_day=31, year_month=2, year_day=30)
    assert due_date(parse_period("2026-Q1"), schedule) == date(2026, 3, 31)
    assert due_date(parse_period("2026-Q2"), schedule) == date(2026, 6, 30)  # June has 30 days
    assert due_date(parse_period("2026-H1"), schedule) == date(2026, 6, 30)
    assert due_date(parse_period("2026"), schedule) == date(2026, 2, 28)
    assert due_date(parse_period("2028"), schedule) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "kwargs",
    [{"quarter_day": 0}, {"quarter_day": 32}, {"half_month": 13}, {"year_month": 0}, {"year_day": True}, {"half_day": "25"}],
)
def test_schedule_refuses_impossible_dates(kwargs):
    with pytest.raises(ValueError, match="lịch báo cáo"):
        ReportSchedule(**kwargs)


@pytest.mark.parametrize(
    ("today", "code", "due"),
    [
        (date(2026, 1, 1), "2026-Q1", date(2026, 3, 15)),
        (date(2026, 3, 15), "2026-Q1", date(2026, 3, 15)),  # due today still counts
        (date(2026, 3, 16), "2026-H1", date(2026, 5, 25)),
        (date(2026, 5, 25), "2026-H1", date(2026, 5, 25)),
        (date(2026, 5, 26), "2026-Q2", date(2026, 6, 15)),
        (date(2026, 6, 16), "2026-Q3", date(2026, 9, 15)),
        (date(2026, 9, 16), "2026", date(2026, 11, 20)),  # the year report comes before Q4's
        (date(2026, 11, 20), "2026", date(2026, 11, 20)),
        (date(2026, 11, 21), "2026-Q4", date(2026, 12, 15)),
        (date(2026, 11, 25), "2026-Q4", date(2026, 12, 15)),
        (date(2026, 12, 16), "2027-Q1", date(2027, 3, 15)),
        (date(2026, 12, 31), "2027-Q1", date(2027, 3, 15)),
    ],
)
def test_next_due_2026(today, code, due):
    period, when = next_due(today, DEFAULT)
    assert (period.code, when) == (code, due)


def test_next_due_on_a_tie_takes_the_broader_report():
    schedule = ReportSchedule(half_month=6, half_day=15)  # same day as Q2's report
    period, when = next_due(date(2026, 6, 1), schedule)
    assert (period.code, when) == ("2026-H1", date(2026, 6, 15))


def test_next_due_within_given_years():
    period, when = next_due(date(2025, 12, 20), DEFAULT, years=[2026])
    assert (period.code, when) == ("2026-Q1", date(2026, 3, 15))
    with pytest.raises(ValueError):
        next_due(date(2026, 12, 20), DEFAULT, years=[2026])


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_next_due_is_the_earliest_due_date_not_before_today(today):
    period, when = next_due(today, DEFAULT)
    assert when >= today
    assert when == due_date(period, DEFAULT)
    all_dues = [due_date(p, DEFAULT) for y in (today.year, today.year + 1) for p in periods_of_year(y)]
    assert when == min(d for d in all_dues if d >= today)


@pytest.mark.parametrize(
    ("code", "due", "today", "text"),
    [
        ("2026-Q4", date(2026, 12, 15), date(2026, 11, 25), "Báo cáo Quý IV/2026 — còn 20 ngày"),
        ("2026-Q4", date(2026, 12, 15), date(2026, 12, 10), "Báo cáo Quý IV/2026 — còn 5 ngày"),
        ("2026-Q4", date(2026, 12, 15), date(2026, 12, 14), "Báo cáo Quý IV/2026 — còn 1 ngày"),
        ("2026-Q4", date(2026, 12, 15), date(2026, 12, 15), "Báo cáo Quý IV/2026 — hạn hôm nay"),
        ("2026-Q4", date(2026, 12, 15), date(2026, 12, 18), "Báo cáo Quý IV/2026 — quá hạn 3 ngày"),
        ("2026-H1", date(2026, 5, 25), date(2026, 5, 20), "Báo cáo 6 tháng đầu năm 2026 — còn 5 ngày"),
        ("2026", date(2026, 11, 20), date(2026, 11, 20), "Báo cáo năm 2026 — hạn hôm nay"),
    ],
)
def test_countdown_text(code, due, today, text):
    assert countdown_text(parse_period(code), due, today) == text


def test_countdown_for_the_next_report_on_25_november():
    today = date(2026, 11, 25)
    period, due = next_due(today, DEFAULT)
    assert countdown_text(period, due, today) == "Báo cáo Quý IV/2026 — còn 20 ngày"


@pytest.mark.parametrize(("value", "day"), [("2026-11-25", date(2026, 11, 25)), (" 2026-02-28 ", date(2026, 2, 28))])
def test_today_from_env(value, day):
    assert today_from_env(value) == day


@pytest.mark.parametrize("value", [None, "", "  "])
def test_today_from_env_falls_back_to_today(value):
    before = date.today()
    got = today_from_env(value)
    assert before <= got <= before + timedelta(days=1)


@pytest.mark.parametrize("value", ["2026-02-30", "25/11/2026", "20261125", "2026-1-5", "hôm nay", "2026-11-25T10:00"])
def test_today_from_env_refuses_bad_dates(value):
    with pytest.raises(ValueError, match="Ngày không hợp lệ.*YYYY-MM-DD"):
        today_from_env(value)


# --- 9 months, months, and what a report covers (issue 12) ----------------------

from cdstui.domain.periods import default_scope, report_range  # noqa: E402


@pytest.mark.parametrize(
    ("code", "kind", "index", "start", "end", "label", "slug"),
    [
        ("2026-9M", "nine_months", 9, date(2026, 1, 1), date(2026, 9, 30), "9 tháng năm 2026", "9-thang-2026"),
        ("2026-01", "month", 1, date(2026, 1, 1), date(2026, 1, 31), "Tháng 1/2026", "thang-01-2026"),
        ("2026-02", "month", 2, date(2026, 2, 1), date(2026, 2, 28), "Tháng 2/2026", "thang-02-2026"),
        ("2028-02", "month", 2, date(2028, 2, 1), date(2028, 2, 29), "Tháng 2/2028", "thang-02-2028"),
        ("2026-12", "month", 12, date(2026, 12, 1), date(2026, 12, 31), "Tháng 12/2026", "thang-12-2026"),
    ],
)
def test_parse_nine_months_and_months(code, kind, index, start, end, label, slug):
    assert parse_period(code) == Period(code, kind, 2026 if code[:4] == "2026" else 2028, index, start, end, label, slug)


@pytest.mark.parametrize(
    ("typed", "code"), [("2026-9m", "2026-9M"), ("2026 - 07", "2026-07"), ("2026-7", "2026-07"), ("2026-9", "2026-09")]
)
def test_nine_months_and_months_forgive_case_and_spaces(typed, code):
    assert parse_period(typed).code == code


@pytest.mark.parametrize("code", ["2026-13", "2026-00", "2026-6M", "2026-M7", "2026-9MM"])
def test_bad_month_codes_are_refused(code):
    with pytest.raises(ValueError, match="2026-9M.*2026-01"):
        parse_period(code)


@pytest.mark.parametrize(
    ("code", "scope", "start"),
    [
        ("2026-Q1", "in_period", date(2026, 1, 1)),
        ("2026-Q3", "in_period", date(2026, 7, 1)),
        ("2026-07", "in_period", date(2026, 7, 1)),
        ("2026-H1", "cumulative", date(2026, 1, 1)),
        ("2026-9M", "cumulative", date(2026, 1, 1)),
        ("2026", "cumulative", date(2026, 1, 1)),
    ],
)
def test_quarters_and_months_default_to_in_period_the_rest_to_cumulative(code, scope, start):
    period = parse_period(code)
    assert default_scope(period) == scope
    assert report_range(period) == (start, period.end)


def test_a_scope_overrides_the_default():
    q3 = parse_period("2026-Q3")
    assert report_range(q3, "cumulative") == (date(2026, 1, 1), date(2026, 9, 30))
    assert report_range(parse_period("2026-9M"), "in_period") == (date(2026, 1, 1), date(2026, 9, 30))
    assert report_range(parse_period("2026"), "in_period") == (date(2026, 1, 1), date(2026, 12, 31))
    with pytest.raises(ValueError, match="Phạm vi"):
        report_range(q3, "all")


def test_the_plan_schedule_gives_months_and_nine_months_a_due_date():
    assert due_date(parse_period("2026-9M"), DEFAULT) == date(2026, 9, 15)
    assert due_date(parse_period("2026-02"), ReportSchedule(quarter_day=31)) == date(2026, 2, 28)
