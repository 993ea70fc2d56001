"""Glyph widths of Times New Roman and line wrapping, against what LibreOffice printed.

The expected lines are LibreOffice's own: seed 000's cells written into
columns of known width and printed to PDF (Liberation Serif, the font it
prints Times New Roman with), the lines read back with pdfplumber.
"""

from __future__ import annotations

import pytest

from cdstui.report import font_metrics, metrics
from cdstui.report.look import CELL_INSET, CHAR_POINTS, line_pitch, row_height, text_lines

VIETNAMESE = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìĩóòõúùũýđ"


def test_every_vietnamese_letter_has_its_own_width_in_every_style():
    for ch in VIETNAMESE + VIETNAMESE.upper() + "–—“”‘’…≥≤":
        assert ch in font_metrics.CHARS, ch
    for style, widths in font_metrics.WIDTHS.items():
        assert len(widths) == len(font_metrics.CHARS), style


@pytest.mark.parametrize(
    ("text", "size", "bold", "points"),
    [
        # advance widths as LibreOffice's PDF placed the words (to a tenth of a point)
        ("Nhiệm", 12, False, 32.59),
        ("tầng", 12, False, 20.59),
        ("Hạ", 12, False, 13.99),
        ("sung", 12, False, 22.67),
    ],
)
def test_widths_are_those_libreoffice_prints(text, size, bold, points):
    assert metrics.text_width(text, size, bold=bold) == pytest.approx(points, abs=0.1)


def test_bold_is_wider_and_a_letter_it_does_not_know_counts_wide():
    assert metrics.text_width("Nhiệm vụ trọng tâm", 12, bold=True) > metrics.text_width("Nhiệm vụ trọng tâm", 12)
    assert metrics.text_width("中", 12) >= metrics.text_width("W", 12)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # LibreOffice, Times New Roman 12 in a column 63 pt wide (61 pt for the text)
        (
            "Theo Quyết định số 246-QĐ/TU, địa phương Ba Ngòi không giao triển khai nhiệm vụ này.",
            61.0,
            ["Theo Quyết", "định số 246-", "QĐ/TU, địa", "phương Ba", "Ngòi không", "giao triển", "khai nhiệm", "vụ này."],
        ),
        ("Phòng Văn hóa – Xã hội", 61.0, ["Phòng Văn", "hóa – Xã", "hội"]),
        # a column 168 pt wide
        (
            "Hạ tầng số: Đầu tư, bổ sung trang thiết bị tại các cấp, các ngành để phục vụ hoạt động chuyên môn, "
            "công tác chuyển đổi số đáp ứng theo mô hình chính quyền 2 cấp",
            166.0,
            [
                "Hạ tầng số: Đầu tư, bổ sung trang",
                "thiết bị tại các cấp, các ngành để",
                "phục vụ hoạt động chuyên môn,",
                "công tác chuyển đổi số đáp ứng",
                "theo mô hình chính quyền 2 cấp",
            ],
        ),
    ],
)
def test_lines_break_where_libreoffice_breaks_them(text, width, lines):
    assert metrics.wrap(text, width, 12) == lines


def test_line_breaks_kept_and_a_word_longer_than_the_line_cut():
    assert metrics.wrap("a\n\nb c", 60, 12) == ["a", "", "b c"]
    long = metrics.wrap("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html", 60, 12)
    assert len(long) > 1 and all(metrics.text_width(line, 12) <= 60 for line in long)
    assert "".join(long) == "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"
    # "2026-2030" is never broken at its hyphen
    assert "2026-2030" in metrics.wrap("giai đoạn 2026-2030 và", 61, 12)


def test_the_lead_of_iii_3_gets_its_five_lines():
    """Issue 13: III.3's lead lost "phường;" when the height was guessed from a character count."""
    lead = "Văn phòng Đảng ủy phường; Ủy ban MTTQ Việt Nam phường; Văn phòng HĐND&UBND phường;"
    assert text_lines(lead, 16) == len(metrics.wrap(lead, 16 * CHAR_POINTS - CELL_INSET, 12)) >= 5
    assert row_height(text_lines(lead, 16)) >= text_lines(lead, 16) * metrics.line_height(12)


def test_a_line_is_the_fonts_height_in_whole_pixels():
    assert metrics.line_height(12) == pytest.approx(13.29, abs=0.01)
    assert line_pitch(12) == 13.5  # 18 px at 96 dpi
    assert line_pitch(11) >= metrics.line_height(11)
