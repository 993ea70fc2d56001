"""Build .docx and .xlsx versions of the text seeds, for import tests.

Reusable by other tests (CLI, report round trip)::

    from tests.importers.builders import build_docx, build_xlsx, SEED_000
    build_docx(SEED_000, tmp_path / "000.docx")

The Word file carries the prose as paragraphs (Markdown headings as Heading
styles, "- " bullets as "List Bullet" paragraphs without the dash) and the
tables as real Word tables: fragments broken by page breaks stay separate
rows with an empty TT cell; a fragment that repeats the header starts a new
Word table (as a converted document does); a section row's title cell is
merged across the empty cells to its right; seed 004's two-row header has
genuinely merged cells (horizontal "Phụ lục kèm theo …", vertical "STT",
"Mức độ hoàn thành", "Kết quả chi tiết").

The workbook has one sheet per table, with title rows above the header (so
the header is not in row 1), the repeated header rows dropped, continuation
rows kept, the two-row header of seed 004 merged as in Word, numbers where
Excel would hold numbers (TT "1" -> 1, "3.1" -> 3.1, "100%" -> 1.0 formatted
as a percentage, "9,8%" -> 0.098 formatted "0.0%").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cdstui.domain.text import clean_cell, fold
from cdstui.importers.prose import ProseLine, plain
from cdstui.importers.repair import find_header
from cdstui.importers.text import parse_blocks

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
SEED_000 = SEEDS / "000_247ea3cd7c028fe2.txt"
SEED_002 = SEEDS / "002_6d106271f7cd5a5e.txt"
SEED_003 = SEEDS / "003_ac6e30a7a3a96a2c.txt"
SEED_004 = SEEDS / "004_9db0a0b056bb74e4.txt"
# Plans of other wards, written for the tests in the seeds' format (see the folder's README).
WARDS = Path(__file__).resolve().parents[1] / "fixtures" / "wards"
WARD_DONG_HAI = WARDS / "dong-hai_45-KH-UBND_2026.txt"
WARD_BAC_SON = WARDS / "bac-son_18-KH-DU_2026.txt"


@dataclass
class Fragment:
    rows: list[list[str]]  # raw cells (HTML and all)
    prose_before: list[str] = field(default_factory=list)  # non-blank prose since the last fragment

    @property
    def header_rows(self) -> int:
        """1 or 2 header rows at the top of this fragment, 0 when it starts with data."""
        found = find_header(self.rows, 1)
        return found[1].rows if found else 0


def read_seed(path: Path) -> list[str | Fragment]:
    """The seed as prose lines and table fragments, in order (split as the text importer does)."""
    out: list[str | Fragment] = []
    prose: list[str] = []
    for block in parse_blocks(path.read_text(encoding="utf-8")):
        if isinstance(block, ProseLine):
            prose.append(block.text)
            out.append(block.text)
        else:
            out.append(Fragment(block.rows, [p for p in prose if p.strip()]))
            prose = []
    return out


def _is_section_code(cell: str) -> bool:
    return re.fullmatch(r"[IVXLC]+|[A-Z]", clean_cell(cell)) is not None


# --- Word -----------------------------------------------------------------------


def _set_cell(cell, raw: str) -> None:
    lines = clean_cell(raw).split("\n")
    first = cell.paragraphs[0]
    run = first.add_run(lines[0])
    run.bold = "<b>" in raw
    for extra in lines[1:]:
        cell.add_paragraph(extra)


def _weight(header: str) -> float:
    """Relative width of a column in the wide layout, by its header text."""
    folded = fold(header)
    if folded in ("tt", "stt"):
        return 0.5
    if any(word in folded for word in ("nhiem vu", "noi dung", "ket qua chi tiet")):
        return 4
    return 1.5


def _wide_page(document) -> None:
    """A4 landscape with 2 cm margins, as a printed appendix is."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)


def _set_widths(table, header: list[str], total_cm: float) -> None:
    """Column widths by weight: a narrow TT column, a wide title column (set
    before the rows are added: a new row's cells take their column's width)."""
    from docx.shared import Cm

    weights = [_weight(h) for h in header]
    table.autofit = False
    for col, weight in zip(table.columns, weights):
        col.width = Cm(total_cm * weight / sum(weights))


def build_docx(seed: Path, out: Path, *, wide: bool = False, font: tuple[str, float] | None = None) -> Path:
    """The seed as a Word file; ``wide``: landscape A4, columns sized by content
    (the default is python-docx's portrait page with equal, narrow columns);
    ``font``: the body's font and size, with 6 pt after each paragraph, as an
    issued document has them (("Times New Roman", 13))."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    if wide:
        _wide_page(document)
    if font:
        normal = document.styles["Normal"]
        normal.font.name, normal.font.size = font[0], Pt(font[1])
        normal.paragraph_format.space_after = Pt(6)
    widths: list[str] = []
    table = None
    header_key: tuple[str, ...] | None = None
    for block in read_seed(seed):
        if isinstance(block, str):
            if not block.strip():
                continue  # blank lines: page breaks and spacing
            table = None
            heading = re.match(r"^(#{1,6})\s", block)
            text = plain(block)
            if heading:
                document.add_heading(text, level=min(len(heading.group(1)), 9))
            elif re.match(r"^\s*-\s+", block):
                document.add_paragraph(re.sub(r"^-\s+", "", text), style="List Bullet")
            else:
                document.add_paragraph(text)
            continue
        width = max(len(r) for r in block.rows)
        key = tuple(clean_cell(c) for c in block.rows[0])
        starts_new = table is None or block.header_rows > 0
        if starts_new:
            if table is not None:
                document.add_paragraph("")  # two Word tables must not touch
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            header_key = key if block.header_rows else header_key
            if block.header_rows:
                labels = [[clean_cell(c) for c in r] + [""] * width for r in block.rows[: block.header_rows]]
                widths = [next((r[col] for r in reversed(labels) if r[col]), "") for col in range(width)]
            if wide:
                _set_widths(table, widths + [""] * (width - len(widths)), 25.7)
        first_new = len(table.rows)
        for raw in block.rows:
            cells = table.add_row().cells
            for col in range(width):
                _set_cell(cells[col], raw[col] if col < len(raw) else "")
        if block.header_rows == 2:
            # seed 004: "Phụ lục kèm theo …" over three columns, the rest over two rows
            top = table.rows[first_new].cells
            bottom = table.rows[first_new + 1].cells
            for col in (0, 4, 5):
                _clear(bottom[col])
                top[col].merge(bottom[col])
            top[1].merge(top[3])
        for r in range(first_new + block.header_rows, len(table.rows)):
            raw = block.rows[r - first_new]
            if _is_section_code(raw[0]) and not any(c.strip() for c in raw[2:]):
                cells = table.rows[r].cells
                cells[1].merge(cells[width - 1])  # a section title across the row
    document.save(str(out))
    return out


def _clear(cell) -> None:
    for p in cell.paragraphs:
        for run in list(p.runs):
            run._r.getparent().remove(run._r)


# --- Excel --------------------------------------------------------------------------


def _excel_value(text: str):
    """A number where Excel would hold one; (value, number format)."""
    if re.fullmatch(r"\d+", text):
        return int(text), "General"
    if re.fullmatch(r"\d+\.\d", text):
        return float(text), "General"
    m = re.fullmatch(r"(\d+)(?:,(\d+))?%", text)
    if m:
        decimals = len(m.group(2) or "")
        value = float(f"{m.group(1)}.{m.group(2) or 0}") / 100
        return round(value, 6), "0%" if not decimals else "0." + "0" * decimals + "%"
    return text, "General"


def build_xlsx(seed: Path, out: Path) -> Path:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    sheet = None
    header_key: tuple[str, ...] | None = None
    row_no = 0
    for block in read_seed(seed):
        if isinstance(block, str):
            continue
        key = tuple(clean_cell(c) for c in block.rows[0])
        width = max(len(r) for r in block.rows)
        rows = block.rows
        if block.header_rows and key == header_key:
            rows = rows[block.header_rows :]  # Excel has no page breaks: drop the repeat
        elif block.header_rows or sheet is None:
            sheet = workbook.create_sheet(f"Bảng {len(workbook.worksheets) + 1}")
            header_key = key
            titles = [plain(p) for p in block.prose_before[-3:]]
            title = next((t for t in reversed(titles) if t and not t.startswith("(")), "")
            sheet.cell(1, 1, "UBND PHƯỜNG BA NGÒI")
            sheet.cell(2, 1, re.sub(r"^\d+\.\s*", "", title)).font = Font(bold=True)
            sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
            sheet.cell(3, 1, f"(Dựng lại từ {seed.name})")
            row_no = 4  # row 4 stays blank; the header starts in row 5
            if block.header_rows == 2:
                sheet.merge_cells(start_row=5, start_column=2, end_row=5, end_column=4)
                for col in (1, 5, 6):
                    sheet.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
        for raw in rows:
            row_no += 1
            for col in range(width):
                text = clean_cell(raw[col]) if col < len(raw) else ""
                if not text:
                    continue
                cell = sheet.cell(row_no, col + 1)
                if cell.coordinate in sheet.merged_cells and not _top_left(sheet, cell):
                    continue
                value, fmt = _excel_value(text)
                cell.value = value
                cell.number_format = fmt
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(str(out))
    return out


def _top_left(sheet, cell) -> bool:
    for rng in sheet.merged_cells.ranges:
        if cell.coordinate in rng:
            return rng.min_row == cell.row and rng.min_col == cell.column
    return True


# --- a long appendix, for the import benchmark ------------------------------------------


def long_appendix(copies: int, out: Path) -> Path:
    """A text document holding seed 000's appendix (title, header, rows) with its
    rows ``copies`` times over: printed wide, 3 copies run to about 20 pages."""
    lines = SEED_000.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("**PHỤ LỤC"))
    header = next(i for i, line in enumerate(lines) if line.startswith("TT\t"))
    out.write_text("\n".join(lines[start : header + 1] + lines[header + 1 :] * copies), encoding="utf-8")
    return out
