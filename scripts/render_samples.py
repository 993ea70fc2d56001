#!/usr/bin/env python3
"""Render the reports of seed 000 and of another ward's plan to PNG, to look at beside seed 004.

    python scripts/render_samples.py [OUTDIR] [--dpi 70] [--period 2026-Q3]

Imports each plan into a throwaway database (seed 000, the Ba Ngòi plan,
with a little progress typed in; tests/fixtures/wards/dong-hai_45-KH-UBND_2026.txt,
a ward nobody here wrote the code for), exports its report as both the
workbook and the Word document, and renders every file through LibreOffice
(``render_report.py``). OUTDIR (default ``renders/``) then holds, per plan,
``<name>.xlsx``, ``<name>.docx``, their PDFs and one PNG per page; the page
counts are printed:

    seed000.xlsx: 6 pages
    seed000.docx: 12 pages
    ...

Settings for the other ward (issuer, place) are its own, from its plan.
Needs LibreOffice and poppler (see render_report.py) and, for the line breaks
of Times New Roman, a metric-compatible font (Debian: fonts-liberation2).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SAMPLES = {
    "seed000": ROOT / "tests" / "fixtures" / "seeds" / "000_247ea3cd7c028fe2.txt",
    "donghai": ROOT / "tests" / "fixtures" / "wards" / "dong-hai_45-KH-UBND_2026.txt",
}


def _progress(store, pid: int) -> None:
    tasks = store.load_plan(pid).tasks()
    store.update_rows(
        [
            (tasks[1].id, {"status": "done", "completion": "100%", "result": "-Ban hành Kế hoạch số 12/KH-UBND ngày 15/02/2026\n- Tổ chức 02 hội nghị, 120 người tham dự"}),
            (tasks[4].id, {"status": "in_progress", "completion": "60%", "result": "Đang triển khai theo lộ trình của tỉnh"}),
        ]
    )


def export_sample(name: str, source: Path, outdir: Path, period: str, day: date) -> list[Path]:
    from cdstui.importers import read_document
    from cdstui.report.export import export_report
    from cdstui.settings import Settings
    from cdstui.store import Store

    with tempfile.TemporaryDirectory(prefix="cdstui-sample-") as tmp, Store.open(Path(tmp) / "s.db") as store:
        pid = store.import_plan(read_document(source)).plan_id
        plan = store.load_plan(pid)
        _progress(store, pid)
        settings = Settings(ward=plan.ward, place=plan.ward, issuer=f"UBND PHƯỜNG {plan.ward.upper()}", signer_name="Nguyễn Văn A")
        result = export_report(store, pid, period, today=day, settings=settings, output=outdir / name, format="both")
    return result.paths


def main(argv: list[str] | None = None) -> int:
    from render_report import render

    parser = argparse.ArgumentParser(description="Render seed 000's and another ward's report (xlsx and docx) to PNG.")
    parser.add_argument("outdir", nargs="?", type=Path, default=ROOT / "renders")
    parser.add_argument("--dpi", type=int, default=70)
    parser.add_argument("--period", default="2026-Q3")
    parser.add_argument("--today", default="2026-09-20")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    day = date.fromisoformat(args.today)
    for name, source in SAMPLES.items():
        for path in export_sample(name, source, args.outdir, args.period, day):
            target = args.outdir / f"{name}-{path.suffix.lstrip('.')}"
            try:
                _pdf, pages, _pngs = render(path, target, dpi=args.dpi)
            except FileNotFoundError as exc:
                print(f"render_samples: {exc}", file=sys.stderr)
                return 2
            print(f"{path.name}: {pages} pages ({target})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
