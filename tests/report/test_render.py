"""A real office suite opens what we send: render the report through LibreOffice headless."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cdstui.report.export import export_report
from cdstui.store import Store
from tests.conftest import REPO
from tests.report.conftest import TODAY

SCRIPT = REPO / "scripts" / "render_report.py"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftoppm"),
        reason="LibreOffice (soffice) and poppler (pdftoppm) are needed: "
        "apt-get install -y libreoffice-calc-nogui poppler-utils (.ci/run does it)",
    ),
]


def test_libreoffice_renders_the_report_on_a4_landscape_pages(progressed_db, tmp_path):
    with Store.open(progressed_db) as store:
        result = export_report(store, store.plan_ids()[0], "2026-Q3", today=TODAY, output=tmp_path / "report.xlsx")
    outdir = tmp_path / "render"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), str(result.path), str(outdir)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    lines = dict(line.split(": ", 1) for line in proc.stdout.splitlines() if ": " in line)
    pdf = Path(lines["pdf"])
    pages = int(lines["pages"])
    # three visible sheets (the identity sheet is hidden); seed 000 takes a few pages
    # when every sheet is one page wide. Columns split across pages would double it.
    assert 3 <= pages <= 10, pages
    pngs = [Path(l.split(": ", 1)[1]) for l in proc.stdout.splitlines() if l.startswith("png: ")]
    assert len(pngs) == pages and all(p.stat().st_size > 5000 for p in pngs)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        assert width > height  # landscape
        assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2  # A4


def test_a_workbook_saved_again_by_libreoffice_still_merges_back(progressed_db, tmp_path, capsys):
    """An agency using LibreOffice: its re-saved copy is recognised and changes nothing by itself."""
    from tests.report.conftest import run

    with Store.open(progressed_db) as store:
        sent = export_report(store, store.plan_ids()[0], "2026-Q3", today=TODAY, output=tmp_path / "sent.xlsx").path
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    outdir = tmp_path / "resaved"
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(sent)],
        capture_output=True, timeout=300, check=True,
    )
    resaved = outdir / "sent.xlsx"
    code, out, err = run(capsys, "import", resaved, "--db", progressed_db)
    assert code == 0, err
    assert "0 nhiệm vụ, 0 chỉ tiêu" in out and "Xung đột" not in out
