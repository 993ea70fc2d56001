"""The look of the report (Nghị định 30/2020/NĐ-CP): styles, blocks, print setup.

The report's first sheet carries the issuer block top left ("UBND PHƯỜNG BA
NGÒI"), the national motto top right, the place-and-date line in italics and
a bold centred title above its table, and ends with "Nơi nhận:" and the one
signature of the document. The appendix sheets that follow carry only their
titles ("PHỤ LỤC I", the appendix title, "(Kèm theo Báo cáo …)") and are
not signed, as in seed 004. Tables are bordered, wrapped, top-aligned, with
the header bold, centred and repeated on every printed page. A4 landscape,
scaled to one page wide.

Rows are as tall as their text: the lines of each cell are counted with the
glyph widths of Times New Roman (``metrics``), since office suites do not
grow a row when a file is opened. Page breaks are placed here
(``pagination``), so that a section row never ends a page and the closing
block never stands alone on one.

``Styles`` registers the report's ``NamedStyle``s once per workbook and keeps
each one's cell format; a ``Sheet`` writes cells with them. A table row is
made as a list of cells, each created with its style's format, and added with
``Worksheet.append``: assigning fonts, borders and alignments per cell, or
assigning a style by name, costs several times as much (bench_export
measures the export against a bare openpyxl write).

Only openpyxl's public API is used here; the one thing it offers no public
way to do (the workbook's default font) is ``xlsx_writer.set_default_font``.
openpyxl is imported inside functions only: the app imports this package at
start-up without paying for it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from cdstui.domain.text import strip_control
from cdstui.report import metrics, pagination
from cdstui.report.wording import date_line

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.cell.cell import Cell
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from cdstui.settings import Settings

FONT_NAME = "Times New Roman"
MAX_CELL_CHARS = 32767
MAX_ROW_HEIGHT = 409.5  # points: Excel refuses a taller row

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
S_TD_PCT_DECIMAL = "cd-td-pct-decimal"
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
PERCENT_DECIMAL_FORMAT = "0.0##%"  # 99,5% stays 99,5% (not rounded to 100%)

# Margins in millimetres (Nghị định 30: top/bottom 20–25, left 30–35, right 15–20).
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
_MM_PER_INCH = 25.4
_POINTS_PER_MM = 72 / 25.4
A4_SHORT_MM, A4_LONG_MM = 210, 297

# A column width unit in points: the width of a digit in the workbook's
# default font (Times New Roman 12: half an em), in Excel and LibreOffice alike.
CHAR_POINTS = 6.0
# Points of a cell's width that its text does not use (LibreOffice: 2.0).
CELL_INSET = 2.5
# Points a row takes beyond its lines of text.
ROW_PAD = 3.0
# The height of a row left alone (the sheet's default).
DEFAULT_ROW_HEIGHT = 15.0

# The first lines of the closing block, which the round trip reads as the end of a table.
RECIPIENTS_HEAD = "Nơi nhận:"

_FORMULA_FIRST = frozenset("=+-@\t\r\n")
_WHOLE_PERCENT = re.compile(r"^(\d{1,3})%$")


class Styles:
    """The report's named styles, registered in one workbook, with each style's cell format."""

    def __init__(self, wb: "Workbook") -> None:
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

        from cdstui.report.xlsx_writer import set_default_font

        # font 0, used by the "Normal" style and every empty cell: Excel measures
        # column widths and default row heights with it
        base = Font(name=FONT_NAME, size=12)
        set_default_font(wb, base)

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
            NamedStyle(S_TD_PCT_DECIMAL, font=font(12), alignment=top_center, border=box, number_format=PERCENT_DECIMAL_FORMAT),
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
        # the cell format a style gives (what ``cell.style = name`` copies); the
        # hidden id column has none, as a cell openpyxl makes has none
        self.formats: dict[str, Any] = {style.name: style.as_tuple() for style in styles}
        self.formats[S_HIDDEN] = None


# --- cell values --------------------------------------------------------------


_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    if _UNCLEAN.search(text):
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = strip_control(text)
    return text


def clean_text(value: Any) -> str:
    """Text fit for a cell: str, line ends as \\n, no control characters, at most 32,767 chars."""
    if value is None or value == "":
        return ""
    text = _clean(value if isinstance(value, str) else str(value))
    return text[:MAX_CELL_CHARS] if len(text) > MAX_CELL_CHARS else text


def is_cut(value: Any) -> bool:
    """Whether ``clean_text`` cuts ``value`` to fit a cell."""
    return isinstance(value, str) and len(value) > MAX_CELL_CHARS and len(_clean(value)) > MAX_CELL_CHARS


def _set_text(cell: "Cell", text: str) -> None:
    """Literal text in a cell: never a formula, never an error value.

    Assigning the value runs openpyxl's checks and guess of the type; the type
    is then set to text, which keeps "=…" or "#N/A" as typed. Text that Excel
    would take for a formula when the cell is edited (beginning with = + - @,
    tab or CR) also gets the quote prefix.
    """
    cell.value = text
    cell.data_type = "s"
    if text[0] in _FORMULA_FIRST:
        cell.quotePrefix = True


_CELL = None  # openpyxl's Cell class, imported on first use (not at start-up)


def _cell_class():
    global _CELL
    if _CELL is None:
        from openpyxl.cell.cell import Cell

        _CELL = Cell
    return _CELL


class Sheet:
    """A worksheet written with the report's look, top to bottom.

    Table rows (``row``) go in with ``Worksheet.append``, which writes the row
    after the last one written: every write goes through this object, which
    keeps count. Single cells (``text``, ``number``) may go anywhere.
    """

    def __init__(self, ws: "Worksheet", styles: Styles) -> None:
        self.ws = ws
        self.styles = styles
        self._last_row = 0
        self._heights: dict[float, Any] = {}  # height -> the RowDimension rows of that height share
        self.heights: dict[int, float] = {}  # row -> height set (others: DEFAULT_ROW_HEIGHT)
        self.keep_with_next: set[int] = set()  # section and group rows: never the last row of a page

    @property
    def title(self) -> str:
        return self.ws.title

    def _cell(self, row: int, col: int, style: str) -> "Cell":
        cell = self.ws.cell(row=row, column=col)
        cell.style = style
        if row > self._last_row:
            self._last_row = row
        return cell

    def text(self, row: int, col: int, value: Any, style: str) -> "Cell":
        """Literal text (see ``_set_text``), cleaned and cut to a cell's size."""
        text = clean_text(value)
        cell = self._cell(row, col, style)
        if text:
            _set_text(cell, text)
        return cell

    def number(self, row: int, col: int, value: float | int, style: str) -> "Cell":
        cell = self._cell(row, col, style)
        cell.value = value
        return cell

    def row(self, row: int, items: Sequence[tuple[Any, str]]) -> None:
        """Write a row from column 1: (value, style) each; text as by ``text``, else a number.

        A report of thousands of tasks spends most of its time here.
        """
        if row <= self._last_row:  # out of order: cell by cell
            for col, (value, style) in enumerate(items, start=1):
                if isinstance(value, str) or value is None:
                    self.text(row, col, value, style)
                else:
                    self.number(row, col, value, style)
            return
        ws = self.ws
        while self._last_row < row - 1:  # rows left empty before this one
            ws.append(())
            self._last_row += 1
        formats = self.styles.formats
        cell_class = _cell_class()
        unclean = _UNCLEAN.search
        cells = []
        for col, (value, style) in enumerate(items, start=1):
            cell = cell_class(ws, row, col, None, formats[style])
            cells.append(cell)
            if value is None or value == "":
                continue
            if isinstance(value, str):
                # clean_text(value), without the call for text that is already clean (nearly all)
                text = value if len(value) <= MAX_CELL_CHARS and unclean(value) is None else clean_text(value)
                if text:
                    _set_text(cell, text)
            else:
                cell.value = value
        ws.append(cells)
        self._last_row = row
        if cells[0].row != row:
            raise RuntimeError(f"sheet {ws.title!r}: row {row} was written as row {cells[0].row}")

    def merge(self, row: int, first: int, last: int, row_end: int | None = None) -> None:
        """Merge a range whose every cell is already styled.

        ``ws.merge_cells`` re-derives the borders of every edge cell, slowly;
        the report styles every cell of a range itself, so the range is only
        recorded.
        """
        from openpyxl.worksheet.cell_range import CellRange

        end = row_end or row
        if last > first or end > row:
            self.ws.merged_cells.ranges.add(CellRange(min_col=first, min_row=row, max_col=last, max_row=end))

    def set_height(self, row: int, height: float) -> None:
        """Set a row's height; rows of the same height share one RowDimension.

        openpyxl writes a row's dimension by its fields only (the row number
        comes from the row itself), and building one RowDimension per row of a
        5,000-task report costs more than writing the row.
        """
        height = min(round(height, 2), MAX_ROW_HEIGHT)
        self.heights[row] = height
        dim = self._heights.get(height)
        if dim is None:
            from openpyxl.worksheet.dimensions import RowDimension

            dim = self._heights[height] = RowDimension(self.ws, index=row, ht=height)
        self.ws.row_dimensions[row] = dim

    def text_height(self, row: int, text: str, width_chars: float, size: float = 12, *, bold: bool = False) -> None:
        """Set the height of a merged text row (office suites do not grow merged cells)."""
        self.set_height(row, row_height(text_lines(text, width_chars, size, bold=bold), size))

    def fit_height(self, row: int, cells: Sequence[tuple[Any, float]], size: float = 12, *, bold: bool = False) -> None:
        """Give a table row the height its tallest wrapped cell needs: (value, column width) each.

        Office suites do not agree on growing rows when a file is opened
        (LibreOffice keeps the default height), so the height is written.
        """
        lines = 1
        for text, width in cells:
            if isinstance(text, str) and text:
                lines = max(lines, text_lines(text, width, size, bold=bold))
        if lines > 1:
            self.set_height(row, row_height(lines, size))

    def height_of(self, row: int) -> float:
        return self.heights.get(row, DEFAULT_ROW_HEIGHT)


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


def cell_as_text(value: Any, number_format: str | None = "General") -> str:
    """Read a cell back as the text the officer would type: a percentage as "97%" (as ``percent_value`` reads it)."""
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

    def fitting_codes(self, codes: Iterable[str]) -> "Frame":
        """This frame with its first column (STT) wide enough for the widest code, in bold
        ("XXVIII" of a ward with many residential groups)."""
        need = max((metrics.text_width(c, 12, bold=True) for c in codes if c), default=0.0)
        width = math.ceil((need + CELL_INSET + 2) / CHAR_POINTS)
        if width <= self.widths[0]:
            return self
        return replace(self, widths=(width, *self.widths[1:]))


def text_lines(text: str, width_chars: float, size: float = 12, *, bold: bool = False) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width_chars`` wide (Times New Roman's glyph widths)."""
    if not text:
        return 1
    return metrics.line_count(text, width_chars * CHAR_POINTS - CELL_INSET, size, bold=bold)


def line_pitch(size: float) -> float:
    """The height of a line of text at ``size`` points in a cell: the font's
    ascent and descent, rounded up to whole pixels as Excel draws it (96 dpi)."""
    return math.ceil(metrics.line_height(size) * 4 / 3) * 0.75


def row_height(lines: int, size: float = 12) -> float:
    return lines * line_pitch(size) + ROW_PAD


@dataclass
class Page:
    """What frames a sheet's table.

    ``masthead``: the issuer block, the motto and the date line above the
    title (the report's first sheet, or every sheet of an agency's form);
    without it the sheet is an appendix, headed by its titles only.
    ``closing``: "Nơi nhận" and the signature after the table.
    """

    settings: "Settings"
    day: date  # of the date line
    title: str
    subtitles: Sequence[tuple[str, str]] = ()  # (text, style); empty texts are left out
    closing: bool = True
    masthead: bool = True


_SIZES = {S_TITLE: 14, S_SUBTITLE: 13}
_BOLD = {S_TITLE, S_SUBTITLE}


def _write_masthead(sheet: Sheet, frame: Frame, page: Page) -> None:
    settings = page.settings
    left_first, left_last = frame.left
    right_first, right_last = frame.right
    sheet.text(1, left_first, settings.issuer.upper(), S_ISSUER)
    sheet.merge(1, left_first, left_last)
    sheet.text(1, right_first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", S_MOTTO)
    sheet.merge(1, right_first, right_last)
    sheet.text(2, right_first, "Độc lập - Tự do - Hạnh phúc", S_MOTTO2)
    sheet.merge(2, right_first, right_last)
    sheet.text(3, right_first, date_line(settings.place or settings.ward, page.day), S_DATE)
    sheet.merge(3, right_first, right_last)
    sheet.set_height(3, 22)


def write_heading(sheet: Sheet, frame: Frame, page: Page) -> int:
    """The masthead (when the page has one), the title and subtitles; return the next free row."""
    total_width = sum(frame.widths[: frame.ncols])
    row = 1
    if page.masthead:
        _write_masthead(sheet, frame, page)
        row = 5
    for text, style in [(page.title, S_TITLE), *page.subtitles]:
        if not text:
            continue
        sheet.text(row, 1, text, style)
        sheet.merge(row, 1, frame.ncols)
        sheet.text_height(row, text, total_width, _SIZES.get(style, 12), bold=style in _BOLD)
        row += 1
    return row + 1  # one blank row before the table


def finish_page(sheet: Sheet, frame: Frame, page: Page, header_row: int, row: int, *, table_end: int | None = None) -> int:
    """The closing block from ``row`` (a lead agency's copy is a form to fill in, not the
    signed report: none there), then the page setup; return the last row.

    ``table_end``: the table's last row (``row - 1`` unless given); what
    follows it is kept on one page with it.
    """
    last = write_closing(sheet, row, frame, page.settings) if page.closing else row
    setup_page(sheet, frame, header_row, last, table_end=row - 1 if table_end is None else table_end)
    return last


def write_header(
    sheet: Sheet, row: int, headers: Sequence[str], widths: Sequence[float], extra: Sequence[tuple[str, str]] = ()
) -> None:
    """The table's header row; ``extra`` cells (text, style) follow the headers."""
    sheet.row(row, [(text, S_TH) for text in headers] + list(extra))
    lines = max(text_lines(text, width, bold=True) for text, width in zip(headers, widths))
    sheet.set_height(row, row_height(max(2, lines)) + 3)


def write_span_row(sheet: Sheet, row: int, code: str, text: str, ncols: int, *, first_style: str, style: str) -> None:
    """A section or group row: the code in the first column, the title across the rest."""
    # every cell of the merged range styled (its borders)
    sheet.row(row, [(code, first_style), (text, style)] + [("", style)] * (ncols - 2))
    sheet.merge(row, 2, ncols)
    sheet.keep_with_next.add(row)


def write_closing(sheet: Sheet, row: int, frame: Frame, settings: "Settings") -> int:
    """ "Nơi nhận:" with the recipients (left) and the signature block (right)."""
    row += 1
    left_first, left_last = frame.left
    right_first, right_last = frame.right
    start = row
    sheet.text(row, left_first, RECIPIENTS_HEAD, S_RECV_HEAD)
    sheet.merge(row, left_first, left_last)
    r = row + 1
    for recipient in settings.recipients:
        text = recipient if recipient.startswith("-") else f"- {recipient}"
        sheet.text(r, left_first, text, S_RECV)
        sheet.merge(r, left_first, left_last)
        r += 1
    left_end = r

    r = start
    for line in (settings.signer_authority, settings.signer_deputy, settings.signer_title):
        if not line:
            continue
        sheet.text(r, right_first, line.upper(), S_SIGN)
        sheet.merge(r, right_first, right_last)
        r += 1
    r += 4  # room for the signature and seal
    if settings.signer_name:
        sheet.text(r, right_first, settings.signer_name, S_SIGN)
        sheet.merge(r, right_first, right_last)
    r += 1
    return max(left_end, r)


def print_frame(widths: Sequence[float]) -> pagination.PageFrame:
    """A4 landscape within the margins, at the scale that fits ``widths`` (column units) on one page wide."""
    width = (A4_LONG_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * _POINTS_PER_MM
    height = (A4_SHORT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) * _POINTS_PER_MM
    return pagination.PageFrame(width, height, pagination.fit_scale(sum(widths) * CHAR_POINTS, width))


def place_breaks(sheet: Sheet, frame: Frame, header_row: int, last_row: int, table_end: int) -> pagination.PageFrame:
    """The sheet's page breaks (``pagination.page_breaks``); return the page it is printed on."""
    from openpyxl.worksheet.pagebreak import Break, RowBreak

    page = print_frame(frame.widths[: frame.ncols])
    heights = [sheet.height_of(r) for r in range(1, last_row + 1)]
    tail = table_end + 1 if table_end < last_row else None
    rows = pagination.page_breaks(
        heights, first=header_row + 1, header=header_row, keep=sheet.keep_with_next, tail=tail, room=page.room
    )
    # all at once: RowBreak.append copies and checks every break so far, each time
    breaks = [*sheet.ws.row_breaks.brk, *(Break(id=row) for row in rows)]
    sheet.ws.row_breaks = RowBreak(brk=breaks)
    return page


def setup_page(sheet: Sheet, frame: Frame, header_row: int, last_row: int, *, table_end: int | None = None) -> None:
    """Column widths, print titles, A4 landscape scaled to one page wide, page breaks, margins, footer."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    ws = sheet.ws
    for col, width in enumerate(frame.widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = f"A{header_row + 1}"
    last_col = get_column_letter(frame.ncols)
    last_row = max(last_row, header_row)
    ws.print_area = f"A1:{last_col}{last_row}"
    # a fixed scale, not "fit to width": Excel ignores page breaks under the latter
    page = place_breaks(sheet, frame, header_row, last_row, last_row if table_end is None else table_end)
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.scale = page.scale
    ws.sheet_properties.pageSetUpPr.fitToPage = False
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
