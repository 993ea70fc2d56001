"""WordprocessingML written as text and parsed once: paragraphs and tables of the report.

python-docx builds a table cell by cell, slowly for thousands of rows (each
``add_row`` and ``row.cells`` walks the table), and offers no public way to
place content anywhere but at the end of a document. Here the report's
blocks are written as XML text into a ``Fragment`` and parsed in one go,
then moved, in order, before an anchor element of the document's body (its
final section properties, or a template's marker paragraph).

Formatting goes through the report's paragraph styles (``page``); a run
carries only bold, italic, underline or a size of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

__all__ = ["Fragment", "Run", "escape"]

# Characters XML 1.0 cannot carry (control characters but tab and line ends, lone surrogates, U+FFFE/FFFF).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def escape(text: str) -> str:
    """Text for an XML text node or attribute: no illegal character, &<>" escaped."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float | None = None  # points

    def xml(self) -> str:
        props = []
        if self.bold:
            props.append("<w:b/><w:bCs/>")
        if self.italic:
            props.append("<w:i/><w:iCs/>")
        if self.size:  # before w:u: the schema's order
            half = int(round(self.size * 2))
            props.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
        if self.underline:
            props.append('<w:u w:val="single"/>')
        rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
        # a line break inside the text: <w:br/> between its lines
        body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in self.text.split("\n"))
        return f"<w:r>{rpr}{body}</w:r>"


def paragraph_xml(
    runs: Sequence[Run] | str,
    style: str,
    *,
    align: str | None = None,
    keep_next: bool = False,
    page_break: bool = False,
    before: float | None = None,
    after: float | None = None,
    indent_cm: float | None = None,
    section: str = "",
) -> str:
    """One ``w:p``; ``section``: a ``w:sectPr`` that ends a section at this paragraph."""
    if isinstance(runs, str):
        runs = [Run(runs)] if runs else []
    props = [f'<w:pStyle w:val="{escape(style)}"/>']
    if keep_next:
        props.append("<w:keepNext/>")
    if page_break:
        props.append("<w:pageBreakBefore/>")
    if before is not None or after is not None:
        spacing = ""
        if before is not None:
            spacing += f' w:before="{int(before * 20)}"'
        if after is not None:
            spacing += f' w:after="{int(after * 20)}"'
        props.append(f"<w:spacing{spacing}/>")
    if indent_cm is not None:
        props.append(f'<w:ind w:firstLine="{int(indent_cm * 567)}"/>')
    if align:
        props.append(f'<w:jc w:val="{_ALIGN[align]}"/>')
    return f"<w:p><w:pPr>{''.join(props)}{section}</w:pPr>{''.join(r.xml() for r in runs)}</w:p>"


class Fragment:
    """Body content written as XML text, parsed once and placed before an anchor."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def paragraph(self, runs: Sequence[Run] | str, style: str, **kw: Any) -> None:
        self.parts.append(paragraph_xml(runs, style, **kw))

    def raw(self, xml: str) -> None:
        self.parts.append(xml)

    def extend(self, parts: Iterable[str]) -> None:
        self.parts.extend(parts)

    def insert_before(self, anchor: Any) -> list[Any]:
        """Parse everything written and move it before ``anchor`` (an lxml element); return the elements."""
        if not self.parts:
            return []
        body = parse_xml(f"<w:body {nsdecls('w', 'r')}>{''.join(self.parts)}</w:body>")
        elements = list(body)
        for element in elements:
            _move_before(element, anchor)
        self.parts = []
        return elements


def _move_before(element: Any, anchor: Any) -> None:
    """Move ``element`` (of another document) before ``anchor``.

    lxml moves a subtree between documents in time that grows with the square
    of its size: a table of thousands of rows took many seconds. Its rows
    moved one by one into the moved, emptied table take linear time.
    """
    children = list(element)
    if len(children) <= 32:
        anchor.addprevious(element)
        return
    for child in children:
        element.remove(child)
    anchor.addprevious(element)
    for child in children:
        element.append(child)


def table_xml(
    widths_twips: Sequence[int],
    rows: Iterable[str],
    *,
    borders: bool = True,
    align: str = "center",
) -> str:
    """A ``w:tbl`` of fixed column widths (twips) around ``rows`` (``w:tr`` texts)."""
    border = (
        "<w:tblBorders>"
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"
        if borders
        else "<w:tblBorders>"
        + "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"
    )
    total = sum(widths_twips)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths_twips)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="{align}"/>{border}'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def cell_xml(width: int, paragraphs: str, *, span: int = 1, valign: str | None = None) -> str:
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if valign:
        props += f'<w:vAlign w:val="{valign}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs or '<w:p/>'}</w:tc>"


def row_xml(cells: str, *, header: bool = False, cant_split: bool = True) -> str:
    props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>" if props else f"<w:tr>{cells}</w:tr>"
