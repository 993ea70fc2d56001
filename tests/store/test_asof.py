"""A stored plan as it stood at a period's end: the Q3 report of a plan worked on into October."""

from __future__ import annotations

from datetime import date

import pytest

from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.store import Store
from cdstui.store.asof import load_plan_as_of
from cdstui.store.entries import add_entry


def plan() -> Plan:
    rows = [
        Row(kind="section", code="II", title="Nhiệm vụ trọng tâm"),
        Row(kind="task", code="1", path=["II"], title="Tập huấn kỹ năng số", deadline="Quý III/2026"),
        Row(kind="task", code="2", path=["II"], title="Số hóa hồ sơ", deadline="12/2026"),
    ]
    ind = [Row(kind="indicator", code="1", path=["I"], title="Tỷ lệ hồ sơ trực tuyến", unit="%", target="≥ 80%")]
    return Plan(number="32-KH/ĐU", title="Kế hoạch", year=2026,
                tables=[Table("T", "tasks", rows=rows), Table("C", "indicators", rows=ind)])


@pytest.fixture
def store(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        yield s


def dated(store: Store, row_id: int, at: str) -> None:
    """Date the row's latest history step: the tests cannot wait for October."""
    last = store.conn.execute("SELECT MAX(batch) FROM history WHERE row_id = ?", [row_id]).fetchone()[0]
    store.conn.execute("UPDATE history SET at = ? WHERE batch = ?", [at, last])


def test_status_completion_entries_and_values_as_they_were_at_the_end_of_q3(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    one, two = store.load_plan(pid).tasks()
    ind = store.load_plan(pid).indicators()[0]
    store.update_row(one.id, {"status": "in_progress", "completion": "60%"})
    dated(store, one.id, "2026-08-01T10:00:00+07:00")
    store.update_row(one.id, {"status": "done", "completion": "100%"})
    dated(store, one.id, "2026-10-04T10:00:00+07:00")  # finished after the quarter
    add_entry(store, one.id, "Ban hành kế hoạch tập huấn", day=date(2026, 6, 20))
    add_entry(store, one.id, "Tập huấn 70 cán bộ", day=date(2026, 8, 15))
    add_entry(store, one.id, "Tổng kết", day=date(2026, 10, 3))
    add_entry(store, ind.id, value="60%", day=date(2026, 6, 30))
    add_entry(store, ind.id, value="85%", day=date(2026, 10, 1))

    q3 = load_plan_as_of(store, pid, date(2026, 9, 30), start=date(2026, 7, 1))
    row = {r.id: r for r in q3.plan.rows()}
    assert (row[one.id].status, row[one.id].completion) == ("in_progress", "60%")
    assert row[one.id].result == "Tập huấn 70 cán bộ"
    assert [e.text for e in q3.entries[one.id]] == ["Tập huấn 70 cán bộ"]
    assert row[ind.id].actual == "60%"
    assert (row[two.id].status, row[two.id].result) == ("not_started", "")
    assert two.id not in q3.entries

    nine = load_plan_as_of(store, pid, date(2026, 9, 30), start=date(2026, 1, 1))
    assert [e.text for e in nine.entries[one.id]] == ["Ban hành kế hoạch tập huấn", "Tập huấn 70 cán bộ"]
    now = store.get_row(one.id)
    assert (now.status, now.result) == ("done", "Ban hành kế hoạch tập huấn\nTập huấn 70 cán bộ\nTổng kết")
