"""Crash test: kill a process that is saving progress, many times; lose nothing.

A child process applies a scripted sequence of 1,000 progress edits through
the store, one transaction each, and prints ``committed N`` after each commit.
The parent kills it (SIGKILL; ``Popen.kill()`` on Windows) at random moments,
restarts it (it resumes after the last edit in the database), and after each
kill checks ``PRAGMA integrity_check`` and that every edit the child reported
committed is in the database, in order, with its history.

``CDSTUI_CRASH_KILLS`` sets the number of kills (default 25),
``CDSTUI_CRASH_SEED`` fixes the random moments. The figure is printed (even
without ``-s``) and written to ``<tmp>/cdstui-crash-kills.txt``.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.store import Store

EDITS = 1000
ROWS = 12
STATUSES = ("not_started", "in_progress", "done", "not_assigned")

CHILD = r"""
import sys
from cdstui.store import Store

EDITS, STATUSES = int(sys.argv[2]), ("not_started", "in_progress", "done", "not_assigned")
with Store.open(sys.argv[1]) as store:
    ids = [t.id for t in store.load_plan(1).tasks()]
    start = store.db.execute("SELECT COUNT(*) FROM history WHERE origin = 'script' AND field = 'result'").fetchone()[0]
    print("start", start, flush=True)
    for n in range(start, EDITS):
        store.update_row(
            ids[n % len(ids)],
            {"result": f"Bước {n}: đã thực hiện", "status": STATUSES[n // len(ids) % 4], "completion": f"{n % 101}%"},
            origin="script",
        )
        print("committed", n, flush=True)
print("finished", flush=True)
"""


def expected(n: int) -> dict:
    return {"result": f"Bước {n}: đã thực hiện", "status": STATUSES[n // ROWS % 4], "completion": f"{n % 101}%"}


def make_db(path: Path) -> None:
    rows = [Row(kind="section", code="I", title="Nhiệm vụ")]
    rows += [Row(kind="task", code=str(i), path=["I"], title=f"Nhiệm vụ {i}") for i in range(1, ROWS + 1)]
    plan = Plan(number="32-KH/ĐU", title="Kế hoạch", year=2026, tables=[Table(title="DANH MỤC", kind="tasks", rows=rows)])
    with Store.open(path) as store:
        store.import_plan(ImportReport(plan=plan))


def check(path: Path, reported: int) -> int:
    """Integrity ok; every reported edit is there. Returns the edits in the database."""
    with Store.open(path, migrate=False) as store:
        assert store.integrity_check() == "ok"
        ids = [t.id for t in store.load_plan(1).tasks()]
        results = [
            r[0]
            for r in store.db.execute("SELECT new FROM history WHERE origin = 'script' AND field = 'result' ORDER BY id")
        ]
        done = len(results)
        # in order, no gap, none lost: edit n is the n-th result in history
        assert results == [expected(n)["result"] for n in range(done)]
        assert done >= reported, f"edits reported committed but missing: {reported - done}"
        # each row holds the values of its last edit, whole (all three fields of a save)
        for i, row_id in enumerate(ids):
            mine = [n for n in range(done) if n % len(ids) == i]
            row = store.get_row(row_id)
            if mine:
                want = expected(mine[-1])
                assert (row.result, row.status, row.completion) == (want["result"], want["status"], want["completion"])
            else:
                assert (row.result, row.status, row.completion) == ("", "not_started", None)
        return done


def kill(proc: subprocess.Popen) -> None:
    if os.name == "nt":
        proc.kill()
    else:
        import signal

        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.slow
def test_kills_at_random_moments_lose_no_committed_edit(tmp_path, capsys):
    kills_wanted = int(os.environ.get("CDSTUI_CRASH_KILLS", "25"))
    rng = random.Random(int(os.environ.get("CDSTUI_CRASH_SEED", "0")) or None)
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    kills = rounds = 0
    db = None
    while kills < kills_wanted:
        if db is None:  # a fresh database for each run of the 1,000 edits
            rounds += 1
            db = tmp_path / f"round{rounds}" / "cdstui.db"
            db.parent.mkdir()
            make_db(db)
        proc = subprocess.Popen(
            [sys.executable, str(script), str(db), str(EDITS)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        # kill after a random number of reported commits (0: during start-up
        # or the first save), plus a random extra delay within the next save
        target = rng.choice([0, 1, 2, 5, 10, 20, 40, 80, 150])
        last = -1
        seen = 0
        finished = False
        assert proc.stdout is not None
        while seen < target or target == 0:
            line = proc.stdout.readline()
            if not line.endswith("\n"):  # end of output (a cut line is not a report)
                break
            if line.startswith("committed"):
                last = int(line.split()[1])
                seen += 1
            elif line.startswith("finished"):
                finished = True
                break
            if target == 0:
                break
        if finished or proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else ""
            proc.wait()
            assert "Traceback" not in err, err
            # the rest of the output holds the last commits
            done = check(db, last + 1)
            assert finished and done == EDITS, err
            db = None
            continue
        time.sleep(rng.uniform(0, 0.004))
        kill(proc)
        # commits printed after the ones read are also committed
        rest = proc.stdout.read()
        for line in rest.splitlines(keepends=True):
            if line.startswith("committed") and line.endswith("\n"):  # a whole line only
                last = int(line.split()[1])
        kills += 1
        done = check(db, last + 1)
        proc.stdout.close()
        proc.stderr.close()
        if done >= EDITS:
            db = None

    figure = f"crash test: {kills} SIGKILLs survived over {rounds} run(s) of {EDITS} edits; integrity ok, no committed edit lost"
    Path(tempfile.gettempdir(), "cdstui-crash-kills.txt").write_text(figure + "\n", encoding="utf-8")
    with capsys.disabled():  # shown even without -s
        print(f"\n{figure}")
    assert kills == kills_wanted
