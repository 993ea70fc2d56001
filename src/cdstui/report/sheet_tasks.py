"""A task table of the plan as a report sheet.

Columns: STT, Nhiệm vụ/giải pháp, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian
hoàn thành, Kết quả dự kiến, Tình trạng, Mức độ hoàn thành, Kết quả thực hiện
(chi tiết, minh chứng), Ghi chú — and a hidden column with each task's id in
the database, so a workbook filled by an agency merges back into the same rows.
Sections and groups are bold rows spanning the table, in the plan's own order
and numbering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from cdstui.domain.deadlines import due_date
from cdstui.domain.labels import STATUS_LABELS
from cdstui.domain.model import Row, Table
from cdstui.domain.progress import is_overdue
from cdstui.report import look

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

    from cdstui.settings import Settings

TASK_HEADERS = (
    "STT",
    "Nhiệm vụ/giải pháp",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Kết quả dự kiến",
    "Tình trạng",
    "Mức độ hoàn thành",
    "Kết quả thực hiện (chi tiết, minh chứng)",
    "Ghi chú",
)
TASK_WIDTHS = (6, 42, 16, 16, 13, 18, 13, 11, 46, 14)
# The hidden column holding the row id (read back by report.roundtrip).
ID_HEADER = "cdstui-id"

COL_STATUS = TASK_HEADERS.index("Tình trạng") + 1
COL_COMPLETION = TASK_HEADERS.index("Mức độ hoàn thành") + 1
COL_RESULT = TASK_HEADERS.index("Kết quả thực hiện (chi tiết, minh chứng)") + 1
COL_NOTE = TASK_HEADERS.index("Ghi chú") + 1
COL_ID = len(TASK_HEADERS) + 1

(_, W_TITLE, W_LEAD, W_PARTNERS, W_DEADLINE, W_OUTPUT, _, W_COMPLETION, W_RESULT, W_NOTE) = TASK_WIDTHS
SPAN_WIDTH = sum(TASK_WIDTHS[1:])

FRAME = look.Frame(ncols=len(TASK_HEADERS), widths=TASK_WIDTHS, left=(1, 2), right=(7, 10))

STATUS_CHOICES = tuple(STATUS_LABELS[s] for s in ("not_started", "in_progress", "done", "not_assigned"))


@dataclass
class Written:
    """A data row as written: where it is and the progress it showed (for the round trip)."""

    sheet: str
    row: int
    row_id: int
    kind: str
    values: dict


@dataclass
class SheetResult:
    title: str
    rows: list[Written] = field(default_factory=list)
    last_row: int = 0


def _is_bare_group(row: Row) -> bool:
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


def write_task_sheet(
    ws: "Worksheet",
    table: Table,
    rows: list[Row],
    *,
    settings: "Settings",
    day: date,
    today: date,
    year: int | None,
    title: str,
    subtitles: list[tuple[str, str]],
    dropdown: bool = True,
    closing: bool = True,
) -> SheetResult:
    """Write one task table; return the data rows written."""
    result = SheetResult(title=ws.title)
    header_row = look.write_heading(ws, FRAME, settings, day, title, subtitles)
    look.write_header(ws, header_row, TASK_HEADERS, TASK_WIDTHS)
    look.put_text(ws, header_row, COL_ID, ID_HEADER, look.S_TEXT)
    r = header_row + 1
    first_data = r
    put_row, fit_height = look.put_row, look.fit_height
    for row in rows:
        if row.kind == "section" or (row.kind == "group" and _is_bare_group(row)):
            look.write_span_row(
                ws, r, row.code, row.title, FRAME.ncols, first_style=look.S_SECTION_CENTER, style=look.S_SECTION
            )
            look.fit_height(ws, r, [(row.title, SPAN_WIDTH)])
            r += 1
            continue
        bold = row.kind == "group"
        text_style = look.S_SECTION if bold else look.S_TD
        center_style = look.S_SECTION_CENTER if bold else look.S_TD_CENTER
        is_task = row.kind == "task"
        due = due_date(row.deadline, year) if is_task else None
        late = is_task and is_overdue(due, row.status, today)
        deadline = f"{row.deadline}\n(quá hạn)" if late else row.deadline
        if is_task:
            status = STATUS_LABELS.get(row.status, row.status)
            # the percent format even when empty: a number typed in Excel reads as a percentage
            number = look.percent_value(row.completion)
            completion = (number if number is not None else row.completion or "", look.S_TD_PCT)
        else:
            status, completion = "", ("", center_style)
        put_row(
            ws,
            r,
            (
                (row.code, center_style),
                (row.title, text_style),
                (row.lead, text_style),
                (row.partners, text_style),
                (deadline, look.S_TD_LATE if late else center_style),
                (row.output, text_style),
                (status, center_style),
                completion,
                (row.result, text_style),
                (row.note, text_style),
                (row.id if is_task else None, look.S_HIDDEN),
            ),
        )
        fit_height(
            ws,
            r,
            (
                (row.title, W_TITLE),
                (row.lead, W_LEAD),
                (row.partners, W_PARTNERS),
                (deadline, W_DEADLINE),
                (row.output, W_OUTPUT),
                (row.result, W_RESULT),
                (row.note, W_NOTE),
            ),
        )
        if is_task and row.id is not None:
            result.rows.append(
                Written(
                    ws.title,
                    r,
                    row.id,
                    "task",
                    {"status": row.status, "completion": row.completion, "result": row.result, "note": row.note},
                )
            )
        r += 1
    last_data = r - 1
    from openpyxl.utils import get_column_letter

    ws.column_dimensions[get_column_letter(COL_ID)].hidden = True
    if dropdown and last_data >= first_data:
        from openpyxl.worksheet.datavalidation import DataValidation

        col = get_column_letter(COL_STATUS)
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(STATUS_CHOICES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Tình trạng",
            error="Chọn một trong: " + ", ".join(STATUS_CHOICES),
        )
        dv.add(f"{col}{first_data}:{col}{last_data}")
        ws.add_data_validation(dv)
    # a lead agency's copy is a form to fill in, not the signed report
    result.last_row = look.write_closing(ws, r, FRAME, settings) if closing else r
    look.setup_page(ws, FRAME, header_row, result.last_row)
    return result
