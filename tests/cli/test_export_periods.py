"""The report of a period as the officer checks it (issue 12): the entries dated in its
range, cumulative or in the period, status as at the period's end, "Chưa đến hạn",
the report type's columns, and the plan's own ward in the heading."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from cdstui.cli import main
from cdstui.domain.entries import Evidence
from cdstui.domain.labels import row_number
from cdstui.settings import Settings, save_settings, settings_path_for
from cdstui.store import Store
from cdstui.store.entries import add_entry
from cdstui.store.submissions import list_submissions
from tests.cli.helpers import WARDS, run, ward_database

RESULT = "Kết quả thực hiện (chi tiết, minh chứng)"
PLAN_12 = Evidence(number="12/KH-UBND", date=date(2026, 2, 15), issuer="UBND phường Ba Ngòi")



def export(capsys, db, tmp_path, *extra, name="r.xlsx") -> Path:
    code, out, err = run(capsys, "export", "--db", db, "-o", tmp_path / name, *extra)
    assert code == 0, err
    return Path(out.strip())


def task_id(db, number: str) -> int:
    with Store.open(db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        return next(r.id for r in plan.tasks() if row_number(r.path, r.code) == number)


def table(path: Path, sheet: str = "Phụ lục I") -> tuple[list[str], dict[str, dict[str, object]]]:
    """The task sheet's header and, per task number (section.code), its cells by header."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    rows = list(ws.iter_rows(values_only=True))
    book.close()
    h = next(i for i, r in enumerate(rows) if r[0] == "STT")
    header = [c for c in rows[h] if c and c != "cdstui-id"]
    out, section = {}, ""
    for r in rows[h + 1 :]:
        code = str(r[0] or "")
        if code and code.isupper() and code.isalpha():
            section = code
        elif code and r[len(header)] is not None:  # a task: the hidden id column is set
            out[f"{section}.{code}"] = dict(zip(header, r))
    return header, out


@pytest.fixture
def db(capsys, tmp_path):
    path = ward_database(capsys, tmp_path)
    ii2 = task_id(path, "II.2")
    with Store.open(path) as store:
        for day, text in [
            (date(2026, 2, 20), "Ban hành kế hoạch triển khai"),
            (date(2026, 5, 12), "Họp sơ kết 6 tháng"),
            (date(2026, 7, 1), "Tập huấn đợt 1"),
            (date(2026, 9, 30), "Tập huấn đợt 2"),
            (date(2026, 10, 1), "Tổng kết năm"),
        ]:
            add_entry(store, ii2, text, day=day, docs=[PLAN_12] if day.month == 7 else [])
    return path


def test_a_q3_report_shows_only_the_entries_dated_in_q3(capsys, db, tmp_path):
    path = export(capsys, db, tmp_path, "--period", "2026-Q3", "--today", "2026-10-08")
    header, tasks = table(path)
    assert tasks["II.2"][RESULT] == (
        "Tập huấn đợt 1 tại Kế hoạch số 12/KH-UBND ngày 15/02/2026\nTập huấn đợt 2"
    )
    book = openpyxl.load_workbook(path)
    notes = [c for row in book["Phụ lục I"].iter_rows(max_row=10, values_only=True) for c in row if c]
    book.close()
    assert "Kết quả trong kỳ từ ngày 01/07/2026 đến ngày 30/09/2026" in notes


@pytest.mark.parametrize(("argv"), [("--period", "2026-9M"), ("--period", "2026-Q3", "--cumulative")])
def test_nine_months_and_a_cumulative_q3_show_everything_from_1_january(capsys, db, tmp_path, argv):
    path = export(capsys, db, tmp_path, *argv, "--today", "2026-10-08")
    _, tasks = table(path)
    assert tasks["II.2"][RESULT].split("\n") == [
        "Ban hành kế hoạch triển khai",
        "Họp sơ kết 6 tháng",
        "Tập huấn đợt 1 tại Kế hoạch số 12/KH-UBND ngày 15/02/2026",
        "Tập huấn đợt 2",
    ]


def test_in_period_narrows_a_six_month_report(capsys, db, tmp_path):
    _, cumulative = table(export(capsys, db, tmp_path, "--period", "2026-H1", "--today", "2026-07-05", name="a.xlsx"))
    assert cumulative["II.2"][RESULT] == "Ban hành kế hoạch triển khai\nHọp sơ kết 6 tháng"
    _, year = table(export(capsys, db, tmp_path, "--period", "2026", "--in-period", "--today", "2027-01-05", name="b.xlsx"))
    assert year["II.2"][RESULT].endswith("Tổng kết năm")
    with pytest.raises(SystemExit) as info:  # bad usage: argparse says so and exits 2
        main(["export", "--db", str(db), "--cumulative", "--in-period"])
    assert info.value.code == 2 and "--in-period" in capsys.readouterr().err


def test_a_task_due_in_december_reads_not_yet_due_in_the_q3_report(capsys, db, tmp_path):
    path = export(capsys, db, tmp_path, "--period", "2026-Q3", "--today", "2026-10-08")
    _, tasks = table(path)
    with Store.open(db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        december = [row_number(r.path, r.code) for r in plan.tasks() if r.deadline == "12/2026" and r.status != "done"]
        due_in_q1 = [row_number(r.path, r.code) for r in plan.tasks() if r.deadline == "Quý I/2026"]
    assert december and all(tasks[n]["Tình trạng"] == "Chưa đến hạn" for n in december)
    assert all(tasks[n]["Tình trạng"] != "Chưa đến hạn" for n in due_in_q1)
    # the round trip leaves a "Chưa đến hạn" the agency did not touch as it is
    code, out, err = run(capsys, "import", path, "--db", db)
    assert code == 0, err
    assert "0 nhiệm vụ, 0 chỉ tiêu" in out


def test_status_completion_and_values_as_they_were_at_the_periods_end(capsys, db, tmp_path):
    ii2 = task_id(db, "II.2")
    with Store.open(db) as store:
        store.update_row(ii2, {"status": "in_progress", "completion": "70%"})
        store.update_row(ii2, {"status": "done", "completion": "100%"})
        first, second = store.conn.execute(
            "SELECT DISTINCT batch FROM history WHERE row_id = ? AND field = 'status' ORDER BY batch", [ii2]
        ).fetchall()
        store.conn.execute("UPDATE history SET at = '2026-08-20T10:00:00+07:00' WHERE batch = ?", first)
        store.conn.execute("UPDATE history SET at = '2026-10-03T10:00:00+07:00' WHERE batch = ?", second)
        indicator = next(r for r in store.load_plan(store.plan_ids()[0]).indicators() if r.unit == "%")
        add_entry(store, indicator.id, value="60%", day=date(2026, 9, 1))
        add_entry(store, indicator.id, value="85%", day=date(2026, 10, 2))
    q3 = export(capsys, db, tmp_path, "--period", "2026-Q3", "--today", "2026-10-08", name="q3.xlsx")
    _, tasks = table(q3)
    assert (tasks["II.2"]["Tình trạng"], tasks["II.2"]["Mức độ hoàn thành"]) == ("Đang triển khai", 0.7)
    book = openpyxl.load_workbook(q3)
    values = [c for row in book["Phụ lục II"].iter_rows(values_only=True) for c in row]
    book.close()
    assert 0.6 in values and 0.85 not in values
    # the report of a period still running shows the plan as it is
    now = export(capsys, db, tmp_path, "--period", "2026-Q4", "--today", "2026-10-08", name="q4.xlsx")
    assert table(now)[1]["II.2"]["Tình trạng"] == "Hoàn thành"


def test_a_report_type_chooses_its_columns_and_is_recorded_on_the_calendar(capsys, db, tmp_path):
    settings = Settings()
    with Store.open(db) as store:
        plan = store.load_plan(store.plan_ids()[0])
    chosen = settings.for_plan(plan)
    khcn = chosen.report_type("KHCN-CĐS")
    khcn.columns = ["code", "title", "lead", "status", "result"]
    save_settings(settings.with_plan(plan, chosen), settings_path_for(db))
    code, out, err = run(capsys, "export", "--db", db, "--type", "khcn-cds", "--period", "2026-9M", "--today", "2026-10-08",
                         "-o", tmp_path)
    assert code == 0, err
    path = Path(out.strip())
    assert path.name == "ba-ngoi_32-KH-DU_2026-9M_khcn-cds.xlsx"
    header, tasks = table(path)
    assert header == ["STT", "Nhiệm vụ/giải pháp", "Cơ quan chủ trì", "Tình trạng", RESULT]
    assert tasks["II.2"][RESULT].startswith("Ban hành kế hoạch triển khai")
    with Store.open(db) as store:
        (sub,) = list_submissions(store, store.plan_ids()[0])
    assert (sub["type"], sub["period"]) == ("KHCN-CĐS", "2026-9M")
    code, out, err = run(capsys, "calendar", "--db", db, "--today", "2026-10-08")
    line = next(line for line in out.splitlines() if line.startswith("KHCN-CĐS | 9 tháng"))
    assert "Chưa nộp" in line and "lập " in line and path.name in line
    code, _out, err = run(capsys, "export", "--db", db, "--type", "Báo cáo tuần")
    assert code == 2 and "Không có loại báo cáo «Báo cáo tuần»" in err and "«KHCN-CĐS»" in err


def test_another_wards_report_is_headed_with_its_own_ward(capsys, tmp_path):
    db = tmp_path / "dong-hai.db"
    assert run(capsys, "import", WARDS / "dong-hai_45-KH-UBND_2026.txt", "--db", db)[0] == 0
    code, out, err = run(capsys, "export", "--db", db, "--period", "2026-Q3", "--today", "2026-10-08", "-o", tmp_path)
    assert code == 0, err
    path = Path(out.strip())
    assert path.name == "dong-hai_45-KH-UBND_2026-Q3.xlsx"
    book = openpyxl.load_workbook(path)
    texts = [str(c) for ws in book.worksheets if ws.sheet_state == "visible" for row in ws.iter_rows(values_only=True)
             for c in row if c]
    book.close()
    assert "UBND PHƯỜNG ĐÔNG HẢI" in texts and "Đông Hải, ngày 08 tháng 10 năm 2026" in texts
    assert not any("Ba Ngòi" in t or "BA NGÒI" in t for t in texts)


def test_an_old_database_exports_after_the_migration(capsys, old_database, tmp_path):
    """A database of the current release: its results became entries dated at
    their last change (29/11/2026), so they belong to the year's report."""
    year = export(capsys, old_database, tmp_path, "--period", "2026", "--today", "2026-12-20")
    _, tasks = table(year)
    assert any(t[RESULT] == "Đã tổ chức 3 lớp tập huấn\nHọp ngày 3/10/2026" for t in tasks.values())
    conn = sqlite3.connect(old_database)
    assert conn.execute("SELECT COUNT(*) FROM submissions WHERE report_type = 'Kế hoạch'").fetchone()[0] == 1
    conn.close()


def test_the_word_report_shows_the_same_range_and_wording(capsys, db, tmp_path):
    """Issue 13's Word report of the Q3 period: its appendix and its drafted
    narrative take the entries dated in Q3, citing their documents."""
    import docx

    code, out, err = run(capsys, "export", "--db", db, "--format", "docx", "--period", "2026-Q3", "--today", "2026-10-08",
                         "-o", tmp_path)
    assert code == 0, err
    document = docx.Document(out.strip())
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [p.text for p in document.paragraphs]
    everything = "\n".join(cells + paragraphs)
    assert "Tập huấn đợt 1 tại Kế hoạch số 12/KH-UBND ngày 15/02/2026" in everything
    assert "Ban hành kế hoạch triển khai" not in everything  # dated in February
    assert "Chưa đến hạn" in cells
