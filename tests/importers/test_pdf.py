"""Plans that arrive as PDF (issue 14): the same plan as the Word file they were printed from.

The PDFs in tests/fixtures/pdf/ were printed by LibreOffice from the .docx
files ``build_docx`` makes (scripts/make_pdf_fixtures.py); each test here
builds the .docx again and compares what the officer would see: the whole
``dump`` of both imports.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from cdstui.cli import main
from cdstui.domain.model import InputError
from cdstui.importers import read_document
from cdstui.importers import pdf as pdf_reader
from cdstui.importers.pdf_layout import PdfPage, pdf_blocks
from cdstui.importers.pdf_text import Frame, Glyph, Line, join_lines, make_lines
from cdstui.importers.prose import ProseLine
from tests.importers.builders import build_docx
from tests.importers.helpers import by_label
from tests.importers.pdf_samples import PRINTED, fixture, scanned_pdf, signed_copy

SRC = Path(__file__).resolve().parents[2] / "src"
TODAY = "2026-06-01"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def imported(capsys, document: Path, db: Path) -> dict:
    """The dump of a fresh database holding only ``document``'s plan (its id dropped)."""
    code, _, err = run(capsys, "import", document, "--db", db)
    assert code == 0, err
    code, out, err = run(capsys, "dump", "--db", db, "--today", TODAY)
    assert code == 0, err
    plans = json.loads(out)["plans"]
    assert len(plans) == 1
    plans[0].pop("id")
    return plans[0]


def db_content(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


# --- the same plan as the Word file ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PRINTED))
def test_pdf_dump_equals_the_dump_of_its_docx(capsys, tmp_path, name):
    seed, options = PRINTED[name]
    docx = build_docx(seed, tmp_path / f"{name}.docx", **options)
    from_word = imported(capsys, docx, tmp_path / "word.db")
    from_pdf = imported(capsys, fixture(name), tmp_path / "pdf.db")
    rows = [r for t in from_pdf["tables"] for r in t["rows"]]
    assert rows, "the PDF gave no rows"
    for table_pdf, table_word in zip(from_pdf["tables"], from_word["tables"]):
        for row_pdf, row_word in zip(table_pdf["rows"], table_word["rows"]):
            assert row_pdf == row_word  # a readable failure: the first row that differs
    assert from_pdf == from_word


def test_plan_read_from_pdf_as_the_officer_sees_it():
    report = read_document(fixture("000-narrow"))
    plan = report.plan
    assert (plan.number, plan.issuer, plan.ward, plan.year) == ("32-KH/ĐU", "Đảng ủy phường Ba Ngòi", "Ba Ngòi", 2026)
    assert plan.title.startswith("Triển khai thực hiện Nghị quyết số 48-NQ/TU, ngày 20/02/2025 của Ban Chấp hành")
    assert plan.title.endswith("trên địa bàn phường Ba Ngòi năm 2026")
    assert plan.source == "000-narrow.pdf"
    tasks, indicators = plan.tables
    assert tasks.title == "DANH MỤC CÁC NHIỆM VỤ NĂM 2026"
    assert sum(r.kind == "task" for r in tasks.rows) == 42
    assert sum(r.kind == "indicator" for r in indicators.rows) == 17
    # words the narrow columns cut where no space was: joined back without one
    assert by_label(plan, "III.3").lead.endswith("Văn phòng HĐND&UBND phường;")
    assert "Nghị định số 179/2025/NĐ-CP ngày 01/7/2025 của Chính phủ" in by_label(plan, "III.2.1").title
    # the swapped deadline/output of section IX, put back and told
    assert (by_label(plan, "IX.1").deadline, by_label(plan, "IX.1").output) == ("3/2026", "Kế hoạch; văn bản triển khai; báo cáo")
    assert any(r.startswith("Mục IX.1: đổi chỗ cột") for r in report.repairs)
    # rows cut by this PDF's page breaks, joined and told with their page
    assert any(r.startswith("Trang ") and "nối dòng bị ngắt trang" in r for r in report.repairs)


def test_rows_header_rows_and_codes_cut_by_page_breaks_are_joined():
    report = read_document(fixture("004-wide-tnr13"))
    # one table: the two-row header, cut by a page break twice, is read as the same header each time
    assert [t.header for t in report.plan.tables] == [
        ["STT", "Nhiệm vụ, giải pháp", "Chủ trì", "Thời gian", "Mức độ hoàn thành", "Kết quả chi tiết"]
    ]
    assert report.skipped_tables == []
    codes = [r.code for r in report.plan.tables[0].rows]
    assert codes[:3] == ["A", "I", "1"] and "S" not in codes and "T" not in codes
    assert sum(r.kind == "task" for r in report.plan.tables[0].rows) == 25  # as in the text seed


def test_real_line_breaks_in_cells_are_kept():
    plan = read_document(fixture("004-wide-tnr13")).plan
    result = by_label(plan, "A.I.1").result
    assert result.split("\n")[0] == "-Ban hành 80 chương trình, kế hoạch văn bản"
    assert "\n- Tiếp nhận và giải quyết 2.321 hồ sơ TTHC trên hệ thống.\n- 100% cán bộ lãnh đạo" in result
    assert " xem" not in result.lower()  # no stray join of an URL
    assert by_label(plan, "A.VII.5").result.endswith(
        "https://bangoi.khanhhoa.gov.vn/vi/tin-noi-bat-4/phuong-ba-ngoi-to-chuc-ra-quan-tuyen-truyen-ho-tro-"
        "huong-dan-nguoi-dan-su-dung-cac-nen-tang-ung-dung-so-nham-huong-ung-ngay-hoi-toan-dan-hoc-tap-so"
    )


def test_signed_pdf_imports_like_the_unsigned_one(capsys, tmp_path):
    signed = signed_copy(fixture("002-wide"), tmp_path / "da-ky.pdf")
    import pypdfium2
    import pypdfium2.raw

    pdf = pypdfium2.PdfDocument(signed.read_bytes())
    try:  # the copy really carries a signature field, the original none
        assert pypdfium2.raw.FPDF_GetSignatureCount(pdf.raw) == 1
    finally:
        pdf.close()
    assert b"/FT/Sig" not in fixture("002-wide").read_bytes()
    assert imported(capsys, signed, tmp_path / "a.db") == imported(capsys, fixture("002-wide"), tmp_path / "b.db")


# --- PDFs that cannot be read ----------------------------------------------------------


def _truncated(tmp_path: Path) -> Path:
    data = fixture("002-wide").read_bytes()
    return _write(tmp_path / "cat-cut.pdf", data[: len(data) // 2])


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


REFUSED = {
    "scanned": (lambda tmp: scanned_pdf(tmp / "ban-quet.pdf"), "tệp PDF là ảnh quét, không có chữ; hãy dùng bản Word hoặc PDF xuất từ Word"),
    "encrypted": (lambda tmp: _write(tmp / "mat-khau.pdf", fixture("encrypted").read_bytes()), "bảo vệ bằng mật khẩu"),
    "truncated": (_truncated, "bị cắt cụt"),
    "not a pdf": (lambda tmp: _write(tmp / "gia.pdf", "TT\tTên nhiệm vụ\n".encode()), "không phải tệp PDF"),
    "damaged": (lambda tmp: _write(tmp / "hong.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Cat" + b"\x00\xff" * 300 + b"\n%%EOF\n"), "tệp bị hỏng"),
    "empty": (lambda tmp: _write(tmp / "rong.pdf", b""), "tệp rỗng"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_unreadable_pdf_exits_1_names_the_file_and_leaves_the_database(capsys, tmp_path, case):
    make, words = REFUSED[case]
    db = tmp_path / "db" / "cdstui.db"
    assert run(capsys, "import", fixture("002-wide"), "--db", db)[0] == 0
    before = db_content(db)
    bad = make(tmp_path)
    code, _, err = run(capsys, "import", bad, "--db", db)
    assert code == 1
    assert f"Không nhập được {bad.name}" in err and words in err
    assert "Traceback" not in err and err.strip().count("\n") == 0
    assert db_content(db) == before


def test_too_many_bytes_refused_before_parsing(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_BYTES", 10_000)
    # damaged too: were it parsed, the message would say so
    big = _write(tmp_path / "lon.pdf", b"%PDF-1.7\n" + b"\x00" * 20_000 + b"\n%%EOF\n")
    code, _, err = run(capsys, "import", big, "--db", tmp_path / "a.db")
    assert code == 1 and "lon.pdf" in err and "quá lớn" in err and "hỏng" not in err


def test_too_many_pages_refused_before_a_page_is_parsed(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 5)
    from cdstui.importers import pdf_pdfium

    parsed: list[int] = []
    real_page = pdf_pdfium._read_page
    monkeypatch.setattr(pdf_pdfium, "_read_page", lambda pdf, index: parsed.append(index) or real_page(pdf, index))
    code, _, err = run(capsys, "import", fixture("000-narrow"), "--db", tmp_path / "a.db")
    assert code == 1 and "000-narrow.pdf" in err and "21 trang" in err and "5 trang" in err
    assert parsed == []


def test_start_up_does_not_load_the_pdf_engine_reading_a_pdf_does():
    code = (
        "import sys\n"
        "def heavy():\n"
        "    return sorted({m.split('.')[0] for m in sys.modules} & {'pypdfium2', 'pypdfium2_raw', 'pdfplumber', 'pdfminer', 'PIL'})\n"
        "import cdstui.cli, cdstui.tui.app\n"
        "from cdstui.importers import read_document\n"
        "print(heavy())\n"
        f"read_document({str(fixture('002-wide'))!r})\n"
        "print(heavy())\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    at_start, after_pdf = out.stdout.strip().split("\n")
    assert at_start == "[]"
    assert after_pdf == "['pypdfium2', 'pypdfium2_raw']"  # PDFium alone: no pdfminer, no Pillow


def test_cli_lists_pdf_among_the_formats(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert ".pdf" in capsys.readouterr().out


# --- how lines are joined, on lines laid out by hand ----------------------------------------


def _line(text: str, x0: float = 10, size: float = 10, trailing_space: bool = False) -> Line:
    """A line at ``x0``, 5 points a character, as the geometry of a printed line."""
    words = text.split()
    return Line(
        text=text,
        x0=x0,
        x1=x0 + 5 * len(text),
        top=0,
        bottom=size,
        size=size,
        first_word=5 * len(words[0]) if words else 0,
        first_char=5,
        single=" " not in text,
        bullet=False,
        trailing_space=trailing_space,
    )


FRAME = Frame(left=10, right=110, gap=None, space=0.25)  # 20 characters a line


@pytest.mark.parametrize(
    "lines, expected",
    [
        # a wrap: the next word did not fit
        (["Tổ chức tập huấn kỹ", "năng số cho cán bộ"], "Tổ chức tập huấn kỹ năng số cho cán bộ"),
        # a short line: the next word would have fitted, so the line was ended
        (["Kế hoạch;", "văn bản triển khai"], "Kế hoạch;\nvăn bản triển khai"),
        # a new "- " item after a clause, even on a full line
        (["trên hệ thống TTHC.", "- 100% cán bộ lãnh đạo"], "trên hệ thống TTHC.\n- 100% cán bộ lãnh đạo"),
        # a number that goes on a sentence is no new item
        (["hộ gia đình có kết đạt", "100%."], "hộ gia đình có kết đạt 100%."),
        # a numbered item after a clause
        (["các nhiệm vụ sau đây:", "1. Rà soát thủ tục"], "các nhiệm vụ sau đây:\n1. Rà soát thủ tục"),
        # a code cut where the line was full (19 characters and no room for a 20th), a slash that ended a line
        (["UBNDPHUONGBANGOIKHA", "NHHOA phường"], "UBNDPHUONGBANGOIKHANHHOA phường"),
        (["Nghị định 179/2025/", "NĐ-CP ngày 01/7/2025"], "Nghị định 179/2025/NĐ-CP ngày 01/7/2025"),
        # a lower-case word is never cut: a wrap
        (["chuyenngoaingunganh", "số hóa"], "chuyenngoaingunganh số hóa"),
    ],
)
def test_join_lines(lines, expected):
    assert join_lines([_line(t) for t in lines], FRAME) == expected


def test_a_space_the_producer_kept_means_a_wrap():
    lines = [_line("22/12/2024/QĐ-UBND/", trailing_space=True), _line("ngày 01")]
    assert join_lines(lines, FRAME) == "22/12/2024/QĐ-UBND/ ngày 01"


def test_producer_that_keeps_spaces_tells_a_short_line_ended():
    frame = Frame(left=10, right=110, gap=None, space=0.25, keeps_spaces=True)
    # "-Xử" would not have fitted after "theo đúng quy định", but a wrap would have left its space
    lines = [_line("theo đúng quy định"), _line("-Xử lý 10.000 văn bản")]
    assert join_lines(lines, frame) == "theo đúng quy định\n-Xử lý 10.000 văn bản"


def _glyphs(text: str, x: float, top: float, size: float = 10) -> list[Glyph]:
    return [Glyph(ch, x + 5 * i, x + 5 * (i + 1), top, top + size, size) for i, ch in enumerate(text)]


def test_bullet_glyph_becomes_a_dash_and_combining_marks_stay_on_their_letter():
    glyphs = _glyphs("\uf0b7", 10, 0) + _glyphs("Tie", 30, 0)
    # a circumflex drawn after its "e" but starting left of it: sorted by position alone, it would come first
    glyphs.append(Glyph("\u0302", 39, 44, 0, 10, 10))
    glyphs += _glyphs("p", 45, 0)
    ((line,),) = make_lines(glyphs)
    assert line.bullet and line.text == "- Tie\u0302p"
    assert unicodedata.normalize("NFC", line.text) == "- Tiêp"


def test_page_numbers_in_the_margin_are_not_prose():
    page = PdfPage(
        number=2,
        width=200,
        height=300,
        glyphs=_glyphs("Kế hoạch số 12", 10, 100) + _glyphs("2", 100, 285),
    )
    blocks = list(pdf_blocks([page]))
    assert [b.text for b in blocks if isinstance(b, ProseLine)] == ["Kế hoạch số 12"]


def test_reading_a_pdf_error_keeps_the_input_error_type(tmp_path):
    with pytest.raises(InputError) as exc:
        read_document(scanned_pdf(tmp_path / "x.pdf", pages=1))
    assert exc.value.file == "x.pdf"
