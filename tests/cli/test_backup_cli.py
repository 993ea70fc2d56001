"""``cdstui backup`` and ``cdstui restore FILE``; the backup before an import."""

from __future__ import annotations

import json
from pathlib import Path

from cdstui.cli import main
from cdstui.store import Store
from cdstui.store.backup import list_backups
from tests.conftest import SEED_002, db_content as content


def dump_json(capsys, db: Path) -> dict:
    assert main(["dump", "--db", str(db), "--today", "2026-04-01"]) == 0
    return json.loads(capsys.readouterr().out)


def first_task_id(db: Path) -> int:
    with Store.open(db) as store:
        return store.load_plan(store.plan_ids()[0]).tasks()[0].id


def test_backup_prints_the_path_of_a_full_copy(db_path, capsys):
    dump_json(capsys, db_path)  # creates the database with the default plan
    assert main(["backup", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out.strip()
    made = Path(out)
    assert made.is_file() and made.parent == db_path.parent / "backups"
    assert made.name.startswith("cdstui-") and made.suffix == ".db"
    with Store.open(made, migrate=False) as copy:
        assert copy.integrity_check() == "ok"
        assert [p.number for p in copy.list_plans()] == ["32-KH/ĐU"]


def test_backup_of_a_missing_database_exits_1(tmp_path, capsys):
    missing = tmp_path / "nowhere" / "cdstui.db"
    assert main(["backup", "--db", str(missing)]) == 1
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err
    assert not missing.exists()


def test_restore_brings_back_a_backup_and_says_where_the_previous_one_went(db_path, capsys):
    dump_json(capsys, db_path)
    main(["backup", "--db", str(db_path)])
    saved = Path(capsys.readouterr().out.strip())
    row_id = first_task_id(db_path)
    with Store.open(db_path) as store:
        original = store.get_row(row_id)
        store.update_row(row_id, {"status": "done", "result": "Đã hoàn thành trước hạn"})
    changed = content(db_path)

    assert main(["restore", str(saved), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert str(saved) in out and "32-KH/ĐU" in out and "nhiệm vụ" in out
    previous = [line for line in out.splitlines() if "sao lưu tại" in line]
    assert len(previous) == 1
    prev_path = Path(previous[0].split("sao lưu tại ", 1)[1].rstrip("."))
    assert prev_path.is_file() and content(prev_path) == changed

    with Store.open(db_path) as store:
        row = store.get_row(row_id)
        assert (row.status, row.result) == (original.status, original.result) != ("done", "Đã hoàn thành trước hạn")


def test_restore_refuses_a_document_and_leaves_the_database(db_path, capsys):
    dump_json(capsys, db_path)
    before = content(db_path)
    backups = list_backups(db_path)
    assert main(["restore", str(SEED_002), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert str(SEED_002) in err and "không phải là cơ sở dữ liệu cdstui" in err
    assert "Traceback" not in err
    assert content(db_path) == before
    assert list_backups(db_path) == backups


def test_restore_of_a_missing_file_exits_1(db_path, tmp_path, capsys):
    dump_json(capsys, db_path)
    assert main(["restore", str(tmp_path / "khong-co.db"), "--db", str(db_path)]) == 1
    assert "khong-co.db" in capsys.readouterr().err


def test_every_import_is_preceded_by_a_backup(db_path, capsys):
    dump_json(capsys, db_path)
    before = content(db_path)
    daily = list_backups(db_path)
    assert main(["import", str(SEED_002), "--db", str(db_path)]) == 0
    capsys.readouterr()
    made = [p for p in list_backups(db_path) if p not in daily and p.name.endswith("-import.db")]
    assert len(made) == 1
    assert content(made[0]) == before  # the database as it was before the import
    assert len(dump_json(capsys, db_path)["plans"]) == 2
