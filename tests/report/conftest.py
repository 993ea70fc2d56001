"""Fixtures for the report: a real database holding seed 000, with some progress typed in."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cdstui.cli import main
from cdstui.store import Store
from cdstui.store.entries import add_entry
from tests.conftest import SEED_000

TODAY = date(2026, 9, 20)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def dump(capsys, db: Path) -> dict:
    code, out, err = run(capsys, "dump", "--db", db, "--today", TODAY.isoformat())
    assert code == 0, err
    return json.loads(out)


def task_by_title(store: Store, plan_id: int, start: str):
    matches = [r for r in store.load_plan(plan_id).tasks() if r.title.startswith(start)]
    assert len(matches) == 1, f"{start!r}: {len(matches)} matches"
    return matches[0]


@pytest.fixture
def seeded_db(tmp_path, capsys) -> Path:
    """A database with seed 000 imported through the command line."""
    db = tmp_path / "db" / "cdstui.db"
    code, out, err = run(capsys, "import", SEED_000, "--db", db)
    assert code == 0, err
    return db


@pytest.fixture
def progressed_db(seeded_db) -> Path:
    """Seed 000 with the progress an officer would have typed by Q3."""
    with Store.open(seeded_db) as store:
        pid = store.plan_ids()[0]
        kh = task_by_title(store, pid, "Xây dựng Kế hoạch chuyên đổi số phường Ba Ngòi")
        nq = task_by_title(store, pid, "Ban hành kế hoạch và triển khai đúng tiến độ")
        ca = task_by_title(store, pid, "Tập huấn, nâng cao kỹ năng số, an toàn thông tin")
        store.update_rows(
            [
                (kh.id, {"status": "done", "completion": "100%"}),
                (nq.id, {"status": "in_progress", "completion": "Theo tiến độ của tỉnh", "note": "@ghi chú"}),
                (ca.id, {"status": "in_progress", "completion": "60%"}),
            ]
        )
        # the results, as dated entries of the quarter the report is about
        add_entry(store, kh.id, "=SUM(A1)", day=date(2026, 8, 15))
        add_entry(store, nq.id, "-Ban hành 80 chương trình, kế hoạch\n- Tiếp nhận 2.321 hồ sơ TTHC", day=date(2026, 8, 15))
        indicators = store.load_plan(pid).indicators()
        store.update_row(indicators[0].id, {"actual": "100%"})
        store.update_row(indicators[1].id, {"actual": "90%"})
    return seeded_db
