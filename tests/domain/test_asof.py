"""A plan as it stood at a period's end: fields from their history, entries by their dates."""

from __future__ import annotations

from datetime import date

from cdstui.domain.asof import field_at, plan_as_of, row_as_of
from cdstui.domain.entries import Entry, entries_between, latest_value, log_text, report_text
from cdstui.domain.model import Plan, Row, Table


def change(at: str, field: str, old, new) -> dict:
    return {"at": at, "field": field, "old": old, "new": new}


STATUS_CHANGES = [
    change("2026-05-02T09:00:00+07:00", "status", "not_started", "in_progress"),
    change("2026-05-02T09:00:00+07:00", "completion", None, "40%"),
    change("2026-09-30T23:59:00+07:00", "completion", "40%", "90%"),  # the period's last evening
    change("2026-10-05T08:00:00+07:00", "status", "in_progress", "done"),
    change("2026-10-05T08:00:00+07:00", "completion", "90%", "100%"),
]


def test_a_field_at_the_end_of_a_day():
    assert field_at("done", STATUS_CHANGES, "status", date(2026, 3, 31)) == "not_started"  # before any change
    assert field_at("done", STATUS_CHANGES, "status", date(2026, 5, 2)) == "in_progress"
    assert field_at("done", STATUS_CHANGES, "status", date(2026, 9, 30)) == "in_progress"
    assert field_at("done", STATUS_CHANGES, "status", date(2026, 10, 5)) == "done"
    assert field_at("100%", STATUS_CHANGES, "completion", date(2026, 9, 30)) == "90%"
    assert field_at("Ghi chú", STATUS_CHANGES, "note", date(2026, 1, 1)) == "Ghi chú"  # never changed


def test_an_undone_change_is_a_change_like_any_other():
    changes = [
        change("2026-06-01T10:00:00+07:00", "verdict", None, "1"),
        change("2026-06-03T10:00:00+07:00", "verdict", "1", None),  # the undo
    ]
    assert field_at(None, changes, "verdict", date(2026, 6, 2)) is True
    assert field_at(None, changes, "verdict", date(2026, 6, 3)) is None
    assert field_at(None, changes, "verdict", date(2026, 5, 31)) is None


def test_a_row_as_of_the_end_of_q3():
    task = Row(kind="task", code="1", path=["I"], status="done", completion="100%", result="all", id=7)
    log = [
        Entry(date(2026, 2, 10), "Ban hành kế hoạch", id=1),
        Entry(date(2026, 8, 20), "Tập huấn", id=2),
        Entry(date(2026, 10, 3), "Tổng kết", id=3),
    ]
    q3_end = date(2026, 9, 30)
    q3 = row_as_of(task, STATUS_CHANGES, q3_end, result=log_text(entries_between(log, date(2026, 7, 1), q3_end)))
    assert (q3.status, q3.completion, q3.result) == ("in_progress", "90%", "Tập huấn")
    cumulative = row_as_of(task, STATUS_CHANGES, q3_end, result=log_text(entries_between(log, None, q3_end)))
    assert cumulative.result == "Ban hành kế hoạch\nTập huấn"
    assert (task.status, task.result) == ("done", "all")  # the row itself is left as it is
    running = row_as_of(task, STATUS_CHANGES, None, result=report_text(log))  # a period not over: as it is now
    assert (running.status, running.result) == ("done", "Ban hành kế hoạch\nTập huấn\nTổng kết")
    row_as_of(task, STATUS_CHANGES, q3_end, in_place=True)
    assert task.status == "in_progress" and task.result == "all"


def test_a_plan_as_of_a_day_takes_each_indicator_value_then():
    rows = [
        Row(kind="section", code="I", title="Chỉ tiêu"),
        Row(kind="indicator", code="1", path=["I"], actual="85%", id=1),
        Row(kind="task", code="1", path=["I"], status="done", result="x", id=2),
    ]
    plan = Plan(title="P", year=2026, tables=[Table(title="T", kind="indicators", rows=rows)])
    log = [Entry(date(2026, 6, 30), value="60%", id=1), Entry(date(2026, 10, 1), value="85%", id=2)]
    day = date(2026, 9, 30)
    stood = plan_as_of(plan, {}, day, results={}, values={1: latest_value(log, day)})
    section, indicator, task = stood.tables[0].rows
    assert section is rows[0]
    assert indicator.actual == "60%"
    assert (task.status, task.result) == ("done", "")  # no history, no entries: as it is, with no log
    assert plan_as_of(plan, {}, day).tables[0].rows[1].actual == "85%"  # nothing given: kept
    assert plan.tables[0].rows[2].result == "x"  # the plan itself is left as it is
