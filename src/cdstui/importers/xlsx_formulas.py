"""Formula cells whose result was never saved in the workbook.

Excel saves each formula's last result beside it, and the importer reads
those results (openpyxl's ``data_only``). A workbook written by another
program (openpyxl itself, a web export) may hold the formula alone: the cell
then reads as empty, and a task's title or TT made by a formula would be lost
without a word. ``unsaved_formulas`` names those cells, so that the importer
can warn of them or refuse the table.

Most workbooks hold no formula at all: a scan of the sheets' XML for a
formula element decides that without a second reading; only a workbook with
formulas is read once more, streamed, to see which ones have no result.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

__all__ = ["unsaved_formulas", "describe_cells"]

# A formula element, "<f>…</f>" or "<f t="shared" si="0"/>", with any namespace prefix.
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CHUNK = 1 << 20
_OVERLAP = 16
_LISTED = 10


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = info.filename.lower()
            if "worksheets/" not in name or not name.endswith(".xml"):
                continue
            with archive.open(info) as stream:
                tail = b""
                while chunk := stream.read(_CHUNK):
                    if _FORMULA.search(tail + chunk):
                        return True
                    tail = chunk[-_OVERLAP:]
    return False


def unsaved_formulas(path: Path, workbook) -> dict[str, set[tuple[int, int]]]:
    """Sheet title -> (row, column), both 1-based, of each formula cell that has no saved result.

    ``workbook`` is the same file loaded by openpyxl with ``data_only=True``.
    """
    if not _has_formulas(path):
        return {}
    import openpyxl

    formulas = openpyxl.load_workbook(str(path), read_only=True, data_only=False)
    try:
        lost: dict[str, set[tuple[int, int]]] = {}
        for sheet in formulas.worksheets:
            values = workbook[sheet.title]
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f" and values.cell(row=cell.row, column=cell.column).value is None:
                        lost.setdefault(sheet.title, set()).add((cell.row, cell.column))
        return lost
    finally:
        formulas.close()


def describe_cells(cells: set[tuple[int, int]]) -> str:
    """"B7, C7, B9" (the first ten, in reading order, then how many more)."""
    from openpyxl.utils import get_column_letter

    ordered = sorted(cells)
    shown = ", ".join(f"{get_column_letter(c)}{r}" for r, c in ordered[:_LISTED])
    more = len(ordered) - _LISTED
    return shown + (f" và {more} ô khác" if more > 0 else "")
