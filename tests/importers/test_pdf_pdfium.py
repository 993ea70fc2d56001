"""The PDF engine (``pdf_pdfium``): glyphs and rulings where a hand-written page draws them.

The page is written operator by operator (``drawn_pdf``), in Helvetica,
whose advance widths are known (H 722, e 556, l 222, o 556, A 667, B 667,
space 278, per 1000 of the font size), so each box is known to the point.
The committed fixtures check the rest: their dump equals the Word file's.
"""

from __future__ import annotations

import pytest

from cdstui.importers.pdf_pdfium import Page, open_pdf
from cdstui.importers.pdf_rulings import find_tables
from tests.importers.pdf_samples import drawn_pdf

HEIGHT = 842
TEXT = b"""BT /F1 10 Tf 100 700 Td (Hello) Tj ET
BT /F1 10 Tf 100 680 Td [(A) -600 ( ) (B)] TJ ET
BT /F1 10 Tf 2 0 0 2 100 600 Tm (Wide) Tj ET
q 1 0 0 1 40 400 cm /Fm1 Do Q"""
# A two-by-two table in a form XObject, shifted 10 points by the form's matrix and 40 by
# the page; its top border is a filled rectangle half a point high.
TABLE = b"""0.5 w
0 0 m 200 0 l S
0 20 m 200 20 l S
0 39.75 200 0.5 re f
0 0 m 0 40 l S 100 0 m 100 40 l S 200 0 m 200 40 l S
BT /F1 8 Tf 5 25 Td (Cell) Tj ET"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Page:
    pdf = drawn_pdf(tmp_path_factory.mktemp("drawn") / "page.pdf", TEXT, {"Fm1": (TABLE, "/Matrix [1 0 0 1 10 0]")})
    with open_pdf(pdf.read_bytes()) as document:
        assert document.page_count == 1
        return next(document.pages())


def boxes(page: Page, text: str) -> list[tuple[float, ...]]:
    return [tuple(round(v, 2) for v in (g.x0, g.x1, g.top, g.bottom, g.size)) for g in page.glyphs if g.text == text]


def test_glyph_boxes_run_from_the_origin_by_the_advance_and_stand_on_the_baseline(page):
    assert (page.width, page.height) == (595, HEIGHT)
    assert "".join(g.text for g in page.glyphs) == "HelloA BWideCell"
    assert boxes(page, "H") == [(100, 107.22, HEIGHT - 710, HEIGHT - 700, 10)]
    assert boxes(page, "o") == [(117.22, 122.78, HEIGHT - 710, HEIGHT - 700, 10)]
    # the text matrix doubles the size; the form's glyphs land where the form is drawn
    assert boxes(page, "W") == [(100, 118.88, HEIGHT - 620, HEIGHT - 600, 20)]
    assert boxes(page, "C") == [(55, 60.78, HEIGHT - 433, HEIGHT - 425, 8)]


def test_a_space_after_a_kerning_gap_is_the_producers_own(page):
    # PDFium makes up a space at the gap and drops the space glyph after it: the glyph is put back
    assert boxes(page, "A") == [(100, 106.67, HEIGHT - 690, HEIGHT - 680, 10)]
    assert boxes(page, " ") == [(112.67, 115.45, HEIGHT - 690, HEIGHT - 680, 10)]
    assert boxes(page, "B") == [(115.45, 122.12, HEIGHT - 690, HEIGHT - 680, 10)]


def test_rulings_of_a_form_are_placed_on_the_page_and_draw_the_table(page):
    ((bbox, cells),) = find_tables(page.rulings)
    assert bbox == (50, HEIGHT - 440, 250, HEIGHT - 400)
    assert cells == [
        (50, HEIGHT - 440, 150, HEIGHT - 420),
        (150, HEIGHT - 440, 250, HEIGHT - 420),
        (50, HEIGHT - 420, 150, HEIGHT - 400),
        (150, HEIGHT - 420, 250, HEIGHT - 400),
    ]
