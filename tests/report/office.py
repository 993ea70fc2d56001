"""The report through a real office suite: LibreOffice converts each file to PDF once per
test run, then the PDF is read page by page (pdfplumber: words with their boxes, the ruling
lines of the tables)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def times_font_problem() -> str | None:
    """Why the PDF's line breaks would not be Times New Roman's, or None.

    LibreOffice prints Times New Roman with a metric-compatible font; without
    one (Debian: fonts-liberation2) it takes a wider one and every row height
    the report worked out from Times' widths looks wrong.
    """
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None  # not fontconfig: Windows or macOS have Times New Roman
    family = subprocess.run([fc_match, "-f", "%{family}", "Times New Roman"], capture_output=True, text=True).stdout
    if not any(name in family for name in ("Times New Roman", "Liberation Serif", "Tinos")):
        return f"Times New Roman is printed with {family!r}: apt-get install fonts-liberation2 (.ci/run does it)"
    return None


def convert(files: list[Path], outdir: Path, timeout: int = 300) -> dict[Path, Path]:
    """Every file to PDF in one LibreOffice run (one start-up for all); source -> PDF.

    The PDF is named after the whole file name ("r.xlsx" -> "r-xlsx.pdf"): a
    workbook and a document of the same name do not overwrite each other.
    """
    staged = outdir / "in"
    staged.mkdir(parents=True, exist_ok=True)
    copies = {f: staged / f"{f.stem}-{f.suffix.lstrip('.')}{f.suffix}" for f in files}
    for f, copy in copies.items():
        shutil.copyfile(f, copy)
    with tempfile.TemporaryDirectory(prefix="cdstui-lo-") as profile:
        cmd = [SOFFICE, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, copies.values())]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    out = {f: outdir / (copy.stem + ".pdf") for f, copy in copies.items()}
    missing = [str(p) for p in out.values() if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing}: {proc.stderr or proc.stdout}"
    return out


@dataclass
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float
    words: list[dict] = field(default_factory=list)
    chars: list[dict] = field(default_factory=list)  # every glyph whose centre is in the cell

    @property
    def text(self) -> str:
        lines: dict[int, list[dict]] = {}
        for w in self.words:
            lines.setdefault(round(w["top"]), []).append(w)
        return "\n".join(" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])) for _t, ws in sorted(lines.items()))


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[dict]
    rows: list[list[Cell]]  # the table rows on the page, top to bottom

    @property
    def text(self) -> str:
        lines: dict[int, list[dict]] = {}
        for w in self.words:
            lines.setdefault(round(w["top"] / 2), []).append(w)
        return "\n".join(" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])) for _t, ws in sorted(lines.items()))


def read_pdf(path: Path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages, start=1):
            # a small tolerance: two cells' words never join across a border into one
            words = page.extract_words(x_tolerance=1, use_text_flow=False, keep_blank_chars=False)
            chars = [c for c in page.chars if c["text"].strip()]
            rows = []
            for table in page.find_tables(table_settings={"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
                for row in table.rows:
                    cells = [Cell(*c) for c in row.cells if c is not None]
                    top, bottom = row.bbox[1], row.bbox[3]
                    # the row's band first: a page's glyphs are not walked once per cell
                    row_words = [w for w in words if top <= (w["top"] + w["bottom"]) / 2 <= bottom]
                    row_chars = [c for c in chars if top <= (c["top"] + c["bottom"]) / 2 <= bottom]
                    for cell in cells:
                        cell.words = [w for w in row_words if _center_in(w, cell)]
                        cell.chars = [c for c in row_chars if _center_in(c, cell)]
                    rows.append(cells)
            pages.append(Page(i, page.width, page.height, words, rows))
    return pages


def _center_in(word: dict, cell: Cell) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return cell.x0 <= x <= cell.x1 and cell.top <= y <= cell.bottom


def squeeze(text: str) -> str:
    """Text without any whitespace: the same however a cell wrapped it."""
    return "".join(text.split())
