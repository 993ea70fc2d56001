#!/usr/bin/env python3
"""Render a report (workbook or Word document) through LibreOffice headless, for a visual check.

    python scripts/render_report.py REPORT OUTDIR [--dpi 70]

REPORT is an .xlsx or a .docx. Converts it to OUTDIR/<name>.pdf (``soffice --headless --convert-to
pdf``), then every page to OUTDIR/<name>-<n>.png (``pdftoppm -png``). Prints
the PDF path, its page count and the PNG paths, one per line:

    pdf: OUTDIR/x.pdf
    pages: 4
    png: OUTDIR/x-1.png
    ...

Exit 0 on success; 2 when soffice or pdftoppm is missing (install
``libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils``); 1 when
a conversion fails. ``render_samples.py`` renders seed 000's and another
ward's report in both formats.
LibreOffice runs with a throwaway profile so that it never meets a running
office suite or another render.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def find_tools() -> tuple[str | None, str | None]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    return soffice, shutil.which("pdftoppm")


def pdf_pages(pdf: Path) -> int:
    """The number of pages of a PDF (pdfinfo when present, else the page objects)."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=False).stdout
        match = re.search(r"^Pages:\s+(\d+)", out, re.M)
        if match:
            return int(match.group(1))
    data = pdf.read_bytes()
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def render(workbook: Path, outdir: Path, *, dpi: int = 70, timeout: int = 180) -> tuple[Path, int, list[Path]]:
    soffice, pdftoppm = find_tools()
    if not soffice or not pdftoppm:
        missing = [name for name, tool in (("soffice", soffice), ("pdftoppm", pdftoppm)) if not tool]
        raise FileNotFoundError(
            f"missing {', '.join(missing)}: install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils"
        )
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cdstui-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(workbook),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    pdf = outdir / (workbook.stem + ".pdf")
    if proc.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"soffice failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    pages = pdf_pages(pdf)
    prefix = outdir / workbook.stem
    for old in outdir.glob(f"{workbook.stem}-*.png"):
        old.unlink()
    proc = subprocess.run(
        [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(prefix)], capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"pdftoppm failed ({proc.returncode}): {proc.stderr.strip()}")
    pngs = sorted(outdir.glob(f"{workbook.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return pdf, pages, pngs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render a cdstui report (.xlsx or .docx) to PDF and PNG via LibreOffice.")
    parser.add_argument("workbook", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args(argv)
    if not args.workbook.is_file():
        print(f"render_report: no such workbook: {args.workbook}", file=sys.stderr)
        return 1
    try:
        pdf, pages, pngs = render(args.workbook, args.outdir, dpi=args.dpi)
    except FileNotFoundError as exc:
        print(f"render_report: {exc}", file=sys.stderr)
        return 2
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        print(f"render_report: {exc}", file=sys.stderr)
        return 1
    print(f"pdf: {pdf}")
    print(f"pages: {pages}")
    for png in pngs:
        print(f"png: {png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
