"""The app in a real terminal (tmux): search without diacritics, cycle a status, quit.

The app runs from this source tree (its folder on PYTHONPATH, passed to the
tmux session explicitly: a tmux server started earlier keeps its own environment).
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import cdstui
from cdstui.store import Store
from cdstui.workspace import open_database

pytestmark = pytest.mark.slow


def _snapshot(db) -> dict[int, tuple]:
    with Store.open(db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        return {r.id: (r.status, r.completion, r.result, r.note, r.title) for r in plan.rows()}


def _capture(session: str) -> str:
    out = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True)
    return out.stdout


def _wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _capture(session)
        if text in screen:
            return screen
        time.sleep(0.05)  # polling the pane, not a fixed wait
    raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{screen}")


def _wait_for_exit(session: str, done_file: Path, timeout: float = 20.0) -> None:
    """The app has ended with status 0 (the shell wrote it to ``done_file``)."""
    deadline = time.monotonic() + timeout
    while not done_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # polling for the exit status
    assert done_file.exists(), _capture(session)
    assert done_file.read_text().strip() == "0"


def _command(db) -> str:
    source = Path(cdstui.__file__).resolve().parents[1]
    env = f"PYTHONPATH={shlex.quote(str(source))} CDSTUI_TODAY=2026-11-25 TERM=xterm-256color"
    return f"{env} {shlex.quote(sys.executable)} -m cdstui --db {shlex.quote(str(db))}"


def test_search_status_quit_in_tmux(tmp_path):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (apt-get install tmux); .ci/run installs it")
    db = tmp_path / "term.db"
    open_database(db).close()
    before = _snapshot(db)
    session = f"cdstui-test-{uuid.uuid4().hex[:8]}"
    done_file = tmp_path / "exit-status"
    shell = f"{_command(db)}; echo $? > {shlex.quote(str(done_file))}"
    try:
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", shell],
            check=True,
            cwd=tmp_path,
        )
        _wait_for(session, "Nhiệm vụ đột phá")
        # typed in one go: the letters after "/" go to the search, not to the list's keys
        subprocess.run(["tmux", "send-keys", "-t", session, "-l", "/ha tang so"], check=True)
        _wait_for(session, "Tìm: «ha tang so»")
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        # the list has the focus again when its keys come back in the footer
        _wait_for(session, "s Đổi tình trạng")
        subprocess.run(["tmux", "send-keys", "-t", session, "s"], check=True)
        _wait_for(session, "Đang triển khai")
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        _wait_for_exit(session, done_file)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    after = _snapshot(db)
    changed = [rid for rid in after if after[rid] != before.get(rid)]
    assert len(changed) == 1, json.dumps({rid: [before.get(rid), after[rid]] for rid in changed}, ensure_ascii=False)
    (rid,) = changed
    status, *_rest, title = after[rid]
    assert "hạ tầng số" in title.lower()
    assert status == "in_progress" and before[rid][0] == "not_started"


def _keys(session: str, *keys: str) -> None:
    """Keys sent in one go (tmux writes them to the terminal together): a burst."""
    subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)


def test_issue_11_in_tmux(tmp_path):
    """Issue 11 items 1-4 as the officer meets them in a real terminal: switching to a
    plan without tasks, another program's write before s, a burst of keys after Enter,
    and ctrl+q with unsaved typing."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (apt-get install tmux); .ci/run installs it")
    from cdstui.importers import read_document

    db = tmp_path / "term.db"
    open_database(db).close()
    with Store.open(db) as store:
        store.import_plan(read_document(next((Path(__file__).parents[1] / "fixtures" / "seeds").glob("002_*.txt"))))
        ii1 = next(r for r in store.load_plan(1).tasks() if r.path == ["II"] and r.code == "1")
    session = f"cdstui-test-{uuid.uuid4().hex[:8]}"
    done_file = tmp_path / "exit-status"
    shell = f"{_command(db)}; echo $? > {shlex.quote(str(done_file))}"
    try:
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", shell], check=True, cwd=tmp_path)
        _wait_for(session, "Nhiệm vụ đột phá")
        # 1. the plan of seed 002 (indicators, no task) opens and says so; then back
        _keys(session, "p")
        _wait_for(session, "Chọn kế hoạch")
        _keys(session, "Down", "Enter")
        _wait_for(session, "chỉ có 24 chỉ tiêu: nhấn i")
        _keys(session, "p")
        _wait_for(session, "Chọn kế hoạch")
        _keys(session, "Up", "Enter")
        _wait_for(session, "Nhiệm vụ đột phá")
        _keys(session, "-l", "/xay dung ke hoach chuyen")
        _wait_for(session, "1 nhiệm vụ khớp")
        _keys(session, "Enter")
        _wait_for(session, "s Đổi tình trạng")
        # 4. an agency's workbook imported meanwhile sets II.1 done; s right after
        with Store.open(db) as other:
            other.update_row(ii1.id, {"status": "done", "completion": "100%"}, origin="agency")
        _keys(session, "s")
        _wait_for(session, "vừa được cập nhật ở nơi khác")
        with Store.open(db) as store:
            status = store.get_row(ii1.id).status
        # never "Đang triển khai" computed from the screen's old "Chưa triển khai"
        assert status in ("done", "not_started"), status
        # 3. Enter, Tab and the figures in one go: they land in the completion field
        _keys(session, "Enter", "Tab", "5", "0")
        _wait_for(session, "Nhiệm vụ II.1")
        # 2. ctrl+q with that unsaved typing asks; Enter answers "Lưu"
        _keys(session, "C-q")
        _wait_for(session, "Lưu trước khi thoát")
        _keys(session, "Enter")
        _wait_for_exit(session, done_file)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    with Store.open(db) as store:
        row = store.get_row(ii1.id)
        origins = [h["origin"] for h in store.history(ii1.id)]
    assert row.completion == "50%", (row.completion, origins)
    assert origins[:2] == ["agency", "agency"]
