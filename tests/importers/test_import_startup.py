"""Start-up does not pay for openpyxl, python-docx or PDFium; no Textual in the importers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.importers.builders import SEED_000

SRC = Path(__file__).resolve().parents[2] / "src"


def test_text_import_loads_neither_openpyxl_nor_docx_nor_pdfium():
    code = (
        "import sys\n"
        "from cdstui.importers import read_document\n"
        f"read_document({str(SEED_000)!r})\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'docx', 'textual', 'tomli_w', 'pypdfium2'))\n"
        "print(heavy)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"


def test_importers_do_not_import_textual():
    for path in (SRC / "cdstui" / "importers").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import textual" not in text and "from textual" not in text, path.name
