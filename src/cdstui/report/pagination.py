"""Where a printed sheet's pages break, worked out before the file is written.

Office suites break pages where the rows run out of room, whatever the rows
are: a section title can end up alone at a page's foot, and the signature
alone on the last page under the repeated header. A sheet is instead printed
at a fixed scale (one page wide) with its own page breaks, placed here from
the row heights:

* a row in ``keep`` (a section or group title) never ends a page: the break
  moves above it, with the rows of the same kind just above it;
* the tail (the tally under a table, "Nơi nhận" and the signature) stays on
  one page together with the table's last row.

Pure arithmetic, no openpyxl. Heights are in points at 100%; the page's room
is the printable height divided by the scale, less a margin for the office
suites' own rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

__all__ = ["PageFrame", "fit_scale", "page_breaks"]

# The share of a page's room the breaks fill: office suites round each row
# height to their own units, which adds up over a page.
FILL = 0.96


@dataclass(frozen=True)
class PageFrame:
    """A printed page: its printable size in points (100%) and the scale in percent."""

    width: float
    height: float
    scale: int

    @property
    def room(self) -> float:
        """The height of rows a page holds, in points at 100%."""
        return self.height * 100 / self.scale * FILL


def fit_scale(table_width: float, printable_width: float) -> int:
    """The largest whole percentage (10–100) at which ``table_width`` points fit the printable width."""
    if table_width <= 0:
        return 100
    return max(10, min(100, math.floor(printable_width * 100 / table_width)))


def page_breaks(
    heights: Sequence[float],
    *,
    first: int,
    header: int | None,
    keep: set[int] | frozenset[int] = frozenset(),
    tail: int | None = None,
    room: float,
) -> list[int]:
    """The rows (1-based) after which a page breaks.

    ``heights[i]`` is row i+1's. Rows before ``first`` (the heading and the
    table's header) open the first page; the ``header`` row is printed again
    at the top of every other page. Rows from ``tail`` on stay together with
    the row before ``tail``.
    """
    n = len(heights)
    head = heights[header - 1] if header else 0.0
    breaks: list[int] = []
    used = sum(heights[: first - 1])
    start = first  # the first table row of the current page
    row = first
    while row <= n:
        if tail is not None and row == tail:
            block = sum(heights[tail - 1 :])
            if used + block > room and block + head + heights[tail - 2] <= room and start < tail - 1:
                moved = _break_before(tail - 1, start, keep)
                breaks.append(moved - 1)
            break
        h = heights[row - 1]
        if used + h > room and row > start:
            moved = _break_before(row, start, keep)
            breaks.append(moved - 1)
            used = head + sum(heights[moved - 1 : row - 1])
            start = moved
        used += h
        row += 1
    return breaks


def _break_before(row: int, start: int, keep: set[int] | frozenset[int]) -> int:
    """The first row of the next page when ``row`` does not fit: ``row``, or
    earlier so that no ``keep`` row ends the page (never before ``start + 1``)."""
    first = row
    while first - 1 in keep and first - 1 > start:
        first -= 1
    return first
