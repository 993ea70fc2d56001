"""Database schema and its migrations, from the first version on.

Each migration runs in its own transaction (sqlite-utils ``Migrations``);
``PRAGMA user_version`` is kept in step so that other tools can read the
schema version without knowing about ``_sqlite_migrations``.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("cdstui")


@migrations(name="0001_initial")
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


SCHEMA_VERSION = len(migrations._migrations)


def apply(db: Database) -> list[str]:
    """Apply pending migrations; return the names applied."""
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        migrations.apply(db)
    with db.ensure_autocommit_on():
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return pending


def pending(db: Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]
