"""How fast, and in how little memory, `cdstui import` refuses bad files (issue 11, item 10).

Run: python bench/bench_bad_files.py [--src DIR] [--only WORD]

Each file is imported by `cdstui import` in a child process, into a copy of a
database holding the default plan, twice: once for the time of the import and
the child's peak resident memory (VmHWM, Linux only; Python and cdstui
included), once under tracemalloc for the peak of what the import itself
allocated. The bad files: a 50 MB text file, a .docx zip bomb that unzips to
2.1 GB (a real one, built here in chunks), a zip whose directory lies about
its size, a sheet whose used range is huge, a plan file with a 20-digit year
and one with arrays nested 2,000 deep. The 5,000-task bench plan, in every
format, shows that real plans are far from the limits. ``--src`` runs the
children on another checkout's ``src`` (an older cdstui, for comparison);
``--only`` keeps the rows whose label holds the word.

Targets: each refusal under 2 s and 200 MB. Prints figures only (the machine
is shared and noisy); the tests check the outcome, not the time.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tests.importers import bad_files  # noqa: E402

GB = 1024**3
CHILD = """
import contextlib, io, json, sys, time, tracemalloc
from cdstui.cli import main
file, db, traced = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
if traced:
    tracemalloc.start()
start = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
    code = main(["import", file, "--db", db])
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] if traced else None
rss = None
try:  # Linux: this process's peak (ru_maxrss would carry the parent's across exec)
    with open("/proc/self/status", encoding="ascii") as status:
        rss = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
except OSError:  # elsewhere: not measured
    pass
print(json.dumps({"code": code, "seconds": seconds, "rss": rss, "traced": peak and peak / 2**20, "err": err.getvalue()}))
"""


def run(file: Path, base_db: Path, traced: bool, src: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cdstui.db"
        with contextlib.closing(sqlite3.connect(base_db)) as src_db, contextlib.closing(sqlite3.connect(db)) as copy:
            src_db.backup(copy)
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(file), str(db), "1" if traced else "0"],
            check=True,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONPATH": src} if src else None,
        )
    return json.loads(out.stdout)


def probes(folder: Path) -> list[tuple[str, Callable[[], Path]]]:
    """(label, build) of each bad file."""
    return [
        ("text file, 50 MB", lambda: bad_files.oversized_text(folder / "50mb.txt", 50 * 1024**2)),
        ("text, 21,000 table rows", lambda: bad_files.many_rows_text(folder / "rows.txt")),
        ("zip bomb .docx, 2.1 GB unzipped", lambda: bad_files.zip_bomb(folder / "bomb.docx", int(2.1 * GB))),
        ("zip bomb .xlsx, 2.1 GB unzipped", lambda: bad_files.zip_bomb(folder / "bomb.xlsx", int(2.1 * GB))),
        ("zip directory claiming 2 GB (.docx)", lambda: bad_files.lying_zip(folder / "lying.docx")),
        ("sheet used range A1:XFD1048576", lambda: bad_files.wide_range_workbook(folder / "wide.xlsx", "XFD1048576")),
        ("plan file, year of 20 digits", lambda: bad_files.write_toml_probe("year-20-digits", folder)),
        ("plan file, arrays 2,000 deep", lambda: bad_files.write_toml_probe("array-2000-deep", folder)),
    ]


def bench_plans(folder: Path) -> list[tuple[str, Callable[[], Path]]]:
    """The 5,000-task plan of bench_export as a plan file, a text file, a workbook and a Word file."""
    from bench_export import synthetic_plan

    from cdstui.importers.toml_plan import write_plan_toml
    from tests.importers.builders import build_docx, build_xlsx

    plan = synthetic_plan(5000)

    def toml() -> Path:
        write_plan_toml(plan, folder / "5000.toml")
        return folder / "5000.toml"

    def text() -> Path:
        lines = ["DANH MỤC NHIỆM VỤ", "TT\tTên nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tSản phẩm"]
        for r in plan.tables[0].rows:
            cells = [r.code, r.title] + ([r.lead, r.partners, r.deadline, r.output] if r.kind == "task" else [""] * 4)
            lines.append("\t".join(cells))
        (folder / "5000.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return folder / "5000.txt"

    return [
        ("5,000 tasks, plan file", toml),
        ("5,000 tasks, text", text),
        ("5,000 tasks, .xlsx", lambda: build_xlsx(text(), folder / "5000.xlsx")),
        ("5,000 tasks, .docx", lambda: build_docx(text(), folder / "5000.docx")),
    ]


def main() -> None:
    from cdstui.cli import main as cli

    parser = argparse.ArgumentParser()
    parser.add_argument("--src", help="run the imports on this src folder")
    parser.add_argument("--only", default="", help="only the files whose label holds this")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cdstui-bench-bad-") as tmp:
        folder = Path(tmp)
        base_db = folder / "base" / "cdstui.db"
        with contextlib.redirect_stdout(io.StringIO()):
            assert cli(["dump", "--db", str(base_db)]) == 0
        print(f"{'file':<38} {'on disk':>9} {'exit':>5} {'time (s)':>9} {'peak RSS':>9} {'traced':>8}  message")
        for label, build in probes(folder) + bench_plans(folder):
            if args.only not in label:
                continue
            path = build()
            timed = run(path, base_db, traced=False, src=args.src)
            traced = run(path, base_db, traced=True, src=args.src)
            rss = f"{timed['rss']:.0f} MB" if timed["rss"] is not None else "-"
            message = timed["err"].strip().split(": ", 1)[-1][:70] if timed["code"] else "imported"
            print(
                f"{label:<38} {path.stat().st_size / 1024**2:>6.1f} MB {timed['code']:>5} {timed['seconds']:>9.2f}"
                f" {rss:>9} {traced['traced']:>5.0f} MB  {message}"
            )
    print("targets: each refusal < 2 s and < 200 MB; the 5,000-task plan imports in every format")


if __name__ == "__main__":
    main()
