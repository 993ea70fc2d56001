"""Import time of each seed document (read + repair, and into a fresh SQLite file).

Run: python bench/bench_import.py [repeats]
Prints figures only; no thresholds (the machine is shared and noisy).

PDF (issue 14): the committed PDF fixtures, and a 19-page appendix printed
from Word against that Word file (built here with python-docx from the same
text; its PDF is committed, printed by scripts/make_pdf_fixtures.py since
printing needs LibreOffice). Target: the PDF in at most 3x the .docx time.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from cdstui.domain.model import InputError
from cdstui.importers import read_document
from cdstui.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
PDFS = ROOT / "tests" / "fixtures" / "pdf"


def _best(fn, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"{'seed':<32} {'read (ms)':>10} {'read+store (ms)':>16}  rows")
    for seed in sorted(SEEDS.glob("*.txt")):
        try:
            report = read_document(seed)
        except InputError as exc:
            print(f"{seed.name:<32} {'-':>10} {'-':>16}  not a plan: {exc.detail}")
            continue
        read_best, _ = _best(lambda: read_document(seed), repeats)

        def read_and_store() -> None:
            with tempfile.TemporaryDirectory() as tmp:
                with Store.open(Path(tmp) / "b.db") as store:
                    store.import_plan(read_document(seed))

        full_best, _ = _best(read_and_store, repeats)
        rows = sum(len(t.rows) for t in report.plan.tables)
        print(f"{seed.name:<32} {read_best * 1000:>10.1f} {full_best * 1000:>16.1f}  {rows}")
    bench_pdf(repeats)


def bench_pdf(repeats: int) -> None:
    """PDF read times, and the long appendix as .docx and as the PDF printed from it, interleaved."""
    import pdfplumber

    sys.path.insert(0, str(ROOT))
    from tests.importers.builders import build_docx, long_appendix

    print(f"\n{'pdf':<32} {'pages':>6} {'read (ms)':>10}  rows")
    for pdf in sorted(PDFS.glob("*.pdf")):
        try:
            report = read_document(pdf)
        except InputError as exc:
            print(f"{pdf.name:<32} {'-':>6} {'-':>10}  refused: {exc.detail}")
            continue
        best, _ = _best(lambda: read_document(pdf), repeats)
        with pdfplumber.open(pdf) as document:
            pages = len(document.pages)
        rows = sum(len(t.rows) for t in report.plan.tables)
        print(f"{pdf.name:<32} {pages:>6} {best * 1000:>10.1f}  {rows}")
    with tempfile.TemporaryDirectory() as tmp:
        docx = build_docx(long_appendix(3, Path(tmp) / "appendix.txt"), Path(tmp) / "appendix-long.docx", wide=True)
        pdf = PDFS / "appendix-long.pdf"
        word_times, pdf_times = [], []
        for _ in range(repeats):  # interleaved, so that both meet the same machine load
            word_times.append(_best(lambda: read_document(docx), 1)[0])
            pdf_times.append(_best(lambda: read_document(pdf), 1)[0])
    word, pdf_best = min(word_times), min(pdf_times)
    print(f"\nlong appendix (19 pages): docx {word * 1000:.1f} ms, pdf {pdf_best * 1000:.1f} ms, "
          f"ratio {pdf_best / word:.1f}x (target <= 3x)")


if __name__ == "__main__":
    main()
