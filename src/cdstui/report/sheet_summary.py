"""The "Tổng hợp" sheet: task counts per top section and per category, and the indicator tally.

The model is the 2025 results table of seed 002 (Lĩnh vực / Nhiệm vụ / Đã
hoàn thành / Đang triển khai). Counting is ``domain.summary.summarize``'s:
a kind only where the plan names it; "Không giao" outside every total.
"""

from __future__ import annotations

from cdstui.domain.summary import StatusCounts, Summary
from cdstui.report import look

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


def _counts_row(sheet: look.Sheet, r: int, code: str, label: str, counts: StatusCounts, *, bold: bool) -> None:
    text_style = look.S_SECTION if bold else look.S_TD
    num_style = look.S_SECTION_NUM if bold else look.S_TD_NUM
    numbers = (counts.total, counts.done, counts.in_progress, counts.not_started, counts.not_assigned, counts.overdue)
    assigned = counts.total  # "Không giao" tasks are not in the total
    rate = (round(counts.done / assigned, 4), look.S_TD_PCT) if assigned > 0 else ("", look.S_TD_CENTER)
    sheet.row(
        r,
        [(code, look.S_SECTION_CENTER if bold else look.S_TD_CENTER), (label, text_style)]
        + [(n, num_style) for n in numbers]
        + [rate],
    )
    sheet.fit_height(r, [(label, SUMMARY_WIDTHS[1])])


def _span(sheet: look.Sheet, r: int, code: str, text: str, first_style: str = look.S_SECTION_CENTER) -> None:
    look.write_span_row(sheet, r, code, text, FRAME.ncols, first_style=first_style, style=look.S_SECTION)


def _line(sheet: look.Sheet, r: int, text: str) -> None:
    sheet.text(r, 1, text, look.S_TEXT)
    sheet.merge(r, 1, FRAME.ncols)


def _count_rows(sheet: look.Sheet, r: int, summary: Summary) -> int:
    """The counts by section (table by table) and by category, and the total; return the next row."""
    tables = list(dict.fromkeys(s.table for s in summary.sections))
    _span(sheet, r, "A", "Theo mục của kế hoạch")
    r += 1
    for table in tables:
        if len(tables) > 1:
            _span(sheet, r, "", table, look.S_TD_CENTER)
            r += 1
        for section in summary.sections:
            if section.table == table:
                _counts_row(sheet, r, section.code, section.title or "(ngoài các mục)", section.counts, bold=False)
                r += 1
    _span(sheet, r, "B", "Theo nhóm nhiệm vụ")
    r += 1
    for i, category in enumerate(summary.categories, start=1):
        _counts_row(sheet, r, str(i), category.label, category.counts, bold=False)
        r += 1
    _counts_row(sheet, r, "", "Tổng cộng", summary.total, bold=True)
    return r + 1


def write_summary_sheet(sheet: look.Sheet, summary: Summary, page: look.Page) -> int:
    """Write the summary; return the last row used."""
    frame = FRAME.fitting_codes(section.code for section in summary.sections)
    header_row = look.write_heading(sheet, frame, page)
    look.write_header(sheet, header_row, SUMMARY_HEADERS, SUMMARY_WIDTHS)
    table_end = _count_rows(sheet, header_row + 1, summary) - 1
    r = table_end + 2
    _line(sheet, r, "Chỉ tiêu: " + summary.indicator_phrase() + ".")
    r += 1
    if summary.not_met:
        text = "Chỉ tiêu chưa đạt: " + "; ".join(row.title for row in summary.not_met) + "."
        _line(sheet, r, text)
        sheet.text_height(r, text, sum(SUMMARY_WIDTHS))
        r += 1
    return look.finish_page(sheet, frame, page, header_row, r, table_end=table_end)
