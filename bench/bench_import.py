"""Import time of each seed document (read + repair, and into a fresh SQLite file).

Run: python bench/bench_import.py [repeats]
Prints figures only; no thresholds (the machine is shared and noisy).
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

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seeds"
WARDS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "wards"


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


def bench_classify(repeats: int) -> None:
    """Time to classify each fixture (text -> tables by header, appendices, rows) and to import it."""
    from cdstui.importers import decode_text
    from cdstui.importers.assemble import assemble
    from cdstui.importers.text import parse_blocks

    fixtures = [SEEDS / f"{name}.txt" for name in ("000_247ea3cd7c028fe2", "002_6d106271f7cd5a5e", "004_9db0a0b056bb74e4")]
    fixtures += sorted(WARDS.glob("*.txt"))
    print(f"\n{'fixture':<32} {'classify (ms)':>14} {'import (ms)':>12}  tables  rows")
    for path in fixtures:
        text = decode_text(path.read_bytes(), path.name)
        classify_best, _ = _best(lambda: assemble(parse_blocks(text), file=path.name), repeats)

        def import_fresh() -> None:
            with tempfile.TemporaryDirectory() as tmp:
                with Store.open(Path(tmp) / "b.db") as store:
                    store.import_plan(read_document(path))

        import_best, _ = _best(import_fresh, repeats)
        plan = read_document(path).plan
        rows = sum(len(t.rows) for t in plan.tables)
        print(f"{path.name:<32} {classify_best * 1000:>14.1f} {import_best * 1000:>12.1f}  {len(plan.tables):>6}  {rows:>4}")


if __name__ == "__main__":
    main()
    bench_classify(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
