"""Redo: the undo of an undo, recorded in history, refused over a later save (issue 11 item 16)."""

from __future__ import annotations

import pytest

from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.store import Store
from cdstui.store.base import StaleWrite
from cdstui.store.undo import redo_last, undo_last


@pytest.fixture
def store(tmp_path):
    rows = [Row(kind="section", code="I", title="Mục I")]
    rows += [Row(kind="task", code=str(i), path=["I"], title=f"Nhiệm vụ {i}") for i in (1, 2)]
    plan = Plan(number="1-KH", title="Kế hoạch", year=2026, tables=[Table(title="T", kind="tasks", rows=rows)])
    with Store.open(tmp_path / "x.db") as s:
        s.import_plan(ImportReport(plan=plan))
        yield s


def ids(store):
    return [t.id for t in store.load_plan(1).tasks()]


def test_redo_writes_back_what_the_undo_reverted(store):
    a, b = ids(store)
    store.update_row(a, {"status": "in_progress", "note": "họp"})
    store.update_row(b, {"status": "done"})
    undo_last(store, 1)
    undo_last(store, 1)
    assert redo_last(store, 1)[0].row_id == a
    assert (store.get_row(a).status, store.get_row(a).note) == ("in_progress", "họp")
    redo_last(store, 1)
    assert store.get_row(b).status == "done"
    assert redo_last(store, 1) is None
    # a redo is a save like any other: undo takes it back
    undo_last(store, 1)
    assert store.get_row(b).status == "not_started"
    assert [h["origin"] for h in store.history(b)] == ["app", "undo", "redo", "undo"]


def test_a_save_after_an_undo_leaves_nothing_to_redo(store):
    a, b = ids(store)
    store.update_row(a, {"status": "done"})
    undo_last(store, 1)
    store.update_row(b, {"note": "mới"})
    assert redo_last(store, 1) is None
    assert store.get_row(a).status == "not_started"


def test_redo_over_a_value_changed_around_the_history_is_refused(store):
    (a, _b) = ids(store)
    store.update_row(a, {"status": "done"})
    undo_last(store, 1)
    store.conn.execute("UPDATE rows SET status = 'in_progress' WHERE id = ?", [a])  # another program, no history
    with pytest.raises(StaleWrite):
        redo_last(store, 1)
    assert store.get_row(a).status == "in_progress"


def test_redo_brings_back_a_result_written_as_progress_entries(store):
    from cdstui.store.entries import list_entries

    a, _b = ids(store)
    store.update_row(a, {"result": "Đã ban hành kế hoạch"})
    assert [e.text for e in list_entries(store, a)] == ["Đã ban hành kế hoạch"]
    undo_last(store, 1)
    assert store.get_row(a).result == "" and list_entries(store, a) == []
    redo_last(store, 1)
    assert store.get_row(a).result == "Đã ban hành kế hoạch"
    assert [e.text for e in list_entries(store, a)] == ["Đã ban hành kế hoạch"]
    undo_last(store, 1)  # and the redo is undone like any save, entries included
    assert store.get_row(a).result == "" and list_entries(store, a) == []
