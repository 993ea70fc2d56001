"""Migrations run on a database made by an earlier cdstui and lose nothing."""

from __future__ import annotations

from cdstui.store import Store
from cdstui.store.version import SCHEMA_VERSION


def test_old_database_opens_and_keeps_its_progress(old_database):
    with Store.open(old_database) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.integrity_check() == "ok"
        (pid,) = store.plan_ids()
        plan = store.load_plan(pid)
        done = [r for r in plan.tasks() if r.status == "done"]
        assert len(done) == 1 and done[0].result.startswith("Đã tổ chức 3 lớp tập huấn")
        assert any(r.actual == "95%" for r in plan.indicators())


def _tables(path) -> dict[str, list[tuple]]:
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        out = {}
        for name in names:
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
            out[name] = (cols, conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall())
        return out
    finally:
        conn.close()


def test_the_fingerprint_migration_keeps_every_row_and_knows_the_plan_again(old_database):
    from cdstui.importers import read_document
    from cdstui.store.identity import plan_fingerprint
    from cdstui.store.version import MIGRATIONS
    from tests.conftest import SEED_000

    before = _tables(old_database)
    with Store.open(old_database) as store:
        assert store.applied_migrations() == list(MIGRATIONS)
        (pid,) = store.plan_ids()
        stored = store.conn.execute("SELECT fingerprint FROM plans WHERE id = ?", [pid]).fetchone()[0]
        assert stored == plan_fingerprint(store.load_plan(pid)) != ""
        # the plan was imported from seed 000: that document is known by its content
        assert stored == plan_fingerprint(read_document(SEED_000).plan)
    after = _tables(old_database)
    for name, (cols, rows) in before.items():
        if name == "_sqlite_migrations":
            assert after[name][1][: len(rows)] == rows
            continue
        kept = [tuple(r[after[name][0].index(c)] for c in cols) for r in after[name][1]]
        assert kept == rows, name  # every value of every row, as it was
    # 0003, 0004, then 0005
    assert after["plans"][0] == before["plans"][0] + ["fingerprint", "plan_date", "reporting"]


def test_each_result_becomes_a_first_entry_dated_at_its_last_change(old_database):
    """Migration 0005 (issue 12): "Kết quả" becomes the first entry of its task,
    dated at its last change, else the row's last update, else the plan's
    import; an indicator's value its first dated value. Nothing is lost."""
    import sqlite3
    from datetime import date

    from cdstui.domain.entries import Evidence
    from cdstui.store.entries import list_entries

    conn = sqlite3.connect(old_database)
    conn.execute("UPDATE history SET at = '2026-10-03T16:00:00+07:00' WHERE row_id = 5 AND field = 'result'")
    conn.execute("DELETE FROM history WHERE row_id = 4")  # no change recorded: the row's last update
    conn.execute("UPDATE rows SET updated_at = '2026-02-20T08:00:00+07:00' WHERE id = 4")
    conn.execute("UPDATE history SET at = '2026-06-30T09:00:00+07:00' WHERE row_id = 59")
    conn.execute("UPDATE rows SET updated_at = NULL WHERE id = 60")  # neither: the plan's import
    conn.execute("DELETE FROM history WHERE row_id = 60")
    conn.commit()
    before = {r[0]: r[1:] for r in conn.execute("SELECT id, result, actual, status, completion, note FROM rows")}
    history_count = conn.execute("SELECT COUNT(*) FROM history").fetchone()[0]
    conn.close()

    with Store.open(old_database) as store:
        after = {r[0]: r[1:] for r in store.conn.execute("SELECT id, result, actual, status, completion, note FROM rows")}
        assert after == before  # result and actual still say what they said
        assert store.conn.execute("SELECT COUNT(*) FROM history").fetchone()[0] == history_count
        logs = {row_id: list_entries(store, row_id) for row_id in (4, 5, 7, 59, 60)}
        assert store.conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 5
        assert [(e.date, e.text, e.origin) for e in logs[5]] == [
            (date(2026, 10, 3), "Đã tổ chức 3 lớp tập huấn\nHọp ngày 3/10/2026", "migration")
        ]
        assert [(e.date, e.docs) for e in logs[4]] == [
            (date(2026, 2, 20), (Evidence(number="12/KH-UBND", date=date(2026, 2, 15)),))  # the document its text cites
        ]
        assert [e.text for e in logs[7]] == ["Bản nháp"]  # the value left after an undo
        assert [(e.date, e.value, e.text) for e in logs[59]] == [(date(2026, 6, 30), "95%", "")]
        assert [(e.date, e.value) for e in logs[60]] == [(date(2026, 11, 29), "Tiên tiến")]
        # recurring work can now be kept up
        store.update_row(8, {"status": "ongoing"})
        assert store.get_row(8).status == "ongoing"
        assert store.integrity_check() == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_an_old_result_is_edited_and_undone_after_the_migration(old_database):
    from cdstui.store.entries import edit_entry, list_entries
    from cdstui.store.undo import undo_last

    with Store.open(old_database) as store:
        (entry,) = list_entries(store, 5)
        edit_entry(store, entry.id, expected_text=entry.text, expected_date=entry.date, text="Đã tổ chức 4 lớp tập huấn")
        assert store.get_row(5).result == "Đã tổ chức 4 lớp tập huấn"
        undo_last(store, 1)
        assert store.get_row(5).result == "Đã tổ chức 3 lớp tập huấn\nHọp ngày 3/10/2026"
        # the steps from before the migration are undone as they were
        assert [c.field for c in undo_last(store, 1)] == ["status"]


def test_a_database_of_todays_main_with_narratives_gets_its_entries(old_database):
    """A database made by the main of the day: 0003, 0004 and 0006 (narratives)
    applied, 0005 not yet. Opening it applies 0005 after them; its narratives
    and every row stay."""
    from sqlite_utils import Database

    from cdstui.store import schema
    from cdstui.store.entries import list_entries

    db = Database(str(old_database))
    schema.migrations.apply(db, stop_before="0005_progress_entries")  # 0003 and 0004
    with db.conn:  # then main's 0006, as main applied it
        schema._report_narratives(db)
        db["_sqlite_migrations"].insert({"migration_set": "cdstui", "name": "0006_report_narratives", "applied_at": "2026-11-29"})
    db.execute(
        "INSERT INTO report_narratives (plan_id, report_type, period, draft, drafted_at) VALUES (1, '', '2026-Q3', '{}', '2026-10-01')"
    )
    db.conn.commit()
    db.execute("PRAGMA user_version = 5")
    db.close()
    with Store.open(old_database) as store:
        assert store.applied_migrations()[-2:] == ["0006_report_narratives", "0005_progress_entries"]
        assert store.schema_version() == SCHEMA_VERSION
        assert store.conn.execute("SELECT COUNT(*) FROM report_narratives").fetchone()[0] == 1
        assert [e.text for e in list_entries(store, 5)] == ["Đã tổ chức 3 lớp tập huấn\nHọp ngày 3/10/2026"]
        assert store.integrity_check() == "ok"
