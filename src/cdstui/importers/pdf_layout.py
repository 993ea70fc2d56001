"""From the glyphs and table cells of PDF pages to the blocks the shared repair reads.

``pdf`` extracts, page by page, the positioned glyphs and the cells of the
ruled tables (pdfplumber); this module, pure Python and free of any PDF
library, turns them into ``ProseLine`` paragraphs and ``RawTable`` grids in
reading order, which ``assemble`` then repairs like those of any other format.

A PDF keeps no paragraphs, only lines. Whether the break between two lines
of a paragraph or a cell was a wrap or a real line break is read from the
page:

* the first word of the next line would have fitted on the line above: the
  line was ended on purpose (a new paragraph or item) -> "\\n";
* a bullet glyph starts the next line, or the space between the lines is
  larger than the page's usual line spacing -> "\\n";
* the next line starts a "- " item or a numbering ("2.", "3.1", "a)") and the
  line above ends a sentence or clause (".", ";", ":") -> "\\n";
* a single token that fills the whole width was cut where it did not fit
  ("HĐND&U" / "BND", "ST" / "T"), or the line ends inside a word at a "/" or
  "-" ("179/2025/" / "NĐ-CP") -> joined with nothing;
* any other break is a wrap -> one space.

Tables: the cells pdfplumber found are laid on a grid of their edges; a cell
spanning several columns fills its first one (as in a Word grid), a cell
spanning several rows fills its first row and marks the others as continuing
it. Fragments of one table on following pages whose column edges nest (a
lone first header row at the foot of a page has fewer columns) share the
finer grid, so that their rows line up column for column.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterator

from cdstui.importers.assemble import Block
from cdstui.importers.prose import ProseLine
from cdstui.importers.repair import HEADER_SCAN, RawTable, column_field, find_header

__all__ = ["Glyph", "PdfTable", "PdfPage", "Line", "make_lines", "join_lines", "pdf_blocks"]

# Glyphs that print a bullet: Symbol/Wingdings private-use code points and their Unicode kin.
_BULLETS = frozenset("\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e0•▪●◦■□➢►✓–")
# A gap between glyphs wider than this share of the font size is a space.
_SPACE_GAP = 0.17
# A gap wider than this many font sizes splits a line into separate segments (two text columns).
_SEGMENT_GAP = 4.0
# Slack, in points, of the geometric tests.
_TOL = 0.6
# Share of the font size by which the space between two lines may exceed the usual one.
_PARAGRAPH_GAP = 0.4
_ITEM = re.compile(r"^(?:[-+]\s?\S|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[IVX]{1,4}\.\s)")
_CLAUSE_END = (".", ";", ":", "!", "?")
_URL_CHARS = "/-._~%?#=&+"
# Where a line may break inside a word without a space.
_BREAKABLE = "/-–"
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*/\s*\d{1,4})?$", re.I)


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


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


@dataclass
class Line:
    """One printed line (or a segment of it): its text and the geometry the joins need."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word: float  # width of the first word
    first_char: float  # width of the first glyph
    single: bool  # one token, no space inside
    bullet: bool  # starts with a bullet glyph (already written as "- ")
    trailing_space: bool  # the producer wrote a space glyph after the last word


# --- lines ---------------------------------------------------------------------------


def _clusters(glyphs: list[Glyph]) -> list[Glyph]:
    """Attach combining marks to the glyph before them (in content order), so
    that sorting by position cannot put a mark before its letter."""
    out: list[Glyph] = []
    for g in glyphs:
        if out and g.text and unicodedata.combining(g.text[0]):
            last = out[-1]
            out[-1] = Glyph(last.text + g.text, last.x0, max(last.x1, g.x1), last.top, last.bottom, last.size)
        else:
            out.append(g)
    return out


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Group glyphs into printed lines by their vertical middle, top to bottom."""
    rows: list[list[Glyph]] = []
    bottom = None
    for g in sorted(glyphs, key=lambda g: (g.top + g.bottom) / 2):
        middle = (g.top + g.bottom) / 2
        if bottom is None or middle > bottom:
            rows.append([g])
            bottom = g.bottom
        else:
            rows[-1].append(g)
            bottom = max(bottom, g.bottom) if middle < bottom else bottom
    return rows


def _line(glyphs: list[Glyph]) -> Line | None:
    """A Line from the glyphs of one segment, left to right; spaces from gaps."""
    visible = [g for g in glyphs if g.text.strip()]
    if not visible:
        return None
    parts: list[str] = []
    prev: Glyph | None = None
    for g in visible:
        if prev is not None and g.x0 - prev.x1 > _SPACE_GAP * max(g.size, prev.size):
            parts.append(" ")
        parts.append(g.text)
        prev = g
    text = "".join(parts)
    bullet = visible[0].text in _BULLETS and (visible[0].text != "–" or text.startswith("– "))
    if bullet:
        text = "- " + text[1:].lstrip()
        visible = visible[1:] or visible
    return Line(
        text=text,
        x0=visible[0].x0,
        x1=max(g.x1 for g in visible),
        top=min(g.top for g in visible),
        bottom=max(g.bottom for g in visible),
        size=max(g.size for g in visible),
        first_word=_first_word(visible),
        first_char=visible[0].x1 - visible[0].x0,
        single=" " not in text,
        bullet=bullet,
        trailing_space=not glyphs[-1].text.strip(),
    )


def _first_word(visible: list[Glyph]) -> float:
    """Width of what a line breaker keeps together at the start: the first word,
    with an opening bracket or quote and the spaces after it ("( nếu")."""
    start = visible[0]
    end = start
    seen_word = start.text[0].isalnum()
    for g in visible[1:]:
        if g.x0 - end.x1 > _SPACE_GAP * g.size and seen_word:
            break
        seen_word = seen_word or g.text[0].isalnum()
        end = g
    return end.x1 - start.x0


def _segments(row: list[Glyph]) -> list[list[Glyph]]:
    row = sorted(row, key=lambda g: g.x0)
    out: list[list[Glyph]] = [[]]
    prev = None
    for g in row:
        if not g.text.strip():
            if out[-1]:
                out[-1].append(g)
            continue
        if prev is not None and g.x0 - prev.x1 > _SEGMENT_GAP * g.size:
            out.append([])
        out[-1].append(g)
        prev = g
    return [s for s in out if s]


def make_lines(glyphs: list[Glyph], split: bool = False) -> list[list[Line]]:
    """The printed lines of some glyphs, top to bottom; each as its segments
    (one, unless ``split`` and the line has wide gaps: two text columns)."""
    out: list[list[Line]] = []
    for row in _rows(_clusters(glyphs)):
        segments = _segments(row) if split else [sorted(row, key=lambda g: g.x0)]
        lines = [line for line in (_line(s) for s in segments) if line is not None]
        if lines:
            out.append(lines)
    return out


# --- joining lines ---------------------------------------------------------------------


@dataclass
class Frame:
    """Where the lines of a cell or a page's text may run, and their usual spacing."""

    left: float
    right: float
    gap: float | None  # usual space between two lines (None: unknown, no gap rule)
    space: float  # width of a space, as a share of the font size
    keeps_spaces: bool = False  # the producer writes the space a line wrapped at, where it fits


def _separator(a: Line, b: Line, frame: Frame, same_page: bool = True, tail: str = "") -> str:
    """What stood between line ``a`` and line ``b`` below it: "\n", " " or "".

    ``tail`` is the last word of the text so far (a URL cut over several lines).
    ``same_page`` False: ``b`` heads the next page. Whether ``a`` ended early
    then says nothing (a table row may have ended there, the page break then
    being in the source), so only the marks of a new item or a cut word count.
    """
    if b.bullet:
        return "\n"
    room = frame.right - a.x1
    if same_page:
        if b.first_word + frame.space * b.size <= room - _TOL:
            return "\n"  # the word would have fitted: the line was ended on purpose
        if frame.gap is not None and (b.top - a.bottom) > frame.gap + _PARAGRAPH_GAP * min(a.size, b.size):
            return "\n"
    if not a.trailing_space:
        cut = a.single and _full(a, b, frame, room)
        if len(a.text) > 1 and a.text[-1] in _BREAKABLE and not a.text[-2].isspace():
            return ""  # broken inside a word, after a slash or a hyphen
        if frame.keeps_spaces and room >= frame.space * a.size + _TOL:
            # A wrap at a space would have left the space on the line: there was none.
            if cut:
                return ""
            if same_page:
                return "\n"
        elif cut and _cut_inside_token(a.text, b.text, tail or a.text):
            return ""
    if _ITEM.match(b.text) and (a.text.endswith(_CLAUSE_END) or not same_page):
        return "\n"
    return " "


def _full(a: Line, b: Line, frame: Frame, room: float) -> bool:
    """Line ``a`` starts at the left edge and has no room for the first glyph of ``b``."""
    return a.x0 - frame.left < b.first_char + _TOL and room < b.first_char + _TOL


def _cut_inside_token(a: str, b: str, tail: str) -> bool:
    """Whether a full one-token line was cut inside its token ("HĐND&U" / "BND",
    "22/12/202" / "4", "4.2." / "1") rather than wrapped at a space the
    producer did not write. No Vietnamese word is as wide as a line, so two
    letters of different cases or two lower-case letters meet at a wrap,
    unless inside a URL; a comma or a sentence's full stop is followed by a
    space."""
    last, first = a[-1], b[0]
    if "://" in tail or tail.startswith("www."):
        return first.isalnum() or first in _URL_CHARS
    if last == ".":
        return first.isdigit()
    if first in ",.;:)]”!?" and last.isalnum():
        return True  # the punctuation ending a token ("57-NQ/TW" / ", ngày")
    return (last.isupper() and first.isupper()) or (last.isdigit() and first.isdigit())


def join_lines(lines: list[Line], frame: Frame) -> str:
    """The text of consecutive lines, wraps joined and real breaks kept."""
    if not lines:
        return ""
    text = lines[0].text
    for a, b in zip(lines, lines[1:]):
        tail = text.rsplit(None, 1)[-1] if text.strip() else ""
        text += _separator(a, b, frame, tail=tail) + b.text
    return text


def _usual_gap(columns: list[list[Line]]) -> float | None:
    """The median space between consecutive lines of the same runs of text."""
    gaps = [b.top - a.bottom for lines in columns for a, b in zip(lines, lines[1:]) if b.top > a.top]
    return statistics.median(gaps) if gaps else None


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


def _cell_at(cells: list[_Cell], g: Glyph) -> _Cell | None:
    cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
    for cell in cells:
        x0, top, x1, bottom = cell.bbox
        if x0 <= cx <= x1 and top <= cy <= bottom:
            return cell
    return None


def _pad(cells: list[_Cell], lines: dict[int, list[Line]]) -> float:
    offsets = [ls[0].x0 - cell.bbox[0] for i, cell in enumerate(cells) for ls in [lines.get(i, [])] if ls]
    return min(max(min(offsets), 0.0), 10.0) if offsets else 5.4


@dataclass
class _Grid:
    """A table fragment's grid, with the first and last line of each cell and
    where its lines run, to tell how a row cut by the page break goes on."""

    raw: RawTable
    ends: dict[tuple[int, int], tuple[Line, Line, Frame]]


def _grid(table: PdfTable, cols: list[float], glyphs: list[Glyph], style: Frame, page: int, number: int) -> _Grid:
    cells, rows = _place_cells(table, cols)
    cells.sort(key=lambda c: (c.row, c.col))
    # Most glyphs fall in the cell that held the previous one: try it first.
    last: _Cell | None = None
    for g in glyphs:
        if last is not None:
            x0, top, x1, bottom = last.bbox
            cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
            if x0 <= cx <= x1 and top <= cy <= bottom:
                last.glyphs.append(g)
                continue
        last = _cell_at(cells, g)
        if last is not None:
            last.glyphs.append(g)
    lines = {i: [seg[0] for seg in make_lines(c.glyphs)] for i, c in enumerate(cells) if c.glyphs}
    pad = _pad(cells, lines)
    gap = _usual_gap(list(lines.values()))
    grid = [[""] * (len(cols) - 1) for _ in range(len(rows) - 1)]
    merged: set[tuple[int, int]] = set()
    ends: dict[tuple[int, int], tuple[Line, Line, Frame]] = {}
    for i, cell in enumerate(cells):
        frame = Frame(cell.bbox[0] + pad, cell.bbox[2] - pad, gap, style.space, style.keeps_spaces)
        grid[cell.row][cell.col] = join_lines(lines.get(i, []), frame)
        merged.update((cell.row + k, cell.col) for k in range(1, cell.rows))
        if lines.get(i):
            ends[(cell.row, cell.col)] = (lines[i][0], lines[i][-1], frame)
    raw = RawTable(
        rows=grid,
        lines=list(range(1, len(grid) + 1)),
        where=f"Trang {page}, bảng {number}, hàng {{}}",
        text_lines=False,
        merged_above=merged,
    )
    return _Grid(raw, ends)


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


def _last_data_row(grid: _Grid) -> int | None:
    rows = grid.raw.rows
    last = len(rows) - 1
    return last if last >= _data_start(rows) else None


def _page_joins(above: _Grid, row: int, below: _Grid) -> None:
    """How the first data row at the top of a page goes on from data row ``row``
    of the page before, should the repair join them (a row cut by the page
    break): set ``below.raw.joins`` where that is not one space."""
    rows = below.raw.rows
    start = _data_start(rows)
    if start >= len(rows) or len(rows[start]) != len(above.raw.rows[row]):
        return
    for col in range(len(rows[start])):
        top, bottom = above.ends.get((row, col)), below.ends.get((start, col))
        if top is None or bottom is None:
            continue
        sep = _separator(top[1], bottom[0], top[2], same_page=False, tail=top[1].text)
        if sep != " ":
            below.raw.joins[(start, col)] = sep


# --- pages -> blocks ---------------------------------------------------------------------


def _inside(g: Glyph, bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _space_share(pages: list[PdfPage]) -> float:
    """The width of a space as a share of the font size, from the space glyphs a producer wrote."""
    shares = [(g.x1 - g.x0) / g.size for p in pages for g in p.glyphs if g.text == " " and g.size > 0 and g.x1 > g.x0]
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
    gap = _usual_gap([[r[0] for r in rows if len(r) == 1] for rows in prose])
    return {
        width: Frame(
            min((ln.x0 for ln in lines), default=0.0),
            max((ln.x1 for ln in lines), default=float(width)),
            gap,
            space,
            keeps,
        )
        for width, lines in by_width.items()
    }


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
        if self.lines and _separator(self.lines[-1], line, frame, same_page) == "\n":
            yield from self.flush()
        self.lines.append(line)
        self.frame = frame

    def alone(self, line: Line, frame: Frame) -> Iterator[ProseLine]:
        """A segment of a line with two text columns: a paragraph of its own."""
        yield from self.flush()
        self.lines, self.frame = [line], frame
        yield from self.flush()


def pdf_blocks(pages: list[PdfPage]) -> Iterator[Block]:
    """Prose paragraphs and table grids of the pages, in reading order."""
    space = _space_share(pages)
    tables: list[tuple[PdfPage, PdfTable]] = [(p, t) for p in pages for t in p.tables]
    shared = dict(zip((id(t) for _, t in tables), _shared_columns([t for _, t in tables])))
    prose_rows: list[list[list[Line]]] = []
    table_glyphs: list[dict[int, list[Glyph]]] = []
    for page in pages:
        inside: dict[int, list[Glyph]] = {id(t): [] for t in page.tables}
        outside: list[Glyph] = []
        for g in page.glyphs:
            owner = next((t for t in page.tables if _inside(g, t.bbox)), None)
            (inside[id(owner)] if owner is not None else outside).append(g)
        prose_rows.append(make_lines(outside, split=True))
        table_glyphs.append(inside)
    keeps = _keeps_spaces(pages)
    frames = _text_frames(pages, prose_rows, space, keeps)
    prose = _Prose()
    last_row: tuple[_Grid, int] | None = None  # the last data row, when only tables came after it
    for page, rows, inside in zip(pages, prose_rows, table_glyphs):
        frame = frames[round(page.width)]
        events: list[tuple[float, int, object]] = [(r[0].top, 1, r) for r in rows]
        events += [(t.bbox[1], 0, t) for t in page.tables]
        first = True
        number = 0
        for index, (_, kind, item) in enumerate(sorted(events, key=lambda e: (e[0], e[1]))):
            if kind == 0:
                number += 1
                yield from prose.flush()
                table: PdfTable = item  # type: ignore[assignment]
                grid = _grid(table, shared[id(table)], inside[id(table)], Frame(0, 0, None, space, keeps), page.number, number)
                if first and last_row is not None:
                    _page_joins(*last_row, grid)
                row = _last_data_row(grid)
                if row is not None:
                    last_row = (grid, row)
                yield grid.raw
            else:
                segments: list[Line] = item  # type: ignore[assignment]
                if _page_number(rows, rows.index(segments), page):
                    continue
                last_row = None
                if len(segments) > 1:
                    for seg in segments:
                        yield from prose.alone(seg, frame)
                else:
                    yield from prose.add(segments[0], frame, same_page=not first)
            first = False
    yield from prose.flush()
