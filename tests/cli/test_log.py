"""`cdstui log TASK TEXT …` adds a dated entry; bad input changes nothing (CONTRACT.md, issue 12)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cdstui.store import Store
from cdstui.store.entries import edit_entry, list_entries
from cdstui.store.undo import undo_last
from tests.cli.helpers import WARDS, run, ward_database
from tests.conftest import db_content




@pytest.fixture
def db(capsys, tmp_path):
    return ward_database(capsys, tmp_path)


def rows_by_number(capsys, db) -> dict[str, dict]:
    from cdstui.domain.labels import row_number

    code, out, err = run(capsys, "dump", "--db", db)
    assert code == 0, err
    plan = json.loads(out)["plans"][0]
    return {row_number(r["path"], r["code"]): r for t in plan["tables"] for r in t["rows"]}


def test_an_entry_with_its_document_and_file(capsys, db, tmp_path):
    scan = tmp_path / "Kế hoạch 12.pdf"
    scan.write_bytes(b"%PDF-1.7")
    code, out, err = run(
        capsys, "log", "II.2", "Đã ban hành kế hoạch triển khai", "--db", db, "--date", "2026-09-15",
        "--doc", "12/KH-UBND", "--doc-date", "2026-02-15", "--doc-issuer", "UBND phường Ba Ngòi",
        "--doc-summary", "Kế hoạch chuyển đổi số năm 2026", "--file", scan,
    )
    assert code == 0, err
    assert out.startswith("Đã ghi vào nhật ký của II.2 ")
    assert "15/09/2026: Đã ban hành kế hoạch triển khai tại Kế hoạch số 12/KH-UBND ngày 15/02/2026" in out
    row = rows_by_number(capsys, db)["II.2"]
    assert row["entries"] == [{
        "date": "2026-09-15",
        "text": "Đã ban hành kế hoạch triển khai",
        "docs": [{
            "number": "12/KH-UBND", "date": "2026-02-15", "issuer": "UBND phường Ba Ngòi",
            "summary": "Kế hoạch chuyển đổi số năm 2026", "file": "evidence/2026-09-15_Kế-hoạch-12.pdf",
        }],
        "value": None,
        "origin": "cli",
    }]
    assert row["result"] == "Đã ban hành kế hoạch triển khai"
    assert (db.parent / "evidence" / "2026-09-15_Kế-hoạch-12.pdf").read_bytes() == b"%PDF-1.7"
    assert row["history"][-1]["field"] == "entry"


def test_the_entry_defaults_to_today_and_is_edited_undone_and_dumped(capsys, db, monkeypatch):
    monkeypatch.setenv("CDSTUI_TODAY", "2026-10-02")
    assert run(capsys, "log", "III.4.2.1", "Tổ chức 02 lớp tập huấn AI", "--db", db)[0] == 0
    assert run(capsys, "log", "III.4.2.1", "Họp Đoàn thanh niên", "--db", db, "--date", "2026-08-01")[0] == 0
    row = rows_by_number(capsys, db)["III.4.2.1"]
    assert [(e["date"], e["text"]) for e in row["entries"]] == [
        ("2026-08-01", "Họp Đoàn thanh niên"), ("2026-10-02", "Tổ chức 02 lớp tập huấn AI"),
    ]
    assert row["result"] == "Họp Đoàn thanh niên\nTổ chức 02 lớp tập huấn AI"
    with Store.open(db) as store:
        first = list_entries(store, [r for r in store.load_plan(1).tasks() if r.code == "4.2.1"][0].id)[0]
        edit_entry(store, first.id, expected_text=first.text, expected_date=first.date, text="Họp Đoàn thanh niên phường")
    assert rows_by_number(capsys, db)["III.4.2.1"]["entries"][0]["text"] == "Họp Đoàn thanh niên phường"
    with Store.open(db) as store:
        undo_last(store, 1)
    assert rows_by_number(capsys, db)["III.4.2.1"]["entries"][0]["text"] == "Họp Đoàn thanh niên"


def test_an_indicator_value_on_its_day(capsys, tmp_path):
    db = tmp_path / "dong-hai.db"
    assert run(capsys, "import", WARDS / "dong-hai_45-KH-UBND_2026.txt", "--db", db)[0] == 0
    code, _out, err = run(capsys, "log", "II.7", "Theo số liệu của Trung tâm", "--value", "52%", "--db", db, "--date", "2026-06-30")
    assert code == 0, err
    assert run(capsys, "log", "II.7", "", "--value", "61%", "--db", db, "--date", "2026-09-30")[0] == 0
    row = rows_by_number(capsys, db)["II.7"]
    assert row["actual"] == "61%" and row["met"] is True  # trên 50%
    assert [(e["date"], e["value"], e["text"]) for e in row["entries"]] == [
        ("2026-06-30", "52%", "Theo số liệu của Trung tâm"), ("2026-09-30", "61%", ""),
    ]
    code, _out, err = run(capsys, "log", "III.4.2.1", "x", "--value", "50%", "--db", db)
    assert code == 1 and "không có nhiệm vụ số" in err
    code, _out, err = run(capsys, "log", "IV.1", "x", "--value", "50%", "--db", db)
    assert code == 1 and "--value chỉ dùng cho một chỉ tiêu" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["log", "II.99", "Đã làm"], "không có nhiệm vụ số «II.99»"),
        (["log", "II", "Đã làm"], "không có nhiệm vụ số «II»"),  # a section is not a task
        (["log", "II.2", "Đã làm", "--date", "2026-02-30"], "Ngày (--date) không hợp lệ"),
        (["log", "II.2", "Đã làm", "--date", "15.9.2026"], "Ngày (--date) không hợp lệ"),
        (["log", "II.2", "Đã làm", "--doc", "1/KH", "--doc-date", "mai"], "Ngày văn bản (--doc-date) không hợp lệ"),
        (["log", "II.2", "Đã làm", "--file", "không-có.pdf"], "không tìm thấy tệp minh chứng"),
        (["log", "II.2", "   "], "cần có nội dung"),
    ],
)
def test_bad_input_exits_1_and_changes_nothing(capsys, db, argv, message):
    before = db_content(db)
    code, out, err = run(capsys, *argv, "--db", db)
    assert code == 1 and out == ""
    assert message in err and "Chưa ghi gì" in err and err.startswith("cdstui: ")
    assert db_content(db) == before
    assert not (db.parent / "evidence").exists() or not any((db.parent / "evidence").iterdir())


def test_a_number_found_in_two_plans_asks_for_the_plan(capsys, db):
    from cdstui.store.entries import plan_entries

    assert run(capsys, "import", WARDS / "dong-hai_45-KH-UBND_2026.txt", "--db", db)[0] == 0
    before = db_content(db)
    code, _out, err = run(capsys, "log", "V.1", "Đã làm", "--db", db)
    assert code == 1 and "ứng với 2 dòng" in err and "Chọn kế hoạch bằng --plan" in err
    # a number the plan itself prints twice cannot be told apart: said, nothing written
    code, _out, err = run(capsys, "log", "I.1", "Đã làm", "--db", db, "--plan", "2")
    assert code == 1 and "ứng với" in err and "--plan" not in err
    assert db_content(db) == before
    assert run(capsys, "log", "V.1", "Đã làm", "--db", db, "--plan", "2", "--date", "2026-03-01")[0] == 0
    with Store.open(db) as store:
        assert [e.date for v in plan_entries(store, 2).values() for e in v] == [date(2026, 3, 1)]
        assert plan_entries(store, 1) == {}
