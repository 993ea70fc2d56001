"""The plan list's cell fitting: every cell exactly its column's width."""

from __future__ import annotations

import pytest
from rich.cells import cell_len, get_character_cell_size

from cdstui.tui.widgets.plan_table import _ONE_CELL, _fit_str


def test_the_fast_path_characters_are_one_cell_wide():
    assert all(get_character_cell_size(ch) == 1 for ch in _ONE_CELL)
    assert {"ạ", "ỹ", "Đ", "ư", "–", "…"} <= _ONE_CELL


@pytest.mark.parametrize(
    "text",
    [
        "Xây dựng Kế hoạch chuyển đổi số phường Ba Ngòi – giai đoạn 2026-2030…",
        "Phòng Văn hóa – Xã hội",
        "Quý I/2026",
        "",
        "Hội nghị 会议 trực tuyến",  # wide characters: the slow path
        "Tập huấn cho nhân dân",  # a combining mark (not NFC): the slow path
    ],
)
@pytest.mark.parametrize("width", [1, 5, 12, 40, 90])
def test_a_cell_is_cut_or_padded_to_its_width(text, width):
    fitted = _fit_str(text, width)
    assert cell_len(fitted) == width
    if cell_len(text) <= width:
        assert fitted.rstrip(" ") == text.rstrip(" ")
    else:
        assert fitted.endswith("…") and text.startswith(fitted[:-1].rstrip(" "))
