"""The agency round trip when the agency moves, copies, adds or deletes rows, or edits the hidden ids.

Each test edits an exported workbook the way a careless agency would (with
openpyxl, as Excel would save it), imports it through the command line and
checks, row by row of the database, that every value landed on its own task
and that every row of the file that was not applied is named in the summary.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cdstui.store import Store
from tests.importers.test_roundtrip import db_digest, export
from tests.report.conftest import progressed_db, run, seeded_db  # noqa: F401 - fixtures

ID_HEADER = "cdstui-id"
STATUS = "Tình trạng"
COMPLETION = "Mức độ hoàn thành"
RESULT = "Kết quả thực hiện (chi tiết, minh chứng)"


class TaskSheet:
    """The task sheet of an exported workbook, open for editing."""

    def __init__(self, path: Path) -> None:
        self.book = openpyxl.load_workbook(path)
        self.ws = self.book["Phụ lục I"]
        self.header = next(r for r in range(1, 40) if self.ws.cell(row=r, column=1).value == "STT")

    def col(self, header: str) -> int:
        for cell in self.ws[self.header]:
            if cell.value == header:
                return cell.column
        raise AssertionError(header)

    def row(self, code: str) -> int:
        (found,) = [r for r in range(self.header + 1, self.ws.max_row + 1) if self.ws.cell(row=r, column=1).value == code]
        return found

    def cell(self, code: str, header: str):
        return self.ws.cell(row=self.row(code), column=self.col(header))

    def set(self, code: str, header: str, value) -> None:
        self.cell(code, header).value = value

    def insert(self, before: int, values: dict[str, object]) -> None:
        """A new row at ``before``, filled by header."""
        self.ws.insert_rows(before)
        for header, value in values.items():
            self.ws.cell(row=before, column=self.col(header)).value = value

    def save(self, path: Path) -> Path:
        self.book.save(path)
        self.book.close()
        return path


def progress(db: Path) -> dict[str, tuple]:
    """Every task's and indicator's progress, by number and title."""
    with Store.open(db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        return {
            f"{'/'.join(r.path)} {r.code} {r.title[:30]}": (r.status, r.completion, r.result, r.note, r.actual, r.verdict)
            for r in plan.rows()
            if r.kind in ("task", "indicator")
        }


def changed(before: dict, after: dict) -> dict[str, tuple]:
    return {key: after[key] for key in before if before[key] != after[key]}


def task_id(db: Path, code: str) -> int:
    with Store.open(db) as store:
        (row,) = [r for r in store.load_plan(store.plan_ids()[0]).tasks() if r.code == code and r.path[:1] == ["III"]]
        return row.id


def key(db: Path, code: str) -> str:
    with Store.open(db) as store:
        (row,) = [r for r in store.load_plan(store.plan_ids()[0]).tasks() if r.code == code and r.path[:1] == ["III"]]
        return f"{'/'.join(row.path)} {row.code} {row.title[:30]}"


def import_file(capsys, db: Path, path: Path) -> str:
    code, out, err = run(capsys, "import", path, "--db", db)
    assert code == 0, err
    return out


def other_ids(db: Path) -> dict[str, int]:
    with Store.open(db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        return {
            "indicator": plan.indicators()[0].id,
            "section": next(r.id for r in plan.rows() if r.kind == "section"),
        }


@pytest.mark.parametrize("bad", ["99999", "abc", "indicator", "section"])
def test_a_changed_id_is_not_trusted_and_the_row_is_found_by_number_and_title(progressed_db, capsys, tmp_path, bad):
    sheet = TaskSheet(export(capsys, progressed_db))
    sheet.set("4.2.4", STATUS, "Hoàn thành")
    sheet.set("4.2.4", ID_HEADER, other_ids(progressed_db).get(bad, bad))
    filled = sheet.save(tmp_path / "filled.xlsx")
    before = progress(progressed_db)
    out = import_file(capsys, progressed_db, filled)
    assert "1 nhiệm vụ" in out and "Không nhập" not in out
    assert changed(before, progress(progressed_db)) == {key(progressed_db, "4.2.4"): ("done", "60%", "", "", None, None)}


def test_an_added_row_is_named_and_nothing_of_it_is_applied(progressed_db, capsys, tmp_path):
    sheet = TaskSheet(export(capsys, progressed_db))
    below = sheet.row("4.2.4") + 1
    sheet.insert(below, {"STT": "4.2.9", "Nhiệm vụ/giải pháp": "Tập huấn bổ sung do cơ quan tự thêm", STATUS: "Hoàn thành"})
    sheet.set("4.2.5", STATUS, "Đang triển khai")  # below the new row: still lands on its own task
    filled = sheet.save(tmp_path / "added.xlsx")
    before = progress(progressed_db)
    out = import_file(capsys, progressed_db, filled)
    assert "Không nhập 1 dòng" in out
    assert f"Phụ lục I, dòng {below}: 4.2.9 Tập huấn bổ sung do cơ quan tự thêm" in out
    assert list(changed(before, progress(progressed_db))) == [key(progressed_db, "4.2.5")]


def test_an_id_copied_onto_another_task_does_not_move_its_values(progressed_db, capsys, tmp_path):
    sheet = TaskSheet(export(capsys, progressed_db))
    sheet.set("4.2.1", ID_HEADER, sheet.cell("4.2.4", ID_HEADER).value)
    sheet.set("4.2.1", STATUS, "Hoàn thành")
    sheet.set("4.2.4", COMPLETION, "90%")
    filled = sheet.save(tmp_path / "copied-id.xlsx")
    before = progress(progressed_db)
    out = import_file(capsys, progressed_db, filled)
    assert "2 nhiệm vụ" in out and "Không nhập" not in out
    after = progress(progressed_db)
    assert changed(before, after) == {
        key(progressed_db, "4.2.1"): ("done", None, "", "", None, None),
        key(progressed_db, "4.2.4"): ("in_progress", "90%", "", "", None, None),
    }


def test_a_row_copied_whole_is_applied_from_neither_copy(progressed_db, capsys, tmp_path):
    sheet = TaskSheet(export(capsys, progressed_db))
    source = sheet.row("4.2.4")
    sheet.ws.insert_rows(source + 1)
    for col in range(1, sheet.col(ID_HEADER) + 1):
        sheet.ws.cell(row=source + 1, column=col).value = sheet.ws.cell(row=source, column=col).value
    sheet.ws.cell(row=source, column=sheet.col(STATUS)).value = "Hoàn thành"
    sheet.ws.cell(row=source + 1, column=sheet.col(STATUS)).value = "Không giao"
    filled = sheet.save(tmp_path / "twice.xlsx")
    before = progress(progressed_db)
    out = import_file(capsys, progressed_db, filled)
    assert "Không nhập 2 dòng" in out
    assert f"dòng {source}: 4.2.4 Tập huấn" in out and f"dòng {source + 1}: 4.2.4 Tập huấn" in out
    assert "không biết dòng nào đúng" in out
    assert changed(before, progress(progressed_db)) == {}


def test_two_swapped_ids_still_land_each_value_on_its_own_task(progressed_db, capsys, tmp_path):
    sheet = TaskSheet(export(capsys, progressed_db))
    a, b = sheet.cell("4.2.1", ID_HEADER), sheet.cell("4.2.4", ID_HEADER)
    a.value, b.value = b.value, a.value
    sheet.set("4.2.1", STATUS, "Hoàn thành")
    sheet.set("4.2.4", RESULT, "Công an phường: 3 lớp tập huấn")
    filled = sheet.save(tmp_path / "swapped.xlsx")
    before = progress(progressed_db)
    import_file(capsys, progressed_db, filled)
    assert changed(before, progress(progressed_db)) == {
        key(progressed_db, "4.2.1"): ("done", None, "", "", None, None),
        key(progressed_db, "4.2.4"): ("in_progress", "60%", "Công an phường: 3 lớp tập huấn", "", None, None),
    }


def test_without_the_id_column_a_deleted_row_above_moves_nothing(progressed_db, capsys, tmp_path):
    """The issue's case: task 5's filling was written onto task 4."""
    sheet = TaskSheet(export(capsys, progressed_db))
    sheet.set("4.2.4", COMPLETION, "90%")
    sheet.set("4.2.5", STATUS, "Hoàn thành")
    sheet.ws.delete_cols(sheet.col(ID_HEADER))
    sheet.ws.delete_rows(sheet.row("4.2.2"))
    filled = sheet.save(tmp_path / "no-ids.xlsx")
    before = progress(progressed_db)
    out = import_file(capsys, progressed_db, filled)
    assert changed(before, progress(progressed_db)) == {
        key(progressed_db, "4.2.4"): ("in_progress", "90%", "", "", None, None),
        key(progressed_db, "4.2.5"): ("done", None, "", "", None, None),
    }
    assert "2 nhiệm vụ" in out and "Không nhập" not in out
    assert "không thấy dòng «III.4.2.2 Tập huấn nâng cao kỹ năng số thành viên" in out


def test_without_the_id_column_a_row_inserted_above_moves_nothing(progressed_db, capsys, tmp_path):
    sheet = TaskSheet(export(capsys, progressed_db))
    sheet.set("4.2.4", COMPLETION, "90%")
    sheet.ws.delete_cols(sheet.col(ID_HEADER))
    at = sheet.row("4.2.3")
    sheet.insert(at, {"STT": "4.2.2a", "Nhiệm vụ/giải pháp": "Hội nghị chuyển đổi số của khu phố", STATUS: "Hoàn thành"})
    filled = sheet.save(tmp_path / "inserted.xlsx")
    before = progress(progressed_db)
    out = import_file(capsys, progressed_db, filled)
    assert changed(before, progress(progressed_db)) == {key(progressed_db, "4.2.4"): ("in_progress", "90%", "", "", None, None)}
    assert f"dòng {at}: 4.2.2a Hội nghị chuyển đổi số của khu phố" in out


# --- long text (issue 11, item 6) -----------------------------------------------------------

# 100,016 characters, as in the issue; a cell holds 32,767
LONG = ("Kết quả chi tiết đợt tập huấn, danh sách người dự và minh chứng kèm theo. " * 1400)[:100_000] + "…hết báo cáo 4.2"


def long_result_db(db: Path) -> int:
    row_id = task_id(db, "4.2.4")
    with Store.open(db) as store:
        store.update_row(row_id, {"result": LONG})
    return row_id


def test_a_long_result_is_cut_with_a_warning_and_comes_back_whole(progressed_db, capsys, tmp_path):
    from cdstui.report.export import export_report
    from tests.report.conftest import TODAY

    row_id = long_result_db(progressed_db)
    with Store.open(progressed_db) as store:
        result = export_report(store, store.plan_ids()[0], "2026-Q3", today=TODAY, output=tmp_path / "sent.xlsx")
        history = len(store.history(row_id))
    (note,) = [n for n in result.notes if "32.767" in n]
    assert "4.2.4" in note and "Kết quả thực hiện" in note and "Phụ lục I" in note
    sheet = TaskSheet(result.path)
    assert len(sheet.cell("4.2.4", RESULT).value) == 32767
    sheet.book.close()

    out = import_file(capsys, progressed_db, result.path)  # back untouched
    assert "0 nhiệm vụ, 0 chỉ tiêu" in out
    with Store.open(progressed_db) as store:
        row = next(r for r in store.load_plan(store.plan_ids()[0]).tasks() if r.id == row_id)
        assert len(row.result) == 100_016 and row.result == LONG
        assert len(store.history(row_id)) == history


def test_an_edited_cut_cell_is_a_conflict_and_the_whole_text_stays(progressed_db, capsys, tmp_path):
    row_id = long_result_db(progressed_db)
    sheet = TaskSheet(export(capsys, progressed_db))
    cell = sheet.cell("4.2.4", RESULT)
    cell.value = cell.value[:1000] + " (đã rút gọn)"
    filled = sheet.save(tmp_path / "shortened.xlsx")
    out = import_file(capsys, progressed_db, filled)
    assert "Xung đột: 1" in out and "bị cắt còn 32.767 ký tự" in out
    with Store.open(progressed_db) as store:
        row = next(r for r in store.load_plan(store.plan_ids()[0]).tasks() if r.id == row_id)
    assert row.result == LONG


# --- a report without its hidden sheet (issue 11, item 7) -------------------------------------


@pytest.mark.parametrize("lead", [None, "Công an phường"], ids=["full report", "lead copy"])
def test_a_report_without_its_hidden_sheet_does_not_become_a_plan(progressed_db, capsys, tmp_path, lead):
    sent = export(capsys, progressed_db, *(["--lead", lead] if lead else []))
    book = openpyxl.load_workbook(sent)
    del book["_cdstui"]
    stripped = tmp_path / "Báo cáo quý III.xlsx"
    book.save(stripped)
    book.close()
    before = db_digest(progressed_db)
    code, out, err = run(capsys, "import", stripped, "--db", progressed_db)
    assert code == 1 and out == ""
    assert "Báo cáo quý III.xlsx" in err and "bản báo cáo do cdstui xuất ra" in err and "_cdstui" in err
    assert "Traceback" not in err
    assert db_digest(progressed_db) == before


def test_swapped_ids_on_the_indicator_sheet_land_each_value_on_its_own_indicator(progressed_db, capsys, tmp_path):
    book = openpyxl.load_workbook(export(capsys, progressed_db))
    ws = book["Phụ lục II"]
    header = next(r for r in range(1, 40) if ws.cell(row=r, column=1).value == "STT")
    names = {c.value: c.column for c in ws[header] if c.value}
    id_col, actual = names[ID_HEADER], names["Kết quả thực hiện"]
    first, second = [r for r in range(header + 1, ws.max_row + 1) if ws.cell(row=r, column=id_col).value][2:4]
    a, b = ws.cell(row=first, column=id_col), ws.cell(row=second, column=id_col)
    a.value, b.value = b.value, a.value
    ws.cell(row=first, column=actual).value = "12 hồ sơ"
    ws.cell(row=second, column=actual).value = "34 hồ sơ"
    titles = ws.cell(row=first, column=2).value, ws.cell(row=second, column=2).value
    filled = tmp_path / "indicators.xlsx"
    book.save(filled)
    book.close()
    out = import_file(capsys, progressed_db, filled)
    assert "2 chỉ tiêu" in out and "Không nhập" not in out
    with Store.open(progressed_db) as store:
        by_title = {r.title: r.actual for r in store.load_plan(store.plan_ids()[0]).indicators()}
    assert (by_title[titles[0]], by_title[titles[1]]) == ("12 hồ sơ", "34 hồ sơ")


def test_progress_typed_on_a_group_row_is_named_and_not_applied(progressed_db, capsys, tmp_path):
    sheet = TaskSheet(export(capsys, progressed_db))
    group = next(
        r for r in range(sheet.header + 1, sheet.ws.max_row)
        if sheet.ws.cell(row=r, column=1).value == "4.2" and sheet.ws.cell(row=r, column=sheet.col(ID_HEADER)).value is None
    )
    (span,) = [m for m in sheet.ws.merged_cells.ranges if m.min_row == group]
    sheet.ws.unmerge_cells(str(span))  # as Excel needs before a cell of the span can be typed in
    sheet.ws.cell(row=group, column=sheet.col(STATUS)).value = "Hoàn thành"
    filled = sheet.save(tmp_path / "group.xlsx")
    before = progress(progressed_db)
    out = import_file(capsys, progressed_db, filled)
    assert f"dòng {group}: 4.2 " in out and "dòng mục/nhóm" in out
    assert changed(before, progress(progressed_db)) == {}
