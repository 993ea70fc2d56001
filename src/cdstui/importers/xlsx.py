"""Excel workbooks (.xlsx), read with openpyxl.

Each sheet is searched for its header row by its text (a TT/STT cell), not by
position: the rows above it (issuer, title…) are prose for the metadata, the
rows below it up to the first empty row are the table. Only a merged cell's
top-left holds the value: in the header rows a horizontally merged value is
repeated across its columns (two-row headers); in the data rows it stays in
its first column, and a vertically merged continuation cell is marked.

Values are turned into text as Excel shows them: 1 -> "1", 3.1 -> "3.1",
a percent-formatted 1.0 -> "100%", a date -> "15/3/2026" (a month format
"m/yyyy" -> "3/2026"). A TT code typed as the number 3.10 is read back as
"3.1" unless the cell's format shows two decimals: type such codes as text.

A formula whose result was never saved (a workbook written by a program,
not by Excel) reads as an empty cell: the import warns of each such cell, and
refuses a table whose TT or title is one (``xlsx_formulas``). A sheet whose
used range is too large to read is refused (``limits``).

A workbook that cdstui itself exported (an agency's filled report) is
recognized by ``detect_cdstui_export``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import AbstractSet, Iterator

from cdstui.domain.model import ImportReport, InputError
from cdstui.importers.files import broken_file
from cdstui.importers.assemble import Block, assemble
from cdstui.importers.limits import check_sheet
from cdstui.importers.prose import ProseLine
from cdstui.importers.repair import Header, RawTable, find_header
from cdstui.importers.xlsx_formulas import describe_cells, unsaved_formulas

__all__ = ["read_xlsx", "detect_cdstui_export", "cell_text", "sheet_blocks"]


def detect_cdstui_export(workbook, file: str = "") -> dict | None:
    """Hook: recognize a workbook exported by cdstui (agency round trip).

    Return None for any other workbook, else a dict that may carry
    ``plan_id`` (int) and ``period`` (str); a cdstui report that lost its
    identity sheet is refused (``InputError`` naming ``file``). Filled in by
    ``cdstui.importers.roundtrip.detect_export``.
    """
    from cdstui.importers.roundtrip import detect_export

    return detect_export(workbook, file)


def read_xlsx(path: Path) -> ImportReport:
    try:
        import openpyxl

        # Not read_only: merged-cell ranges are only known in the normal mode.
        workbook = openpyxl.load_workbook(str(path), data_only=True)
    except Exception as exc:  # noqa: BLE001 - a broken file of any kind is the user's input problem
        raise broken_file(path, "Excel (.xlsx)", exc) from exc
    for sheet in workbook.worksheets:  # before anything reads a sheet's used range
        check_sheet(sheet.title, sheet.max_row, sheet.max_column, path.name)
    export = detect_cdstui_export(workbook, path.name)
    blocks: list[Block] = []
    lost = _unsaved_formulas(path, workbook)
    for sheet in workbook.worksheets:
        blocks.extend(sheet_blocks(sheet, lost.get(sheet.title, set()), path.name))
    report = assemble(blocks, file=path.name, source=path.name)
    for title, cells in lost.items():
        report.warnings.append(
            f"Trang tính «{title}», ô {describe_cells(cells)}: công thức chưa có kết quả được lưu trong tệp, "
            "nhập vào là ô trống (mở tệp bằng Excel và lưu lại để có kết quả)."
        )
    if export is not None:
        report.is_cdstui_export = True
        report.export_plan_id = export.get("plan_id")
        report.export_period = export.get("period")
    return report


def _unsaved_formulas(path: Path, workbook) -> dict[str, set[tuple[int, int]]]:
    """``unsaved_formulas``; a failure of its second reading is told as a damaged file."""
    try:
        return unsaved_formulas(path, workbook)
    except Exception as exc:  # noqa: BLE001 - as for the first reading: a damaged file
        raise broken_file(path, "Excel (.xlsx)", exc) from exc


def _number(value: float, decimals: int | None) -> str:
    if decimals is not None:
        return f"{value:.{decimals}f}"
    value = round(value, 10)
    return str(int(value)) if value == int(value) else repr(value)


def _decimals(number_format: str) -> int | None:
    """Fixed decimals of a format like "0.00" or "0.0%"; None for General."""
    body = number_format.split(";")[0]
    if "." not in body or "0" not in body:
        return None
    tail = body.split(".", 1)[1]
    count = len(tail) - len(tail.lstrip("0#"))
    return count or None


def cell_text(cell) -> str:
    """The text a cell shows, for the importer."""
    value = cell.value
    if value is None:
        return ""
    fmt = cell.number_format or "General"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, date):  # datetime included
        shown = "" if not isinstance(value, datetime) or value.time() == time(0) else f" {value:%H:%M}"
        if "d" not in fmt.lower().split(";")[0] and not shown:
            return f"{value.month}/{value.year}"  # a month format: "m/yyyy", "mmm-yy"
        return f"{value.day}/{value.month}/{value.year}{shown}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, (int, float)):
        if "%" in fmt:
            return _number(value * 100, _decimals(fmt)).replace(".", ",") + "%"
        if isinstance(value, int):
            return str(value)
        return _number(value, _decimals(fmt))
    return str(value)


def sheet_blocks(sheet, lost: AbstractSet[tuple[int, int]] = frozenset(), file: str = "") -> Iterator[Block]:
    """Prose lines and table grids of one sheet, in order.

    ``lost``: the (row, column) of formula cells without a saved result; they
    read as empty but keep their row in its table, and one in a table's TT or
    title column refuses the sheet (``InputError`` naming ``file``).
    """
    grid = [[cell_text(c) for c in row] for row in sheet.iter_rows()]
    if not grid:
        return
    lost_rows = {r - 1 for r, _c in lost}

    def filled(r: int) -> bool:
        return r in lost_rows or any(grid[r])

    horizontal: dict[tuple[int, int], tuple[int, int]] = {}
    vertical: set[tuple[int, int]] = set()
    for rng in sheet.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if r == rng.min_row and c > rng.min_col:
                    horizontal[(r - 1, c - 1)] = (rng.min_row - 1, rng.min_col - 1)
                elif r > rng.min_row and c == rng.min_col:
                    vertical.add((r - 1, c - 1))
    where = f"Trang tính «{sheet.title}», hàng {{}}"
    start = 0
    while start < len(grid):
        found = find_header(grid[start:])
        if found is None:
            break
        offset, header = found
        top = start + offset
        for r in range(start, top):
            yield from _prose(grid[r], r)
        for r in range(top, top + header.rows):
            for (hr, hc), (orow, ocol) in horizontal.items():
                if hr == r and hc < len(grid[r]):
                    grid[r][hc] = grid[orow][ocol]
        end = top + header.rows
        while end < len(grid) and not filled(end):
            end += 1  # blank rows between the header and the first data row
        while end < len(grid) and filled(end):
            end += 1
        _refuse_lost_names(sheet.title, header, range(top + header.rows, end), lost, file)
        rows = grid[top:end]
        yield RawTable(
            rows=rows,
            lines=list(range(top + 1, end + 1)),
            where=where,
            text_lines=False,
            merged_above={(r - top, c) for (r, c) in vertical if top <= r < end},
        )
        start = end
    for r in range(start, len(grid)):
        yield from _prose(grid[r], r)


def _refuse_lost_names(title: str, header: Header, rows: range, lost: AbstractSet[tuple[int, int]], file: str) -> None:
    """A TT or title made by a formula without a saved result: the row cannot be known, refuse."""
    if not lost:
        return
    from openpyxl.utils import get_column_letter

    columns = [(header.column(name), name) for name in ("code", "title") if header.column(name) is not None]
    for r in rows:
        for col, name in columns:
            if (r + 1, col + 1) in lost:
                raise InputError(
                    f"trang tính «{title}», ô {get_column_letter(col + 1)}{r + 1} (cột «{header.label(name)}») "
                    "là công thức chưa có kết quả được lưu trong tệp: không biết được dòng này. "
                    "Hãy mở tệp bằng Excel, lưu lại rồi nhập lại.",
                    file=file,
                )


def _prose(cells: list[str], r: int) -> Iterator[ProseLine]:
    for text in cells:
        if text.strip():
            yield ProseLine(text, r + 1)
