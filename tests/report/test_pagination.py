"""Page breaks placed before the office suite places its own: no section row at a page's
foot, the signature never alone under the repeated header."""

from __future__ import annotations

from cdstui.report.pagination import PageFrame, fit_scale, page_breaks


def test_the_scale_fits_the_columns_on_the_printable_width():
    assert fit_scale(1170, 714.3) == 61
    assert fit_scale(500, 714.3) == 100
    assert fit_scale(0, 714.3) == 100
    assert PageFrame(714.3, 481.9, 61).room < 481.9 * 100 / 61


def test_rows_fill_a_page_and_the_header_repeats():
    # heading of 100, header row of 30, rows of 50: page 1 holds 7 rows (100 + 30 + 350 <= 500)
    heights = [100, 30] + [50] * 20
    breaks = page_breaks(heights, first=3, header=2, room=500)
    assert breaks[0] == 9
    # later pages: header 30 + 9 rows of 50 = 480
    assert breaks[1] - breaks[0] == 9


def test_a_section_row_never_ends_a_page():
    heights = [100, 30] + [50] * 20
    keep = {9}  # the 7th row, which would end page 1, is a section title
    breaks = page_breaks(heights, first=3, header=2, keep=keep, room=500)
    assert breaks[0] == 8  # the section goes over with the row it heads
    keep = {8, 9}  # a section and its group: both go over
    assert page_breaks(heights, first=3, header=2, keep=keep, room=500)[0] == 7


def test_the_closing_block_goes_with_the_last_rows_of_the_table():
    # 7 rows fill page 1; the tail (tally, "Nơi nhận", signature) of 120 would stand alone on page 2
    heights = [100, 30] + [50] * 7 + [120]
    breaks = page_breaks(heights, first=3, header=2, tail=10, room=500)
    assert breaks == [8]  # the last row of the table moves to page 2 with the tail
    # room for it all: no break
    assert page_breaks([100, 30] + [50] * 5 + [120], first=3, header=2, tail=8, room=500) == []


def test_a_page_always_holds_a_row():
    heights = [100, 30] + [600, 50]
    assert page_breaks(heights, first=3, header=2, room=500) == [3]
