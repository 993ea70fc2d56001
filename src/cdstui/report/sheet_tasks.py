"""A task table of the plan as a report sheet.

The columns are ``columns.TASK_COLUMNS`` (STT, Nhiệm vụ/giải pháp, Cơ quan
chủ trì, Cơ quan phối hợp, Thời gian hoàn thành, Kết quả dự kiến, Tình trạng,
Mức độ hoàn thành, Kết quả thực hiện (chi tiết, minh chứng), Ghi chú), or
those of them a report type chooses (``Layout``), then a hidden column with
each task's id in the database, so that a workbook filled by an agency
merges back into the same rows. Sections and groups are bold rows spanning
the table, in the plan's own order and numbering. In the report of a period,
a task not done whose deadline falls after the period's end reads "Chưa đến
hạn".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cdstui.domain.deadlines import due_date
from cdstui.domain.labels import STATUS_LABELS, status_label
from cdstui.domain.model import Row, Table
from cdstui.domain.progress import is_overdue, report_status
from cdstui.report import look
from cdstui.report.columns import ID_HEADER, TASK_COLUMNS, Column, headers, index_of, widths

COLUMNS = TASK_COLUMNS


def frame_for(columns: tuple[Column, ...]) -> look.Frame:
    """Where the heading and closing blocks sit over ``columns``: the issuer on
    the first two, the motto and the signature on the last four (fewer
    columns, narrower blocks)."""
    n = len(columns)
    if n >= 6:
        left, right = (1, 2), (n - 3, n)
    elif n >= 2:
        left, right = (1, 1), (2, n)
    else:
        left = right = (1, 1)
    return look.Frame(ncols=n, widths=widths(columns), left=left, right=right)


FRAME = frame_for(COLUMNS)

STATUS_CHOICES = tuple(STATUS_LABELS[s] for s in ("not_started", "in_progress", "ongoing", "done", "not_assigned"))


@dataclass(frozen=True)
class Layout:
    """What a task sheet shows: its columns, and the end of the period it reports on."""

    columns: tuple[Column, ...] = COLUMNS
    period_end: date | None = None

    @property
    def frame(self) -> look.Frame:
        return frame_for(self.columns)

    @property
    def id_column(self) -> int:
        return len(self.columns) + 1

    @property
    def span_width(self) -> float:
        return sum(widths(self.columns)[1:])

    def shown_status(self, row: Row, year: int | None) -> str:
        """The status as the report words it ("Chưa đến hạn" for a task due after the period)."""
        if self.period_end is None:
            return status_label(row.status)
        return status_label(report_status(row.status, row.deadline, year, self.period_end))


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


def _cells(row: Row, year: int | None, today: date, layout: Layout) -> dict[str, tuple[Any, str]]:
    """(value, style) per column field of a task or of a group row that has more than a title."""
    bold = row.kind == "group"
    text_style = look.S_SECTION if bold else look.S_TD
    center_style = look.S_SECTION_CENTER if bold else look.S_TD_CENTER
    cells: dict[str, tuple[Any, str]] = {c.field: (getattr(row, c.field), text_style) for c in TASK_COLUMNS}
    cells["code"] = (row.code, center_style)
    if row.kind == "task":
        late = is_overdue(due_date(row.deadline, year), row.status, today)
        cells["deadline"] = (f"{row.deadline}\n(quá hạn)", look.S_TD_LATE) if late else (row.deadline, center_style)
        cells["status"] = (layout.shown_status(row, year), center_style)
        # the percent format even when empty: a number typed in Excel reads as a percentage
        number = look.percent_value(row.completion)
        cells["completion"] = (number if number is not None else row.completion or "", look.S_TD_PCT)
    else:
        cells["deadline"] = (row.deadline, center_style)
        cells["status"] = cells["completion"] = ("", center_style)
    return cells


def _write_row(sheet: look.Sheet, r: int, row: Row, year: int | None, today: date, layout: Layout) -> Written | None:
    """One row of the table; the task as written, or None for a section or group."""
    columns = layout.columns
    if row.kind == "section" or (row.kind == "group" and is_bare_group(row)):
        look.write_span_row(sheet, r, row.code, row.title, len(columns), first_style=look.S_SECTION_CENTER, style=look.S_SECTION)
        sheet.fit_height(r, [(row.title, layout.span_width)], bold=True)
        return None
    is_task = row.kind == "task"
    cells = _cells(row, year, today, layout)
    sheet.row(r, [cells[c.field] for c in columns] + [(hidden_id(row.id) if is_task else None, look.S_HIDDEN)])
    sheet.fit_height(r, [(cells[c.field][0], c.width) for c in columns], bold=not is_task)
    if not is_task:
        sheet.keep_with_next.add(r)
    if not is_task or row.id is None:
        return None
    values = {name: getattr(row, name) for name in ("code", "title", "status", "completion", "result", "note")}
    values["shown_status"] = cells["status"][0]
    cut = tuple(c.field for c in columns if look.is_cut(cells[c.field][0]))
    return Written(sheet.title, r, row.id, "task", values, cut)


def _add_status_dropdown(sheet: look.Sheet, first: int, last: int, col_status: int, columns: tuple[Column, ...]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    col = get_column_letter(col_status)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=columns[col_status - 1].label,
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
    sheet: look.Sheet,
    rows: list[Row],
    page: look.Page,
    *,
    today: date,
    year: int | None,
    dropdown: bool = True,
    layout: Layout | None = None,
) -> SheetResult:
    """Write one task table (with ``layout``'s columns); return the data rows written."""
    layout = layout or Layout()
    columns = layout.columns
    result = SheetResult(title=sheet.title)
    frame = layout.frame.fitting_codes(row.code for row in rows)
    header_row = look.write_heading(sheet, frame, page)
    look.write_header(sheet, header_row, headers(columns), widths(columns), [(ID_HEADER, look.S_TEXT)])
    first = r = header_row + 1
    for row in rows:
        written = _write_row(sheet, r, row, year, today, layout)
        if written is not None:
            result.rows.append(written)
        r += 1
    hide_id_column(sheet, layout.id_column)
    if dropdown and r > first and any(c.field == "status" for c in columns):
        _add_status_dropdown(sheet, first, r - 1, index_of(columns, "status"), columns)
    result.last_row = look.finish_page(sheet, frame, page, header_row, r)
    return result


def task_columns(fields: list[str] | tuple[str, ...] | None) -> tuple[Column, ...]:
    """The task columns a report type chooses, in the report's own order; the
    number and the title always."""
    if not fields:
        return TASK_COLUMNS
    chosen = {"code", "title", *fields}
    return tuple(c for c in TASK_COLUMNS if c.field in chosen)
