"""The page and the top of the Word report: A4 portrait, styles, top block, title, page numbers.

Styles are the report's own, added to the document when it lacks them
("CĐS Mục" and the rest): a ward's template that defines a style of the same
name keeps its own look. The body text uses the document's "Normal" style,
set to Times New Roman 14 pt, single spacing, 6 pt before and after (left as
it is in a template).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from cdstui.report.word.xml import Fragment, Run, cell_xml, paragraph_xml, row_xml, table_xml
from cdstui.report.wording import date_line, report_symbol

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document
    from docx.section import Section

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12

# Margins in millimetres (Nghị định 30: top/bottom 20–25, left 30–35, right 15–20).
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
A4_MM = (210, 297)

# Style names: paragraph styles of the report, created when the document lacks them.
S_HEADING = "CĐS Mục"  # I. II. … bold
S_SUBHEADING = "CĐS Tiểu mục"  # 1. 2. … bold
S_CENTER = "CĐS Giữa"  # centred lines of the top block, titles
S_TABLE = "CĐS Bảng"  # table text
S_TABLE_CENTER = "CĐS Bảng giữa"
S_TABLE_BOLD = "CĐS Bảng đậm"  # section and group rows
S_TABLE_HEAD = "CĐS Bảng tiêu đề"  # the header row
S_RECIPIENTS_HEAD = "CĐS Nơi nhận"
S_RECIPIENTS = "CĐS Nơi nhận danh sách"
S_SIGNATURE = "CĐS Chữ ký"

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO2 = "Độc lập - Tự do - Hạnh phúc"
REPORT_WORD = "BÁO CÁO"


@dataclass(frozen=True)
class _Style:
    name: str
    size: float
    bold: bool = False
    italic: bool = False
    align: int | None = None  # WD_ALIGN_PARAGRAPH
    before: float = 0
    after: float = 0
    indent: float | None = None  # first-line indent, cm
    keep_next: bool = False


_STYLES = (
    _Style(S_HEADING, BODY_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, after=6, indent=1.0, keep_next=True),
    _Style(S_SUBHEADING, BODY_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=6, after=6, indent=1.0, keep_next=True),
    _Style(S_CENTER, BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER),
    _Style(S_TABLE, TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT),
    _Style(S_TABLE_CENTER, TABLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER),
    # section and group rows: kept with the row after them (Word keeps a row whose paragraphs keep with the next)
    _Style(S_TABLE_BOLD, TABLE_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, keep_next=True),
    _Style(S_TABLE_HEAD, TABLE_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER),
    _Style(S_RECIPIENTS_HEAD, 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT),
    _Style(S_RECIPIENTS, 11, align=WD_ALIGN_PARAGRAPH.LEFT),
    _Style(S_SIGNATURE, BODY_SIZE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER),
)


def _set_font(font, name: str = FONT) -> None:
    """The font for every script (Word picks by character: Latin, East Asian, complex)."""
    font.name = name
    rpr = font.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def setup_styles(doc: "Document", *, body: bool = True) -> None:
    """The report's styles; ``body``: also set "Normal" (not for a ward's template)."""
    styles = doc.styles
    if body:
        normal = styles["Normal"]
        _set_font(normal.font)
        normal.font.size = Pt(BODY_SIZE)
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(6)
        fmt.line_spacing = 1.0
    names = {s.name for s in styles}
    for spec in _STYLES:
        if spec.name in names:
            continue  # the template's own
        style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        _set_font(style.font)
        style.font.size = Pt(spec.size)
        style.font.bold = spec.bold
        style.font.italic = spec.italic
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(spec.before), Pt(spec.after)
        fmt.line_spacing = 1.0
        fmt.alignment = spec.align
        fmt.keep_with_next = spec.keep_next
        if spec.indent is not None:
            fmt.first_line_indent = Cm(spec.indent)


def setup_page(section: "Section", *, landscape: bool = False) -> None:
    """A4 with the decree's margins, portrait or landscape."""
    short, long = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = section.footer_distance = Mm(10)


def text_width_mm(landscape: bool = False) -> float:
    width = A4_MM[1] if landscape else A4_MM[0]
    return width - MARGINS_MM["left"] - MARGINS_MM["right"]


def page_numbers(section: "Section") -> None:
    """The page number centred at the top, from the second page on (none on the first)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE")


def _field(paragraph, instruction: str) -> None:
    """A field (PAGE) in ``paragraph``: begin, instruction, separate, a value shown until updated, end."""
    run = paragraph.add_run()
    _set_font(run.font)
    run.font.size = Pt(BODY_SIZE)
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None), ("text", "1"), ("end", None)):
        if kind in ("instr", "text"):
            el = OxmlElement("w:instrText" if kind == "instr" else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run.element.append(el)


def _twips(mm: float) -> int:
    return int(round(mm * 1440 / 25.4))


def _lines(lines: list[Run], *, space_last: float = 0) -> str:
    out = []
    for i, run in enumerate(lines):
        last = i == len(lines) - 1
        out.append(paragraph_xml([run], S_CENTER, before=space_last if last and space_last else 0, after=0))
    return "".join(out)


def top_block(frag: Fragment, *, issuer: str, place: str, day: date, number: str = "") -> None:
    """The two columns under the top margin: issuer over "Số: …/BC-UBND"; motto over the date line."""
    left_mm = 62
    widths = [_twips(left_mm), _twips(text_width_mm() - left_mm)]
    left = _lines(
        [Run(issuer.upper(), bold=True, size=13, underline=True), Run(f"Số: {number or '      '}{report_symbol(issuer)}", size=13)],
        space_last=6,
    )
    right = _lines(
        [Run(MOTTO, bold=True, size=13), Run(MOTTO2, bold=True, size=14, underline=True), Run(date_line(place, day), italic=True, size=14)],
        space_last=6,
    )
    cells = cell_xml(widths[0], left) + cell_xml(widths[1], right)
    frag.raw(table_xml(widths, [row_xml(cells)], borders=False))


def title_block(frag: Fragment, *, summary: str, addressees: list[str]) -> None:
    """ "BÁO CÁO" (16 pt bold), the trích yếu (bold) under it, then "Kính gửi: …"."""
    frag.paragraph([Run(REPORT_WORD, bold=True, size=16)], S_CENTER, before=18, after=0, keep_next=True)
    frag.paragraph([Run(summary, bold=True)], S_CENTER, before=0, after=12, keep_next=True)
    if len(addressees) == 1:
        frag.paragraph(f"Kính gửi: {addressees[0]}", S_CENTER, after=12)
    elif addressees:
        frag.paragraph("Kính gửi:", S_CENTER, after=0, keep_next=True)
        for i, name in enumerate(addressees):
            frag.paragraph(f"- {name};", S_CENTER, before=0, after=12 if i == len(addressees) - 1 else 0)
