"""Progress fields: status cycle and lenient reading, completion level, due checks."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from cdstui.domain.labels import STATUS_LABELS
from cdstui.domain.model import STATUSES
from cdstui.domain.progress import (
    STATUS_CYCLE,
    completion_percent,
    consistency_offers,
    is_due_within,
    is_overdue,
    next_status,
    parse_status,
    status_label,
    validate_completion,
)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("not_started", "in_progress"),
        ("in_progress", "done"),
        ("done", "not_started"),
        ("not_assigned", "not_started"),
    ],
)
def test_next_status(status, expected):
    assert next_status(status) == expected


def test_cycle_returns_to_start():
    status = "not_started"
    for _ in STATUS_CYCLE:
        status = next_status(status)
    assert status == "not_started"
    assert set(STATUS_CYCLE) <= set(STATUSES)


def test_next_status_refuses_unknown_code():
    with pytest.raises(ValueError):
        next_status("finished")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chưa triển khai", "not_started"),
        ("chưa thực hiện", "not_started"),
        ("Chưa bắt đầu", "not_started"),
        ("CHƯA TRIỂN KHAI", "not_started"),
        ("chua trien khai", "not_started"),
        ("Đang triển khai", "in_progress"),
        ("Đang thực hiện", "in_progress"),
        ("đang tiến hành", "in_progress"),
        ("  ĐANG   TRIEN KHAI. ", "in_progress"),
        ("Đang triển khai, dự kiến hoàn thành 6/2026", "in_progress"),
        ("Hoàn thành", "done"),
        ("Đã hoàn thành", "done"),
        ("xong", "done"),
        ("Đã xong", "done"),
        ("hoàn thành 100%", "done"),
        ("Hoàn thành (3/2026)", "done"),
        ("HOAN THANH", "done"),
        ("Hoàn thành 60%", "in_progress"),
        ("Không giao", "not_assigned"),
        ("Không thực hiện", "not_assigned"),
        ("không được giao", "not_assigned"),
        ("khong giao.", "not_assigned"),
        ("not_started", "not_started"),
        ("in_progress", "in_progress"),
        ("done", "done"),
        ("not_assigned", "not_assigned"),
        ("IN_PROGRESS", "in_progress"),
        ("in progress", "in_progress"),
        ("", None),
        ("   ", None),
        (None, None),
        ("abc", None),
        ("100%", None),
        # a negation in front is not "done"
        ("chưa hoàn thành", None),
        ("Chưa xong", None),
    ],
)
def test_parse_status(text, expected):
    assert parse_status(text) == expected


@pytest.mark.parametrize("status", STATUSES)
def test_parse_status_reads_its_own_labels(status):
    assert parse_status(status_label(status)) == status
    assert parse_status(unicodedata.normalize("NFD", status_label(status))) == status


@pytest.mark.parametrize(
    ("status", "label"),
    [
        ("not_started", "Chưa triển khai"),
        ("in_progress", "Đang triển khai"),
        ("done", "Hoàn thành"),
        ("not_assigned", "Không giao"),
    ],
)
def test_status_label(status, label):
    assert status_label(status) == label == STATUS_LABELS[status]


RANGE = "Mức độ hoàn thành phải từ 0% đến 100%"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("100", "100%"),
        ("100%", "100%"),
        (" 98 % ", "98%"),
        ("0", "0%"),
        ("0%", "0%"),
        ("07%", "7%"),
        ("Theo tiến độ của tỉnh", "Theo tiến độ của tỉnh"),
        ("  Theo tiến độ của tỉnh  ", "Theo tiến độ của tỉnh"),
        ("Đạt 100% kế hoạch", "Đạt 100% kế hoạch"),
        (unicodedata.normalize("NFD", "Theo lộ trình của Tỉnh"), "Theo lộ trình của Tỉnh"),
    ],
)
def test_validate_completion_accepts(text, value):
    assert validate_completion(text) == (value, None)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_validate_completion_empty_clears(text):
    assert validate_completion(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("120%", RANGE),
        ("101", RANGE),
        ("-5%", RANGE),
        ("98,5%", "nguyên"),
        ("98.5", "nguyên"),
        ("50%abc", "không hợp lệ"),
        ("50 %%", "không hợp lệ"),
        ("???", "không hợp lệ"),
        ("-", "không hợp lệ"),
        ("%", "không hợp lệ"),
        ("12/2026", "không hợp lệ"),
    ],
)
def test_validate_completion_refuses(text, fragment):
    value, error = validate_completion(text)
    assert value is None
    assert error is not None and fragment in error


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("98%", 98),
        ("100%", 100),
        ("0%", 0),
        (" 98 % ", 98),
        ("Theo tiến độ của tỉnh", None),
        ("120%", None),
        ("98,5%", None),
        ("", None),
        (None, None),
    ],
)
def test_completion_percent(value, expected):
    assert completion_percent(value) == expected


TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("due", "status", "expected"),
    [
        (date(2026, 6, 14), "not_started", True),
        (date(2026, 6, 14), "in_progress", True),
        (date(2026, 6, 14), "done", False),
        (date(2026, 6, 14), "not_assigned", False),
        (date(2026, 6, 15), "in_progress", False),  # due today: not yet overdue
        (date(2026, 12, 31), "not_started", False),
        (None, "not_started", False),
    ],
)
def test_is_overdue(due, status, expected):
    assert is_overdue(due, status, TODAY) is expected


@pytest.mark.parametrize(
    ("due", "status", "days", "expected"),
    [
        (date(2026, 6, 15), "not_started", 30, True),  # today
        (date(2026, 7, 15), "in_progress", 30, True),  # last day of the window
        (date(2026, 7, 16), "in_progress", 30, False),
        (date(2026, 6, 14), "in_progress", 30, False),  # already overdue
        (date(2026, 6, 20), "done", 30, False),
        (date(2026, 6, 20), "not_assigned", 30, False),
        (date(2026, 6, 20), "not_started", 3, False),
        (date(2026, 6, 18), "not_started", 3, True),
        (None, "not_started", 30, False),
    ],
)
def test_is_due_within(due, status, days, expected):
    assert is_due_within(due, status, TODAY, days=days) is expected


def test_is_due_within_default_window_is_30_days():
    assert is_due_within(date(2026, 7, 15), "not_started", TODAY)
    assert not is_due_within(date(2026, 7, 16), "not_started", TODAY)


# --- status and completion against each other (issue 11 item 11) ---------------------


@pytest.mark.parametrize(
    "status, completion, offers",
    [
        ("in_progress", "100%", [("status", "done")]),
        ("not_started", "100%", [("status", "done")]),
        ("done", None, [("completion", "100%")]),
        ("done", "50%", [("completion", "100%"), ("status", "in_progress")]),
        ("not_started", "30%", [("status", "in_progress")]),
        ("done", "100%", []),
        ("in_progress", "50%", []),
        ("not_started", None, []),
        ("in_progress", "Theo tiến độ của tỉnh", []),
        ("not_assigned", "100%", []),
    ],
)
def test_status_and_completion_that_disagree_get_the_agreeing_values_offered(status, completion, offers):
    what, offered = consistency_offers(status, completion)
    assert offered == offers
    assert bool(what) == bool(offers)


# --- "Tiếp tục duy trì" and "Chưa đến hạn" (issue 12) ------------------------------

from cdstui.domain.progress import is_recurring, report_status, status_choices  # noqa: E402


@pytest.mark.parametrize("typed", ["Tiếp tục duy trì", "tiep tuc duy tri", "Duy trì", "ongoing"])
def test_ongoing_is_read_as_people_type_it(typed):
    assert parse_status(typed) == "ongoing"


def test_a_recurring_task_cycles_through_ongoing():
    assert [next_status(s, recurring=True) for s in ("not_started", "in_progress", "ongoing", "done")] == [
        "in_progress", "ongoing", "done", "not_started",
    ]
    assert next_status("in_progress") == "done"  # a dated task skips it
    assert next_status("ongoing") == "done"


@pytest.mark.parametrize(
    ("deadline", "recurring"),
    [("Thường xuyên", True), ("Cả năm", True), ("Hằng năm", True), ("Thực hiện thường xuyên", True),
     ("12/2026", False), ("Quý III/2026", False), ("Theo lộ trình của Tỉnh", False), ("", False)],
)
def test_recurring_deadlines_and_the_statuses_they_allow(deadline, recurring):
    assert is_recurring(deadline, 2026) is recurring
    assert ("ongoing" in status_choices(deadline, 2026)) is recurring
    assert "done" in status_choices(deadline, 2026)


def test_ongoing_work_is_never_overdue():
    assert not is_overdue(date(2026, 12, 31), "ongoing", date(2027, 1, 5))
    assert is_overdue(date(2026, 12, 31), "in_progress", date(2027, 1, 5))


Q3_END = date(2026, 9, 30)


@pytest.mark.parametrize(
    ("status", "deadline", "shown"),
    [
        ("not_started", "12/2026", "not_due"),  # due in December: not due in the Q3 report
        ("in_progress", "Quý IV/2026", "not_due"),
        ("not_started", "9/2026", "not_started"),  # due inside the period
        ("not_started", "Quý III/2026", "not_started"),
        ("done", "12/2026", "done"),
        ("not_assigned", "12/2026", "not_assigned"),
        ("in_progress", "Thường xuyên", "in_progress"),  # recurring work is due all year
        ("ongoing", "Cả năm", "ongoing"),
        ("not_started", "Theo lộ trình của Tỉnh", "not_started"),
    ],
)
def test_report_status_of_a_task_in_the_q3_report(status, deadline, shown):
    assert report_status(status, deadline, 2026, Q3_END) == shown
    assert status_label(report_status(status, deadline, 2026, Q3_END)) != ""
