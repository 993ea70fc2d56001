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
        deadline = time.monotonic() + 20
        while not done_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # polling for the exit status
        assert done_file.exists(), _capture(session)
        assert done_file.read_text().strip() == "0"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    after = _snapshot(db)
    changed = [rid for rid in after if after[rid] != before.get(rid)]
    assert len(changed) == 1, json.dumps({rid: [before.get(rid), after[rid]] for rid in changed}, ensure_ascii=False)
    (rid,) = changed
    status, *_rest, title = after[rid]
    assert "hạ tầng số" in title.lower()
    assert status == "in_progress" and before[rid][0] == "not_started"
