"""Shared fixtures: the real seed documents and throwaway databases."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "fixtures" / "seeds"
SEED_000 = SEEDS / "000_247ea3cd7c028fe2.txt"
SEED_002 = SEEDS / "002_6d106271f7cd5a5e.txt"
SEED_003 = SEEDS / "003_ac6e30a7a3a96a2c.txt"
SEED_004 = SEEDS / "004_9db0a0b056bb74e4.txt"


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture(autouse=True)
def _isolate_environment(tmp_path, monkeypatch):
    """No test touches the real default database or the officer's settings."""
    monkeypatch.delenv("CDSTUI_DB", raising=False)
    monkeypatch.delenv("CDSTUI_TODAY", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "db" / "cdstui.db"


OLD_DATABASE_SQL = REPO / "tests" / "fixtures" / "db" / "made-by-v0.1-schema2.sql"


@pytest.fixture
def old_database(tmp_path) -> Path:
    """A database made by cdstui 0.1 (schema 2): seed 000 with progress, an
    undone change, indicator values and a Q2 submission. Built from its SQL
    dump, so that migrations are tested on what officers really have."""
    import sqlite3

    path = tmp_path / "old" / "cdstui.db"
    path.parent.mkdir()
    con = sqlite3.connect(path)
    con.executescript(OLD_DATABASE_SQL.read_text(encoding="utf-8"))
    con.close()
    return path


def db_content(path: Path) -> list[str]:
    """Everything in a database as SQL text (``iterdump``): equal lists mean
    the database is exactly as it was."""
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
