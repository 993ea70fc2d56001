"""The Word report read back with python-docx: page, fonts, top block, one signature,
the narrative in order, the appendix tables with their header and row flags."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from cdstui.report.export import export_report
from cdstui.settings import Settings
from cdstui.store import Store
from cdstui.store.narratives import load_narrative, save_edit
from tests.report.conftest import TODAY, run

SETTINGS = Settings(signer_name="Hoàng Đình Hưng")


@pytest.fixture
def word_path(progressed_db, tmp_path) -> Path:
    with Store.open(progressed_db) as store:
        result = export_report(
            store, store.plan_ids()[0], "2026-Q3", today=TODAY, settings=SETTINGS, output=tmp_path / "r", format="docx"
        )
    assert result.paths == [tmp_path / "r.docx"] and result.tasks == 42 and result.indicators == 17
    return result.path


@pytest.fixture
def document(word_path):
    return docx.Document(str(word_path))


def texts(document) -> list[str]:
    """Every paragraph's text, in tables too, in document order."""
    out = []
    for block in document.element.body.iter(qn("w:p")):
        out.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
    return out


def test_a4_portrait_body_then_a_landscape_appendix(document):
    body, appendix = document.sections
    assert body.orientation == WD_ORIENT.PORTRAIT
    assert (round(body.page_width.mm), round(body.page_height.mm)) == (210, 297)
    assert round(body.top_margin.mm) == 20 and round(body.bottom_margin.mm) == 20
    assert round(body.left_margin.mm) == 30 and 15 <= round(body.right_margin.mm) <= 20
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert (round(appendix.page_width.mm), round(appendix.page_height.mm)) == (297, 210)
    assert appendix.start_type is not None


def test_times_new_roman_14_single_spacing_6_points(document):
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fmt = normal.paragraph_format
    assert fmt.space_before == Pt(6) and fmt.space_after == Pt(6) and fmt.line_spacing == 1.0


def test_top_block_title_subject_and_addressee(document):
    top = document.tables[0]
    left, right = (cell.text for cell in top.rows[0].cells)
    assert left.startswith("UBND PHƯỜNG BA NGÒI") and "Số:" in left and "/BC-UBND" in left
    assert right.splitlines()[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    date_paragraph = top.rows[0].cells[1].paragraphs[-1]
    assert date_paragraph.text == "Ba Ngòi, ngày 20 tháng 9 năm 2026" and date_paragraph.runs[0].italic
    lines = texts(document)
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].bold and title.runs[0].font.size == Pt(16)
    i = lines.index("BÁO CÁO")
    assert lines[i + 1] == "Kết quả thực hiện Kế hoạch số 32-KH/ĐU quý III/2026"
    assert lines[i + 2] == "Kính gửi: Sở Khoa học và Công nghệ"


def test_one_signature_beside_one_list_of_recipients(document):
    lines = texts(document)
    assert lines.count("Nơi nhận:") == 1
    assert lines.count("TM. ỦY BAN NHÂN DÂN") == 1 and lines.count("Hoàng Đình Hưng") == 1
    for needed in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "- Lưu: VT."):
        assert needed in lines
    # the signature comes before the appendix, which is not signed again
    assert lines.index("Hoàng Đình Hưng") < next(i for i, t in enumerate(lines) if t.startswith("PHỤ LỤC"))
    head = next(p for p in document.element.body.iter(qn("w:p")) if "".join(t.text or "" for t in p.iter(qn("w:t"))) == "Nơi nhận:")
    style = document.styles[head.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val"))]
    run = head.find(qn("w:r")).find(qn("w:rPr"))
    assert style.font.size == Pt(12) and run.find(qn("w:b")) is not None and run.find(qn("w:i")) is not None


def test_the_narrative_sections_come_in_the_outlines_order(document):
    lines = texts(document)
    order = [
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
        "II. KẾT QUẢ THỰC HIỆN",
        "1. Nhiệm vụ đột phá",
        "2. Nhiệm vụ trọng tâm",
        "III. ĐÁNH GIÁ CHUNG",
        "1. Những mặt đạt được",
        "2. Tồn tại, hạn chế",
        "3. Nguyên nhân",
        "IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    positions = [lines.index(title) for title in order]
    assert positions == sorted(positions)
    # part II drafts from the progress typed in: the result of II.1 is cited
    assert any("Xây dựng Kế hoạch chuyên đổi số phường Ba Ngòi" in t and "=SUM(A1)" in t for t in lines)
    assert lines.index("Trên đây là báo cáo kết quả thực hiện Quý III/2026 của UBND phường Ba Ngòi./.") < lines.index("Nơi nhận:")


def _row_flags(tbl) -> list[tuple[bool, bool]]:
    out = []
    for tr in tbl.iter(qn("w:tr")):
        trpr = tr.find(qn("w:trPr"))
        out.append((trpr is not None and trpr.find(qn("w:tblHeader")) is not None, trpr is not None and trpr.find(qn("w:cantSplit")) is not None))
    return out


def test_appendix_tables_repeat_their_header_and_never_split_a_row(document):
    lines = texts(document)
    assert "PHỤ LỤC I\nDANH MỤC CÁC NHIỆM VỤ NĂM 2026" in [p.text for p in document.paragraphs]
    assert "(Kèm theo Báo cáo số      /BC-UBND ngày 20/9/2026 của UBND phường Ba Ngòi)" in lines
    tasks, indicators = document.tables[-2:]
    tasks_xml = document.element.body.findall(qn("w:tbl"))[-2]
    flags = _row_flags(tasks_xml)
    assert flags[0] == (True, True)  # the header row: repeated, kept whole
    assert all(cant for _head, cant in flags) and not any(head for head, _cant in flags[1:])
    header = [c.text for c in tasks.rows[0].cells]
    assert header == [
        "STT", "Nhiệm vụ/giải pháp", "Cơ quan chủ trì", "Thời gian hoàn thành", "Tình trạng",
        "Mức độ hoàn thành", "Kết quả thực hiện (chi tiết, minh chứng)",
    ]
    # every task of seed 000, and the sections bold across the table
    codes = [row.cells[0].text for row in tasks.rows[1:]]
    assert codes.count("4.2.5") == 1 and len([c for c in codes if c]) >= 57 - 1
    section = next(tr for tr in tasks_xml.iter(qn("w:tr")) if "".join(t.text for t in tr.find(qn("w:tc")).iter(qn("w:t"))) == "III")
    cells = section.findall(qn("w:tc"))
    assert len(cells) == 2
    assert int(cells[1].find(qn("w:tcPr")).find(qn("w:gridSpan")).get(qn("w:val"))) == len(header) - 1
    style = cells[1].find(qn("w:p")).find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val"))
    assert document.styles[style].font.bold and document.styles[style].paragraph_format.keep_with_next
    assert document.styles["CĐS Bảng đậm"].font.bold
    assert document.styles["CĐS Bảng"].font.size == Pt(12)
    # the indicators have their own table, with every unit and target
    assert [c.text for c in indicators.rows[0].cells][:4] == ["STT", "Nội dung chỉ tiêu", "Đơn vị", "Chỉ tiêu"]
    assert sum(1 for row in indicators.rows[1:] if row.cells[2].text == "%") >= 15
    assert any(t.startswith("Tổng số: 17 chỉ tiêu") for t in lines)


def test_long_text_goes_in_whole(seeded_db, tmp_path):
    with Store.open(seeded_db) as store:
        pid = store.plan_ids()[0]
        task = store.load_plan(pid).tasks()[2]
        store.update_row(task.id, {"result": "Đã ban hành " + "x" * 40000 + " hết."})
        path = export_report(store, pid, "2026-Q3", today=TODAY, output=tmp_path / "r.docx", format="docx").path
    assert any(len(t) > 40000 and t.endswith("hết.") for t in texts(docx.Document(str(path))))


def test_the_officers_text_is_what_the_report_says(progressed_db, tmp_path):
    with Store.open(progressed_db) as store:
        pid = store.plan_ids()[0]
        export_report(store, pid, "2026-Q3", today=TODAY, output=tmp_path / "a.docx", format="docx")
        narrative = load_narrative(store, pid, "2026-Q3").current
        proposals = narrative.section("proposals")
        narrative.sections[narrative.sections.index(proposals)] = proposals.with_text("Đề nghị Sở hỗ trợ kinh phí.")
        save_edit(store, pid, "2026-Q3", narrative)
        path = export_report(store, pid, "2026-Q3", today=TODAY, output=tmp_path / "b.docx", format="docx", refresh=True).path
    lines = texts(docx.Document(str(path)))
    assert lines[lines.index("V. ĐỀ XUẤT, KIẾN NGHỊ") + 1] == "Đề nghị Sở hỗ trợ kinh phí."


def test_a_wards_template_keeps_its_top_and_takes_the_body_where_marked(progressed_db, tmp_path, capsys):
    from cdstui.settings import save_settings, settings_path_for

    template = docx.Document()
    template.add_paragraph("ĐẢNG ỦY PHƯỜNG BA NGÒI — MẪU RIÊNG")
    template.add_paragraph("{{NGÀY}}")
    template.add_paragraph("Về việc: {{TRÍCH YẾU}}")
    template.add_paragraph("{{NỘI DUNG}}")
    template.add_paragraph("Chữ ký theo mẫu của phường")
    template.add_paragraph("{{PHỤ LỤC}}")
    template.save(str(progressed_db.parent / "mau.docx"))
    save_settings(Settings(report_template="mau.docx"), settings_path_for(progressed_db))
    out = tmp_path / "t.docx"
    code, stdout, err = run(capsys, "export", "--db", progressed_db, "--period", "2026-Q3", "--today", TODAY, "--format", "docx", "-o", out)
    assert code == 0, err
    assert stdout.splitlines() == [str(out)]
    lines = texts(docx.Document(str(out)))
    assert lines[0] == "ĐẢNG ỦY PHƯỜNG BA NGÒI — MẪU RIÊNG"
    assert lines[1] == "Ba Ngòi, ngày 20 tháng 9 năm 2026"
    assert lines[2] == "Về việc: Kết quả thực hiện Kế hoạch số 32-KH/ĐU quý III/2026"
    assert "{{NỘI DUNG}}" not in lines and "{{PHỤ LỤC}}" not in lines
    body = lines.index("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO")
    assert body < lines.index("Chữ ký theo mẫu của phường") < next(i for i, t in enumerate(lines) if t.startswith("PHỤ LỤC"))
    assert "Nơi nhận:" not in lines  # the template's own end, not cdstui's
    assert docx.Document(str(out)).sections[-1].orientation == WD_ORIENT.LANDSCAPE
