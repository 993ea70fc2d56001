#!/usr/bin/env python3
"""Print the Word fixtures to PDF with LibreOffice, for the PDF import tests and bench.

    python scripts/make_pdf_fixtures.py [OUTDIR]

Builds the .docx files with ``tests/importers/builders.py`` (the same
documents the tests build again to compare with) and converts each with
``soffice --headless --convert-to pdf`` into OUTDIR (default
``tests/fixtures/pdf``):

* ``000-narrow.pdf``: seed 000 on python-docx's portrait page, six equal
  narrow columns (words and codes cut inside: "HĐND&U" / "BND", "ST" / "T");
* ``000-wide.pdf``, ``002-wide.pdf``: landscape, columns sized by content
  (``build_docx(..., wide=True)``);
* ``004-wide-tnr13.pdf``: the same in Times New Roman 13 pt, 6 pt after each
  paragraph, as issued documents are set (rows, header rows and TT cells cut
  by page breaks);
* ``encrypted.pdf``: a short plan that needs the password "matkhau";
* ``appendix-long.pdf``: seed 000's appendix rows three times over, wide,
  19 pages (``long_appendix(3)``), for ``bench/bench_import.py``.

The tests read the committed PDFs and need no office suite; run this again
after changing the builders (the tests then tell: the PDF and the rebuilt
.docx no longer import alike). Exit 2 when soffice is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.importers.builders import SEED_000, SEED_002, SEED_004, build_docx, long_appendix  # noqa: E402

TIMES = ("Times New Roman", 13)
ENCRYPT = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"matkhau"}}'
)


def convert(soffice: str, docx: Path, outdir: Path, profile: Path, target: str = "pdf") -> Path:
    """``docx`` as a PDF in ``outdir``, through a throwaway LibreOffice profile."""
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target, "--outdir", str(outdir), str(docx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = outdir / (docx.stem + ".pdf")
    if not pdf.is_file():
        raise SystemExit(f"soffice made no PDF from {docx.name}")
    return pdf


def short_plan(out: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Chuyển đổi số năm 2026")
    table = document.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells, ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "1", "Việc một", "Phòng A"]):
        cell.text = text
    document.save(str(out))
    return out


def main() -> int:
    outdir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "fixtures" / "pdf"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice (LibreOffice) is needed", file=sys.stderr)
        return 2
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cdstui-pdf-fixtures-") as tmp:
        tmp = Path(tmp)
        profile = tmp / "profile"
        docs = {
            "000-narrow": build_docx(SEED_000, tmp / "000-narrow.docx"),
            "000-wide": build_docx(SEED_000, tmp / "000-wide.docx", wide=True),
            "002-wide": build_docx(SEED_002, tmp / "002-wide.docx", wide=True),
            "004-wide-tnr13": build_docx(SEED_004, tmp / "004-wide-tnr13.docx", wide=True, font=TIMES),
            "appendix-long": build_docx(long_appendix(3, tmp / "appendix.txt"), tmp / "appendix-long.docx", wide=True),
        }
        for name, path in docs.items():
            shutil.copyfile(convert(soffice, path, tmp, profile), outdir / f"{name}.pdf")
            print(outdir / f"{name}.pdf")
        encrypted = convert(soffice, short_plan(tmp / "encrypted.docx"), tmp, profile, ENCRYPT)
        shutil.copyfile(encrypted, outdir / "encrypted.pdf")
        print(outdir / "encrypted.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
