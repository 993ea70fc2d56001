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
