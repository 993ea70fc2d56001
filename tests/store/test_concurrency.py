"""Faults: the database in use by another program, a read-only folder, a full disk.

Each gives a clear Vietnamese message (StoreError) and loses nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cdstui.cli import main
from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.store import Store, StoreError
from cdstui.store.undo import undo_last
from tests.conftest import db_content as dump


def plan() -> Plan:
    rows = [Row(kind="section", code="I", title="Nhiệm vụ đột phá")]
    rows += [
        Row(kind="task", code=str(i), path=["I"], title=f"Nhiệm vụ số {i}", deadline="Quý I/2026") for i in range(1, 6)
    ]
    return Plan(number="32-KH/ĐU", title="Kế hoạch chuyển đổi số", year=2026,
                tables=[Table(title="DANH MỤC", kind="tasks", rows=rows)])


@pytest.fixture
def db(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        s.import_plan(ImportReport(plan=plan()))
    return db_path


def task_ids(path) -> list[int]:
    with Store.open(path) as s:
        return [t.id for t in s.load_plan(1).tasks()]


def hold_write_lock(path) -> sqlite3.Connection:
    """Another program in the middle of a save: a write transaction left open."""
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE rows SET note = 'ghi từ cửa sổ kia' WHERE id = (SELECT MIN(id) FROM rows WHERE kind = 'task')")
    return other


# -- in use ------------------------------------------------------------------

def test_a_second_writer_waits_then_says_the_database_is_in_use(db):
    ids = task_ids(db)
    other = hold_write_lock(db)
    try:
        with Store.open(db, timeout_ms=200) as s:
            assert s.get_row(ids[1]).status == "not_started"  # reading works meanwhile (WAL)
            with pytest.raises(StoreError, match="đang được .* sử dụng"):
                s.update_row(ids[1], {"status": "done"})
            with pytest.raises(StoreError, match="đang được .* sử dụng"):
                s.import_plan(ImportReport(plan=plan()))
            with pytest.raises(StoreError, match="đang được .* sử dụng"):
                undo_last(s)
        other.execute("COMMIT")
    finally:
        other.close()
    # nothing lost: the other program's save is there, ours was refused whole
    with Store.open(db) as s:
        assert s.get_row(ids[0]).note == "ghi từ cửa sổ kia"
        assert s.get_row(ids[1]).status == "not_started"
        assert s.history(ids[1]) == []
        # and once the other program is done, saving works
        s.update_row(ids[1], {"status": "done"})
        assert s.get_row(ids[1]).status == "done"


def test_a_waiting_writer_goes_through_when_the_other_commits(db):
    ids = task_ids(db)
    other = hold_write_lock(db)
    errors: list[BaseException] = []
    started = threading.Event()

    def save() -> None:
        try:
            with Store.open(db, timeout_ms=30_000) as s:
                started.set()
                s.update_row(ids[2], {"status": "in_progress", "completion": "40%"})
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
            started.set()

    worker = threading.Thread(target=save)
    worker.start()
    started.wait()
    other.execute("COMMIT")
    other.close()
    worker.join()
    assert errors == []
    with Store.open(db) as s:
        assert s.get_row(ids[0]).note == "ghi từ cửa sổ kia"
        row = s.get_row(ids[2])
        assert (row.status, row.completion) == ("in_progress", "40%")
        assert [h["field"] for h in s.history(ids[2])] == ["status", "completion"]


def test_cli_reports_a_database_in_use_with_exit_1(db, tmp_path, capsys):
    # a restore needs the write lock of the database for the whole copy
    good = tmp_path / "copy.db"
    src = sqlite3.connect(str(db))
    dst = sqlite3.connect(str(good))
    src.backup(dst)
    src.close()
    dst.close()
    before = dump(db)
    other = hold_write_lock(db)
    try:
        code = main(["restore", str(good), "--db", str(db)])
        err = capsys.readouterr().err
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 1
    assert "đang được" in err and "sử dụng" in err and "Traceback" not in err
    assert dump(db) == before


# -- read-only folder ------------------------------------------------------------

def _make_read_only(folder: Path) -> callable:
    """Make a folder read-only even for root; return the undo. Skip if impossible."""
    if os.name == "nt":
        pytest.skip("thư mục chỉ đọc trên Windows cần ACL")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        if not shutil.which("chattr"):
            pytest.skip("root without chattr cannot make a read-only folder")
        for p in [folder, *folder.iterdir()]:
            if subprocess.run(["chattr", "+i", str(p)], capture_output=True).returncode != 0:
                pytest.skip("chattr +i not permitted here")

        def undo() -> None:
            for p in [folder, *folder.iterdir()]:
                subprocess.run(["chattr", "-i", str(p)], capture_output=True)

        return undo
    modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
    for p in folder.iterdir():
        p.chmod(0o444)
    folder.chmod(0o555)

    def undo() -> None:
        for p, mode in modes.items():
            p.chmod(mode)

    return undo


def test_read_only_folder_gives_a_clear_message_and_the_database_intact(db):
    ids = task_ids(db)
    before = dump(db)
    undo = _make_read_only(db.parent)
    try:
        with pytest.raises(StoreError, match="chỉ đọc"):
            with Store.open(db) as s:
                s.update_row(ids[0], {"status": "done"})
        code = main(["backup", "--db", str(db)])
        assert code == 1
    finally:
        undo()
    assert dump(db) == before
    with Store.open(db) as s:
        assert s.integrity_check() == "ok"


# -- full disk ----------------------------------------------------------------------

def test_full_disk_gives_a_clear_message_and_the_database_intact(db):
    ids = task_ids(db)
    with Store.open(db) as s:
        s.update_row(ids[0], {"status": "done", "result": "Đã ban hành"})
        before = dump(db)
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        s.db.execute(f"PRAGMA max_page_count = {pages + 2}")
        big = "Kết quả chi tiết rất dài. " * 4000  # ~100 kB: needs many more pages
        with pytest.raises(StoreError, match="đầy"):
            s.update_rows([(ids[1], {"result": big}), (ids[2], {"result": big})])
        with pytest.raises(StoreError, match="đầy"):
            s.import_plan(ImportReport(plan=Plan(number="99-KH", title="Kế hoạch lớn", tables=[
                Table(title="T", kind="tasks", rows=[Row(kind="task", code=str(i), title=big[:5000]) for i in range(50)])
            ])))
        assert s.get_row(ids[1]).result == ""
        # the store stays usable for what fits
        s.update_row(ids[3], {"status": "in_progress"})
    with Store.open(db) as s:
        assert s.integrity_check() == "ok"
        assert s.get_row(ids[0]).result == "Đã ban hành"
        assert s.get_row(ids[3]).status == "in_progress"
        assert s.history(ids[1]) == []
        assert [p.number for p in s.list_plans()] == ["32-KH/ĐU"]
    after = dump(db)
    # only the last save's row changed and its one history entry was added
    assert len(after) == len(before) + 1
    assert len(set(after) - set(before)) == 2


TINY_FS = r"""
import sys
from cdstui.store import Store, StoreError
db = sys.argv[1]
with Store.open(db) as s:
    ids = [t.id for t in s.load_plan(1).tasks()]
    n = 0
    try:
        while True:
            s.update_row(ids[n % len(ids)], {"result": f"Lần {n}: " + "kết quả " * 2000})
            n += 1
    except StoreError as exc:
        print(n)
        print(exc)
"""


def test_full_tiny_filesystem(tmp_path, db):
    """A real full disk: a 1 MB tmpfs (Linux, root with mount rights only)."""
    if sys.platform != "linux" or not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("needs Linux and root to mount a tiny tmpfs")
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("mount not permitted here")
    try:
        small = mnt / "cdstui.db"
        src, dst = sqlite3.connect(str(db)), sqlite3.connect(str(small))
        src.backup(dst)
        src.close()
        dst.close()
        out = subprocess.run([sys.executable, "-c", TINY_FS, str(small)], capture_output=True, text=True, timeout=120)
        assert "Traceback" not in out.stderr, out.stderr
        saved, message = out.stdout.splitlines()[:2]
        assert int(saved) > 0 and "đầy" in message
        with Store.open(small) as s:
            assert s.integrity_check() == "ok"
            # every save reported is there
            assert sum(len(s.history(i)) for i in [t.id for t in s.load_plan(1).tasks()]) == int(saved)
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
