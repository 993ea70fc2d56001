"""Compare-and-set writes (issue 11, item 4): a write carries the values it
replaces and the plan it was shown in; the store refuses it when the row no
longer holds them. Two connections on one file, as two programs would be."""

from __future__ import annotations

import sqlite3

import pytest

from cdstui.domain.labels import row_number
from cdstui.importers import read_document
from cdstui.store import StaleWrite, Store, StoreError
from cdstui.store import backup as bk
from cdstui.store.undo import undo_last
from tests.conftest import SEED_000, SEED_002


@pytest.fixture
def db(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        s.import_plan(read_document(SEED_000))
    return db_path


def task(store: Store, number: str):
    return next(r for r in store.load_plan(1).tasks() if row_number(r.path, r.code) == number)


def test_a_write_from_an_old_picture_is_refused_and_says_what_the_row_holds(db):
    with Store.open(db) as app, Store.open(db) as agency:
        shown = task(app, "II.1")  # the app's screen
        agency.update_row(shown.id, {"status": "done", "completion": "100%"}, origin="agency:Công an")
        with pytest.raises(StaleWrite) as info:
            app.update_row(shown.id, {"status": "in_progress"}, expected={"status": shown.status}, plan_id=1)
        stale = info.value
        assert isinstance(stale, StoreError)
        assert stale.row_id == shown.id and stale.current == {"status": "done"}
        assert stale.row.status == "done" and stale.row.completion == "100%"
        assert "II.1" in str(stale) and "Hoàn thành" in str(stale)
        # the agency's value stands and nothing of the refused write is in the history
        assert app.get_row(shown.id).status == "done"
        assert [h["origin"] for h in app.history(shown.id)] == ["agency:Công an", "agency:Công an"]
        # written again from the fresh picture, it goes through
        fresh = app.get_row(shown.id)
        app.update_row(fresh.id, {"note": "đã xem lại"}, expected={"status": fresh.status}, plan_id=1)
        assert agency.get_row(shown.id).note == "đã xem lại"


def test_an_unchanged_row_takes_the_write(db):
    with Store.open(db) as app:
        shown = task(app, "II.2")
        made = app.update_row(
            shown.id, {"status": "in_progress"}, expected={"status": "not_started", "completion": None, "code": "2"}, plan_id=1
        )
        assert [(c.field, c.old, c.new) for c in made] == [("status", "not_started", "in_progress")]


def test_a_row_of_another_plan_or_removed_is_refused(db):
    with Store.open(db) as s:
        other = s.import_plan(read_document(SEED_002)).plan_id
        indicator = s.load_plan(other).indicators()[0]
        with pytest.raises(StaleWrite, match="không còn thuộc kế hoạch"):
            s.update_row(indicator.id, {"actual": "90%"}, plan_id=1)
        assert s.get_row(indicator.id).actual is None
        with pytest.raises(StaleWrite):
            s.update_row(10**9, {"status": "done"}, plan_id=1)


def test_after_a_restore_a_remembered_row_id_is_not_written_blindly(db, tmp_path):
    """The restored database numbers its rows differently: the row id the app
    remembered for II.1 is another plan's indicator there."""
    with Store.open(db) as s:
        remembered = task(s, "II.1")
    other = tmp_path / "other" / "cdstui.db"
    other.parent.mkdir()
    with Store.open(other) as s:  # seed 002 first: its indicators take the low row ids
        s.import_plan(read_document(SEED_002))
        s.import_plan(read_document(SEED_000))
    bk.restore(db, bk.make_backup(other))
    with Store.open(db) as app:
        assert app.get_row(remembered.id).kind == "indicator"
        assert app.plan_of_row(remembered.id) == 1  # plan 1 again, but another plan
        before = app.get_row(remembered.id)
        with pytest.raises(StaleWrite):
            app.update_row(
                remembered.id,
                {"status": "in_progress"},
                expected={"status": remembered.status, "code": remembered.code, "title": remembered.title},
                plan_id=1,
            )
        assert app.get_row(remembered.id) == before


def test_undo_refuses_to_revert_a_value_changed_since(db):
    """Another program changed the value without history (a SQLite browser):
    undoing the officer's save would wipe that change out."""
    with Store.open(db) as app:
        row = task(app, "II.5.1")
        app.update_row(row.id, {"result": "Đã ban hành kế hoạch"})
    browser = sqlite3.connect(db)
    browser.execute("UPDATE rows SET result = 'Sửa tay trong DB Browser' WHERE id = ?", [row.id])
    browser.commit()
    browser.close()
    with Store.open(db) as app:
        history = app.history(row.id)
        with pytest.raises(StaleWrite) as info:
            undo_last(app, 1)
        assert info.value.current == {"result": "Sửa tay trong DB Browser"}
        assert app.get_row(row.id).result == "Sửa tay trong DB Browser"
        assert app.history(row.id) == history
        undone = app.conn.execute("SELECT COUNT(*) FROM history WHERE undone_by IS NOT NULL").fetchone()[0]
        assert undone == 0


def test_undo_of_an_untouched_value_still_works(db):
    with Store.open(db) as app, Store.open(db) as other:
        row = task(app, "II.5.1")
        app.update_row(row.id, {"result": "Đã ban hành kế hoạch"})
        other.update_row(task(other, "II.4").id, {"status": "done"})  # another row: no conflict
        assert [c.row_id for c in undo_last(app, 1)] == [task(app, "II.4").id]
        assert [(c.field, c.new) for c in undo_last(app, 1)] == [("result", "")]
