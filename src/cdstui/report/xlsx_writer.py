"""Write the report workbook faster than openpyxl does, with the same content.

Why this module exists: for a plan of 5,000 tasks, openpyxl spends about two
thirds of a second in ``WorksheetWriter.write_rows`` on the task sheet alone
(one lxml element per cell, every non-ASCII character written as a character
reference), more than it takes to build the whole workbook. Here the
``<sheetData>`` part of a sheet is serialised as one string, the way openpyxl
would write it, and copied into the sheet's XML unchanged; everything else
(sheet properties, columns, merged ranges, validations, print setup, styles,
the workbook parts) is still written by openpyxl itself.

The fast path handles exactly what the report writes: text (``data_type``
"s", a ``str``), numbers ("n", an ``int`` or a finite ``float``) and empty
styled cells, with row heights and styles. When any cell of a sheet is
something else (a date, a formula, a bool, rich text, a comment, a
hyperlink…) or holds text that XML 1.0 cannot carry, the whole sheet is
written by openpyxl's own ``write_rows``, decided before anything of it is
written: the result is then exactly what ``Workbook.save`` gives.

The sheet XML has no declaration, so it is read as UTF-8: text is written as
UTF-8 (openpyxl writes ASCII with a character reference per Vietnamese
letter, a larger file for the same content). Each sheet is written into
memory and added to the archive as it is, instead of going through a
temporary file in the system's temporary folder as openpyxl does. Without
lxml (openpyxl on its fallback XML writer) every sheet is written by openpyxl.

Only imported when a workbook is written: it imports openpyxl (and so lxml).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from io import BytesIO
from typing import IO, TYPE_CHECKING

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml import LXML

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FastExcelWriter", "FastWorksheetWriter", "save_xlsx", "sheet_data_xml"]

# The control characters XML 1.0 cannot carry (all but tab, line feed and
# carriage return), as bytes: none of them occurs inside a multi-byte UTF-8
# sequence, so searching the encoded sheet for each (memchr) is exact, and far
# faster than a regular expression over megabytes.
_CONTROL_BYTES = tuple(bytes([b]) for b in range(0x20) if b not in (0x09, 0x0A, 0x0D))


def _escape(text: str) -> str:
    """Text content as lxml writes it: & < > escaped, a carriage return as a reference
    (a literal CR would be read back as a line feed)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _escape_attr(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def sheet_data_xml(ws: Worksheet, rows: Iterable[tuple[int, list]]) -> bytes | None:
    """The ``<row>`` elements of ``ws`` as openpyxl's ``write_rows`` would write
    them (UTF-8, without the enclosing ``<sheetData>``), or None when a cell is
    not one the fast path handles exactly.

    ``rows`` is ``WorksheetWriter.rows()``: (row number, cells in column order).
    Cell styles are registered in the workbook in the order openpyxl would
    register them, so style ids are the same whichever writer runs, and a
    fallback after a partial pass gives the same ids too.
    """
    styles = ws.parent._cell_styles  # noqa: SLF001 - what Cell.style_id adds to
    dims = ws.row_dimensions
    style_attr: dict[int, str] = {}  # id(StyleArray) -> ' s="3"' or ""
    dim_attr: dict[int, str] = {}  # id(RowDimension) -> its attributes
    letters: dict[int, str] = {}
    out: list[str] = []
    add = out.append
    escape = _escape
    cell_class, merged_class = Cell, MergedCell
    str_, int_, float_ = str, int, float
    try:
        for row_idx, cells in rows:
            r = str(row_idx)
            dim = dims.get(row_idx)
            if dim is None:
                add(f'<row r="{r}">')
            else:
                extra = dim_attr.get(id(dim))
                if extra is None:
                    # iterating a RowDimension registers its style, as openpyxl does here
                    extra = dim_attr[id(dim)] = "".join(f' {k}="{_escape_attr(v)}"' for k, v in dim)
                add(f'<row r="{r}"{extra}>')
            for cell in cells:
                kind = type(cell)
                if kind is cell_class:
                    if cell._comment is not None or cell._hyperlink is not None:  # noqa: SLF001
                        return None
                elif kind is not merged_class:
                    return None
                value = cell._value  # noqa: SLF001
                style = cell._style  # noqa: SLF001
                sid = style_attr.get(id(style))
                if sid is None:
                    sid = style_attr[id(style)] = (
                        f' s="{styles.add(style)}"' if style is not None and any(style) else ""
                    )
                if value is None and not sid:
                    continue  # neither value nor style: openpyxl leaves the cell out
                col = cell.column
                letter = letters.get(col)
                if letter is None:
                    letter = letters[col] = get_column_letter(col)
                data_type = cell.data_type
                if data_type == "s":
                    if type(value) is str_:
                        if not value:
                            add(f'<c r="{letter}{r}"{sid} t="inlineStr"/>')
                        else:
                            # leading or trailing white space kept, as openpyxl marks it
                            space = "" if value == value.strip() else ' xml:space="preserve"'
                            if "&" in value or "<" in value or ">" in value or "\r" in value:
                                value = escape(value)
                            add(f'<c r="{letter}{r}"{sid} t="inlineStr"><is><t{space}>{value}</t></is></c>')
                    elif value is None:
                        add(f'<c r="{letter}{r}"{sid} t="inlineStr"/>')
                    else:
                        return None  # rich text or anything else openpyxl writes its own way
                elif data_type == "n":
                    if value is None:
                        add(f'<c r="{letter}{r}"{sid} t="n"/>')
                    elif (type(value) is int_) or (type(value) is float_ and value - value == 0):
                        # "%.16g" as openpyxl's safe_string; NaN and infinities (value - value
                        # is NaN) are left to openpyxl
                        add(f'<c r="{letter}{r}"{sid} t="n"><v>{"%.16g" % value}</v></c>')
                    else:
                        return None
                else:
                    return None  # dates, formulas, bools, errors
            add("</row>")
    except OverflowError:  # an int too large for a float: openpyxl decides (and fails) its way
        return None
    # Text XML 1.0 cannot carry (openpyxl, through lxml, refuses it): the
    # non-characters U+FFFE/U+FFFF, lone surrogates (they do not encode) and
    # control characters. The markup around the text holds none of them.
    text = "".join(out)
    if "\ufffe" in text or "\uffff" in text:
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    if any(control in data for control in _CONTROL_BYTES):
        return None
    return data


class FastWorksheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer with ``<sheetData>`` written as one string.

    ``out`` must be a binary stream (a ``BytesIO`` by default): the rows are
    copied into it between lxml's start and end tags.
    """

    out: IO[bytes]

    def __init__(self, ws: Worksheet, out: IO[bytes] | None = None) -> None:
        super().__init__(ws, BytesIO() if out is None else out)

    def write_rows(self) -> None:
        # et_xmlfile (openpyxl without lxml) has no flush(): keep openpyxl's writer there
        data = sheet_data_xml(self.ws, self.rows()) if LXML else None
        if data is None:
            super().write_rows()
            return
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            xf.flush()  # "<worksheet …>…<sheetData>" into the stream, then the rows after it
            self.out.write(data)
        self.xf.send(None)  # return control to the generator, as WorksheetWriter.write_rows does

    def cleanup(self) -> None:
        """Nothing to remove: the sheet was written in memory, not to a temporary file."""


class FastExcelWriter(ExcelWriter):
    """openpyxl's workbook writer, with each worksheet written by ``FastWorksheetWriter``."""

    def write_worksheet(self, ws: Worksheet) -> None:
        if self.workbook.write_only:  # pragma: no cover - the report never writes in that mode
            super().write_worksheet(ws)
            return
        # as ExcelWriter.write_worksheet: the drawing, the sheet part, its relations, the manifest
        ws._drawing = SpreadsheetDrawing()  # noqa: SLF001
        ws._drawing.charts = ws._charts  # noqa: SLF001
        ws._drawing.images = ws._images  # noqa: SLF001
        writer = FastWorksheetWriter(ws)
        writer.write()
        ws._rels = writer._rels  # noqa: SLF001
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def save_xlsx(wb: Workbook, file: IO[bytes]) -> None:
    """Write ``wb`` to the open binary ``file``, as ``wb.save(file)`` does, faster."""
    from zipfile import ZIP_DEFLATED, ZipFile

    if wb.read_only:
        raise TypeError("Workbook is read-only")
    if wb.write_only and not wb.worksheets:  # pragma: no cover - as Workbook.save
        wb.create_sheet()
    # as openpyxl's save_workbook: the modification time in UTC, without a zone
    wb.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
    # ExcelWriter.save() is write_data() then closing the archive; closing it
    # on an error too spares "Exception ignored in ZipFile.__del__" noise later
    with ZipFile(file, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        FastExcelWriter(wb, archive).write_data()
