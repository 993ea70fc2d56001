"""The seeds as Word and Excel files import to the same rows as the text seeds."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cdstui.importers import read_document
from cdstui.importers.xlsx import cell_text
from tests.importers.builders import SEED_000, SEED_002, SEED_004, build_docx, build_xlsx
from tests.importers.helpers import by_label, compared

SEEDS = [SEED_000, SEED_002, SEED_004]


def _ids(path):
    return path.name[:3]


@pytest.mark.parametrize("seed", SEEDS, ids=_ids)
def test_docx_imports_like_the_text(seed, tmp_path):
    text = read_document(seed)
    word = read_document(build_docx(seed, tmp_path / f"{seed.stem}.docx"))
    assert [(t.title, t.kind, t.header) for t in word.plan.tables] == [
        (t.title, t.kind, t.header) for t in text.plan.tables
    ]
    for ours, theirs in zip(word.plan.tables, text.plan.tables):
        assert compared(ours.rows) == compared(theirs.rows)
        assert [r.status for r in ours.rows] == [r.status for r in theirs.rows]
        assert [(r.target, r.unit) for r in ours.rows] == [(r.target, r.unit) for r in theirs.rows]
    for name in ("number", "title", "issuer", "ward", "year"):
        assert getattr(word.plan, name) == getattr(text.plan, name), name
    assert len(word.skipped_tables) == len(text.skipped_tables)
    assert word.plan.source == f"{seed.stem}.docx"


@pytest.mark.parametrize("seed", SEEDS, ids=_ids)
def test_xlsx_imports_like_the_text(seed, tmp_path):
    text = read_document(seed)
    book = read_document(build_xlsx(seed, tmp_path / f"{seed.stem}.xlsx"))
    # A workbook carries the appendix tables, not the prose (000's indicator bullets).
    grids = [t for t in text.plan.tables if t.header != ["TT", "Nội dung chỉ tiêu", "Đơn vị tính", "Mục tiêu"]]
    assert [(t.title, t.kind, t.header) for t in book.plan.tables] == [(t.title, t.kind, t.header) for t in grids]
    for ours, theirs in zip(book.plan.tables, grids):
        assert compared(ours.rows) == compared(theirs.rows)
        assert [(r.status, r.target) for r in ours.rows] == [(r.status, r.target) for r in theirs.rows]
    if text.plan.tasks():  # the year then follows from the deadlines
        assert book.plan.year == text.plan.year


def test_docx_builder_really_merges_cells(tmp_path):
    import docx

    document = docx.Document(str(build_docx(SEED_004, tmp_path / "004.docx")))
    first = document.tables[0]._tbl.tr_lst
    assert [tc.grid_span for tc in first[0].tc_lst] == [1, 3, 1, 1]
    assert [tc.vMerge for tc in first[1].tc_lst][0] == "continue"
    assert len(document.tables) > 5  # one Word table per page-break fragment


def test_docx_repairs_name_table_and_row(tmp_path):
    report = read_document(build_docx(SEED_000, tmp_path / "000.docx"))
    joins = [r for r in report.repairs if "nối dòng" in r]
    assert joins[0] == "Bảng 1, hàng 12: nối dòng bị ngắt trang vào nhiệm vụ II.5."
    assert len(joins) == 5
    assert by_label(report.plan, "II.5").source_line == 11


def test_xlsx_header_is_found_below_title_rows(tmp_path):
    import openpyxl

    path = build_xlsx(SEED_004, tmp_path / "004.xlsx")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["A5"].value == "STT" and sheet["A1"].value
    assert any(str(r) == "B5:D5" for r in sheet.merged_cells.ranges)
    report = read_document(path)
    assert by_label(report.plan, "A.I.1").source_line == 9
    assert by_label(report.plan, "A.I.1").completion == "100%"  # a number formatted 0%
    assert any(r.startswith("Trang tính «Bảng 1», hàng ") for r in report.repairs)


def _docx_with_table(tmp_path, rows, merges=()):
    import docx

    document = docx.Document()
    document.add_paragraph("DANH MỤC NHIỆM VỤ")
    grid = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            grid.cell(r, c).text = value
    for (r1, c1), (r2, c2) in merges:
        grid.cell(r1, c1).merge(grid.cell(r2, c2))
    path = tmp_path / "t.docx"
    document.save(str(path))
    return path


def test_docx_vertically_merged_lead_belongs_to_every_task(tmp_path):
    path = _docx_with_table(
        tmp_path,
        [
            ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
            ["I", "Nhiệm vụ trọng tâm", "", ""],
            ["1", "Việc một", "Phòng Văn hóa – Xã hội", "Quý I/2026"],
            ["2", "Việc hai", "", "Quý II/2026"],
        ],
        merges=[((2, 2), (3, 2)), ((1, 1), (1, 3))],
    )
    plan = read_document(path).plan
    assert [(r.kind, r.code, r.title, r.lead) for r in plan.rows()] == [
        ("section", "I", "Nhiệm vụ trọng tâm", ""),
        ("task", "1", "Việc một", "Phòng Văn hóa – Xã hội"),
        ("task", "2", "Việc hai", "Phòng Văn hóa – Xã hội"),
    ]
    assert plan.tables[0].title == "DANH MỤC NHIỆM VỤ"


def test_docx_cell_paragraphs_become_lines(tmp_path):
    import docx

    document = docx.Document()
    grid = document.add_table(rows=2, cols=3)
    for c, value in enumerate(["STT", "Nội dung", "Kết quả chi tiết"]):
        grid.cell(0, c).text = value
    grid.cell(1, 0).text = "1"
    grid.cell(1, 1).text = "Việc một"
    cell = grid.cell(1, 2)
    cell.text = "- Dòng một"
    cell.add_paragraph("- Dòng hai")
    path = tmp_path / "p.docx"
    document.save(str(path))
    row = read_document(path).plan.tasks()[0]
    assert row.result == "- Dòng một\n- Dòng hai"


class _Cell:
    def __init__(self, value, number_format="General"):
        self.value, self.number_format = value, number_format


@pytest.mark.parametrize(
    "value, fmt, shown",
    [
        (None, "General", ""),
        (1, "General", "1"),
        (3.1, "General", "3.1"),
        (4.0, "General", "4"),
        (3.1, "0.00", "3.10"),  # the cell shows two decimals
        (1.0, "0%", "100%"),
        (0.98, "0%", "98%"),
        (0.098, "0.0%", "9,8%"),
        (0.14, "0%", "14%"),
        (datetime(2026, 3, 15), "dd/mm/yyyy", "15/3/2026"),
        (date(2026, 3, 15), "yyyy-mm-dd", "15/3/2026"),
        (datetime(2026, 3, 1), "mm/yyyy", "3/2026"),
        ("Quý I/2026", "General", "Quý I/2026"),
    ],
)
def test_xlsx_cell_text(value, fmt, shown):
    assert cell_text(_Cell(value, fmt)) == shown
