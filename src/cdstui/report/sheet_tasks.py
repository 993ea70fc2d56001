"""A task table of the plan as a report sheet.

The columns are ``columns.TASK_COLUMNS`` (STT, Nhiệm vụ/giải pháp, Cơ quan
chủ trì, Cơ quan phối hợp, Thời gian hoàn thành, Kết quả dự kiến, Tình trạng,
Mức độ hoàn thành, Kết quả thực hiện (chi tiết, minh chứng), Ghi chú), then a
hidden column with each task's id in the database, so that a workbook filled
by an agency merges back into the same rows. Sections and groups are bold
rows spanning the table, in the plan's own order and numbering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cdstui.domain.deadlines import due_date
from cdstui.domain.labels import STATUS_LABELS, status_label
from cdstui.domain.model import Row, Table
from cdstui.domain.progress import is_overdue
from cdstui.report import look
from cdstui.report.columns import ID_HEADER, TASK_COLUMNS, headers, index_of, widths

COLUMNS = TASK_COLUMNS
COL_STATUS = index_of(COLUMNS, "status")
COL_ID = len(COLUMNS) + 1
SPAN_WIDTH = sum(widths(COLUMNS)[1:])

FRAME = look.Frame(ncols=len(COLUMNS), widths=widths(COLUMNS), left=(1, 2), right=(7, 10))

STATUS_CHOICES = tuple(STATUS_LABELS[s] for s in ("not_started", "in_progress", "done", "not_assigned"))


@dataclass
class Written:
    """A data row as written: where it is, and what it showed (for the round trip).

    ``values``: the row's number and title and its progress, as in the
    database; ``cut``: the fields whose text was cut to fit a cell.
    """

    sheet: str
    row: int
    row_id: int
    kind: str
    values: dict
    cut: tuple[str, ...] = ()


@dataclass
class SheetResult:
    title: str
    rows: list[Written] = field(default_factory=list)
    last_row: int = 0


def is_bare_group(row: Row) -> bool:
    """A group row that holds only a title: shown as a spanning bold row."""
    return not any((row.lead, row.partners, row.deadline, row.output, row.result, row.note, row.completion))


def select_rows(table: Table, lead: str | None) -> list[Row]:
    """The rows of a task table to write: all, or one lead agency's tasks with their sections and groups."""
    from cdstui.domain.text import fold

    rows = [r for r in table.rows if r.kind != "indicator"]
    if not lead:
        return rows
    wanted = fold(lead).strip()
    keep_paths: set[tuple[str, ...]] = set()
    chosen: set[int] = set()
    for i, row in enumerate(rows):
        if row.kind == "task" and wanted in fold(row.lead):
            chosen.add(i)
            path = tuple(row.path)
            for k in range(1, len(path) + 1):
                keep_paths.add(path[:k])
    for i, row in enumerate(rows):
        if row.kind in ("section", "group") and tuple([*row.path, row.code]) in keep_paths:
            chosen.add(i)
    return [row for i, row in enumerate(rows) if i in chosen]


def _cells(row: Row, year: int | None, today: date) -> dict[str, tuple[Any, str]]:
    """(value, style) per column field of a task or of a group row that has more than a title."""
    bold = row.kind == "group"
    text_style = look.S_SECTION if bold else look.S_TD
    center_style = look.S_SECTION_CENTER if bold else look.S_TD_CENTER
    cells: dict[str, tuple[Any, str]] = {c.field: (getattr(row, c.field), text_style) for c in COLUMNS}
    cells["code"] = (row.code, center_style)
    if row.kind == "task":
        late = is_overdue(due_date(row.deadline, year), row.status, today)
        cells["deadline"] = (f"{row.deadline}\n(quá hạn)", look.S_TD_LATE) if late else (row.deadline, center_style)
        cells["status"] = (status_label(row.status), center_style)
        # the percent format even when empty: a number typed in Excel reads as a percentage
        number = look.percent_value(row.completion)
        cells["completion"] = (number if number is not None else row.completion or "", look.S_TD_PCT)
    else:
        cells["deadline"] = (row.deadline, center_style)
        cells["status"] = cells["completion"] = ("", center_style)
    return cells


def _write_row(sheet: look.Sheet, r: int, row: Row, year: int | None, today: date) -> Written | None:
    """One row of the table; the task as written, or None for a section or group."""
    if row.kind == "section" or (row.kind == "group" and is_bare_group(row)):
        look.write_span_row(sheet, r, row.code, row.title, FRAME.ncols, first_style=look.S_SECTION_CENTER, style=look.S_SECTION)
        sheet.fit_height(r, [(row.title, SPAN_WIDTH)], bold=True)
        return None
    is_task = row.kind == "task"
    cells = _cells(row, year, today)
    sheet.row(r, [cells[c.field] for c in COLUMNS] + [(hidden_id(row.id) if is_task else None, look.S_HIDDEN)])
    sheet.fit_height(r, [(cells[c.field][0], c.width) for c in COLUMNS], bold=not is_task)
    if not is_task:
        sheet.keep_with_next.add(r)
    if not is_task or row.id is None:
        return None
    values = {name: getattr(row, name) for name in ("code", "title", "status", "completion", "result", "note")}
    cut = tuple(c.field for c in COLUMNS if look.is_cut(cells[c.field][0]))
    return Written(sheet.title, r, row.id, "task", values, cut)


def _add_status_dropdown(sheet: look.Sheet, first: int, last: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    col = get_column_letter(COL_STATUS)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=COLUMNS[COL_STATUS - 1].label,
        error="Chọn một trong: " + ", ".join(STATUS_CHOICES),
    )
    dv.add(f"{col}{first}:{col}{last}")
    sheet.ws.add_data_validation(dv)


def hidden_id(row_id: int | None) -> str | None:
    """A row id as the hidden column holds it: text, since LibreOffice prints "###"
    in the column beside a hidden column that holds a number."""
    return None if row_id is None else str(row_id)


def hide_id_column(sheet: look.Sheet, col: int) -> None:
    from openpyxl.utils import get_column_letter

    sheet.ws.column_dimensions[get_column_letter(col)].hidden = True


def write_task_sheet(
    sheet: look.Sheet, rows: list[Row], page: look.Page, *, today: date, year: int | None, dropdown: bool = True
) -> SheetResult:
    """Write one task table; return the data rows written."""
    result = SheetResult(title=sheet.title)
    frame = FRAME.fitting_codes(row.code for row in rows)
    header_row = look.write_heading(sheet, frame, page)
    look.write_header(sheet, header_row, headers(COLUMNS), widths(COLUMNS), [(ID_HEADER, look.S_TEXT)])
    first = r = header_row + 1
    for row in rows:
        written = _write_row(sheet, r, row, year, today)
        if written is not None:
            result.rows.append(written)
        r += 1
    hide_id_column(sheet, COL_ID)
    if dropdown and r > first:
        _add_status_dropdown(sheet, first, r - 1)
    result.last_row = look.finish_page(sheet, frame, page, header_row, r)
    return result
