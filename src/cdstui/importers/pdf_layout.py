"""From the glyphs and table cells of PDF pages to the blocks the shared repair reads.

``pdf`` extracts, page by page, the positioned glyphs (``pdf_pdfium``) and
the cells of the ruled tables (``pdf_rulings``); this module, pure Python
and free of any PDF library, turns them into ``ProseLine`` paragraphs and
``RawTable`` grids in reading order (lines joined by ``pdf_text``), which
``assemble`` then repairs like those of any other format.

Tables: the cells found are laid on a grid of their edges; a cell spanning
several columns fills its first one (as in a Word grid), a cell spanning
several rows fills its first row and marks the others as continuing it.
Fragments of one table on following pages whose column edges nest (a lone
first header row at the foot of a page has fewer columns) share the finer
grid, so that their rows line up column for column. Where a page break cut a
row, the grid at the top of the next page tells the repair how each cell goes
on (``RawTable.joins``); a header row or a TT cell cut in two is joined here.

Prose: lines outside the tables, joined into paragraphs across pages; a line
with two text columns (wide gaps) gives a paragraph per column; a bare page
number in the margin is dropped.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterator

from cdstui.importers.assemble import Block
from cdstui.importers.prose import ProseLine
from cdstui.importers.pdf_text import (
    SPACE_GAP,
    Frame,
    Glyph,
    Line,
    join_lines,
    justified_lines,
    make_lines,
    separator,
    usual_gap,
)
from cdstui.importers.repair import HEADER_SCAN, RawTable, column_field, find_header

__all__ = ["PdfTable", "PdfPage", "pdf_blocks"]

_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$", re.I)

@dataclass
class PdfTable:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    cells: list[tuple[float, float, float, float]]


@dataclass
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    tables: list[PdfTable] = field(default_factory=list)


# --- tables ----------------------------------------------------------------------------------


def _edges(values: list[float], tol: float = 1.5) -> list[float]:
    """Distinct coordinates, those closer than ``tol`` taken as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    """The index of the edge nearest to ``value``."""
    i = bisect_right(edges, value)
    if i == 0:
        return 0
    if i == len(edges) or value - edges[i - 1] <= edges[i] - value:
        return i - 1
    return i


def _columns(table: PdfTable) -> list[float]:
    return _edges([c[0] for c in table.cells] + [c[2] for c in table.cells])


def _nested(a: list[float], b: list[float], tol: float = 1.5) -> bool:
    """Whether the column edges of two fragments fit one grid: same outer edges, one set inside the other."""
    if abs(a[0] - b[0]) > tol or abs(a[-1] - b[-1]) > tol:
        return False

    def inside(xs: list[float], ys: list[float]) -> bool:
        return all(any(abs(x - y) <= tol for y in ys) for x in xs)

    return inside(a, b) or inside(b, a)


def _shared_columns(tables: list[PdfTable]) -> list[list[float]]:
    """Column edges of each table fragment, fragments in runs of nesting edges sharing the finest."""
    own = [_columns(t) for t in tables]
    out: list[list[float]] = []
    run: list[int] = []
    union: list[float] = []
    for i, cols in enumerate(own):
        if run and _nested(union, cols):
            run.append(i)
            union = _edges(union + cols)
        else:
            out.extend([union] * len(run))
            run, union = [i], cols
    out.extend([union] * len(run))
    return out


@dataclass
class _Cell:
    row: int
    col: int
    rows: int
    bbox: tuple[float, float, float, float]
    glyphs: list[Glyph] = field(default_factory=list)


def _place_cells(table: PdfTable, cols: list[float]) -> tuple[list[_Cell], list[float]]:
    rows = _edges([c[1] for c in table.cells] + [c[3] for c in table.cells])
    cells = []
    for bbox in table.cells:
        r0, r1 = _index(rows, bbox[1]), _index(rows, bbox[3])
        c0 = _index(cols, bbox[0])
        if r1 > r0 and c0 < len(cols) - 1:
            cells.append(_Cell(r0, c0, r1 - r0, bbox))
    return cells, rows


def _fill(cells: list[_Cell], glyphs: list[Glyph]) -> None:
    """Hand each glyph to the cell it sits in; most go where the glyph before went, tried first."""
    boxes = [cell.bbox for cell in cells]
    last = -1
    for g in glyphs:
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        if last >= 0:
            x0, top, x1, bottom = boxes[last]
            if x0 <= cx <= x1 and top <= cy <= bottom:
                cells[last].glyphs.append(g)
                continue
        last = _first_holder(cx, cy, boxes)
        if last >= 0:
            cells[last].glyphs.append(g)


def _pad(cells: list[_Cell], lines: dict[int, list[Line]]) -> float:
    offsets = [ls[0].x0 - cell.bbox[0] for i, cell in enumerate(cells) for ls in [lines.get(i, [])] if ls]
    return min(max(min(offsets), 0.0), 10.0) if offsets else 5.4


@dataclass
class _Grid:
    """A table fragment's grid, with the first and last line of each cell and
    where its lines run, to tell how a row cut by the page break goes on."""

    raw: RawTable
    cells: dict[tuple[int, int], tuple[list[Line], Frame]]


def _grid(table: PdfTable, cols: list[float], glyphs: list[Glyph], style: Frame, page: int, number: int) -> _Grid:
    cells, rows = _place_cells(table, cols)
    cells.sort(key=lambda c: (c.row, c.col))
    _fill(cells, glyphs)
    lines = {i: [seg[0] for seg in make_lines(c.glyphs)] for i, c in enumerate(cells) if c.glyphs}
    pad = _pad(cells, lines)
    gap = usual_gap(list(lines.values()))
    justified = {
        col: justified_lines([(ls[:-1], cells[i].bbox[2] - pad) for i, ls in lines.items() if cells[i].col == col])
        for col in {c.col for c in cells}
    }
    grid = [[""] * (len(cols) - 1) for _ in range(len(rows) - 1)]
    merged: set[tuple[int, int]] = set()
    texts: dict[tuple[int, int], tuple[list[Line], Frame]] = {}
    for i, cell in enumerate(cells):
        frame = Frame(cell.bbox[0] + pad, cell.bbox[2] - pad, gap, style.space, style.keeps_spaces, justified[cell.col])
        grid[cell.row][cell.col] = join_lines(lines.get(i, []), frame)
        merged.update((cell.row + k, cell.col) for k in range(1, cell.rows))
        if lines.get(i):
            texts[(cell.row, cell.col)] = (lines[i], frame)
    raw = RawTable(
        rows=grid,
        lines=list(range(1, len(grid) + 1)),
        where=f"Trang {page}, bảng {number}, hàng {{}}",
        text_lines=False,
        merged_above=merged,
    )
    return _Grid(raw, texts)


def _header_like(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(column_field(c) for c in filled)


def _data_start(rows: list[list[str]]) -> int:
    """Index of the first row after a fragment's header rows (a repeated header, or its lower row alone)."""
    start = 0
    found = find_header(rows, HEADER_SCAN)
    if found is not None:
        start = found[0] + found[1].rows
    while start < len(rows) and _header_like(rows[start]):
        start += 1
    return start


def _fix_codes(grid: _Grid, code_col: int) -> None:
    """A TT cell wrapped in a narrow column ("VI" / "I", "4.2." / "1") is one code: no space inside."""
    for (row, col), (lines, _) in grid.cells.items():
        if col == code_col and len(lines) > 1:
            joined = "".join(line.text for line in lines)
            if _CODE.fullmatch(joined.rstrip(".")) or joined in ("TT", "STT"):
                grid.raw.rows[row][col] = joined


def _page_joins(above: _Grid, row: int, below: _Grid, code_col: int) -> None:
    """The top of a page goes on with a table of the page before: join what
    the page break cut, or tell the repair how to.

    ``row`` is the last row above worth going on from: the last data row, or
    the header row that ends the grid above. A header row cut by the page
    break, or a row whose TT cell itself was cut ("ST" / "T", "4.2." / "1"),
    is joined here (the repair would read a new table or a new code); for a
    data row, the repair joins it, and ``below.raw.joins`` tell it how where
    that is not one space.
    """
    rows = below.raw.rows
    if not rows or len(rows[0]) != len(above.raw.rows[row]):
        return
    upper = above.raw.rows[row]
    if row < _data_start(above.raw.rows):
        if _header_goes_on(upper, rows[0], code_col):
            _merge_first_row(above, row, below)
        return
    if _cut_code(upper[code_col], rows[0][code_col]) and _joins(above, row, below, 0).get(code_col) == "":
        _merge_first_row(above, row, below)
        return
    start = _data_start(rows)
    if start < len(rows):
        joins = _joins(above, row, below, start)
        below.raw.joins.update({(start, col): sep for col, sep in joins.items() if sep != " "})


def _header_goes_on(upper: list[str], first: list[str], code_col: int) -> bool:
    """A header row cut by the page break: the row below has no TT and text only under text."""
    filled = [col for col, text in enumerate(first) if text.strip()]
    return bool(filled) and not first[code_col].strip() and all(upper[col].strip() for col in filled)


def _merge_first_row(above: _Grid, row: int, below: _Grid) -> None:
    joins = _joins(above, row, below, 0)
    upper = above.raw.rows[row]
    for col, text in enumerate(below.raw.rows[0]):
        upper[col] = upper[col] + joins.get(col, " ") + text if upper[col] and text else upper[col] or text
    _drop_row(below, 0)


def _joins(above: _Grid, row: int, below: _Grid, start: int) -> dict[int, str]:
    """Column -> what goes between the cell of ``row`` above and the cell of ``start`` below."""
    joins: dict[int, str] = {}
    for col in range(len(below.raw.rows[start])):
        top, bottom = above.cells.get((row, col)), below.cells.get((start, col))
        if top is not None and bottom is not None:
            last = top[0][-1]
            joins[col] = separator(last, bottom[0][0], top[1], across="rows", tail=last.text)
    return joins


_CODE = re.compile(r"[IVX]+|[A-Z]|\d+(?:\.\d+)*")


def _cut_code(upper: str, lower: str) -> bool:
    """Whether a TT cell was cut by the page break ("ST" / "T", "4.2." / "1"),
    not ended with the row ("4.1" above a new row "4.2")."""
    if not upper or not lower:
        return False
    joined = upper + lower
    if joined in ("TT", "STT"):
        return True
    return not _CODE.fullmatch(upper) and bool(_CODE.fullmatch(joined.rstrip(".")))


def _drop_row(grid: _Grid, index: int) -> None:
    raw = grid.raw

    def shifted(r: int) -> int:
        return r - 1 if r > index else r

    del raw.rows[index]
    del raw.lines[index]  # the others keep their printed row numbers
    raw.merged_above = {(shifted(r), c) for r, c in raw.merged_above if r != index}
    raw.joins = {(shifted(r), c): sep for (r, c), sep in raw.joins.items() if r != index}
    grid.cells = {(shifted(r), c): v for (r, c), v in grid.cells.items() if r != index}


# --- pages -> blocks ---------------------------------------------------------------------


def _first_holder(cx: float, cy: float, boxes: list[tuple[float, float, float, float]]) -> int:
    """The index of the first box that holds the point, -1 if none does."""
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        if x0 <= cx <= x1 and top <= cy <= bottom:
            return i
    return -1


def _holders(glyphs: list[Glyph], boxes: list[tuple[float, float, float, float]]) -> list[int]:
    """For each glyph, the index of the first box that holds its centre (-1: none does)."""
    out = [-1] * len(glyphs)
    for i in reversed(range(len(boxes))):  # box by box, the first box to hold a glyph is written last
        x0, top, x1, bottom = boxes[i]
        out = [
            i if x0 <= (g.x0 + g.x1) / 2 <= x1 and top <= (g.top + g.bottom) / 2 <= bottom else o
            for g, o in zip(glyphs, out)
        ]
    return out


def _space_share(pages: list[PdfPage]) -> float:
    """The width of a space as a share of the font size, from the gaps between
    the words of a line (a producer need not write space glyphs)."""
    shares = []
    for page in pages:
        visible = [g for g in page.glyphs if g.text.strip() and g.size > 0]
        for g, nxt in zip(visible, visible[1:]):
            gap = (nxt.x0 - g.x1) / g.size
            if SPACE_GAP < gap < 1.0 and abs(nxt.top - g.top) < 0.2 * g.size:
                shares.append(gap)
    return statistics.median(shares) if len(shares) >= 20 else 0.25


def _keeps_spaces(pages: list[PdfPage]) -> bool:
    """Whether the producer writes a space glyph at the end of a wrapped line
    (LibreOffice does): then a line that ends without one, with room for it,
    was ended on purpose. Read from the content order: where the text goes on
    to a line below, how often the last glyph was a space."""
    spaced = bare = 0
    for page in pages:
        glyphs = page.glyphs
        for g, nxt in zip(glyphs, glyphs[1:]):
            if nxt.top >= g.bottom and nxt.x0 < g.x0:
                if g.text.strip():
                    bare += 1
                else:
                    spaced += 1
    return spaced >= 10 and spaced >= bare


def _text_frames(pages: list[PdfPage], prose: list[list[list[Line]]], space: float, keeps: bool) -> dict[float, Frame]:
    """Left and right edge of the running text, per page width (portrait and landscape pages differ)."""
    by_width: dict[float, list[Line]] = {}
    for page, rows in zip(pages, prose):
        by_width.setdefault(round(page.width), []).extend(r[0] for r in rows if len(r) == 1)
    gap = usual_gap([[r[0] for r in rows if len(r) == 1] for rows in prose])
    frames = {}
    for width, lines in by_width.items():
        right = max((ln.x1 for ln in lines), default=float(width))
        # A paragraph's last lines are fewer than its others: half the lines at the edge is justified text.
        justified = justified_lines([(lines, right)], share=0.5)
        frames[width] = Frame(min((ln.x0 for ln in lines), default=0.0), right, gap, space, keeps, justified)
    return frames


def _page_number(rows: list[list[Line]], index: int, page: PdfPage) -> bool:
    """A running page number: a bare number as the first or last line, in the page's margin."""
    if index not in (0, len(rows) - 1) or len(rows[index]) != 1:
        return False
    line = rows[index][0]
    in_margin = line.bottom < page.height * 0.12 or line.top > page.height * 0.88
    return in_margin and bool(_PAGE_NUMBER.match(line.text))


class _Prose:
    """Builds paragraphs from lines and hands out finished ``ProseLine`` blocks."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.frame: Frame | None = None
        self.count = 0

    def flush(self) -> Iterator[ProseLine]:
        if self.lines and self.frame is not None:
            self.count += 1
            yield ProseLine(join_lines(self.lines, self.frame), self.count)
        self.lines = []

    def add(self, line: Line, frame: Frame, same_page: bool) -> Iterator[ProseLine]:
        if self.lines and separator(self.lines[-1], line, frame, "" if same_page else "page") == "\n":
            yield from self.flush()
        self.lines.append(line)
        self.frame = frame

    def alone(self, line: Line, frame: Frame) -> Iterator[ProseLine]:
        """A segment of a line with two text columns: a paragraph of its own."""
        yield from self.flush()
        self.lines, self.frame = [line], frame
        yield from self.flush()


def _split(pages: list[PdfPage]) -> tuple[list[list[list[Line]]], list[dict[int, list[Glyph]]]]:
    """Per page: the prose lines (glyphs outside every table) and the glyphs of each table."""
    prose_rows: list[list[list[Line]]] = []
    table_glyphs: list[dict[int, list[Glyph]]] = []
    for page in pages:
        boxes = [t.bbox for t in page.tables]
        held: list[list[Glyph]] = [[] for _ in boxes]
        outside: list[Glyph] = []
        for g, owner in zip(page.glyphs, _holders(page.glyphs, boxes)):
            (held[owner] if owner >= 0 else outside).append(g)
        prose_rows.append(make_lines(outside, split=True))
        table_glyphs.append({id(t): glyphs for t, glyphs in zip(page.tables, held)})
    return prose_rows, table_glyphs


def _code_column(rows: list[list[str]]) -> int | None:
    found = find_header(rows, HEADER_SCAN)
    return found[1].column("code") if found is not None else None


def pdf_blocks(pages: list[PdfPage]) -> list[Block]:
    """Prose paragraphs and table grids of the pages, in reading order."""
    space, keeps = _space_share(pages), _keeps_spaces(pages)
    tables = [t for p in pages for t in p.tables]
    shared = dict(zip(map(id, tables), _shared_columns(tables)))
    prose_rows, table_glyphs = _split(pages)
    frames = _text_frames(pages, prose_rows, space, keeps)
    prose = _Prose()
    blocks: list[Block] = []
    last_row: tuple[_Grid, int] | None = None  # the last row of the last table, while no prose came after it
    code_col = 0
    for page, rows, inside in zip(pages, prose_rows, table_glyphs):
        events: list[tuple[float, int, object]] = [(r[0].top, 1, r) for r in rows]
        events += [(t.bbox[1], 0, t) for t in page.tables]
        number = 0
        first = True  # nothing yet on this page but a page number
        for _, kind, item in sorted(events, key=lambda e: (e[0], e[1])):
            if kind == 1 and _page_number(rows, rows.index(item), page):
                continue
            if kind == 0:
                number += 1
                blocks.extend(prose.flush())
                grid = _grid(item, shared[id(item)], inside[id(item)], Frame(0, 0, None, space, keeps), page.number, number)
                found = _code_column(grid.raw.rows)
                code_col = code_col if found is None else found
                _fix_codes(grid, code_col)
                if first and last_row is not None:
                    _page_joins(*last_row, grid, code_col)
                if grid.raw.rows:  # its last row, data or header, may go on on the next page
                    last_row = (grid, len(grid.raw.rows) - 1)
                blocks.append(grid.raw)
            else:
                last_row = None
                frame = frames[round(page.width)]
                if len(item) > 1:
                    for seg in item:
                        blocks.extend(prose.alone(seg, frame))
                else:
                    blocks.extend(prose.add(item[0], frame, same_page=not first))
            first = False
    blocks.extend(prose.flush())
    return blocks
