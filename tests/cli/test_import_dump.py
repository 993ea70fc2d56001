"""`cdstui import` and `cdstui dump` as scripts use them (CONTRACT.md)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from cdstui.cli import main
from tests.conftest import SEED_000, SEED_002, SEED_003, SEED_004

PLAN_KEYS = {"id", "number", "title", "issuer", "year", "tables"}
TABLE_KEYS = {"title", "kind", "rows"}
ROW_KEYS = {
    "kind", "code", "path", "title", "lead", "partners", "deadline", "due", "output", "note",
    "unit", "target", "actual", "met", "status", "completion", "result",
}


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def dump(capsys, db, *extra):
    code, out, err = run(capsys, "dump", "--db", db, *extra)
    assert code == 0, err
    return json.loads(out)


def db_bytes(db):
    # make sure nothing is pending in the WAL, then read the file itself
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return db.read_bytes()


def test_import_prints_what_it_found(capsys, tmp_path):
    db = tmp_path / "a.db"
    code, out, err = run(capsys, "import", SEED_000, "--db", db)
    assert code == 0, err
    assert "42 nhiệm vụ" in out and "17 chỉ tiêu" in out
    assert "IX" in out  # sections listed; the IX swap is reported as a repair
    assert "đổi chỗ" in out.lower() or "hoán đổi" in out.lower()


def test_dump_has_exactly_the_contract_shape(capsys, tmp_path):
    db = tmp_path / "a.db"
    assert run(capsys, "import", SEED_000, "--db", db)[0] == 0
    data = dump(capsys, db)
    assert list(data) == ["plans"] and len(data["plans"]) == 1
    plan = data["plans"][0]
    assert PLAN_KEYS <= set(plan)
    assert plan["number"] == "32-KH/ĐU" and plan["year"] == 2026 and isinstance(plan["id"], int)
    for table in plan["tables"]:
        assert TABLE_KEYS <= set(table) and table["kind"] in ("tasks", "indicators")
        for row in table["rows"]:
            assert ROW_KEYS <= set(row)
            assert row["kind"] in ("section", "group", "task", "indicator")
            assert row["status"] in ("not_started", "in_progress", "done", "not_assigned")
            assert isinstance(row["path"], list)
            assert row["due"] is None or len(row["due"]) == 10
            assert row["met"] in (True, False, None)
    rows = [r for t in plan["tables"] for r in t["rows"]]
    ix1 = next(r for r in rows if r["path"] == ["IX"] and r["code"] == "1")
    assert ix1["deadline"] == "3/2026" and ix1["due"] == "2026-03-31"
    assert ix1["output"] == "Kế hoạch; văn bản triển khai; báo cáo"
    assert sum(r["kind"] == "task" for r in rows) == 42
    assert sum(r["kind"] == "indicator" for r in rows) == 17


def test_dump_of_seed_004_keeps_progress_and_links(capsys, tmp_path):
    db = tmp_path / "a.db"
    assert run(capsys, "import", SEED_004, "--db", db)[0] == 0
    rows = [r for t in dump(capsys, db)["plans"][0]["tables"] for r in t["rows"]]
    a_i_1 = next(r for r in rows if r["path"] == ["A", "I"] and r["code"] == "1")
    assert a_i_1["completion"] == "100%" and a_i_1["status"] == "done"
    assert a_i_1["result"].count("\n") == 4
    a_vii_5 = next(r for r in rows if r["path"] == ["A", "VII"] and r["code"] == "5")
    assert "https://bangoi.khanhhoa.gov.vn/vi/tin-noi-bat-4/" in a_vii_5["result"]
    assert "Suối Môn" in a_vii_5["result"]


def test_reimport_is_idempotent(capsys, tmp_path):
    db = tmp_path / "a.db"
    assert run(capsys, "import", SEED_000, "--db", db)[0] == 0
    first = dump(capsys, db)
    code, out, _ = run(capsys, "import", SEED_000, "--db", db)
    assert code == 0 and "thêm 0" in out and "gỡ 0" in out
    assert dump(capsys, db) == first


def test_several_plans_and_plan_filter(capsys, tmp_path):
    db = tmp_path / "a.db"
    assert run(capsys, "import", SEED_000, "--db", db)[0] == 0
    assert run(capsys, "import", SEED_002, "--db", db)[0] == 0
    data = dump(capsys, db)
    assert len(data["plans"]) == 2
    second = data["plans"][1]
    only = dump(capsys, db, "--plan", second["id"])
    assert only["plans"] == [second]
    indicators = [r for t in second["tables"] for r in t["rows"] if r["kind"] == "indicator"]
    assert len(indicators) == 24
    assert not any(r["kind"] == "task" for t in second["tables"] for r in t["rows"])


@pytest.mark.parametrize(
    "name, content",
    [
        ("empty.txt", b""),
        ("binary.txt", bytes(range(256)) * 8),
        ("prose.txt", SEED_003.read_bytes()),
        ("plan.pdf", b"%PDF-1.4 not supported"),
        ("broken.docx", b"PK\x03\x04 truncated"),
        ("broken.xlsx", b"PK\x03\x04 truncated"),
        ("noTT.txt", "Tên nhiệm vụ\tCơ quan chủ trì\nViệc một\tPhòng A\n".encode()),
    ],
)
def test_bad_input_exit_1_names_file_and_leaves_db_unchanged(capsys, tmp_path, name, content):
    db = tmp_path / "a.db"
    assert run(capsys, "import", SEED_000, "--db", db)[0] == 0
    before = db_bytes(db)
    bad = tmp_path / name
    bad.write_bytes(content)
    code, out, err = run(capsys, "import", bad, "--db", db)
    assert code == 1
    assert name in err and "Traceback" not in err
    assert err.strip().count("\n") == 0  # one paragraph
    assert db_bytes(db) == before


def test_missing_file_is_exit_1(capsys, tmp_path):
    code, _, err = run(capsys, "import", tmp_path / "nothing.txt", "--db", tmp_path / "a.db")
    assert code == 1 and "nothing.txt" in err


def test_usage_errors_exit_2(capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["import"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    db = tmp_path / "a.db"
    assert run(capsys, "dump", "--db", db, "--plan", "99")[0] == 2


def test_default_database_is_created_with_the_embedded_plan(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "dump")
    assert code == 0, err
    assert (tmp_path / "data" / "cdstui.db").exists()
    assert json.loads(out)["plans"][0]["number"] == "32-KH/ĐU"
    monkeypatch.setenv("CDSTUI_DB", str(tmp_path / "env.db"))
    assert run(capsys, "dump")[0] == 0
    assert (tmp_path / "env.db").exists()


def test_embedded_toml_plan_dumps_like_the_seed(capsys, tmp_path):
    from cdstui.paths import default_plan_file

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert run(capsys, "import", SEED_000, "--db", a)[0] == 0
    assert run(capsys, "import", default_plan_file(), "--db", b)[0] == 0
    da, db_ = dump(capsys, a), dump(capsys, b)
    assert da["plans"][0]["tables"] == db_["plans"][0]["tables"]
