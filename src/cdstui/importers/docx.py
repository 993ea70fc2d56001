"""Word documents (.docx), read with python-docx.

The body is read in order: paragraphs become prose lines (a heading as
"## text", a list paragraph as "- text", so ``prose`` reads them like the text
seeds), each table becomes a raw grid. In a grid, a horizontally merged cell
fills its first column only (python-docx repeats it in ``row.cells``; the
underlying ``<w:tc>`` is read once), a vertically merged continuation cell
is empty and marked, the paragraphs of a cell become its lines. Bold and other
run formatting are irrelevant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from cdstui.domain.model import ImportReport
from cdstui.importers.files import broken_file
from cdstui.importers.assemble import Block, assemble
from cdstui.importers.prose import ProseLine
from cdstui.importers.repair import RawTable

__all__ = ["read_docx", "docx_blocks"]


def read_docx(path: Path) -> ImportReport:
    try:
        import docx

        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - a broken file of any kind is the user's input problem
        raise broken_file(path, "Word (.docx)", exc) from exc
    return assemble(docx_blocks(document), file=path.name, source=path.name)


def _paragraph_line(paragraph) -> str:
    text = paragraph.text
    style = paragraph.style.name if paragraph.style is not None else ""
    if style.startswith("Heading"):
        level = style.removeprefix("Heading").strip()
        return "#" * (int(level) if level.isdigit() else 1) + " " + text
    if style == "Title":
        return "# " + text
    p_pr = paragraph._p.pPr
    numbered = p_pr is not None and p_pr.numPr is not None
    if style.startswith("List Bullet") or (numbered and not style.startswith("List Number")):
        stripped = text.lstrip()
        if not stripped.startswith(("-", "•", "–")):
            return "- " + stripped
    return text


def _grid(tbl, table, number: int) -> RawTable:
    from docx.table import _Cell

    rows: list[list[str]] = []
    merged: set[tuple[int, int]] = set()
    for r, tr in enumerate(tbl.tr_lst):
        cells = [""] * tr.grid_before
        for tc in tr.tc_lst:
            if tc.vMerge == "continue":
                merged.add((r, len(cells)))
                cells.append("")
            else:
                cells.append(_Cell(tc, table).text)
            cells.extend([""] * (tc.grid_span - 1))
        rows.append(cells)
    return RawTable(
        rows=rows,
        lines=list(range(1, len(rows) + 1)),
        where=f"Bảng {number}, hàng {{}}",
        text_lines=False,
        merged_above=merged,
    )


def docx_blocks(document) -> Iterator[Block]:
    """Prose lines (numbered by paragraph) and table grids of a Word document, in order."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    paragraph_no = 0
    table_no = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph_no += 1
            yield ProseLine(_paragraph_line(Paragraph(child, document)), paragraph_no)
        elif child.tag == qn("w:tbl"):
            table_no += 1
            yield _grid(child, Table(child, document), table_no)
