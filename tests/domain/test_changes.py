"""Changes since the last report: values now against the values sent (issue 11 item 13)."""

from __future__ import annotations

from cdstui.domain.changes import changed_since_report
from cdstui.domain.model import Row


def task(row_id: int, **values) -> Row:
    return Row(kind="task", code=str(row_id), title=f"Nhiệm vụ {row_id}", id=row_id, **values)


def entry(field: str, old, new) -> dict:
    return {"field": field, "old": old, "new": new}


def test_a_change_undone_or_typed_back_is_no_change():
    rows = [task(1, status="not_started"), task(2, note=""), task(3, completion="40%")]
    history = {
        1: [entry("status", "not_started", "done"), entry("status", "done", "not_started")],
        2: [entry("note", "", "tạm"), entry("note", "tạm", "")],
        3: [entry("completion", None, "40%")],
    }
    assert changed_since_report(rows, None, history) == {3}


def test_the_snapshot_decides_the_progress_it_recorded():
    rows = [task(1, status="done"), task(2, status="in_progress"), task(3)]
    sent = {1: {"status": "done", "verdict": None}, 2: {"status": "not_started"}, 3: {"status": "not_started"}}
    # row 2 changed before the submission's history mark (an edit while the export ran): the snapshot still tells
    assert changed_since_report(rows, sent, {}) == {2}


def test_fields_the_snapshot_does_not_hold_come_from_the_history():
    rows = [task(1, status="done")]
    rows[0].title = "Nhiệm vụ sửa tên"
    sent = {1: {"status": "done"}}
    assert changed_since_report(rows, sent, {1: [entry("title", "Nhiệm vụ 1", "Nhiệm vụ sửa tên")]}) == {1}
    assert changed_since_report(rows, sent, {1: [entry("removed", "0", "1")]}) == set()


def test_a_verdict_compares_as_the_history_keeps_it():
    row = Row(kind="indicator", code="1", title="Chỉ tiêu", id=7, verdict=True)
    assert changed_since_report([row], None, {7: [entry("verdict", None, "1")]}) == {7}
    assert changed_since_report([row], {7: {"verdict": True}}, {7: [entry("verdict", "1", "0"), entry("verdict", "0", "1")]}) == set()
