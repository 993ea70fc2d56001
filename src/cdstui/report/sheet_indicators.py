"""The "Chỉ tiêu" sheet: every indicator with its target, the achieved value and the verdict.

Columns: STT, Nội dung chỉ tiêu, Đơn vị, Chỉ tiêu, Kết quả thực hiện, Đánh giá
(Đạt / Chưa đạt), Cơ quan chủ trì, Ghi chú — and a hidden id column. Below
the table, the tally as the province words it ("17 chỉ tiêu, trong đó: 05 đạt
và vượt; 01 chưa đạt; 11 chưa đánh giá").
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from cdstui.domain.labels import MET, NOT_MET
from cdstui.domain.model import Row, Table
from cdstui.domain.summary import indicator_met
from cdstui.domain.targets import summary_phrase
from cdstui.report import look
from cdstui.report.sheet_tasks import SheetResult, Written

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

    from cdstui.settings import Settings

INDICATOR_HEADERS = (
    "STT",
    "Nội dung chỉ tiêu",
    "Đơn vị",
    "Chỉ tiêu",
    "Kết quả thực hiện",
    "Đánh giá (Đạt / Chưa đạt)",
    "Cơ quan chủ trì",
    "Ghi chú",
)
INDICATOR_WIDTHS = (6, 62, 10, 16, 18, 14, 24, 24)
COL_ACTUAL = INDICATOR_HEADERS.index("Kết quả thực hiện") + 1
COL_VERDICT = INDICATOR_HEADERS.index("Đánh giá (Đạt / Chưa đạt)") + 1
COL_NOTE = INDICATOR_HEADERS.index("Ghi chú") + 1
COL_ID = len(INDICATOR_HEADERS) + 1

FRAME = look.Frame(ncols=len(INDICATOR_HEADERS), widths=INDICATOR_WIDTHS, left=(1, 2), right=(4, 8))

VERDICT_WORDS = {True: MET, False: NOT_MET, None: ""}


def select_indicators(tables: list[Table], lead: str | None) -> list[tuple[Table, list[Row]]]:
    """Indicator rows per table (with their sections/groups), or only one lead agency's."""
    from cdstui.domain.text import fold

    out = []
    wanted = fold(lead).strip() if lead else ""
    for table in tables:
        rows = [r for r in table.rows if r.kind in ("indicator", "section", "group")]
        if not any(r.kind == "indicator" for r in rows):
            continue
        if wanted:
            keep_paths: set[tuple[str, ...]] = set()
            chosen = []
            for r in rows:
                if r.kind == "indicator" and wanted in fold(r.lead):
                    for k in range(1, len(r.path) + 1):
                        keep_paths.add(tuple(r.path[:k]))
            for r in rows:
                if r.kind == "indicator" and wanted in fold(r.lead):
                    chosen.append(r)
                elif r.kind != "indicator" and tuple([*r.path, r.code]) in keep_paths:
                    chosen.append(r)
            rows = chosen
            if not any(r.kind == "indicator" for r in rows):
                continue
        out.append((table, rows))
    return out


def write_indicator_sheet(
    ws: "Worksheet",
    parts: list[tuple[Table, list[Row]]],
    *,
    settings: "Settings",
    day: date,
    title: str,
    subtitles: list[tuple[str, str]],
    closing: bool = True,
) -> SheetResult:
    result = SheetResult(title=ws.title)
    header_row = look.write_heading(ws, FRAME, settings, day, title, subtitles)
    look.write_header(ws, header_row, INDICATOR_HEADERS, INDICATOR_WIDTHS)
    look.put_text(ws, header_row, COL_ID, "cdstui-id", look.S_TEXT)
    put_text = look.put_text
    r = header_row + 1
    met = not_met = total = 0
    for table, rows in parts:
        if len(parts) > 1:
            look.write_span_row(ws, r, "", table.title, FRAME.ncols, first_style=look.S_SECTION_CENTER, style=look.S_SECTION)
            r += 1
        number = 0
        for row in rows:
            if row.kind != "indicator":
                look.write_span_row(
                    ws, r, row.code, row.title, FRAME.ncols, first_style=look.S_SECTION_CENTER, style=look.S_SECTION
                )
                look.fit_height(ws, r, [(row.title, sum(INDICATOR_WIDTHS[1:]))])
                number = 0
                r += 1
                continue
            number += 1
            verdict = indicator_met(row)
            total += 1
            met += verdict is True
            not_met += verdict is False
            put_text(ws, r, 1, row.code or str(number), look.S_TD_CENTER)
            put_text(ws, r, 2, row.title, look.S_TD)
            put_text(ws, r, 3, row.unit, look.S_TD_CENTER)
            put_text(ws, r, 4, row.target, look.S_TD_CENTER)
            look.put_progress_value(ws, r, COL_ACTUAL, row.actual, text_style=look.S_TD_CENTER)
            put_text(ws, r, COL_VERDICT, VERDICT_WORDS[verdict], look.S_TD_CENTER)
            put_text(ws, r, 7, row.lead, look.S_TD)
            put_text(ws, r, COL_NOTE, row.note, look.S_TD)
            look.fit_height(
                ws,
                r,
                [(text, INDICATOR_WIDTHS[i]) for i, text in ((1, row.title), (3, row.target), (4, row.actual or ""), (6, row.lead), (7, row.note))],
            )
            if row.id is not None:
                ws.cell(row=r, column=COL_ID, value=row.id)
                result.rows.append(
                    Written(
                        ws.title,
                        r,
                        row.id,
                        "indicator",
                        {
                            "actual": row.actual,
                            "verdict": row.verdict,
                            "shown_verdict": VERDICT_WORDS[verdict],
                            "note": row.note,
                        },
                    )
                )
            r += 1
    from openpyxl.utils import get_column_letter

    ws.column_dimensions[get_column_letter(COL_ID)].hidden = True
    # The tally, worded as the province words it.
    r += 1
    phrase = "Tổng số: " + summary_phrase(met, not_met, total) + "."
    put_text(ws, r, 1, phrase, look.S_TEXT)
    look.merge(ws, r, 1, FRAME.ncols)
    r += 1
    # a lead agency's copy is a form to fill in, not the signed report
    result.last_row = look.write_closing(ws, r, FRAME, settings) if closing else r
    look.setup_page(ws, FRAME, header_row, result.last_row)
    return result
