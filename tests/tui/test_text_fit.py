"""Text fitted to a column: every cell exactly its width, cut with an ellipsis."""

from __future__ import annotations

import pytest
from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from cdstui.tui.text_fit import ONE_CELL, clip, fit, one_line

TEXTS = [
    "Xây dựng Kế hoạch chuyển đổi số phường Ba Ngòi – giai đoạn 2026-2030…",
    "Phòng Văn hóa – Xã hội",
    "Quý I/2026",
    "",
    "Hội nghị 会议 trực tuyến",  # wide characters: the slow path
    "Tập huấn cho nhân dân",  # a combining mark (not NFC): the slow path
]


def test_the_fast_path_characters_are_one_cell_wide():
    assert all(get_character_cell_size(ch) == 1 for ch in ONE_CELL)
    assert {"ạ", "ỹ", "Đ", "ư", "–", "…"} <= ONE_CELL


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", [1, 5, 12, 40, 90])
def test_a_cell_is_cut_or_padded_to_its_width(text, width):
    fitted = fit(text, width)
    assert cell_len(fitted) == width
    if cell_len(text) <= width:
        assert fitted.rstrip(" ") == text.rstrip(" ")
    else:
        assert fitted.endswith("…") and text.startswith(fitted[:-1].rstrip(" "))


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", [1, 5, 12, 90])
def test_without_padding_a_short_text_stays_as_it_is(text, width):
    fitted = fit(text, width, pad=False)
    assert fitted == text if cell_len(text) <= width else cell_len(fitted) == width


def test_nothing_fits_in_no_width():
    assert fit("Quý I/2026", 0) == "" and fit("Quý I/2026", -3) == ""


def test_a_table_cell_is_one_line_of_text_never_markup():
    cell = clip("Tập huấn [bold]kỹ năng số[/bold]\ncho   người dân", 24)
    assert isinstance(cell, Text) and not cell.spans
    assert cell.plain == "Tập huấn [bold]kỹ năng …" and cell.cell_len == 24
    assert clip(None, 10).plain == "" and clip("Đạt", 0).plain == "…"
    assert one_line(" a\n\tb  c ") == "a b c"
