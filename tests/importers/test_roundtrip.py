"""The agency round trip: export, fill the workbook as an agency would, import it back."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl

from cdstui.importers.roundtrip import is_cdstui_export
from cdstui.store import Store
from tests.report.conftest import TODAY, dump, progressed_db, run, seeded_db  # noqa: F401 - fixtures

RESULT_HEADER = "Kết quả thực hiện (chi tiết, minh chứng)"


def export(capsys, db, *extra) -> Path:
    code, out, err = run(capsys, "export", "--db", db, "--period", "2026-Q3", "--today", TODAY, *extra)
    assert code == 0, err
    return Path(out.strip())


def find(ws, header: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == header:
                return cell.row, cell.column
    raise AssertionError(header)


def row_with_code(ws, code: str, title_start: str = "") -> int:
    for r in range(1, ws.max_row + 1):
        title = ws.cell(row=r, column=2).value or ""
        if ws.cell(row=r, column=1).value == code and title.startswith(title_start):
            return r
    raise AssertionError(code)


def fill(path: Path, out: Path, edits: dict[tuple[str, str, str], object], sheet="Phụ lục I") -> Path:
    """Write cells as an agency would: {(code, title start, header): value}."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    for (code, start, header), value in edits.items():
        _, col = find(ws, header)
        cell = ws.cell(row=row_with_code(ws, code, start), column=col)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # typed text, as Excel keeps it ("'=…" stays text)
    book.save(out)
    book.close()
    return out


def rows_by_code(plan_json, section: str, code: str):
    return [r for t in plan_json["tables"] for r in t["rows"] if r["code"] == code and r["path"][:1] == [section]]


def db_digest(db: Path) -> str:
    with Store.open(db) as store:
        return hashlib.sha256(
            repr(
                (
                    store.db.execute("SELECT * FROM rows ORDER BY id").fetchall(),
                    store.db.execute("SELECT * FROM history ORDER BY id").fetchall(),
                    store.db.execute("SELECT * FROM plans ORDER BY id").fetchall(),
                )
            ).encode()
        ).hexdigest()


def test_filled_workbook_merges_into_the_same_plan(progressed_db, capsys, tmp_path):
    sent = export(capsys, progressed_db)
    assert is_cdstui_export(sent)
    filled = fill(
        sent,
        tmp_path / "Công an phường - đã điền.xlsx",
        {
            ("4.2.4", "", "Tình trạng"): "Đã hoàn thành",
            ("4.2.4", "", "Mức độ hoàn thành"): "80%",
            ("4.2.4", "", RESULT_HEADER): "Tổ chức 02 lớp tập huấn (15/5/2026), 120 người dự",
            ("1.1", "Kế hoạch cải thiện", "Tình trạng"): "đang thuc hien",
            ("1.1", "Kế hoạch cải thiện", "Ghi chú"): "=chờ số liệu",
        },
    )
    # the indicators sheet: an achieved value typed as Excel stores a percentage
    book = openpyxl.load_workbook(filled)
    ind = book["Phụ lục II"]
    _, col = find(ind, "Kết quả thực hiện")
    header, _ = find(ind, "STT")
    target = header + 4  # the third indicator, under group 2.1
    assert ind.cell(row=target, column=1).value == "3"
    ind.cell(row=target, column=col).value = 0.97
    ind.cell(row=target, column=col).number_format = "0%"
    book.save(filled)
    book.close()

    code, out, err = run(capsys, "import", filled, "--db", progressed_db)
    assert code == 0, err
    assert "2 nhiệm vụ, 1 chỉ tiêu" in out
    assert "Xung đột" not in out

    data = dump(capsys, progressed_db)
    assert len(data["plans"]) == 1
    plan = data["plans"][0]
    assert sum(r["kind"] == "task" for t in plan["tables"] for r in t["rows"]) == 42
    assert sum(r["kind"] == "indicator" for t in plan["tables"] for r in t["rows"]) == 17
    (ca,) = rows_by_code(plan, "III", "4.2.4")
    assert ca["status"] == "done" and ca["completion"] == "80%"
    assert ca["result"] == "Tổ chức 02 lớp tập huấn (15/5/2026), 120 người dự"
    (dti,) = rows_by_code(plan, "III", "1.1")
    assert dti["status"] == "in_progress" and dti["note"] == "=chờ số liệu"
    indicators = [r for t in plan["tables"] for r in t["rows"] if r["kind"] == "indicator"]
    assert indicators[2]["actual"] == "97%"
    # every change is in the history, from the agency's file
    with Store.open(progressed_db) as store:
        pid = store.plan_ids()[0]
        row = next(r for r in store.load_plan(pid).tasks() if r.code == "4.2.4")
        origins = {h["field"]: h["origin"] for h in store.history(row.id)}
    assert origins["status"] == "agency:Công an phường - đã điền.xlsx"
    # the agency's "Kết quả" is a new entry of the log, not an overwrite
    assert origins["completion"] == origins["entry"] == origins["status"]
    assert [(e["origin"], e["text"]) for e in ca["entries"]] == [("agency", "Tổ chức 02 lớp tập huấn (15/5/2026), 120 người dự")]

    # importing the same file again changes nothing
    code, out, err = run(capsys, "import", filled, "--db", progressed_db)
    assert code == 0, err
    assert "0 nhiệm vụ, 0 chỉ tiêu" in out
    assert len(dump(capsys, progressed_db)["plans"]) == 1


def test_conflict_keeps_the_database_value_and_lists_it(progressed_db, capsys, tmp_path):
    sent = export(capsys, progressed_db)
    filled = fill(
        sent,
        tmp_path / "filled.xlsx",
        {
            ("4.2.4", "", "Mức độ hoàn thành"): "90%",
            ("4.2.4", "", RESULT_HEADER): "Kết quả theo công an",
            ("4.2.1", "", "Tình trạng"): "Hoàn thành",
        },
    )
    # meanwhile the officer changed the same task's completion (and nothing else)
    with Store.open(progressed_db) as store:
        row = next(r for r in store.load_plan(store.plan_ids()[0]).tasks() if r.code == "4.2.4")
        assert row.completion == "60%"
        store.update_row(row.id, {"completion": "70%"})
    code, out, err = run(capsys, "import", filled, "--db", progressed_db)
    assert code == 0, err
    assert "Xung đột: 1" in out
    assert "Mức độ hoàn thành" in out and "«90%»" in out and "«70%»" in out and "«60%»" in out
    assert "2 nhiệm vụ" in out
    plan = dump(capsys, progressed_db)["plans"][0]
    (ca,) = rows_by_code(plan, "III", "4.2.4")
    assert ca["completion"] == "70%"  # the database value is kept
    assert ca["result"] == "Kết quả theo công an"  # the field without conflict is merged
    (doan,) = rows_by_code(plan, "III", "4.2.1")
    assert doan["status"] == "done"


def test_invalid_completion_names_sheet_and_row_and_writes_nothing(progressed_db, capsys, tmp_path):
    sent = export(capsys, progressed_db)
    filled = fill(
        sent,
        tmp_path / "bad.xlsx",
        {
            ("4.2.1", "", "Tình trạng"): "Hoàn thành",  # valid, but the whole file is refused
            ("4.2.4", "", "Mức độ hoàn thành"): "120%",
        },
    )
    before = db_digest(progressed_db)
    code, out, err = run(capsys, "import", filled, "--db", progressed_db)
    assert code == 1 and out == ""
    book = openpyxl.load_workbook(filled)
    line = row_with_code(book["Phụ lục I"], "4.2.4")
    assert "bad.xlsx" in err and "Phụ lục I" in err and f"dòng {line}" in err and "0% đến 100%" in err
    assert db_digest(progressed_db) == before


def test_unknown_status_word_is_refused(progressed_db, capsys, tmp_path):
    sent = export(capsys, progressed_db)
    filled = fill(sent, tmp_path / "bad.xlsx", {("4.2.4", "", "Tình trạng"): "sắp xong rồi"})
    before = db_digest(progressed_db)
    code, out, err = run(capsys, "import", filled, "--db", progressed_db)
    assert code == 1 and "sắp xong rồi" in err and "Tình trạng" not in out
    assert db_digest(progressed_db) == before


def test_lead_copy_round_trip(progressed_db, capsys, tmp_path):
    sent = export(capsys, progressed_db, "--lead", "Đoàn thanh niên")
    book = openpyxl.load_workbook(sent)
    codes = [c.value for c in book["Phụ lục"]["A"] if c.value]
    assert "4.2.1" in codes and "4.2.4" not in codes
    book.close()
    filled = fill(sent, tmp_path / "doan.xlsx", sheet="Phụ lục", edits={("4.2.1", "", "Tình trạng"): "HOÀN THÀNH", ("4.2.1", "", "Mức độ hoàn thành"): 1.0})
    code, out, err = run(capsys, "import", filled, "--db", progressed_db)
    assert code == 0, err
    assert "1 nhiệm vụ, 0 chỉ tiêu" in out
    plan = dump(capsys, progressed_db)["plans"][0]
    (doan,) = rows_by_code(plan, "III", "4.2.1")
    assert doan["status"] == "done" and doan["completion"] == "100%"


def test_workbook_from_another_database_is_refused(progressed_db, capsys, tmp_path):
    sent = export(capsys, progressed_db)
    other = tmp_path / "other.db"
    code, out, err = run(capsys, "import", tmp_path / "missing.toml", "--db", other)
    assert code == 1
    from cdstui.workspace import open_database

    open_database(other, seed_default=False).close()
    code, out, err = run(capsys, "import", sent, "--db", other)
    assert code == 1 and "32-KH/ĐU" in err and "--db" in err


def test_round_trip_of_a_plan_of_a_thousand_tasks(tmp_path, capsys):
    """The hidden list of exported rows takes many cells for a big plan: every row still
    finds its task (it was once cut to one cell, and a big plan's filled copy changed nothing)."""
    from tests.tui.synthetic import make_synthetic_db

    db = tmp_path / "big.db"
    make_synthetic_db(db, 1000)
    sent = export(capsys, db)
    book = openpyxl.load_workbook(sent)
    ws = book[book.sheetnames[1]]  # after the summary
    _, status_col = find(ws, "Tình trạng")
    # a task due after the quarter reads "Chưa đến hạn" (issue 12)
    words = {"Chưa triển khai", "Đang triển khai", "Hoàn thành", "Không giao", "Tiếp tục duy trì", "Chưa đến hạn"}
    last = max(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=status_col).value in words)
    was = ws.cell(row=last, column=status_col).value
    word, status = ("Đang triển khai", "in_progress") if was == "Hoàn thành" else ("Hoàn thành", "done")
    ws.cell(row=last, column=status_col).value = word  # the last task of the sheet
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    book.close()
    with Store.open(db) as store:
        before = [t.status for t in store.load_plan(store.plan_ids()[0]).tasks()]

    code, out, err = run(capsys, "import", filled, "--db", db)
    assert code == 0, err
    assert "1 nhiệm vụ, 0 chỉ tiêu" in out
    with Store.open(db) as store:
        after = [t.status for t in store.load_plan(store.plan_ids()[0]).tasks()]
    assert len(after) == 1000
    assert after[:-1] == before[:-1] and after[-1] == status


def test_damaged_hidden_sheet_is_refused_and_nothing_changes(progressed_db, capsys, tmp_path):
    sent = export(capsys, progressed_db)
    filled = fill(sent, tmp_path / "filled.xlsx", {("4.2.4", "", "Tình trạng"): "Hoàn thành"})
    book = openpyxl.load_workbook(filled)
    meta = book["_cdstui"]
    cut = next(c for row in meta.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("[{"))
    cut.value = cut.value[: len(cut.value) // 2]
    book.save(filled)
    book.close()
    before = db_digest(progressed_db)
    code, out, err = run(capsys, "import", filled, "--db", progressed_db)
    assert code != 0
    assert "filled.xlsx" in err and "_cdstui" in err and "bị hỏng" in err
    assert db_digest(progressed_db) == before


def test_an_agencys_result_is_a_dated_entry_beside_the_log(progressed_db, capsys, tmp_path):
    """Issue 12: what the agency adds under "Kết quả" becomes a dated entry
    (the day of the import, origin the agency); the officer's log stays."""
    from datetime import date

    from cdstui.store.entries import add_entry, list_entries
    from cdstui.store.undo import undo_last

    with Store.open(progressed_db) as store:
        pid = store.plan_ids()[0]
        row = next(r for r in store.load_plan(pid).tasks() if r.code == "4.2.4")
        add_entry(store, row.id, "Ban hành kế hoạch tập huấn", day=date(2026, 7, 10))
    sent = export(capsys, progressed_db)
    sheet = openpyxl.load_workbook(sent)["Phụ lục I"]
    _, col = find(sheet, RESULT_HEADER)
    assert sheet.cell(row=row_with_code(sheet, "4.2.4"), column=col).value == "Ban hành kế hoạch tập huấn"
    filled = fill(sent, tmp_path / "ca.xlsx", {("4.2.4", "", RESULT_HEADER): "Ban hành kế hoạch tập huấn\nĐã tập huấn 120 người"})
    code, out, err = run(capsys, "import", filled, "--db", progressed_db)
    assert code == 0, err
    assert "1 nhiệm vụ, 0 chỉ tiêu" in out
    with Store.open(progressed_db) as store:
        log = list_entries(store, row.id)
        assert [(e.date, e.text, e.origin) for e in log] == [
            (date(2026, 7, 10), "Ban hành kế hoạch tập huấn", "app"),
            (date.today(), "Đã tập huấn 120 người", "agency"),
        ]
        # one undo step takes the agency's file back
        undo_last(store, pid)
        assert [e.text for e in list_entries(store, row.id)] == ["Ban hành kế hoạch tập huấn"]
