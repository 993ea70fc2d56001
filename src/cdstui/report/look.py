"""The look of the report (Nghị định 30/2020/NĐ-CP): styles, blocks, print setup.

Every sheet of the workbook shares the same frame: the issuer block top left
("UBND PHƯỜNG BA NGÒI"), the national motto top right, the place-and-date
line in italics, a bold centred title, the table (bordered, wrapped,
top-aligned; header bold and centred, repeated on every printed page), then
"Nơi nhận:" and the signature block. A4 landscape, fitted to one page wide.

Styles are ``NamedStyle``s registered once per workbook; cells get a style's
format by name (per-cell Font/Border/Alignment objects are about twice as
slow), and the table rows take it from a per-workbook cache (``put_row``).

openpyxl is imported inside functions only: the app imports this package at
start-up without paying for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Sequence

from cdstui.domain.text import strip_control

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from cdstui.settings import Settings

FONT_NAME = "Times New Roman"
MAX_CELL_CHARS = 32767

# Style names (prefixed so they never clash with Excel's built-in ones).
S_ISSUER = "cd-issuer"
S_MOTTO = "cd-motto"
S_MOTTO2 = "cd-motto2"
S_DATE = "cd-date"
S_TITLE = "cd-title"
S_SUBTITLE = "cd-subtitle"
S_NOTE = "cd-note"
S_TH = "cd-th"
S_TD = "cd-td"
S_TD_CENTER = "cd-td-center"
S_TD_PCT = "cd-td-pct"
S_TD_NUM = "cd-td-num"
S_TD_LATE = "cd-td-late"
S_SECTION = "cd-section"
S_SECTION_CENTER = "cd-section-center"
S_SECTION_NUM = "cd-section-num"
S_TEXT = "cd-text"
S_HIDDEN = "Normal"  # the hidden id column: no look of its own
S_RECV_HEAD = "cd-recv-head"
S_RECV = "cd-recv"
S_SIGN = "cd-sign"

PERCENT_FORMAT = "0%"

# Margins in millimetres (Nghị định 30: top/bottom 20–25, left 30–35, right 15–20).
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
_MM_PER_INCH = 25.4

_FORMULA_FIRST = frozenset("=+-@\t\r\n")
_WHOLE_PERCENT = re.compile(r"^(\d{1,3})%$")


def register_styles(wb: "Workbook") -> None:
    """Register the report's named styles once; make Times New Roman the default font."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
    from openpyxl.utils.indexed_list import IndexedList

    if S_TD in wb.named_styles:
        return
    # The workbook's default font (font 0, used by the "Normal" style and by
    # every empty cell) becomes Times New Roman too.
    base = Font(name=FONT_NAME, size=12)
    wb._fonts = IndexedList([base])  # noqa: SLF001 - no public API for the default font
    normal = wb._named_styles["Normal"]  # noqa: SLF001
    normal.font = base

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    top_left = Alignment(horizontal="left", vertical="top", wrap_text=True)
    top_center = Alignment(horizontal="center", vertical="top", wrap_text=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def font(size: float = 12, **kw: Any) -> Font:
        return Font(name=FONT_NAME, size=size, **kw)

    styles = [
        NamedStyle(S_ISSUER, font=font(12, bold=True), alignment=center),
        NamedStyle(S_MOTTO, font=font(12, bold=True), alignment=center),
        NamedStyle(S_MOTTO2, font=font(13, bold=True, underline="single"), alignment=center),
        NamedStyle(S_DATE, font=font(13, italic=True), alignment=center),
        NamedStyle(S_TITLE, font=font(14, bold=True), alignment=center),
        NamedStyle(S_SUBTITLE, font=font(13, bold=True), alignment=center),
        NamedStyle(S_NOTE, font=font(12, italic=True), alignment=center),
        NamedStyle(S_TH, font=font(12, bold=True), alignment=center, border=box),
        NamedStyle(S_TD, font=font(12), alignment=top_left, border=box),
        NamedStyle(S_TD_CENTER, font=font(12), alignment=top_center, border=box),
        NamedStyle(S_TD_PCT, font=font(12), alignment=top_center, border=box, number_format=PERCENT_FORMAT),
        NamedStyle(S_TD_NUM, font=font(12), alignment=top_center, border=box, number_format="0"),
        NamedStyle(S_TD_LATE, font=font(12, italic=True, color="C00000"), alignment=top_center, border=box),
        NamedStyle(S_SECTION, font=font(12, bold=True), alignment=top_left, border=box),
        NamedStyle(S_SECTION_CENTER, font=font(12, bold=True), alignment=top_center, border=box),
        NamedStyle(S_SECTION_NUM, font=font(12, bold=True), alignment=top_center, border=box, number_format="0"),
        NamedStyle(S_TEXT, font=font(12), alignment=top_left),
        NamedStyle(S_RECV_HEAD, font=font(12, bold=True, italic=True), alignment=Alignment(horizontal="left", vertical="top")),
        NamedStyle(S_RECV, font=font(11), alignment=Alignment(horizontal="left", vertical="top")),
        NamedStyle(S_SIGN, font=font(13, bold=True), alignment=Alignment(horizontal="center", vertical="top")),
    ]
    for style in styles:
        wb.add_named_style(style)
    # Each style's cell format, computed once: assigning a copy of it to a cell
    # is what ``cell.style = name`` does, without the name lookups per cell.
    wb._cdstui_styles = {  # noqa: SLF001
        ns.name: ns.as_tuple() for ns in wb._named_styles  # noqa: SLF001
    }


# --- cell values --------------------------------------------------------------


_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: Any) -> str:
    """Text fit for a cell: str, line ends as \\n, no control characters, at most 32,767 chars."""
    if value is None or value == "":
        return ""
    text = value if isinstance(value, str) else str(value)
    if _UNCLEAN.search(text):
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = strip_control(text)
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS]
    return text


_CELL = None  # openpyxl's Cell class, imported on first use (not at start-up)


def _cell_class():
    global _CELL
    if _CELL is None:
        from openpyxl.cell.cell import Cell

        _CELL = Cell
    return _CELL


def put_text(ws: "Worksheet", row: int, col: int, value: Any, style: str):
    """Write literal text: never a formula, never an error value.

    Text that Excel would take for a formula when the cell is edited
    (beginning with = + - @, tab or CR) also gets the quote prefix.
    """
    text = clean_text(value)
    cell = styled_cell(ws, row, col, style)
    if text:
        # literal text: bypass openpyxl's guessing (which turns "=…" into a formula)
        cell._value = text  # noqa: SLF001
        cell.data_type = "s"
        if text[0] in _FORMULA_FIRST:
            cell.quotePrefix = True
    return cell


def styled_cell(ws: "Worksheet", row: int, col: int, style: str):
    """A new cell at (row, col) with a named style (fast path for the report's own styles)."""
    cache = getattr(ws.parent, "_cdstui_styles", None)
    if cache is None or style not in cache:
        cell = ws.cell(row=row, column=col)
        cell.style = style
        return cell
    cell = _cell_class()(ws, row=row, column=col, style_array=cache[style])
    ws._cells[(row, col)] = cell  # noqa: SLF001 - what ws.cell() does, without the lookups
    return cell


def put_row(ws: "Worksheet", row: int, items: Sequence[tuple[Any, str]], start: int = 1) -> None:
    """Write a row of cells from column ``start``: (value, style) each; text as by ``put_text``.

    The same as ``put_text``/``put_number`` cell by cell, in one tight loop: a
    report of thousands of tasks spends most of its time here. Cells of one
    style share that style's format array (openpyxl would copy it for every
    cell); a cell whose format changes (the quote prefix) gets its own copy.
    Cells written here must not be restyled afterwards.
    """
    cache = ws.parent._cdstui_styles  # noqa: SLF001
    cell_class = _cell_class()
    cells = ws._cells  # noqa: SLF001
    unclean = _UNCLEAN.search
    for col, (value, style) in enumerate(items, start):
        cell = cell_class(ws, row, col)
        cell._style = cache[style]  # noqa: SLF001 - shared, read-only from here on
        cells[(row, col)] = cell
        if value is None or value == "":
            continue
        if isinstance(value, str):
            # clean_text(value), without the call for text that is already clean (nearly all)
            text = value if len(value) <= MAX_CELL_CHARS and unclean(value) is None else clean_text(value)
            if not text:
                continue  # nothing left once control characters are taken out
            cell._value = text  # noqa: SLF001
            cell.data_type = "s"
            if text[0] in _FORMULA_FIRST:
                cell._style = cache[style].__copy__()  # noqa: SLF001 - its own format
                cell.quotePrefix = True
        else:
            cell._value = value  # noqa: SLF001 - an int or float
            cell.data_type = "n"


def put_number(ws: "Worksheet", row: int, col: int, value: float | int, style: str):
    cell = styled_cell(ws, row, col, style)
    cell.value = value
    return cell


def merge(ws: "Worksheet", row: int, first: int, last: int, row_end: int | None = None) -> None:
    """Merge a range whose every cell is already styled.

    ``ws.merge_cells`` re-derives the borders of every edge cell (about 9 ms a
    range); the report styles every cell of a range itself, so the range is
    only recorded.
    """
    from openpyxl.worksheet.cell_range import CellRange

    end = row_end or row
    if last > first or end > row:
        ws.merged_cells.ranges.add(CellRange(min_col=first, min_row=row, max_col=last, max_row=end))


def percent_value(text: str | None) -> float | None:
    """A whole percentage as a number: "100%" -> 1.0, "98%" -> 0.98; None for anything else."""
    if not text:
        return None
    match = _WHOLE_PERCENT.match(text.strip())
    if not match:
        return None
    number = int(match.group(1))
    if number > 100:
        return None
    return number / 100


def put_progress_value(ws: "Worksheet", row: int, col: int, text: str | None, *, text_style: str):
    """A completion level or achieved value: a whole percentage is a number, else text."""
    number = percent_value(text)
    if number is not None:
        return put_number(ws, row, col, number, S_TD_PCT)
    return put_text(ws, row, col, text or "", text_style)


def cell_as_text(value: Any, number_format: str | None = "General") -> str:
    """Read a cell back as the text the officer would type (inverse of ``put_progress_value``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Đúng" if value else "Sai"
    if isinstance(value, (int, float)):
        if number_format and "%" in number_format:
            return _number_text(value * 100) + "%"
        return _number_text(value)
    if isinstance(value, (date,)):
        return f"{value:%d/%m/%Y}"
    return clean_text(value).strip()


def _number_text(number: float) -> str:
    """A number as typed in Vietnamese: 96 -> "96", 9.8 -> "9,8", 1234567 -> "1234567"."""
    number = round(float(number), 6)
    if number == int(number):
        return str(int(number))
    return f"{number:.6f}".rstrip("0").rstrip(".").replace(".", ",")


# --- layout -------------------------------------------------------------------


@dataclass
class Frame:
    """Where the blocks of a sheet sit: column spans and the header row."""

    ncols: int
    widths: Sequence[float]
    left: tuple[int, int]  # issuer block and "Nơi nhận" columns (first, last)
    right: tuple[int, int]  # motto, date line and signature columns


def _merge(ws: "Worksheet", row: int, first: int, last: int, row_end: int | None = None) -> None:
    merge(ws, row, first, last, row_end)


def row_height(ws: "Worksheet", row: int, text: str, width_chars: float, size: float = 12) -> None:
    """Set the height of a merged text row (office suites do not grow merged cells)."""
    lines = text_lines(text, width_chars * 0.9, size)
    set_height(ws, row, lines * size * 1.25 + 4)


def text_lines(text: str, width_chars: float, size: float = 12) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width_chars`` wide (a generous estimate)."""
    if not text:
        return 1
    # Measured in LibreOffice: a Times New Roman 12 cell of width w holds about
    # 1.35·w characters of Vietnamese text; 1.2·w leaves room for word breaks.
    per_line = max(4, int(width_chars * 1.2 * 12 / size))
    if len(text) <= per_line and "\n" not in text:
        return 1
    lines = 0
    for part in text.split("\n"):
        n = len(part)
        lines += 1 if n <= per_line else -(-n // per_line) + (1 if n > 3 * per_line else 0)
    return lines


def fit_height(ws: "Worksheet", row: int, cells: Sequence[tuple[str, float]], size: float = 12) -> None:
    """Give a table row the height its tallest wrapped cell needs.

    Office suites do not agree on growing rows when a file is opened
    (LibreOffice keeps the default height), so the height is written.
    """
    lines = 1
    for text, width in cells:
        if text and (len(text) > width or "\n" in text):
            lines = max(lines, text_lines(text, width, size))
    if lines > 1:
        set_height(ws, row, lines * size * 1.2 + 4)


def set_height(ws: "Worksheet", row: int, height: float) -> None:
    """Set a row's height; rows of the same height share one RowDimension.

    openpyxl writes a row's dimension by its fields only (the row number comes
    from the row itself), and building one RowDimension per row of a
    5,000-task report costs more than writing the row.
    """
    height = round(height, 1)
    shared = ws.__dict__.setdefault("_cdstui_heights", {})
    dim = shared.get(height)
    if dim is None:
        from openpyxl.worksheet.dimensions import RowDimension

        dim = shared[height] = RowDimension(ws, index=row, ht=height)
    ws.row_dimensions[row] = dim


def date_line(place: str, day: date) -> str:
    """ "Ba Ngòi, ngày 05 tháng 02 năm 2026": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def write_heading(
    ws: "Worksheet",
    frame: Frame,
    settings: "Settings",
    day: date,
    title: str,
    subtitles: Sequence[tuple[str, str]] = (),
) -> int:
    """Issuer block, motto, date line, title and subtitles; return the next free row."""
    left_first, left_last = frame.left
    right_first, right_last = frame.right
    total_width = sum(frame.widths[: frame.ncols])

    put_text(ws, 1, left_first, settings.issuer.upper(), S_ISSUER)
    _merge(ws, 1, left_first, left_last)
    put_text(ws, 1, right_first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", S_MOTTO)
    _merge(ws, 1, right_first, right_last)
    put_text(ws, 2, right_first, "Độc lập - Tự do - Hạnh phúc", S_MOTTO2)
    _merge(ws, 2, right_first, right_last)
    put_text(ws, 3, right_first, date_line(settings.place or settings.ward, day), S_DATE)
    _merge(ws, 3, right_first, right_last)
    set_height(ws, 3, 22)

    row = 5
    put_text(ws, row, 1, title, S_TITLE)
    _merge(ws, row, 1, frame.ncols)
    row_height(ws, row, title, total_width, 14)
    row += 1
    for text, style in subtitles:
        if not text:
            continue
        put_text(ws, row, 1, text, style)
        _merge(ws, row, 1, frame.ncols)
        row_height(ws, row, text, total_width, 13 if style == S_SUBTITLE else 12)
        row += 1
    return row + 1  # one blank row before the table


def write_header(ws: "Worksheet", row: int, headers: Sequence[str], widths: Sequence[float]) -> None:
    for col, text in enumerate(headers, start=1):
        put_text(ws, row, col, text, S_TH)
    # bold text is wider: estimate with 85% of the width
    lines = max(text_lines(text, width * 0.85) for text, width in zip(headers, widths))
    set_height(ws, row, max(2, lines) * 12 * 1.2 + 6)


def write_span_row(ws: "Worksheet", row: int, code: str, text: str, ncols: int, *, first_style: str, style: str) -> None:
    """A section or group row: the code in the first column, the title across the rest."""
    put_text(ws, row, 1, code, first_style)
    put_text(ws, row, 2, text, style)
    for col in range(3, ncols + 1):  # style every cell of the merged range (borders)
        styled_cell(ws, row, col, style)
    merge(ws, row, 2, ncols)


def write_closing(ws: "Worksheet", row: int, frame: Frame, settings: "Settings") -> int:
    """ "Nơi nhận:" with the recipients (left) and the signature block (right)."""
    row += 1
    left_first, left_last = frame.left
    right_first, right_last = frame.right
    start = row
    put_text(ws, row, left_first, "Nơi nhận:", S_RECV_HEAD)
    _merge(ws, row, left_first, left_last)
    r = row + 1
    for recipient in settings.recipients:
        text = recipient if recipient.startswith("-") else f"- {recipient}"
        put_text(ws, r, left_first, text, S_RECV)
        _merge(ws, r, left_first, left_last)
        r += 1
    left_end = r

    r = start
    for line in (settings.signer_authority, settings.signer_deputy, settings.signer_title):
        if not line:
            continue
        put_text(ws, r, right_first, line.upper(), S_SIGN)
        _merge(ws, r, right_first, right_last)
        r += 1
    r += 4  # room for the signature and seal
    if settings.signer_name:
        put_text(ws, r, right_first, settings.signer_name, S_SIGN)
        _merge(ws, r, right_first, right_last)
    r += 1
    return max(left_end, r)


def setup_page(ws: "Worksheet", frame: Frame, header_row: int, last_row: int) -> None:
    """Column widths, print titles, A4 landscape fitted to one page wide, margins, footer."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    for col, width in enumerate(frame.widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = f"A{header_row + 1}"
    last_col = get_column_letter(frame.ncols)
    ws.print_area = f"A1:{last_col}{max(last_row, header_row)}"
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(
        left=MARGIN_LEFT_MM / _MM_PER_INCH,
        right=MARGIN_RIGHT_MM / _MM_PER_INCH,
        top=MARGIN_TOP_MM / _MM_PER_INCH,
        bottom=MARGIN_BOTTOM_MM / _MM_PER_INCH,
        header=8 / _MM_PER_INCH,
        footer=8 / _MM_PER_INCH,
    )
    footer = ws.oddFooter.center
    footer.text = "Trang &P/&N"
    footer.font = f"{FONT_NAME},Regular"
    footer.size = 11
    ws.sheet_view.zoomScale = 90
