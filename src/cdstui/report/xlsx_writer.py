"""Write the report workbook faster than openpyxl does, with the same content.

This is the one module of cdstui that uses openpyxl's private names (pinned:
openpyxl==3.1.5 in pyproject.toml; ``tests/report/test_openpyxl_private.py``
fails when a name used here is gone). Each use has its function below,
which says why:

* ``save_xlsx``: ``openpyxl.worksheet._writer.WorksheetWriter`` and the
  ``ExcelWriter``/``Worksheet`` attributes its caller sets up — for speed;
* ``set_default_font``: ``Workbook._fonts`` and ``Workbook._named_styles`` —
  openpyxl has no public way to set the default font at all.

Why ``save_xlsx``: for a plan of 5,000 tasks, openpyxl's ``write_rows``
spends longer on the task sheet alone (one lxml element per cell, every
non-ASCII character written as a character reference) than building the
whole workbook takes. Here the ``<sheetData>`` part of a sheet is
serialised as one string, the way openpyxl would write it, and copied into
the sheet's XML unchanged; everything else (sheet properties, columns,
merged ranges, validations, print setup, styles, the workbook parts) is
still written by openpyxl itself. bench/bench_export.py measures the export
against a bare openpyxl write.

The fast path handles exactly what the report writes: text (``data_type``
"s", a ``str``), numbers ("n", an ``int`` or a finite ``float``) and empty
styled cells, with row heights and styles. When any cell of a sheet is
something else (a date, a formula, a bool, rich text, a comment, a
hyperlink…) or holds text that XML 1.0 cannot carry, the whole sheet is
written by openpyxl's own ``write_rows``, decided before anything of it is
written: the result is then exactly what ``Workbook.save`` gives. So is the
whole workbook when a private name is missing (``missing_private_names``).

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
import functools
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import IO, TYPE_CHECKING, Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml import LXML

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["missing_private_names", "save_xlsx", "set_default_font", "sheet_data_xml"]

# openpyxl's private names used here, by owner: what ``missing_private_names`` checks.
PRIVATE_NAMES = {
    "openpyxl.worksheet._writer": ("WorksheetWriter",),
    "WorksheetWriter": ("rows", "write", "write_rows", "read", "xf", "out", "ws", "_rels"),
    "ExcelWriter": ("_archive", "manifest", "workbook", "write_data", "write_worksheet"),
    "Worksheet": ("_drawing", "_charts", "_images", "_rels"),
    "Workbook": ("_fonts", "_named_styles"),
}


@functools.cache
def missing_private_names() -> tuple[str, ...]:
    """The private openpyxl names this module needs and the installed openpyxl lacks."""
    from openpyxl import Workbook

    try:
        from openpyxl.worksheet import _writer
    except ImportError:
        return ("openpyxl.worksheet._writer",)
    writer_class = getattr(_writer, "WorksheetWriter", None)
    if writer_class is None:
        return ("openpyxl.worksheet._writer.WorksheetWriter",)
    wb = Workbook()
    ws = wb.active
    owners: dict[str, Any] = {
        "WorksheetWriter": writer_class(ws, BytesIO()),
        "ExcelWriter": ExcelWriter(wb, None),
        "Worksheet": ws,
        "Workbook": wb,
    }
    missing = []
    for owner, names in PRIVATE_NAMES.items():
        if owner in owners:
            missing += [f"{owner}.{name}" for name in names if not hasattr(owners[owner], name)]
    return tuple(missing)


def set_default_font(wb: Workbook, font: Any) -> None:
    """Make ``font`` the workbook's default font (font 0, the "Normal" style's).

    Why private names: openpyxl has no public setter for it, and the report
    needs Times New Roman there (Nghị định 30): Excel measures column widths
    and the height of empty rows with the default font, and every cell
    without a style of its own shows in it.
    """
    from openpyxl.utils.indexed_list import IndexedList

    wb._fonts = IndexedList([font])  # noqa: SLF001
    wb._named_styles["Normal"].font = font  # noqa: SLF001


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
    Cell styles are registered in the workbook (``Cell.style_id``) in the order
    openpyxl would register them, so style ids are the same whichever writer
    runs, and a fallback after a partial pass gives the same ids too.
    """
    row_tag = _row_tags(ws)
    letters: dict[int, str] = {}
    out: list[str] = []
    add = out.append
    escape = _escape
    cell_class, merged_class = Cell, MergedCell
    str_, int_, float_ = str, int, float
    try:
        for row_idx, cells in rows:
            r = str(row_idx)
            add(row_tag(row_idx))
            for cell in cells:
                kind = type(cell)
                if kind is cell_class:
                    if cell.comment is not None or cell.hyperlink is not None:
                        return None
                elif kind is not merged_class:
                    return None
                value = cell.value
                sid = f' s="{cell.style_id}"' if cell.has_style else ""
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
    return _xml_bytes("".join(out))


def _row_tags(ws: Worksheet) -> Callable[[int], str]:
    """The opening ``<row>`` tag of a row number, with the row's dimension as openpyxl writes it."""
    dims = ws.row_dimensions
    dim_attr: dict[int, str] = {}  # id(RowDimension) -> its attributes (rows share dimensions)

    def row_tag(row_idx: int) -> str:
        dim = dims.get(row_idx)
        if dim is None:
            return f'<row r="{row_idx}">'
        extra = dim_attr.get(id(dim))
        if extra is None:
            # iterating a RowDimension registers its style, as openpyxl does here
            extra = dim_attr[id(dim)] = "".join(f' {k}="{_escape_attr(v)}"' for k, v in dim)
        return f'<row r="{row_idx}"{extra}>'

    return row_tag


def _xml_bytes(text: str) -> bytes | None:
    """``text`` as UTF-8, or None when it holds what XML 1.0 cannot carry (openpyxl, through
    lxml, refuses it): the non-characters U+FFFE/U+FFFF, lone surrogates (they do not encode)
    and control characters. The markup around the text holds none of them."""
    if "\ufffe" in text or "\uffff" in text:
        return None
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    if any(control in data for control in _CONTROL_BYTES):
        return None
    return data


@functools.cache
def _writer_classes() -> tuple[type, type]:
    """openpyxl's worksheet and workbook writers, each with ``<sheetData>`` written as one string.

    Why private names: ``WorksheetWriter`` (``openpyxl.worksheet._writer``)
    is the only place to change how rows are written while openpyxl writes
    the rest of the sheet, and ``ExcelWriter.write_worksheet`` reaches it
    through the attributes it sets up (the drawing, the relations, the
    archive), repeated here.
    """
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter

    class FastWorksheetWriter(WorksheetWriter):
        """``out`` is a ``BytesIO``: the rows are copied into it between lxml's start and end tags."""

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

    class FastExcelWriter(ExcelWriter):
        def write_worksheet(self, ws: Worksheet) -> None:
            if self.workbook.write_only:  # pragma: no cover - the report never writes in that mode
                super().write_worksheet(ws)
                return
            # as ExcelWriter.write_worksheet: the drawing, the sheet part, its relations, the manifest
            ws._drawing = SpreadsheetDrawing()  # noqa: SLF001
            ws._drawing.charts = ws._charts  # noqa: SLF001
            ws._drawing.images = ws._images  # noqa: SLF001
            writer = FastWorksheetWriter(ws, BytesIO())  # in memory: no temporary file to remove
            writer.write()
            ws._rels = writer._rels  # noqa: SLF001
            self._archive.writestr(ws.path[1:], writer.read())  # noqa: SLF001
            self.manifest.append(ws)

    return FastWorksheetWriter, FastExcelWriter


def save_xlsx(wb: Workbook, file: IO[bytes]) -> None:
    """Write ``wb`` to the open binary ``file``, as ``wb.save(file)`` does, faster.

    With an openpyxl that lacks a private name used here, ``wb.save(file)`` itself.
    """
    from zipfile import ZIP_DEFLATED, ZipFile

    if missing_private_names():
        wb.save(file)
        return
    if wb.read_only:
        raise TypeError("Workbook is read-only")
    if wb.write_only and not wb.worksheets:  # pragma: no cover - as Workbook.save
        wb.create_sheet()
    # as openpyxl's save_workbook: the modification time in UTC, without a zone
    wb.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
    _, excel_writer = _writer_classes()
    # ExcelWriter.save() is write_data() then closing the archive; closing it
    # on an error too spares "Exception ignored in ZipFile.__del__" noise later
    # The fastest deflate: a report is a file for e-mail of tens of kilobytes to a
    # megabyte or two, a little bigger this way, and its sheets (long journal text
    # in every row) are written in a good part less time (bench/bench_export.py).
    with ZipFile(file, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
        excel_writer(wb, archive).write_data()
