"""The "Tổng hợp" sheet: task counts per top section and per category, and the indicator tally.

The model is the 2025 results table of seed 002 (Lĩnh vực / Nhiệm vụ / Đã
hoàn thành / Đang triển khai). Counting is ``domain.summary.summarize``'s:
a kind only where the plan names it; "Không giao" outside every total.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from cdstui.domain.summary import StatusCounts, Summary
from cdstui.report import look

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

    from cdstui.settings import Settings

SUMMARY_HEADERS = (
    "STT",
    "Nội dung",
    "Số nhiệm vụ",
    "Hoàn thành",
    "Đang triển khai",
    "Chưa triển khai",
    "Không giao",
    "Quá hạn",
    "Tỷ lệ hoàn thành",
)
SUMMARY_WIDTHS = (7, 56, 12, 12, 13, 13, 12, 11, 13)
FRAME = look.Frame(ncols=len(SUMMARY_HEADERS), widths=SUMMARY_WIDTHS, left=(1, 2), right=(4, 9))

_ROMAN_LETTERS = ("A", "B", "C")


def _counts_row(ws: "Worksheet", r: int, code: str, label: str, counts: StatusCounts, *, bold: bool) -> None:
    text_style = look.S_SECTION if bold else look.S_TD
    num_style = look.S_SECTION_NUM if bold else look.S_TD_NUM
    look.put_text(ws, r, 1, code, look.S_SECTION_CENTER if bold else look.S_TD_CENTER)
    look.put_text(ws, r, 2, label, text_style)
    look.fit_height(ws, r, [(label, SUMMARY_WIDTHS[1])])
    for col, value in enumerate(
        (counts.total, counts.done, counts.in_progress, counts.not_started, counts.not_assigned, counts.overdue),
        start=3,
    ):
        look.put_number(ws, r, col, value, num_style)
    assigned = counts.total  # "Không giao" tasks are not in the total
    if assigned > 0:
        look.put_number(ws, r, 9, round(counts.done / assigned, 4), look.S_TD_PCT)
    else:
        look.put_text(ws, r, 9, "", look.S_TD_CENTER)


def write_summary_sheet(
    ws: "Worksheet",
    summary: Summary,
    *,
    settings: "Settings",
    day: date,
    title: str,
    subtitles: list[tuple[str, str]],
) -> int:
    """Write the summary; return the last row used."""
    header_row = look.write_heading(ws, FRAME, settings, day, title, subtitles)
    look.write_header(ws, header_row, SUMMARY_HEADERS, SUMMARY_WIDTHS)
    r = header_row + 1
    tables = list(dict.fromkeys(s.table for s in summary.sections))
    look.write_span_row(
        ws, r, "A", "Theo mục của kế hoạch", FRAME.ncols, first_style=look.S_SECTION_CENTER, style=look.S_SECTION
    )
    r += 1
    for table in tables:
        if len(tables) > 1:
            look.write_span_row(ws, r, "", table, FRAME.ncols, first_style=look.S_TD_CENTER, style=look.S_SECTION)
            r += 1
        for section in summary.sections:
            if section.table != table:
                continue
            _counts_row(ws, r, section.code, section.title or "(ngoài các mục)", section.counts, bold=False)
            r += 1
    look.write_span_row(
        ws, r, "B", "Theo nhóm nhiệm vụ", FRAME.ncols, first_style=look.S_SECTION_CENTER, style=look.S_SECTION
    )
    r += 1
    for i, category in enumerate(summary.categories, start=1):
        _counts_row(ws, r, str(i), category.label, category.counts, bold=False)
        r += 1
    _counts_row(ws, r, "", "Tổng cộng", summary.total, bold=True)
    r += 2
    phrase = "Chỉ tiêu: " + summary.indicator_phrase() + "."
    look.put_text(ws, r, 1, phrase, look.S_TEXT)
    look.merge(ws, r, 1, FRAME.ncols)
    r += 1
    if summary.not_met:
        names = "; ".join(row.title for row in summary.not_met)
        text = f"Chỉ tiêu chưa đạt: {names}."
        look.put_text(ws, r, 1, text, look.S_TEXT)
        look.merge(ws, r, 1, FRAME.ncols)
        look.row_height(ws, r, text, sum(SUMMARY_WIDTHS))
        r += 1
    last = look.write_closing(ws, r, FRAME, settings)
    look.setup_page(ws, FRAME, header_row, last)
    return last
