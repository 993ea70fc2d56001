"""Plain text and Markdown documents (.txt, .md), as the seeds are.

Tables come as tab-separated lines (seeds 000, 002: a header line, rows, blank
lines between the fragments of a table broken by page breaks, continuation
lines starting with a tab) or as Markdown pipe tables (seed 004: ``|---|``
after the first header row). Every other line is prose.
"""

from __future__ import annotations

import re
from pathlib import Path

from cdstui.domain.model import ImportReport
from cdstui.importers.files import decode_text, read_bytes
from cdstui.importers.assemble import Block, assemble
from cdstui.importers.prose import ProseLine, strip_emphasis
from cdstui.importers.repair import RawTable

__all__ = ["read_text", "parse_blocks", "split_pipe_row"]

_PIPE_SEPARATOR = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def read_text(path: Path) -> ImportReport:
    text = decode_text(read_bytes(path), path.name)
    return assemble(parse_blocks(text), file=path.name, source=path.name)


def split_pipe_row(line: str) -> list[str]:
    """Cells of a Markdown pipe row: "| **a** | b\\|c |" -> ["a", "b|c"]."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [strip_emphasis(cell.replace("\\|", "|")) for cell in _UNESCAPED_PIPE.split(body)]


def _row_kind(line: str) -> str | None:
    stripped = line.strip()
    if not stripped:
        return None
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "pipe-separator" if _PIPE_SEPARATOR.fullmatch(stripped) else "pipe"
    if "\t" in line:
        return "tab"
    return None


def parse_blocks(text: str) -> list[Block]:
    """Split a decoded document into prose lines and table fragments, in order.

    A fragment is a run of consecutive table lines of one kind; a blank line
    (a page break in the seeds) or prose ends it.
    """
    blocks: list[Block] = []
    current: RawTable | None = None
    current_kind = ""
    for number, line in enumerate(text.split("\n"), start=1):
        kind = _row_kind(line)
        if kind == "pipe-separator" and current is not None and current_kind == "pipe":
            continue
        if kind not in ("tab", "pipe"):
            current = None
            blocks.append(ProseLine(line, number))
            continue
        if current is None or current_kind != kind:
            current, current_kind = RawTable(rows=[], lines=[]), kind
            blocks.append(current)
        cells = line.split("\t") if kind == "tab" else split_pipe_row(line)
        current.rows.append(cells)
        current.lines.append(number)
    return blocks
