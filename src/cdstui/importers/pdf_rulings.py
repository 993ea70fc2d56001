"""The ruled tables of a PDF page: the cells its ruling lines draw.

The PDF engine (``pdf_pdfium``) hands over the page's straight segments,
horizontal and vertical, in page coordinates (y down). This module finds the
tables they draw the way pdfplumber's ``find_tables`` does with its default
settings (the "lattice" method), which the layout code was built on:

1. rulings whose positions lie within ``SNAP`` of each other (chained) are
   moved to their mean position: a border drawn as a thin filled rectangle
   gives two segments, a table's border one per cell;
2. collinear rulings with gaps up to ``JOIN`` are joined into one;
3. rulings shorter than ``MIN_LENGTH`` are dropped (after dropping those
   shorter than ``PREFILTER`` first: the ends of thin rectangles);
4. a vertical and a horizontal ruling that come within ``CROSS`` of each
   other meet at a corner;
5. from each corner, the smallest rectangle whose four sides are rulings
   through its corners is a cell;
6. cells that share a corner belong to one table; a lone cell is a frame,
   not a table.

Pure Python on plain tuples: no PDF library here.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["Rulings", "find_tables"]

SNAP = 3.0
JOIN = 3.0
MIN_LENGTH = 3.0
PREFILTER = 1.0
CROSS = 3.0

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass
class Rulings:
    """A page's straight segments: ``horizontal`` as (y, x0, x1), ``vertical`` as (x, top, bottom), ends in order."""

    horizontal: list[tuple[float, float, float]] = field(default_factory=list)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)


def _merged(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Snap positions to their cluster's mean, join collinear segments, drop the short ones."""
    segments = [s for s in segments if s[2] - s[1] >= PREFILTER]
    if not segments:
        return []
    positions = sorted({s[0] for s in segments})
    cluster_of: dict[float, int] = {}
    last = positions[0]
    cluster = 0
    for p in positions:
        if p > last + SNAP:
            cluster += 1
        cluster_of[p] = cluster
        last = p
    sums = [0.0] * (cluster + 1)
    counts = [0] * (cluster + 1)
    for s in segments:
        sums[cluster_of[s[0]]] += s[0]
        counts[cluster_of[s[0]]] += 1
    out: list[tuple[float, float, float]] = []
    for pos, a, b in sorted((sums[cluster_of[s[0]]] / counts[cluster_of[s[0]]], s[1], s[2]) for s in segments):
        if out and out[-1][0] == pos and a <= out[-1][2] + JOIN:
            if b > out[-1][2]:
                out[-1] = (pos, out[-1][1], b)
        else:
            out.append((pos, a, b))
    return [s for s in out if s[2] - s[1] >= MIN_LENGTH]


def _corners(rulings: Rulings) -> dict[tuple[float, float], tuple[set[int], set[int]]]:
    """Where a vertical and a horizontal ruling meet: (x, y) -> (the vertical ones, the horizontal ones)."""
    verticals, horizontals = _merged(rulings.vertical), _merged(rulings.horizontal)
    corners: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for i, (x, top, bottom) in enumerate(verticals):
        for j, (y, x0, x1) in enumerate(horizontals):
            if top <= y + CROSS and bottom >= y - CROSS and x0 - CROSS <= x <= x1 + CROSS:
                v, h = corners.setdefault((x, y), (set(), set()))
                v.add(i)
                h.add(j)
    return corners


def _cells(corners: dict[tuple[float, float], tuple[set[int], set[int]]]) -> list[Box]:
    """From each corner, the smallest rectangle of corners joined by rulings."""
    below: dict[float, list[float]] = {}
    right: dict[float, list[float]] = {}
    for x, y in sorted(corners):
        below.setdefault(x, []).append(y)
        right.setdefault(y, []).append(x)

    def vertical(x: float, y0: float, y1: float) -> bool:
        return not corners[(x, y0)][0].isdisjoint(corners[(x, y1)][0])

    def horizontal(y: float, x0: float, x1: float) -> bool:
        return not corners[(x0, y)][1].isdisjoint(corners[(x1, y)][1])

    cells = []
    for x, y in sorted(corners):
        ys, xs = below[x], right[y]
        cell = None
        for by in ys[bisect_right(ys, y) :]:
            if not vertical(x, y, by):
                continue
            for rx in xs[bisect_right(xs, x) :]:
                if (
                    horizontal(y, x, rx)
                    and (rx, by) in corners
                    and vertical(rx, y, by)
                    and horizontal(by, x, rx)
                ):
                    cell = (x, y, rx, by)
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def _groups(cells: list[Box]) -> list[list[Box]]:
    """Cells that share a corner, directly or through others, as one group each."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[Box]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    return list(groups.values())


def find_tables(rulings: Rulings) -> list[tuple[Box, list[Box]]]:
    """The page's ruled tables, top to bottom: each as its bounding box and its cells (top to bottom, left to right)."""
    tables = []
    for group in _groups(_cells(_corners(rulings))):
        if len(group) < 2:
            continue
        group.sort(key=lambda c: (c[1], c[0]))
        bbox = (min(c[0] for c in group), min(c[1] for c in group), max(c[2] for c in group), max(c[3] for c in group))
        tables.append((bbox, group))
    tables.sort(key=lambda t: (t[1][0][1], t[1][0][0]))  # by the top left cell
    return tables
