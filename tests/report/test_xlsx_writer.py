"""The fast worksheet writer: the same workbook as openpyxl's own writer, read back with openpyxl.

Every workbook here is written twice, by ``Workbook.save`` (openpyxl's
writer) and by ``save_xlsx``, each from its own freshly built copy; the
files are then compared part by part and read back cell by cell.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable
from copy import copy
from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font

from cdstui.domain.periods import parse_period
from cdstui.report import look
from cdstui.report.export import export_report
from cdstui.report.workbook import build_workbook
from cdstui.report.xlsx_writer import save_xlsx
from cdstui.settings import Settings
from cdstui.store import Store
from tests.report.conftest import TODAY

VIETNAMESE = "Tập huấn kỹ năng số cho cán bộ phường Ba Ngòi"


# --- helpers ------------------------------------------------------------------------------


def write_both(make: Callable[[], Workbook], tmp_path: Path) -> tuple[Path, Path]:
    """(file from save_xlsx, file from openpyxl's Workbook.save), each of a fresh ``make()``."""
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "openpyxl.xlsx"
    with open(fast, "wb") as handle:
        save_xlsx(make(), handle)
    make().save(slow)
    return fast, slow


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def canonical(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def assert_same_package(fast: Path, slow: Path) -> None:
    """The same parts in the same order; worksheets the same XML document; the rest byte for byte."""
    a, b = parts(fast), parts(slow)
    assert list(a) == list(b)
    for name in a:
        if name == "docProps/core.xml":  # the modification time
            continue
        if name.startswith("xl/worksheets/sheet"):
            assert canonical(a[name]) == canonical(b[name]), name
        else:
            assert a[name] == b[name], name


def read_back(path: Path) -> dict:
    """Everything a reader sees of each sheet: cells with their type and look, rows, merges, layout."""
    wb = openpyxl.load_workbook(path)
    out: dict = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        cells = {}
        for cell in (c for row in ws.iter_rows() for c in row if c.value is not None or c.has_style):
            cells[(cell.row, cell.column)] = (
                cell.value,
                cell.data_type,
                cell.style_id,
                copy(cell.font),  # the style objects, not their proxies (which compare by identity)
                cell.number_format,
                copy(cell.alignment),
                copy(cell.border),
                cell.quotePrefix,
                cell.hyperlink.target if cell.hyperlink else None,
                cell.comment.text if cell.comment else None,
            )
        out[ws.title] = {
            "cells": cells,
            "rows": {r: (d.ht, d.customHeight, d.hidden, d.s) for r, d in sorted(ws.row_dimensions.items())},
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "columns": {k: (d.width, d.hidden) for k, d in sorted(ws.column_dimensions.items())},
            "state": ws.sheet_state,
            "freeze": ws.freeze_panes,
            "print_area": ws.print_area,
            "print_titles": ws.print_title_rows,
            "validations": [(v.sqref, v.formula1) for v in ws.data_validations.dataValidation],
        }
    wb.close()
    return out


def literal(ws, row: int, col: int, text: str):
    """Text stored as text, whatever it looks like (as the report's ``Sheet.text`` does)."""
    cell = ws.cell(row=row, column=col)
    cell.value = text
    cell.data_type = "s"
    return cell


def fast_path_taken(path: Path, sheet_part: str, text: str) -> bool:
    """The sheet was written by the fast path: its text is raw UTF-8 (openpyxl writes &#…; references)."""
    return text.encode("utf-8") in parts(path)[sheet_part]


# --- the report itself --------------------------------------------------------------------


def test_seed_report_reads_back_as_openpyxl_writes_it(progressed_db, tmp_path):
    with Store.open(progressed_db) as store:
        plan = store.load_plan(store.plan_ids()[0])

    def make() -> Workbook:
        return build_workbook(
            plan,
            parse_period("2026-Q3"),
            settings=Settings(),
            day=TODAY,
            today=TODAY,
            exported_at="2026-09-20T08:00:00+07:00",
        ).workbook

    fast, slow = write_both(make, tmp_path)
    # every sheet took the fast path (a fallback would make this comparison vacuous)
    assert fast_path_taken(fast, "xl/worksheets/sheet1.xml", "UBND PHƯỜNG BA NGÒI")
    assert fast_path_taken(fast, "xl/worksheets/sheet2.xml", "DANH MỤC CÁC NHIỆM VỤ NĂM 2026")
    assert fast_path_taken(fast, "xl/worksheets/sheet3.xml", "Nội dung chỉ tiêu")
    assert fast_path_taken(fast, "xl/worksheets/sheet4.xml", "cdstui-export")
    assert_same_package(fast, slow)
    got, want = read_back(fast), read_back(slow)
    assert got == want
    tasks = got["Phụ lục I"]
    assert len(tasks["cells"]) > 400 and len(tasks["merged"]) > 5
    assert any(h for h, *_ in tasks["rows"].values())  # row heights were compared, not just absent
    assert any(v[0] == "=SUM(A1)" and v[1] == "s" and v[7] for v in tasks["cells"].values())
    assert {v[4] for v in tasks["cells"].values()} >= {"General", look.PERCENT_FORMAT}


def test_export_writes_the_sheets_through_the_fast_writer(progressed_db, tmp_path):
    with Store.open(progressed_db) as store:
        result = export_report(store, store.plan_ids()[0], "2026-Q3", today=TODAY, output=tmp_path / "r.xlsx")
    assert fast_path_taken(result.path, "xl/worksheets/sheet2.xml", "Nhiệm vụ/giải pháp")
    wb = openpyxl.load_workbook(result.path)
    assert wb["Tổng hợp"]["A1"].value == "UBND PHƯỜNG BA NGÒI"
    # the modification time, in UTC without a zone as openpyxl writes it
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    assert abs((now - wb.properties.modified).total_seconds()) < 600


# --- text and numbers ---------------------------------------------------------------------

TEXTS = [
    VIETNAMESE,
    "Đảng ủy & UBND",
    "<b>không phải thẻ</b>",
    "x > y và y < z",
    " dấu cách đầu",
    "dấu cách cuối ",
    "   ",
    "dòng 1\ndòng 2\n",
    "xuống dòng kiểu Windows\r\nvà kiểu Mac cũ\r",
    "=1+1",
    "+84 258 3854 000",
    "\tthụt đầu dòng",
    "]]> &amp; &#13; không phải thực thể",
    "'nháy đơn' \"nháy kép\"",
    "\u00a0khoảng trắng không ngắt\u00a0",
    "ngoài BMP: 😀 𠀀",
    "vẫn hợp lệ trong XML 1.0: \x7f \x85 \ufffd",
]
NUMBERS = [0, -7, 42, 0.98, 0.1 + 0.2, 1 / 3, 1e-7, 1e22, 2**53 + 1, -0.0, 123456789012345678]


def text_workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Văn bản"
    bold = Font(name="Times New Roman", bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, text in enumerate(TEXTS, start=1):
        literal(ws, r, 1, text)
        styled = literal(ws, r, 2, text)
        styled.font = bold
        styled.alignment = wrap
    for r, number in enumerate(NUMBERS, start=1):
        ws.cell(row=r, column=4, value=number)
        pct = ws.cell(row=r, column=5, value=number)
        pct.number_format = "0%"
    ws.cell(row=1, column=7).font = bold  # styled, empty
    ws.row_dimensions[2].height = 31.5
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[4].font = Font(italic=True)  # a row style: registered before the row's cells
    ws.row_dimensions[40].height = 50  # a row with a height and no cell
    ws.merge_cells("F1:F3")  # MergedCell objects in the sheet
    return wb


def test_text_and_numbers_read_back_exactly(tmp_path):
    fast, slow = write_both(text_workbook, tmp_path)
    assert fast_path_taken(fast, "xl/worksheets/sheet1.xml", VIETNAMESE)
    assert_same_package(fast, slow)
    got = read_back(fast)
    assert got == read_back(slow)
    cells = got["Văn bản"]["cells"]
    for r, text in enumerate(TEXTS, start=1):
        assert cells[(r, 1)][:2] == (text, "s"), text
        assert cells[(r, 2)][:2] == (text, "s") and cells[(r, 2)][3].b, text
    for r, number in enumerate(NUMBERS, start=1):
        assert cells[(r, 4)][1] == "n" and float(cells[(r, 4)][0]) == float("%.16g" % number), number
        assert cells[(r, 5)][4] == "0%"
    assert cells[(1, 7)][0] is None and cells[(1, 7)][3].b
    assert got["Văn bản"]["rows"][2][0] == 31.5 and got["Văn bản"]["rows"][3][2]
    assert got["Văn bản"]["rows"][40][0] == 50
    assert got["Văn bản"]["merged"] == ["F1:F3"]


def test_white_space_and_markup_characters_are_written_as_xml_requires(tmp_path):
    fast, _ = write_both(text_workbook, tmp_path)
    xml = parts(fast)["xl/worksheets/sheet1.xml"]
    assert b'<t xml:space="preserve"> d\xe1\xba\xa5u c\xc3\xa1ch \xc4\x91\xe1\xba\xa7u</t>' in xml
    assert b"<t>\xc4\x90\xe1\xba\xa3ng \xe1\xbb\xa7y &amp; UBND</t>" in xml
    assert b"&lt;b&gt;kh\xc3\xb4ng" in xml
    assert b"Windows&#13;\nv\xc3\xa0" in xml  # a bare CR would be read back as a line feed
    assert b"<t>=1+1</t>" in xml and b"<f>" not in xml


# --- what the fast path leaves to openpyxl ----------------------------------------------------


def _date(ws):
    ws["B3"] = date(2026, 9, 20)


def _datetime(ws):
    ws["B3"] = datetime(2026, 9, 20, 8, 30)


def _formula(ws):
    ws["B3"] = "=SUM(D1:D2)"


def _bool(ws):
    ws["B3"] = True


def _hyperlink(ws):
    ws["B3"] = "Cổng dịch vụ công"
    ws["B3"].hyperlink = "https://dichvucong.gov.vn/?a=1&b=2"


def _comment(ws):
    ws["B3"] = "có ghi chú"
    ws["B3"].comment = Comment("Kiểm tra lại số liệu", "cdstui")


def _rich_text(ws):
    ws["B3"] = CellRichText(["thường ", TextBlock(InlineFont(b=True), "đậm")])


def _error(ws):
    ws["B3"] = "#N/A"


def _nan(ws):
    ws["B3"] = math.nan


ODD_CELLS = {
    "date": _date,
    "datetime": _datetime,
    "formula": _formula,
    "bool": _bool,
    "hyperlink": _hyperlink,
    "comment": _comment,
    "rich text": _rich_text,
    "error": _error,
    "nan": _nan,
}


def mixed_workbook(odd: Callable) -> Callable[[], Workbook]:
    """A fast sheet, a sheet whose last cell is odd, and another fast sheet with new styles after it."""

    def make() -> Workbook:
        wb = Workbook()
        first = wb.active
        first.title = "Nhanh"
        literal(first, 1, 1, VIETNAMESE).font = Font(bold=True)
        second = wb.create_sheet("Chậm")
        for r in range(1, 3):
            literal(second, r, 1, f"{VIETNAMESE} {r}").font = Font(italic=True, size=13)
            second.cell(row=r, column=4, value=r * 1.5).number_format = "0.0"
        second.row_dimensions[2].height = 24
        odd(second)
        third = wb.create_sheet("Sau")
        literal(third, 1, 1, "Trang sau").font = Font(underline="single", size=14)
        return wb

    return make


@pytest.mark.parametrize("odd", list(ODD_CELLS.values()), ids=list(ODD_CELLS))
def test_a_sheet_with_another_kind_of_cell_is_written_by_openpyxl(tmp_path, odd):
    fast, slow = write_both(mixed_workbook(odd), tmp_path)
    # the odd sheet is openpyxl's own output, byte for byte: nothing of the fast path went in
    assert parts(fast)["xl/worksheets/sheet2.xml"] == parts(slow)["xl/worksheets/sheet2.xml"]
    assert fast_path_taken(fast, "xl/worksheets/sheet1.xml", VIETNAMESE)
    assert fast_path_taken(fast, "xl/worksheets/sheet3.xml", "Trang sau")
    assert not fast_path_taken(fast, "xl/worksheets/sheet2.xml", VIETNAMESE)
    assert_same_package(fast, slow)  # style ids, comments, hyperlink relations included
    got = read_back(fast)
    assert got == read_back(slow)
    assert odd is _nan or got["Chậm"]["cells"][(3, 2)][0] is not None


def test_the_odd_cells_read_back_as_written(tmp_path):
    def make() -> Workbook:
        wb = Workbook()
        for name, odd in ODD_CELLS.items():
            odd(wb.create_sheet(name))
        return wb

    fast, _ = write_both(make, tmp_path)
    wb = openpyxl.load_workbook(fast, rich_text=True)
    assert wb["date"]["B3"].value == datetime(2026, 9, 20)
    assert wb["datetime"]["B3"].value == datetime(2026, 9, 20, 8, 30)
    assert wb["formula"]["B3"].value == "=SUM(D1:D2)" and wb["formula"]["B3"].data_type == "f"
    assert wb["bool"]["B3"].value is True
    assert wb["hyperlink"]["B3"].hyperlink.target == "https://dichvucong.gov.vn/?a=1&b=2"
    assert wb["comment"]["B3"].comment.text == "Kiểm tra lại số liệu"
    assert str(wb["rich text"]["B3"].value) == "thường đậm"
    assert wb["error"]["B3"].value == "#N/A" and wb["error"]["B3"].data_type == "e"


@pytest.mark.parametrize("value", ["nul\x00", "chuông\x07", "\x1fcuối"], ids=["nul", "bell", "unit-separator"])
def test_control_characters_never_reach_a_cell(value):
    """openpyxl refuses them when a value is assigned: the report's cells all go through that."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    with pytest.raises(IllegalCharacterError):
        Workbook().active.cell(row=1, column=1).value = value


@pytest.mark.parametrize(
    "value",
    ["không phải ký tự \ufffe", "không phải ký tự \uffff", "nửa cặp \ud800", 10**400],
    ids=["fffe", "ffff", "lone-surrogate", "huge-int"],
)
def test_what_xml_cannot_carry_fails_as_with_openpyxl(tmp_path, value):
    def make() -> Workbook:
        wb = Workbook()
        literal(wb.active, 1, 1, VIETNAMESE)
        cell = wb.active.cell(row=2, column=1)
        cell.value = value  # openpyxl's checks let these through
        if isinstance(value, str):
            cell.data_type = "s"
        return wb

    with pytest.raises(Exception) as by_openpyxl:
        make().save(tmp_path / "openpyxl.xlsx")
    with pytest.raises(type(by_openpyxl.value)), open(tmp_path / "fast.xlsx", "wb") as handle:
        save_xlsx(make(), handle)
