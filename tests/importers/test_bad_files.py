"""Bad files (issue 11, item 10): refused by ``cdstui import`` with exit 1, a Vietnamese
message naming the file (and the row or key at fault), and the database as it was.

Plan files whose values the app would never accept; formula cells without a saved
result; more bytes or rows than any plan; zip archives that unzip to gigabytes.
How fast and in how little memory the refusals come is printed by
bench/bench_bad_files.py; these tests check what the officer sees.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from cdstui.cli import main
from cdstui.importers import read_document
from cdstui.importers.limits import MAX_CELLS, MAX_ROWS, MAX_TEXT_BYTES, MAX_UNZIPPED_BYTES, MAX_XML_BYTES, MB
from tests.importers import bad_files
from tests.importers.bad_files import TOML_PROBES, write_toml_probe


@pytest.fixture
def db(tmp_path, capsys) -> Path:
    """A database holding the default plan."""
    path = tmp_path / "db" / "cdstui.db"
    assert main(["dump", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def _db_bytes(db: Path) -> bytes:
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return db.read_bytes()


def refused(file: Path, db: Path, capsys) -> str:
    """Import ``file``: exit 1, one paragraph naming the file, the database byte for byte as it was."""
    before = _db_bytes(db)
    assert main(["import", str(file), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Không nhập được {file.name}"), err
    assert "Traceback" not in err and err.strip().count("\n") == 0, err
    assert _db_bytes(db) == before
    return err


# --- plan files ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TOML_PROBES))
def test_a_plan_file_with_values_the_app_refuses_is_refused(name, tmp_path, db, capsys):
    path = write_toml_probe(name, tmp_path)
    err = refused(path, db, capsys)
    assert TOML_PROBES[name][1] in err


def test_the_values_the_app_accepts_are_read_as_the_app_keeps_them(tmp_path):
    path = tmp_path / "plan.toml"
    rows = "\n[[tables.rows]]\n".join(
        [
            bad_files.ROW.replace('"1"', '"I"').replace('"task"', '"section"').replace('["I"]', "[]"),
            bad_files.ROW + 'completion = " 98 % "\nstatus = "in_progress"\n',
            bad_files.ROW.replace('"1"', '"2"') + 'completion = "Theo tiến độ của tỉnh"\n',
        ]
    )
    path.write_text(bad_files.plan_file(bad_files.HEAD.replace("2026", "1900") + "date = 2100-12-31\n", rows), encoding="utf-8")
    plan = read_document(path).plan
    assert (plan.year, plan.date.isoformat()) == (1900, "2100-12-31")
    assert [(r.kind, r.completion) for r in plan.rows()] == [
        ("section", None),
        ("task", "98%"),
        ("task", "Theo tiến độ của tỉnh"),
    ]


# --- formulas without a saved result ----------------------------------------------------


def test_formula_cells_without_a_result_are_named_in_a_warning(tmp_path, db, capsys):
    path = bad_files.formula_workbook(tmp_path / "cong-thuc.xlsx")
    report = read_document(path)
    assert [(r.code, r.title, r.lead, r.deadline) for r in report.plan.tasks()] == [
        ("1", "Việc một", "Phòng A", ""),
        ("2", "Việc hai", "", "6/2026"),
        ("3", "Việc ba", "Phòng B", "12/2026"),
    ]
    warning = "Trang tính «Nhiệm vụ», ô D4, C5: công thức chưa có kết quả được lưu trong tệp"
    assert [w for w in report.warnings if w.startswith(warning)]
    assert main(["import", str(path), "--db", str(db)]) == 0
    assert f"Lưu ý: {warning}" in capsys.readouterr().out


def test_a_title_made_by_a_formula_without_a_result_refuses_the_workbook(tmp_path, db, capsys):
    path = bad_files.formula_workbook(tmp_path / "ten-mat.xlsx", lose_title=True)
    err = refused(path, db, capsys)
    assert "trang tính «Nhiệm vụ», ô B5 (cột «Tên nhiệm vụ») là công thức chưa có kết quả được lưu" in err
    assert "mở tệp bằng Excel, lưu lại" in err


def test_a_tt_made_by_a_formula_without_a_result_refuses_the_workbook(tmp_path, db, capsys):
    import openpyxl

    path = bad_files.formula_workbook(tmp_path / "tt.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Nhiệm vụ"]
    sheet["A6"] = "=A5+1"  # numbered by a formula, and the formula was never computed
    sheet["B6"] = "=B4"  # a blank row for the table's end, but for its formulas
    sheet["A7"], sheet["B7"] = "4", "Việc bốn"
    workbook.save(path)
    err = refused(path, db, capsys)
    assert "ô A6 (cột «TT»)" in err


def test_a_workbook_saved_by_excel_keeps_its_formulas_results(tmp_path):
    """The same cells with a result saved beside the formula (as Excel writes them) import silently."""
    path = bad_files.formula_workbook(tmp_path / "excel.xlsx")
    _save_results(path, {"D4": "Quý I/2026", "C5": "Phòng A"})
    report = read_document(path)
    assert [(r.lead, r.deadline) for r in report.plan.tasks()][:2] == [("Phòng A", "Quý I/2026"), ("Phòng A", "6/2026")]
    assert not [w for w in report.warnings if "công thức" in w]


def _save_results(path: Path, results: dict[str, str]) -> None:
    """Write a cached result into each formula cell's XML, as Excel does on saving."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in results.items():
        # openpyxl writes a formula with an empty result: <c r="D4"><f>…</f><v></v></c>
        xml, count = re.subn(rf'<c r="{ref}"><f>(.*?)</f><v></v></c>', rf'<c r="{ref}" t="str"><f>\1</f><v>{value}</v></c>', xml)
        assert count == 1, (ref, xml)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


# --- sizes -------------------------------------------------------------------------------


def test_a_text_file_larger_than_any_plan_is_refused_by_its_size(tmp_path, db, capsys):
    path = bad_files.oversized_text(tmp_path / "qua-lon.txt")
    err = refused(path, db, capsys)
    assert re.search(rf"tệp quá lớn: {MAX_TEXT_BYTES // MB + 1}(,\d)? MB, giới hạn {MAX_TEXT_BYTES // MB} MB\.", err), err


def _wide_table(path: Path) -> Path:
    path.write_text("TT\t" + "Tên nhiệm vụ\t" * MAX_CELLS + "\n1\tViệc một\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "build, expected",
    [
        (bad_files.many_rows_text, f"tệp quá lớn: {MAX_ROWS + 1001} hàng trong các bảng, giới hạn {MAX_ROWS}."),
        (_wide_table, f"tệp quá lớn: {MAX_CELLS + 4} ô trong các bảng, giới hạn {MAX_CELLS}."),
        (bad_files.long_prose_text, f"tệp quá lớn: {MAX_ROWS + 1001} dòng văn bản ngoài bảng, giới hạn {MAX_ROWS}."),
    ],
    ids=["rows", "cells", "lines"],
)
def test_a_text_file_with_more_rows_cells_or_lines_than_any_plan_is_refused(build, expected, tmp_path, db, capsys):
    path = build(tmp_path / "qua-lon.md")
    assert path.stat().st_size < MAX_TEXT_BYTES
    assert expected in refused(path, db, capsys)


def test_a_plan_file_with_more_rows_than_any_plan_is_refused(tmp_path, db, capsys):
    path = bad_files.many_rows_toml(tmp_path / "nhieu-hang.toml")
    assert f"tệp quá lớn: {MAX_ROWS + 1} hàng trong các bảng" in refused(path, db, capsys)


def _unzipped_mb(err: str, limit: int) -> float:
    """The size a refusal gives for the unzipped XML, checking the limit it names."""
    found = re.search(rf"tệp quá lớn: phần văn bản \(XML\) giải nén ra (\d+(?:,\d)?) MB, giới hạn {limit // MB} MB", err)
    assert found, err
    return float(found.group(1).replace(",", "."))


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_zip_directory_claiming_gigabytes_is_refused_before_unzipping(suffix, tmp_path, db, capsys):
    path = bad_files.lying_zip(tmp_path / f"bom{suffix}", claimed=2**31)
    assert 2048 <= _unzipped_mb(refused(path, db, capsys), MAX_XML_BYTES) <= 2049  # the other parts: < 1 MB


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_a_zip_bomb_is_refused(suffix, tmp_path, db, capsys):
    path = bad_files.zip_bomb(tmp_path / f"bom{suffix}", MAX_XML_BYTES + MB)
    assert path.stat().st_size < MB
    assert 31 <= _unzipped_mb(refused(path, db, capsys), MAX_XML_BYTES) < 32  # the other parts: < 1 MB


def test_pictures_count_towards_the_unzipped_size(tmp_path, db, capsys):
    import zipfile

    path = tmp_path / "anh.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/image1.png", "w") as part:
            for _ in range(MAX_UNZIPPED_BYTES // MB + 1):
                part.write(bytes(MB))
    err = refused(path, db, capsys)
    assert f"tệp quá lớn: giải nén ra {MAX_UNZIPPED_BYTES // MB + 1} MB, giới hạn {MAX_UNZIPPED_BYTES // MB} MB" in err


def test_a_zip_of_too_many_entries_is_refused_before_its_directory_is_read(tmp_path, db, capsys):
    import zipfile

    from cdstui.importers.limits import MAX_ZIP_ENTRIES

    path = tmp_path / "nhieu-phan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"{n}", b"")
    err = refused(path, db, capsys)
    assert f"tệp quá lớn: {MAX_ZIP_ENTRIES + 1} phần nén, giới hạn {MAX_ZIP_ENTRIES}" in err


@pytest.mark.parametrize(
    "far_cell, expected",
    [
        ("D30000", f"trang tính «Sheet» quá lớn: 30000 hàng, giới hạn {MAX_ROWS} hàng"),
        ("XFD100", f"trang tính «Sheet» quá lớn: vùng dữ liệu 100 hàng × 16384 cột, giới hạn {MAX_CELLS} ô"),
    ],
)
def test_a_sheet_whose_used_range_is_huge_is_refused(far_cell, expected, tmp_path, db, capsys):
    path = bad_files.wide_range_workbook(tmp_path / "rong.xlsx", far_cell)
    assert path.stat().st_size < 10_000
    assert expected in refused(path, db, capsys)


def test_a_bomb_in_the_workbook_part_is_refused_before_it_is_unzipped(tmp_path, db, capsys):
    """``import`` looks into xl/workbook.xml to recognise its own report: the size
    check comes first, so that part is never inflated in memory."""
    import tracemalloc
    import zipfile

    path = tmp_path / "bom.xlsx"
    bad_files.zip_bomb(path, MB)  # a real workbook…
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    text = parts.pop("xl/workbook.xml")
    size = 64 * MB
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open("xl/workbook.xml", "w", force_zip64=True) as part:  # …whose workbook part is 64 MB of blanks
            cut = text.index(b"<sheets>")
            part.write(text[:cut])
            for _ in range(size // MB):
                part.write(b" " * MB)
            part.write(text[cut:])
    tracemalloc.start()
    try:
        err = refused(path, db, capsys)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "tệp quá lớn" in err
    assert peak < 16 * MB, f"{peak / MB:.0f} MB held while refusing"
