"""The command line where the officer works (issue 11, items 10, 17, 18): a
legacy code page, a reader that stops early, folders named in Vietnamese,
long paths, a backup Windows will not delete, ctrl+c."""

from __future__ import annotations

import gc
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cdstui.cli import main
from cdstui.store import backup as bk
from tests.conftest import SEED_000, SEED_002, SEED_004, db_content as content

SRC = Path(__file__).resolve().parents[2] / "src"


def cli(*argv, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    """``python -m cdstui …`` in a child process, bytes in and out."""
    base = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_CTYPE", "PYTHONIOENCODING", "PYTHONUTF8")}
    base["PYTHONPATH"] = os.pathsep.join([str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])])
    return subprocess.run(
        [sys.executable, "-m", "cdstui", *map(str, argv)], env={**base, **(env or {})}, capture_output=True, timeout=120, **kw
    )


# -- a legacy console code page (item 17) -------------------------------------

LEGACY = {"PYTHONIOENCODING": "cp1252", "LANG": "C", "LC_ALL": "C"}


def test_import_and_dump_write_utf8_under_a_legacy_code_page(tmp_path):
    db = tmp_path / "a.db"
    done = cli("import", SEED_000, "--db", db, env=LEGACY)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    assert "42 nhiệm vụ, 17 chỉ tiêu" in done.stdout.decode("utf-8")
    dumped = cli("dump", "--db", db, env=LEGACY)
    assert dumped.returncode == 0 and dumped.stderr == b""
    plan = json.loads(dumped.stdout.decode("utf-8"))["plans"][0]
    assert plan["number"] == "32-KH/ĐU" and plan["issuer"] == "Đảng ủy phường Ba Ngòi"


def test_an_error_is_readable_under_a_legacy_code_page(tmp_path):
    bad = tmp_path / "kế hoạch hỏng.txt"
    bad.write_bytes(b"")
    failed = cli("import", bad, "--db", tmp_path / "a.db", env=LEGACY)
    assert failed.returncode == 1
    err = failed.stderr.decode("utf-8")
    assert "Không nhập được" in err and "kế hoạch hỏng.txt" in err and "Traceback" not in err


# -- a reader that stops early (item 10) ----------------------------------------

def test_dump_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    db = tmp_path / "a.db"
    for seed in (SEED_000, SEED_002, SEED_004):  # far more than a pipe holds
        assert main(["import", str(seed), "--db", str(db)]) == 0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cdstui", "dump", "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert proc.stdout.readline().strip() == b"{"  # like `| head -1`
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert err == b""


# -- Vietnamese folder names, long paths (item 18) --------------------------------

def long_folder(tmp_path: Path, chars: int) -> Path:
    folder = tmp_path / "Báo cáo phường Ba Ngòi"
    while len(str(folder)) < chars:
        folder = folder / "Kế hoạch chuyển đổi số năm 2026 – bản lưu"
    folder.mkdir(parents=True)
    return folder


def test_a_folder_named_in_vietnamese_and_a_long_path(tmp_path, capsys):
    folder = long_folder(tmp_path, 280)  # past Windows' old 260-character limit
    db = folder / "dữ liệu" / "cdstui.db"
    document = folder / "Kế hoạch 32-KH ĐU.txt"
    document.write_bytes(SEED_000.read_bytes())

    assert main(["import", str(document), "--db", str(db)]) == 0
    assert main(["backup", "--db", str(db)]) == 0
    saved = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert saved.is_file()
    out_dir = folder / "Báo cáo gửi tỉnh"
    out_dir.mkdir()
    assert main(["export", "--db", str(db), "--period", "2026-Q3", "-o", str(out_dir), "--today", "2026-09-20"]) == 0
    report = Path(capsys.readouterr().out.strip())
    assert report.parent == out_dir and report.is_file()
    assert main(["restore", str(saved), "--db", str(db)]) == 0
    assert "Đã khôi phục" in capsys.readouterr().out
    assert main(["dump", "--db", str(db)]) == 0
    assert json.loads(capsys.readouterr().out)["plans"][0]["number"] == "32-KH/ĐU"


def test_a_path_too_long_for_sqlite_is_explained(tmp_path, capsys):
    db = long_folder(tmp_path, 520) / "cdstui.db"
    assert main(["import", str(SEED_000), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "đường dẫn quá dài" in err and "Traceback" not in err


# -- a backup that cannot be deleted (item 18) ----------------------------------

def test_backup_rotation_goes_on_when_an_old_backup_is_held_open(db_path, capsys, monkeypatch):
    """Windows refuses to delete a file another program holds (a backup opened
    in a SQLite browser): the new backup is made, the officer is told, and the
    old one goes at the next rotation."""
    assert main(["dump", "--db", str(db_path)]) == 0  # a database with the default plan
    capsys.readouterr()
    first = [bk.make_backup(db_path, "cu", keep=3) for _ in range(3)]
    held = first[0]
    unlink = Path.unlink

    def windows_unlink(self, missing_ok=False):
        if self == held:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process", str(self))
        return unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", windows_unlink)
    from cdstui.settings import Settings, save_settings, settings_path_for

    save_settings(Settings(backup_keep=3), settings_path_for(db_path))
    assert main(["backup", "--db", str(db_path)]) == 0
    out, err = capsys.readouterr()
    made = Path(out.strip())
    assert made.is_file() and held.is_file()
    assert "Không xóa được bản sao lưu cũ" in err and held.name in err
    monkeypatch.setattr(Path, "unlink", unlink)  # the other program let go
    assert main(["backup", "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert not held.exists() and len(bk.list_backups(db_path)) == 3


# -- ctrl+c (item 18) ------------------------------------------------------------

def _interrupted(argv: list[str], delay: float) -> int:
    """``main(argv)`` with ctrl+c (SIGINT) pressed after ``delay`` seconds."""

    def press_ctrl_c(_signum, _frame):
        signal.raise_signal(signal.SIGINT)

    previous = signal.signal(signal.SIGALRM, press_ctrl_c)
    code = None
    # a ctrl+c landing in a collector callback (hypothesis installs one) would be
    # swallowed there as "unraisable": the collector waits until the command is done
    gc.disable()
    try:
        signal.setitimer(signal.ITIMER_REAL, delay)
        code = main(argv)
        signal.setitimer(signal.ITIMER_REAL, 0)
    except KeyboardInterrupt:
        assert code is not None, "ctrl+c escaped the command line"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        gc.enable()
        # what a ctrl+c left half-made is gone with the process in real life
        gc.collect()
    return code


def big_document(path: Path, tasks: int = 1500) -> Path:
    lines = ["Số 77-KH/UBND", "", "## KẾ HOẠCH", "", "Chuyển đổi số năm 2026", "",
             "TT\tTên nhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành"]
    for s in range(1, 11):
        lines.append(f"<b>{'I II III IV V VI VII VIII IX X'.split()[s - 1]}</b>\t<b>Nhóm nhiệm vụ {s}</b>\t\t")
        lines += [f"{t}\tNhiệm vụ số {s}.{t}: tập huấn kỹ năng số\tCông an phường\tQuý {t % 4 + 1}/2026" for t in range(1, tasks // 10 + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


needs_alarm = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="SIGALRM timers are POSIX")
DELAYS = (0.002, 0.01, 0.03, 0.06, 0.1, 0.2, 0.4)


@needs_alarm
def test_ctrl_c_during_an_import_leaves_the_database_as_it_was(tmp_path, capsys):
    document = big_document(tmp_path / "lon.txt")
    seen = set()
    for delay in DELAYS:
        db = tmp_path / f"{delay}" / "cdstui.db"
        assert main(["import", str(SEED_000), "--db", str(db)]) == 0
        before = content(db)
        code = _interrupted(["import", str(document), "--db", str(db)], delay)
        err = capsys.readouterr().err
        assert code in (0, 130) and "Traceback" not in err
        after = content(db)
        rows = sum(line.startswith('INSERT INTO "rows"') for line in after)
        if after == before:
            seen.add(code)
            assert code == 130
        else:  # imported whole (a ctrl+c after the commit still says 130), never in part
            assert rows == sum(line.startswith('INSERT INTO "rows"') for line in before) + 1510
    assert 130 in seen


@needs_alarm
def test_ctrl_c_during_an_export_never_leaves_an_unrecorded_report(tmp_path, capsys):
    db = tmp_path / "cdstui.db"
    assert main(["import", str(big_document(tmp_path / "lon.txt", 3000)), "--db", str(db)]) == 0
    seen = set()
    for n, delay in enumerate(DELAYS):
        out_dir = tmp_path / f"out{n}"
        out_dir.mkdir()
        code = _interrupted(
            ["export", "--db", str(db), "--period", f"2026-Q{n % 4 + 1}", "--refresh", "-o", str(out_dir), "--today", "2026-09-20"],
            delay,
        )
        assert code in (0, 130)
        seen.add(code)
        capsys.readouterr()
        files = sorted(p.name for p in out_dir.iterdir())
        conn = sqlite3.connect(str(db))
        recorded = [Path(r[0]).name for r in conn.execute("SELECT file FROM submissions WHERE file LIKE ?", [f"{out_dir}%"])]
        conn.close()
        assert files == recorded, (delay, code)
    assert 130 in seen


@needs_alarm
def test_ctrl_c_during_a_restore_leaves_one_database_or_the_other(tmp_path, capsys):
    db = tmp_path / "cdstui.db"
    assert main(["import", str(SEED_000), "--db", str(db)]) == 0
    capsys.readouterr()
    earlier = bk.make_backup(db)
    assert main(["import", str(big_document(tmp_path / "lon.txt")), "--db", str(db)]) == 0
    capsys.readouterr()
    now, then = content(db), content(earlier)
    seen = set()
    for delay in DELAYS:
        code = _interrupted(["restore", str(earlier), "--db", str(db)], delay)
        assert code in (0, 130) and "Traceback" not in capsys.readouterr().err
        seen.add(code)
        after = content(db)
        assert after in (now, then)
        if code == 0:
            assert after == then
        if after == then:  # put the later content back for the next try
            code = main(["restore", str(bk.list_backups(db)[-1]), "--db", str(db)])
            assert code == 0, capsys.readouterr().err
            states = [(p.name, "now" if content(p) == now else "then" if content(p) == then else "other") for p in bk.list_backups(db)]
            assert content(db) == now, (delay, states)
    assert 130 in seen
