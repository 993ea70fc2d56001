"""`cdstui calendar` lists the year's reports of every type, sent and overdue ones marked (issue 12)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cdstui.store import Store
from cdstui.store.submissions import mark_sent, record_submission
from tests.cli.helpers import WARDS, run, ward_database
from tests.conftest import db_content




@pytest.fixture
def db(capsys, tmp_path):
    return ward_database(capsys, tmp_path)


def test_the_year_of_reports_with_sent_and_overdue_ones(capsys, db):
    with Store.open(db) as store:
        q3 = record_submission(store, 1, "2026-Q3", "exports/ba-ngoi_quy-iii-2026.xlsx", {})
        mark_sent(store, 1, "2026-Q3", sent_at=date(2026, 9, 14), sent_to=["Sở Khoa học và Công nghệ"], submission_id=q3)
        mark_sent(store, 1, "2026-H1", report_type="KHCN-CĐS", sent_at=date(2026, 7, 9), sent_to=["Sở KH&CN"])
        store.conn.execute("UPDATE submissions SET at = '2026-09-12T15:00:00+07:00' WHERE id = ?", [q3])
    before = db_content(db)
    code, out, err = run(capsys, "calendar", "--db", db, "--today", "2026-10-12")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Kế hoạch 32-KH/ĐU (mã 1) — lịch báo cáo năm 2026, hôm nay 12/10/2026"
    assert lines[1] == "Cần làm trước: Báo cáo KHCN-CĐS 9 tháng năm 2026 — quá hạn 2 ngày"
    reports = [line.split(" | ") for line in lines[2:]]
    assert len(reports) == 6 + 4 + 4 + 12  # every period of every type
    by_key = {(r[0], r[1]): r for r in reports}
    assert by_key["Kế hoạch", "Quý III/2026"] == [
        "Kế hoạch", "Quý III/2026", "hạn 15/09/2026", "Đã nộp", "đã nộp đúng hạn", "lập 12/09/2026",
        "gửi 14/09/2026 cho Sở Khoa học và Công nghệ", "exports/ba-ngoi_quy-iii-2026.xlsx",
    ]
    assert by_key["KHCN-CĐS", "6 tháng đầu năm 2026"][2:7] == [
        "hạn 10/07/2026", "Đã nộp", "đã nộp đúng hạn", "chưa lập", "gửi 09/07/2026 cho Sở KH&CN",
    ]
    assert by_key["KHCN-CĐS", "9 tháng năm 2026"][2:5] == ["hạn 10/10/2026", "Trễ hạn", "quá hạn 2 ngày"]
    assert by_key["DTI", "9 tháng năm 2026"][2:5] == ["hạn 15/10/2026", "Chưa nộp", "còn 3 ngày"]
    assert by_key["KHCN-CĐS", "Năm 2026"][2:4] == ["hạn 15/01/2027", "Chưa nộp"]
    assert by_key["DTI", "Năm 2026"][2] == "hạn 20/01/2027"
    assert by_key["NQ57", "Tháng 12/2026"][2:4] == ["hạn 10/01/2027", "Chưa đến hạn"]
    assert by_key["Kế hoạch", "Năm 2026"][2] == "hạn 20/11/2026"
    dues = [date(int(r[2][-4:]), int(r[2][-7:-5]), int(r[2][-10:-8])) for r in reports]
    assert dues == sorted(dues)
    assert db_content(db) == before  # a listing writes nothing


def test_each_plan_has_its_own_calendar_from_its_own_rule(capsys, db):
    assert run(capsys, "import", WARDS / "dong-hai_45-KH-UBND_2026.txt", "--db", db)[0] == 0
    code, out, err = run(capsys, "calendar", "--db", db, "--today", "2026-01-05", "--plan", "2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Kế hoạch 45/KH-UBND (mã 2)")
    own = [line for line in lines[2:] if line.startswith("Kế hoạch |")]
    assert [line.split(" | ")[1:3] for line in own] == [
        ["Quý I/2026", "hạn 10/03/2026"], ["6 tháng đầu năm 2026", "hạn 25/05/2026"], ["Quý II/2026", "hạn 10/06/2026"],
        ["Quý III/2026", "hạn 10/09/2026"], ["Năm 2026", "hạn 20/11/2026"], ["Quý IV/2026", "hạn 10/12/2026"],
    ]
    assert lines[1] == "Cần làm trước: Báo cáo NQ57 Tháng 1/2026 — còn 36 ngày"
    # the dump names the same report types
    code, out, err = run(capsys, "dump", "--db", db, "--plan", "2")
    types = json.loads(out)["plans"][0]["report_types"]
    assert [t["name"] for t in types] == ["Kế hoạch", "KHCN-CĐS", "DTI", "NQ57"]
    assert types[0] == {
        "name": "Kế hoạch", "recipients": ["Ủy ban nhân dân phường Đông Hải"], "periods": ["quarter", "H1", "year"],
        "due": {"rule": "last_month", "day": 10, "dates": {"H1": "25/05", "year": "20/11"}}, "scope": "auto",
        "columns": ["code", "title", "lead", "partners", "deadline", "output", "status", "completion", "result", "note"],
    }


def test_an_unknown_plan_is_bad_usage(capsys, db):
    code, _out, err = run(capsys, "calendar", "--db", db, "--plan", "7")
    assert code == 2 and "không có kế hoạch mã 7" in err
