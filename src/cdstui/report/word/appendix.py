"""The appendices of the Word report: a landscape section, one table per appendix.

Each appendix opens with "PHỤ LỤC I" and its title in bold on one paragraph,
then "(Kèm theo Báo cáo số … ngày …)" in italics; its table is 12 pt, its
header row repeats on every page (``w:tblHeader``), no row splits across
pages (``w:cantSplit``), and section and group rows are bold and span the
table. The columns are the caller's (``report.columns``): a report type
chooses them. Text goes in whole: Word has no cell limit.

The table is written as XML text in one pass (``xml.Fragment``): python-docx
fills big tables row by row far too slowly.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from cdstui.domain.deadlines import due_date
from cdstui.domain.labels import status_label
from cdstui.domain.model import Row
from cdstui.domain.progress import is_overdue
from cdstui.domain.summary import indicator_met
from cdstui.domain.targets import summary_phrase
from cdstui.report.appendices import ReportAppendix
from cdstui.report.columns import INDICATOR_COLUMNS, TASK_COLUMNS, Column
from cdstui.report.sheet_indicators import TALLY_HEAD, VERDICT_WORDS
from cdstui.report.word.page import (
    S_CENTER,
    S_TABLE,
    S_TABLE_BOLD,
    S_TABLE_CENTER,
    S_TABLE_HEAD,
    TABLE_SIZE,
    text_width_mm,
)
from cdstui.report.word.xml import Fragment, Run, cell_xml, escape, row_xml, table_xml

__all__ = ["DEFAULT_INDICATOR_FIELDS", "DEFAULT_TASK_FIELDS", "columns_of", "write_appendix"]

# The Word report's columns by default: those of seed 004's appendix, and the status.
DEFAULT_TASK_FIELDS = ("code", "title", "lead", "deadline", "status", "completion", "result")
DEFAULT_INDICATOR_FIELDS = ("code", "title", "unit", "target", "actual", "verdict", "lead")
# Columns whose text is centred.
_CENTERED = frozenset({"code", "deadline", "status", "completion", "unit", "target", "actual", "verdict"})


def columns_of(fields: Sequence[str], columns: Sequence[Column]) -> list[Column]:
    """The columns of ``columns`` named by ``fields``, in that order."""
    by_field = {c.field: c for c in columns}
    return [by_field[f] for f in fields if f in by_field]


# Widths (in the workbook's units) where the Word table needs other proportions than the
# sheet: an agency's name ("Văn phòng HĐND&UBND phường") must not break inside a word.
_WORD_WIDTHS = {"lead": 19.0, "partners": 18.0}
_CELL_MARGINS_PT = 2 * 57 / 20  # tblCellMar left + right


def _widths(columns: Sequence[Column], codes: Sequence[str]) -> list[int]:
    """Column widths in twips on the landscape text width: the STT column as wide as the
    widest code (bold), the others in the workbook's proportions."""
    from cdstui.report.metrics import text_width

    total = int(text_width_mm(landscape=True) * 1440 / 25.4)
    units = [_WORD_WIDTHS.get(c.field, c.width) for c in columns]
    fixed: dict[int, int] = {}
    if columns and columns[0].field == "code":
        widest = max((text_width(c, TABLE_SIZE, bold=True) for c in codes if c), default=0.0)
        fixed[0] = int((max(widest, text_width("STT", TABLE_SIZE, bold=True)) + _CELL_MARGINS_PT + 2) * 20)
    rest = total - sum(fixed.values())
    share = sum(u for i, u in enumerate(units) if i not in fixed)
    widths = [fixed[i] if i in fixed else int(rest * u / share) for i, u in enumerate(units)]
    widths[-1] += total - sum(widths)
    return widths


def _p(text: str, style: str, *, center: bool = False) -> str:
    # the style carries the look; a bare run keeps the XML of thousands of cells small
    jc = '<w:jc w:val="center"/>' if center else ""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>'
    if not text:
        return f"<w:p>{ppr}</w:p>"
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n"))
    return f"<w:p>{ppr}<w:r>{body}</w:r></w:p>"


def _header_row(columns: Sequence[Column], widths: Sequence[int]) -> str:
    cells = "".join(cell_xml(w, _p(c.header, S_TABLE_HEAD), valign="center") for c, w in zip(columns, widths))
    return row_xml(cells, header=True)


def _span_row(code: str, title: str, widths: Sequence[int]) -> str:
    cells = cell_xml(widths[0], _p(code, S_TABLE_BOLD, center=True))
    cells += cell_xml(sum(widths[1:]), _p(title, S_TABLE_BOLD), span=len(widths) - 1)
    return row_xml(cells)


def _task_texts(row: Row, year: int | None, today: date) -> dict[str, str]:
    texts = {name: str(getattr(row, name) or "") for name in ("code", "title", "lead", "partners", "deadline", "output", "result", "note")}
    if row.kind == "task":
        texts["status"] = status_label(row.status)
        texts["completion"] = row.completion or ""
        if is_overdue(due_date(row.deadline, year), row.status, today):
            texts["deadline"] = f"{row.deadline}\n(quá hạn)"
    else:
        texts["status"] = texts["completion"] = ""
    return texts


def _data_row(texts: dict[str, str], columns: Sequence[Column], widths: Sequence[int], bold: bool) -> str:
    cells = []
    for column, width in zip(columns, widths):
        style = S_TABLE_BOLD if bold else (S_TABLE_CENTER if column.field in _CENTERED else S_TABLE)
        cells.append(cell_xml(width, _p(texts.get(column.field, ""), style)))
    return row_xml("".join(cells))


def _task_rows(rows: Sequence[Row], columns: Sequence[Column], widths: Sequence[int], year: int | None, today: date) -> list[str]:
    from cdstui.report.sheet_tasks import is_bare_group

    out = []
    for row in rows:
        if row.kind == "section" or (row.kind == "group" and is_bare_group(row)):
            out.append(_span_row(row.code, row.title, widths))
        else:
            out.append(_data_row(_task_texts(row, year, today), columns, widths, bold=row.kind == "group"))
    return out


def _indicator_rows(appendix: ReportAppendix, columns: Sequence[Column], widths: Sequence[int]) -> tuple[list[str], str]:
    out: list[str] = []
    verdicts: list[bool | None] = []
    for table, rows in appendix.parts:
        if len(appendix.parts) > 1:
            out.append(_span_row("", table.title, widths))
        number = 0
        for row in rows:
            if row.kind != "indicator":
                out.append(_span_row(row.code, row.title, widths))
                number = 0
                continue
            number += 1
            met = indicator_met(row)
            verdicts.append(met)
            texts = {c.field: str(getattr(row, c.field, "") or "") for c in columns}
            texts.update(code=row.code or str(number), verdict=VERDICT_WORDS[met])
            out.append(_data_row(texts, columns, widths, bold=False))
    tally = TALLY_HEAD + summary_phrase(verdicts.count(True), verdicts.count(False), len(verdicts)) + "."
    return out, tally


def write_appendix(
    frag: Fragment,
    appendix: ReportAppendix,
    *,
    accompanying: str,
    year: int | None,
    today: date,
    columns: Sequence[Column] | None = None,
    first: bool = True,
) -> None:
    """One appendix: its heading (on a new page unless ``first``) and its table."""
    heading = [Run(appendix.label.upper(), bold=True), Run("\n" + appendix.title.upper(), bold=True)]
    frag.paragraph(heading, S_CENTER, before=0, after=0, keep_next=True, page_break=not first)
    frag.paragraph([Run(accompanying, italic=True)], S_CENTER, before=0, after=12, keep_next=True)
    if appendix.kind == "tasks":
        columns = list(columns or columns_of(DEFAULT_TASK_FIELDS, TASK_COLUMNS))
        widths = _widths(columns, [r.code for r in appendix.rows])
        rows = _task_rows(appendix.rows, columns, widths, year, today)
        tally = ""
    else:
        columns = list(columns or columns_of(DEFAULT_INDICATOR_FIELDS, INDICATOR_COLUMNS))
        widths = _widths(columns, [r.code for r in appendix.rows])
        rows, tally = _indicator_rows(appendix, columns, widths)
    frag.raw(table_xml(widths, [_header_row(columns, widths), *rows]))
    if tally:
        frag.paragraph(tally, "Normal", before=6, after=0)
