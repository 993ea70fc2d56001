"""The "Chỉ tiêu" sheet: every indicator with its target, the achieved value and the verdict.

The columns are ``columns.INDICATOR_COLUMNS`` (STT, Nội dung chỉ tiêu, Đơn
vị, Chỉ tiêu, Kết quả thực hiện, Đánh giá (Đạt / Chưa đạt), Cơ quan chủ trì,
Ghi chú), then a hidden id column. Below the table, the tally as the
province words it ("17 chỉ tiêu, trong đó: 05 đạt và vượt; 01 chưa đạt; 11
chưa đánh giá").
"""

from __future__ import annotations

from typing import Any

from cdstui.domain.labels import MET, NOT_MET
from cdstui.domain.model import Row, Table
from cdstui.domain.summary import indicator_met
from cdstui.domain.targets import read_actual, summary_phrase
from cdstui.report import look
from cdstui.report.columns import ID_HEADER, INDICATOR_COLUMNS, headers, widths
from cdstui.report.sheet_tasks import SheetResult, Written, hidden_id, hide_id_column

COLUMNS = INDICATOR_COLUMNS
COL_ID = len(COLUMNS) + 1
SPAN_WIDTH = sum(widths(COLUMNS)[1:])
# The line under the table that sums the verdicts up.
TALLY_HEAD = "Tổng số: "

FRAME = look.Frame(ncols=len(COLUMNS), widths=widths(COLUMNS), left=(1, 2), right=(4, 8))

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


def _cells(row: Row, code: str, verdict: bool | None) -> dict[str, tuple[Any, str]]:
    """(value, style) per column field of an indicator."""
    cells: dict[str, tuple[Any, str]] = {c.field: (getattr(row, c.field), look.S_TD) for c in COLUMNS}
    for name in ("unit", "target"):
        cells[name] = (getattr(row, name), look.S_TD_CENTER)
    cells["code"] = (code, look.S_TD_CENTER)
    cells["actual"] = _actual_cell(row)
    cells["verdict"] = (VERDICT_WORDS[verdict], look.S_TD_CENTER)
    return cells


def _actual_cell(row: Row) -> tuple[Any, str]:
    """A percentage as a number ("50%", "99,5%" and "100 %" alike), anything else as text."""
    actual = read_actual(row.actual, row.target, row.unit)
    if actual.error or not actual.percent or actual.value is None:
        return row.actual or "", look.S_TD_CENTER
    style = look.S_TD_PCT if actual.value == int(actual.value) else look.S_TD_PCT_DECIMAL
    return actual.value / 100, style


def _write_indicator(sheet: look.Sheet, r: int, row: Row, code: str, verdict: bool | None) -> Written | None:
    cells = _cells(row, code, verdict)
    sheet.row(r, [cells[c.field] for c in COLUMNS] + [(hidden_id(row.id), look.S_HIDDEN)])
    sheet.fit_height(r, [(cells[c.field][0], c.width) for c in COLUMNS])
    if row.id is None:
        return None
    values = {"code": code, "title": row.title, "actual": row.actual, "verdict": row.verdict}
    values.update(shown_verdict=VERDICT_WORDS[verdict], note=row.note)
    cut = tuple(c.field for c in COLUMNS if look.is_cut(cells[c.field][0]))
    return Written(sheet.title, r, row.id, "indicator", values, cut)


def _span(sheet: look.Sheet, r: int, code: str, title: str) -> None:
    look.write_span_row(sheet, r, code, title, FRAME.ncols, first_style=look.S_SECTION_CENTER, style=look.S_SECTION)


def write_indicator_sheet(sheet: look.Sheet, parts: list[tuple[Table, list[Row]]], page: look.Page) -> SheetResult:
    """Write the indicators of ``parts`` (a table title above each when there are several); return the rows written."""
    result = SheetResult(title=sheet.title)
    frame = FRAME.fitting_codes(row.code for _table, rows in parts for row in rows)
    header_row = look.write_heading(sheet, frame, page)
    look.write_header(sheet, header_row, headers(COLUMNS), widths(COLUMNS), [(ID_HEADER, look.S_TEXT)])
    r = header_row + 1
    verdicts: list[bool | None] = []
    for table, rows in parts:
        if len(parts) > 1:
            _span(sheet, r, "", table.title)
            r += 1
        number = 0
        for row in rows:
            if row.kind != "indicator":
                _span(sheet, r, row.code, row.title)
                sheet.fit_height(r, [(row.title, SPAN_WIDTH)], bold=True)
                number = 0
            else:
                number += 1
                verdicts.append(indicator_met(row))
                written = _write_indicator(sheet, r, row, row.code or str(number), verdicts[-1])
                if written is not None:
                    result.rows.append(written)
            r += 1
    hide_id_column(sheet, COL_ID)
    table_end = r - 1
    r += 1
    phrase = TALLY_HEAD + summary_phrase(verdicts.count(True), verdicts.count(False), len(verdicts)) + "."
    sheet.text(r, 1, phrase, look.S_TEXT)
    sheet.merge(r, 1, FRAME.ncols)
    result.last_row = look.finish_page(sheet, frame, page, header_row, r + 1, table_end=table_end)
    return result
