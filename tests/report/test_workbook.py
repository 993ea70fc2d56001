"""The report workbook read back with openpyxl: content, look, typed cells, safe text, file name."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cdstui.domain.text import fold
from cdstui.report.export import export_report
from cdstui.report.filename import ascii_keep_case, report_filename
from cdstui.settings import Settings
from cdstui.store import Store
from tests.report.conftest import TODAY, run

INCH = 25.4


@pytest.fixture
def workbook_path(progressed_db, tmp_path) -> Path:
    settings = Settings(signer_name="Hoàng Đình Hưng")
    with Store.open(progressed_db) as store:
        result = export_report(store, store.plan_ids()[0], "2026-Q3", today=TODAY, settings=settings)
    assert result.tasks == 42 and result.indicators == 17
    return result.path


@pytest.fixture
def wb(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    yield book
    book.close()


def header_row(ws, first="STT") -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == first:
            return row[0].row
    raise AssertionError(f"no header row in {ws.title}")


def column_of(ws, row: int, text: str) -> int:
    for cell in ws[row]:
        if cell.value == text:
            return cell.column
    raise AssertionError(f"no column {text!r} in {ws.title}")


def data_rows(ws):
    """(row number, values) below the header up to the first row without borders."""
    start = header_row(ws) + 1
    out = []
    for r in range(start, ws.max_row + 1):
        cell = ws.cell(row=r, column=1)
        if not cell.border.left.style:
            break
        out.append(r)
    return out


def test_sheets_and_every_task_and_indicator_of_seed_000(wb):
    # the signed summary first, then the appendices in the plan's order, named by its labels
    assert wb.sheetnames[:3] == ["Tổng hợp", "Phụ lục I", "Phụ lục II"]
    assert wb["_cdstui"].sheet_state in ("hidden", "veryHidden")
    ws = wb["Phụ lục I"]
    h = header_row(ws)
    headers = [c.value for c in ws[h]][:10]
    assert headers == [
        "STT", "Nhiệm vụ/giải pháp", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành",
        "Kết quả dự kiến", "Tình trạng", "Mức độ hoàn thành", "Kết quả thực hiện (chi tiết, minh chứng)", "Ghi chú",
    ]
    id_col = column_of(ws, h, "cdstui-id")
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(id_col)].hidden
    task_rows = [r for r in data_rows(ws) if ws.cell(row=r, column=id_col).value is not None]
    assert len(task_rows) == 42
    # sections in the plan's own order and numbering, as printed (no IV)
    sections = [ws.cell(row=r, column=1).value for r in data_rows(ws) if ws.cell(row=r, column=1).font.b]
    assert [s for s in sections if s and s.isalpha()] == ["I", "II", "III", "V", "VI", "VII", "VIII", "IX"]
    titles = {ws.cell(row=r, column=2).value for r in task_rows}
    assert any(t.startswith("Tập huấn, nâng cao kỹ năng số, an toàn thông tin") for t in titles)
    codes = [ws.cell(row=r, column=1).value for r in task_rows]
    assert "4.2.5" in codes and "3.2" in codes

    ind = wb["Phụ lục II"]
    h = header_row(ind)
    assert [c.value for c in ind[h]][:8] == [
        "STT", "Nội dung chỉ tiêu", "Đơn vị", "Chỉ tiêu", "Kết quả thực hiện",
        "Đánh giá (Đạt / Chưa đạt)", "Cơ quan chủ trì", "Ghi chú",
    ]
    id_col = column_of(ind, h, "cdstui-id")
    rows = [r for r in data_rows(ind) if ind.cell(row=r, column=id_col).value is not None]
    assert len(rows) == 17
    verdicts = [ind.cell(row=r, column=6).value for r in rows]
    assert verdicts[:2] == ["Đạt", "Chưa đạt"]
    texts = [c.value for row in ind.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("17 chỉ tiêu, trong đó: 01 đạt và vượt; 01 chưa đạt" in t for t in texts)


def test_summary_counts_per_section_and_category(wb):
    ws = wb["Tổng hợp"]
    h = header_row(ws)
    assert [c.value for c in ws[h]][:8] == [
        "STT", "Nội dung", "Số nhiệm vụ", "Hoàn thành", "Đang triển khai", "Chưa triển khai", "Không giao", "Quá hạn",
    ]
    by_label = {ws.cell(row=r, column=2).value: [ws.cell(row=r, column=c).value for c in range(3, 9)]
                for r in range(h + 1, h + 20)}
    # I: one task, not assigned, outside the total; II: 7 tasks, one done, one in progress
    assert by_label["Nhiệm vụ đột phá"] == [0, 0, 0, 0, 1, 0]
    assert by_label["Nhiệm vụ trọng tâm"][:3] == [7, 1, 1]
    # only III is named "thường xuyên"; V…IX are their own sections
    assert by_label["Nhiệm vụ thường xuyên"][0] == 13
    assert by_label["Tổng cộng"][:5] == [41, 1, 2, 38, 1]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("17 chỉ tiêu, trong đó: 01 đạt và vượt; 01 chưa đạt" in t for t in texts)


def test_look_follows_the_administrative_conventions(wb):
    for name in ("Phụ lục I", "Phụ lục II", "Tổng hợp"):
        ws = wb[name]
        h = header_row(ws)
        # Times New Roman throughout
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Times New Roman"}, (name, fonts)
        # header bold, centred, bordered; repeated on every page; panes frozen under it
        for cell in ws[h]:
            if cell.value and cell.value != "cdstui-id":
                assert cell.font.b and cell.alignment.horizontal == "center" and cell.border.bottom.style == "thin"
        assert ws.print_title_rows.replace("$", "") == f"{h}:{h}"
        assert ws.freeze_panes == f"A{h + 1}"
        # cells wrapped and top-aligned
        for r in data_rows(ws):
            cell = ws.cell(row=r, column=2)
            assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
        # A4 landscape, one page wide at a fixed scale (Excel ignores page breaks under "fit to")
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == "9"
        assert 40 <= ws.page_setup.scale <= 100
        assert not ws.sheet_properties.pageSetUpPr.fitToPage
        widths = sum(ws.column_dimensions[c].width for c in "ABCDEFGHIJ"[: len([c for c in ws[h] if c.value and c.value != "cdstui-id"])])
        assert widths * 6 * ws.page_setup.scale / 100 <= (297 - 45) / INCH * 72
        m = ws.page_margins
        assert 20 <= m.top * INCH <= 25 and 20 <= m.bottom * INCH <= 25
        assert 30 <= m.left * INCH <= 35 and 15 <= m.right * INCH <= 20
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text

    # the report's first page: issuer top left, motto top right, italic date line, bold centred title
    ws = wb["Tổng hợp"]
    assert ws["A1"].value == "UBND PHƯỜNG BA NGÒI" and ws["A1"].font.b
    motto = [c for c in ws[1] if c.value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert motto and motto[0].font.b and motto[0].column > 2
    sub = [c for c in ws[2] if c.value == "Độc lập - Tự do - Hạnh phúc"]
    assert sub and sub[0].font.b
    date_cell = [c for c in ws[3] if c.value][0]
    assert date_cell.value == "Ba Ngòi, ngày 20 tháng 9 năm 2026" and date_cell.font.i
    title = ws["A5"]
    assert title.value == "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH SỐ 32-KH/ĐU — QUÝ III/2026"
    assert title.font.b and title.alignment.horizontal == "center"


def test_the_report_is_signed_once_and_its_appendices_are_not(wb):
    """Seed 004 signs once: "Nơi nhận" and the signature close the first sheet only;
    an appendix sheet is headed "PHỤ LỤC", its title and the report it goes with."""
    signed = []
    for ws in wb.worksheets[:3]:
        values = [c.value for row in ws.iter_rows() for c in row if c.value]
        if "Nơi nhận:" in values:
            assert "TM. ỦY BAN NHÂN DÂN" in values and "Hoàng Đình Hưng" in values
            signed.append(ws.title)
        else:
            assert "UBND PHƯỜNG BA NGÒI" not in values and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in values
    assert signed == ["Tổng hợp"]
    ws = wb["Phụ lục I"]
    assert ws["A1"].value == "PHỤ LỤC I" and ws["A1"].font.b
    assert ws["A2"].value == "DANH MỤC CÁC NHIỆM VỤ NĂM 2026"
    lines = [c.value for c in ws["A"][:6] if c.value]
    assert "(Kèm theo Báo cáo số      /BC-UBND ngày 20/9/2026 của UBND phường Ba Ngòi)" in lines
    assert "Kết quả thực hiện: Quý III/2026" in lines


def test_section_and_group_rows_are_bold_and_span_the_table(wb):
    ws = wb["Phụ lục I"]
    merged = {(m.min_row, m.min_col, m.max_col) for m in ws.merged_cells.ranges}
    found = {}
    for r in data_rows(ws):
        code, title = ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value
        if code in ("II", "III", "4.2") and title:
            found[code] = r
    assert set(found) == {"II", "III", "4.2"}
    for code, r in found.items():
        assert ws.cell(row=r, column=1).font.b and ws.cell(row=r, column=2).font.b
        assert (r, 2, 10) in merged
        # every cell of the merged range keeps its border
        assert ws.cell(row=r, column=10).border.right.style == "thin"
    task = next(r for r in data_rows(ws) if ws.cell(row=r, column=1).value == "4.2.5")
    assert not ws.cell(row=task, column=2).font.b


def test_typed_cells_and_formula_safe_text(wb):
    ws = wb["Phụ lục I"]
    h = header_row(ws)
    status_col, pct_col, result_col, note_col = (
        column_of(ws, h, "Tình trạng"),
        column_of(ws, h, "Mức độ hoàn thành"),
        column_of(ws, h, "Kết quả thực hiện (chi tiết, minh chứng)"),
        column_of(ws, h, "Ghi chú"),
    )
    row_of = {ws.cell(row=r, column=2).value[:30]: r for r in data_rows(ws) if ws.cell(row=r, column=2).value}
    done = row_of["Xây dựng Kế hoạch chuyên đổi s"]
    cell = ws.cell(row=done, column=pct_col)
    assert cell.value == 1.0 and cell.data_type == "n" and cell.number_format == "0%"
    assert ws.cell(row=done, column=status_col).value == "Hoàn thành"
    formula = ws.cell(row=done, column=result_col)
    assert formula.value == "=SUM(A1)" and formula.data_type == "s" and formula.quotePrefix
    busy = row_of["Ban hành kế hoạch và triển kha"]
    phrase = ws.cell(row=busy, column=pct_col)
    assert phrase.value == "Theo tiến độ của tỉnh" and phrase.data_type == "s"
    dash = ws.cell(row=busy, column=result_col)
    assert dash.value.startswith("-Ban hành 80") and dash.data_type == "s" and dash.quotePrefix
    assert "\n- Tiếp nhận 2.321" in dash.value
    at = ws.cell(row=busy, column=note_col)
    assert at.value == "@ghi chú" and at.quotePrefix
    ca = next(r for r in data_rows(ws) if ws.cell(row=r, column=1).value == "4.2.4")
    assert ws.cell(row=ca, column=pct_col).value == 0.6
    # a TT code stays text
    assert all(isinstance(ws.cell(row=r, column=1).value, (str, type(None))) for r in data_rows(ws))


def test_no_cell_is_ever_a_formula(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
    book.close()


def test_control_characters_and_overlong_text(seeded_db, tmp_path):
    with Store.open(seeded_db) as store:
        pid = store.plan_ids()[0]
        task = store.load_plan(pid).tasks()[2]
        store.update_row(task.id, {"result": "a\x00b\x07c\tthe end", "note": "x" * 40000})
        other = store.load_plan(pid).tasks()[3]
        # nothing but a control character; a non-character XML cannot carry
        store.update_row(other.id, {"note": "\x07", "result": "Đã\ufffe ban hành\uffff"})
        path = export_report(store, pid, "2026-Q3", today=TODAY, output=tmp_path / "r.xlsx").path
    ws = openpyxl.load_workbook(path)["Phụ lục I"]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "abc\tthe end" in values
    assert any(len(v) == 32767 and set(v) == {"x"} for v in values)
    assert "Đã ban hành" in values
    assert not any(v == "\x07" or "\ufffe" in v for v in values)


def test_file_name_is_ascii_without_spaces(progressed_db, capsys, tmp_path):
    assert ascii_keep_case("32-KH/ĐU") == "32-KH-DU"
    assert report_filename("Ba Ngòi", "32-KH/ĐU", "2026-Q3") == "ba-ngoi_32-KH-DU_2026-Q3.xlsx"
    assert (
        report_filename("Ba Ngòi", "32-KH/ĐU", "2026-H1", lead="Công an phường")
        == "ba-ngoi_32-KH-DU_2026-H1_cong-an-phuong.xlsx"
    )
    code, out, err = run(capsys, "export", "--db", progressed_db, "--period", "2026-Q3", "--today", TODAY)
    assert code == 0, err
    printed = Path(out.strip())
    assert out.count("\n") == 1  # only the path on stdout
    assert printed == tmp_path / "exports" / "ba-ngoi_32-KH-DU_2026-Q3.xlsx"
    assert printed.is_file()
    assert printed.name.isascii() and " " not in printed.name


def test_lead_export_has_only_that_agencys_tasks_and_a_status_dropdown(progressed_db, capsys, tmp_path):
    code, out, err = run(
        capsys, "export", "--db", progressed_db, "--period", "2026-Q3", "--lead", "cong an phuong", "--today", TODAY
    )
    assert code == 0, err
    path = Path(out.strip())
    assert path.name == "ba-ngoi_32-KH-DU_2026-Q3_cong-an-phuong.xlsx"
    book = openpyxl.load_workbook(path)
    assert "Tổng hợp" not in book.sheetnames
    ws = book["Phụ lục"]  # its only appendix: the plan's own label
    h = header_row(ws)
    id_col = column_of(ws, h, "cdstui-id")
    rows = [r for r in data_rows(ws) if ws.cell(row=r, column=id_col).value is not None]
    assert rows and all("cong an phuong" in fold(ws.cell(row=r, column=3).value) for r in rows)
    # with the sections and groups above them, and nothing else
    codes = [ws.cell(row=r, column=1).value for r in data_rows(ws)]
    assert codes == ["III", "4", "4.2", "4.2.4"]
    status_col = openpyxl.utils.get_column_letter(column_of(ws, h, "Tình trạng"))
    validations = ws.data_validations.dataValidation
    assert validations and validations[0].type == "list"
    assert "Hoàn thành" in validations[0].formula1 and "Đang triển khai" in validations[0].formula1
    assert f"{status_col}{rows[0]}" in str(validations[0].sqref)
    assert "Phần việc của cơ quan chủ trì: cong an phuong" in [c.value for c in ws["A"]]
    assert "Nơi nhận:" not in [c.value for c in ws["A"]]  # a form to fill in, not the signed report
    book.close()


def test_lead_without_tasks_is_refused(progressed_db, capsys):
    code, out, err = run(capsys, "export", "--db", progressed_db, "--period", "2026-Q3", "--lead", "Không có cơ quan này")
    assert code == 1 and out == ""
    assert "Không có nhiệm vụ" in err
