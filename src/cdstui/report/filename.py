"""File names that travel by e-mail: ASCII, no spaces.

``<ward>_<plan-number>_<period>.xlsx``, e.g. ``ba-ngoi_32-KH-DU_2026-Q3.xlsx``:
the ward in lower case, the plan number keeping its case ("32-KH/ĐU" ->
"32-KH-DU"), the period code as on the command line. A lead-agency copy adds
the agency: ``ba-ngoi_32-KH-DU_2026-Q3_cong-an-phuong.xlsx``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from cdstui.domain.text import slug

_NON_ASCII_WORD = re.compile(r"[^A-Za-z0-9]+")


def ascii_keep_case(text: str) -> str:
    """Drop diacritics, Đ -> D, keep case, join words with '-': "32-KH/ĐU" -> "32-KH-DU"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _NON_ASCII_WORD.sub("-", stripped).strip("-")


def report_filename(ward: str, plan_number: str, period_code: str, *, lead: str | None = None, plan_id: int | None = None) -> str:
    parts = [slug(ward) or "phuong", ascii_keep_case(plan_number) or f"ke-hoach-{plan_id or 0}", ascii_keep_case(period_code)]
    if lead:
        parts.append(slug(lead) or "co-quan")
    return "_".join(p for p in parts if p)[:150] + ".xlsx"


def default_output(export_dir: str, filename: str, *, cwd: Path | None = None) -> Path:
    """``<export_dir>/<filename>``; a relative folder is taken from the working folder."""
    folder = Path(os.path.expanduser(export_dir or "exports"))
    if not folder.is_absolute():
        folder = (cwd or Path.cwd()) / folder
    return folder / filename
