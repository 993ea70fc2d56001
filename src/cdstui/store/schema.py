"""Database schema and its migrations, from the first version on.

Each migration runs in its own transaction (sqlite-utils ``Migrations``);
``PRAGMA user_version`` is kept in step so that other tools can read the
schema version without knowing about ``_sqlite_migrations``.
"""

from __future__ import annotations

import json

from sqlite_utils import Database, Migrations

from cdstui.store.base import now_iso
from cdstui.store.version import MIGRATIONS, SCHEMA_VERSION

migrations = Migrations("cdstui")
# The names registered here, in order: sqlite-utils keeps its list private.
_registered: list[str] = []


def _migration(name: str):
    _registered.append(name)
    return migrations(name=name)


@_migration("0001_initial")
def _initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            issuer TEXT NOT NULL DEFAULT '',
            ward TEXT NOT NULL DEFAULT '',
            year INTEGER,
            source TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE plan_tables (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ('tasks', 'indicators')),
            header TEXT NOT NULL DEFAULT '[]'
        )"""
    )
    db.execute(
        """
        CREATE TABLE rows (
            id INTEGER PRIMARY KEY,
            table_id INTEGER NOT NULL REFERENCES plan_tables(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('section', 'group', 'task', 'indicator')),
            code TEXT NOT NULL DEFAULT '',
            path TEXT NOT NULL DEFAULT '[]',
            title TEXT NOT NULL DEFAULT '',
            lead TEXT NOT NULL DEFAULT '',
            partners TEXT NOT NULL DEFAULT '',
            deadline TEXT NOT NULL DEFAULT '',
            output TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            target TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'not_started'
                CHECK (status IN ('not_started', 'in_progress', 'done', 'not_assigned')),
            completion TEXT,
            result TEXT NOT NULL DEFAULT '',
            actual TEXT,
            verdict INTEGER,
            source_line INTEGER,
            removed INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT
        )"""
    )
    db.execute("CREATE INDEX rows_table_ord ON rows(table_id, ord)")
    db.execute(
        """
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            row_id INTEGER NOT NULL REFERENCES rows(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT,
            origin TEXT NOT NULL DEFAULT 'app'
        )"""
    )
    db.execute("CREATE INDEX history_row ON history(row_id, id)")


@_migration("0002_submissions_undo")
def _submissions_undo(db: Database) -> None:
    # Reports sent: period, time, file name, the progress as exported (JSON),
    # and the last history id at that moment ("changed since" starts after it).
    db.execute(
        """
        CREATE TABLE submissions (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            period TEXT NOT NULL,
            at TEXT NOT NULL,
            file TEXT NOT NULL DEFAULT '',
            snapshot TEXT NOT NULL DEFAULT '{}',
            history_id INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute("CREATE INDEX submissions_plan ON submissions(plan_id, period, id)")
    # One save (one transaction) is one undo step: its history rows share a batch.
    db.execute("ALTER TABLE history ADD COLUMN batch INTEGER")
    # The batch of the undo that reverted this entry.
    db.execute("ALTER TABLE history ADD COLUMN undone_by INTEGER")
    db.execute("CREATE INDEX history_batch ON history(batch)")


@_migration("0003_plan_fingerprint")
def _plan_fingerprint(db: Database) -> None:
    # A plan document without a number is known again by its content.
    db.execute("ALTER TABLE plans ADD COLUMN fingerprint TEXT NOT NULL DEFAULT ''")
    db.execute("CREATE INDEX plans_fingerprint ON plans(fingerprint)")
    from cdstui.domain.model import Plan, Row, Table
    from cdstui.store.identity import plan_fingerprint

    plan_fields = ("code", "title", "lead", "partners", "deadline", "output", "unit", "target")
    for pid, title, issuer, year in db.execute("SELECT id, title, issuer, year FROM plans").fetchall():
        plan = Plan(title=title, issuer=issuer, year=year)
        for tid, ttitle, kind in db.execute(
            "SELECT id, title, kind FROM plan_tables WHERE plan_id = ? ORDER BY ord", [pid]
        ).fetchall():
            table = Table(title=ttitle, kind=kind)
            for rec in db.execute(
                f"SELECT kind, path, {', '.join(plan_fields)} FROM rows WHERE table_id = ? AND removed = 0 ORDER BY ord",
                [tid],
            ):
                table.rows.append(Row(kind=rec[0], path=json.loads(rec[1]), **dict(zip(plan_fields, rec[2:]))))
            plan.tables.append(table)
        db.execute("UPDATE plans SET fingerprint = ? WHERE id = ?", [plan_fingerprint(plan), pid])


@_migration("0004_table_appendix")
def _table_appendix(db: Database) -> None:
    # Each table keeps its appendix's label ("Phụ lục I"), full title and
    # "(Kèm theo …)" line; a plan the day it was signed (ISO date, or NULL).
    for column in ("appendix_label", "appendix_title", "appendix_note"):
        db.execute(f"ALTER TABLE plan_tables ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE plans ADD COLUMN plan_date TEXT")


_OLD_STATUS_CHECK = "CHECK (status IN ('not_started', 'in_progress', 'done', 'not_assigned'))"
_NEW_STATUS_CHECK = "CHECK (status IN ('not_started', 'in_progress', 'done', 'not_assigned', 'ongoing'))"


def _rebuild_rows(db: Database) -> None:
    """Let rows.status hold 'ongoing' (Tiếp tục duy trì). SQLite cannot change
    a CHECK constraint: the table is made again under the same name, every
    row and id kept (``apply`` turns foreign keys off around it, so that
    dropping the old table deletes no history)."""
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'rows'").fetchone()
    if _OLD_STATUS_CHECK not in sql:
        raise RuntimeError("rows.status: unexpected CHECK constraint, not migrated")
    new_sql = sql.replace(_OLD_STATUS_CHECK, _NEW_STATUS_CHECK).replace("CREATE TABLE rows", "CREATE TABLE rows_new", 1)
    db.execute(new_sql)
    db.execute("INSERT INTO rows_new SELECT * FROM rows")
    db.execute("DROP TABLE rows")
    db.execute("ALTER TABLE rows_new RENAME TO rows")
    db.execute("CREATE INDEX rows_table_ord ON rows(table_id, ord)")
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign keys broken by the rows rebuild: {broken[:5]}")


def _create_entry_tables(db: Database) -> None:
    # A task's dated log: what was done on which day (an indicator's entry may
    # carry its value), soft-removed so that history keeps every entry.
    db.execute(
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            row_id INTEGER NOT NULL REFERENCES rows(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            value TEXT,
            origin TEXT NOT NULL DEFAULT 'app'
                CHECK (origin IN ('app', 'cli', 'agency', 'import', 'migration')),
            removed INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            line TEXT
        )"""
    )
    # ``line``: the entry as a report prints it, its documents cited
    # (``domain.entries.cited_text``), NULL when that is its text: a report of
    # a big plan then reads one column and nothing of the evidence.
    db.execute("CREATE INDEX entries_row_day ON entries(row_id, day, id)")
    db.execute(
        """
        CREATE TABLE evidence (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL DEFAULT 0,
            number TEXT NOT NULL DEFAULT '',
            day TEXT,
            issuer TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            file TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX evidence_entry ON evidence(entry_id, ord)")
    # Every state an entry passed through (JSON, NULL: not yet there), in the
    # undo step of the write that made it; the officer's view of the change
    # is the matching row of ``history``.
    db.execute(
        """
        CREATE TABLE entry_history (
            id INTEGER PRIMARY KEY,
            entry_id INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
            row_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            old TEXT,
            new TEXT,
            origin TEXT NOT NULL DEFAULT 'app',
            batch INTEGER,
            undone_by INTEGER
        )"""
    )
    db.execute("CREATE INDEX entry_history_batch ON entry_history(batch)")
    db.execute("CREATE INDEX entry_history_entry ON entry_history(entry_id, id)")


def _last_change_day(db: Database, row_id: int, field: str, fallback: str) -> str:
    """The local day of a field's latest change, else ``fallback`` (an ISO time)."""
    rec = db.execute(
        "SELECT at FROM history WHERE row_id = ? AND field = ? ORDER BY id DESC LIMIT 1", [row_id, field]
    ).fetchone()
    return (rec[0] if rec else fallback)[:10]


def _first_entries(db: Database) -> None:
    """Today's "Kết quả" of each row becomes its first entry, and an
    indicator's value its first dated value, dated at their last change
    (else the row's last update, else the plan's import); the documents the
    text cites become the entry's evidence. rows.result and rows.actual keep
    their values: they are what the entries now say."""
    from cdstui.store.entries import write_first_entries

    records = db.execute(
        "SELECT r.id, r.kind, r.result, r.actual, COALESCE(r.updated_at, p.imported_at) FROM rows r "
        "JOIN plan_tables t ON t.id = r.table_id JOIN plans p ON p.id = t.plan_id "
        "WHERE r.result != '' OR (r.kind = 'indicator' AND r.actual IS NOT NULL AND r.actual != '') ORDER BY r.id"
    ).fetchall()
    pieces = []
    for row_id, kind, result, actual, fallback in records:
        if result:
            pieces.append((row_id, _last_change_day(db, row_id, "result", fallback), result, None))
        if kind == "indicator" and actual:
            pieces.append((row_id, _last_change_day(db, row_id, "actual", fallback), "", actual))
    write_first_entries(db.conn, pieces, "migration", now_iso())


@_migration("0005_progress_entries")
def _progress_entries(db: Database) -> None:
    _rebuild_rows(db)
    _create_entry_tables(db)
    # The plan's own sentence on when reports are due (its default report type).
    db.execute("ALTER TABLE plans ADD COLUMN reporting TEXT NOT NULL DEFAULT ''")
    # A report is marked sent (day, recipients as a JSON list), and belongs to a report type.
    db.execute("ALTER TABLE submissions ADD COLUMN sent_at TEXT")
    db.execute("ALTER TABLE submissions ADD COLUMN sent_to TEXT NOT NULL DEFAULT '[]'")
    db.execute("ALTER TABLE submissions ADD COLUMN report_type TEXT NOT NULL DEFAULT ''")
    _first_entries(db)
@_migration("0006_report_narratives")
def _report_narratives(db: Database) -> None:
    # The narrative of a report, per plan, report type ('' = the default one) and
    # period: the draft cdstui wrote and, apart from it, the text as the officer
    # edited it (NULL until edited), so that a new draft never overwrites an
    # edit unasked; ``replaced`` keeps the edit a forced new draft replaced.
    db.execute(
        """
        CREATE TABLE report_narratives (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
            report_type TEXT NOT NULL DEFAULT '',
            period TEXT NOT NULL,
            draft TEXT NOT NULL,
            drafted_at TEXT NOT NULL,
            edited TEXT,
            edited_at TEXT,
            replaced TEXT,
            UNIQUE (plan_id, report_type, period)
        )"""
    )


assert tuple(_registered) == MIGRATIONS, "store/version.py lists every migration, in order"
assert SCHEMA_VERSION == len(_registered)


def apply(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied.

    The caller has checked that the database is not of a newer schema
    (``Store.check_version``): its version is never written down.
    """
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        # A migration may rebuild a table (0005): with foreign keys on,
        # dropping the old one would delete every row that refers to it.
        # The pragma only changes outside a transaction, hence here.
        enforced = db.execute("PRAGMA foreign_keys").fetchone()[0]
        if enforced:
            db.execute("PRAGMA foreign_keys = OFF")
        try:
            migrations.apply(db)
        finally:
            if enforced:
                db.execute("PRAGMA foreign_keys = ON")
    # Only write when needed: opening must not need the write lock, so that a
    # second window can open the database while the first one is saving.
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        with db.ensure_autocommit_on():
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return pending


def pending(db: Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]
