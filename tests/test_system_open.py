"""The system viewer, for real: a fake ``xdg-open`` on PATH records what it was asked to open."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from cdstui.system_open import open_with_system

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="xdg-open is the viewer elsewhere")


def fake_viewer(bin_dir: Path, record: Path) -> None:
    bin_dir.mkdir()
    script = bin_dir / "xdg-open"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{record}.tmp" && mv "{record}.tmp" "{record}"\n')
    script.chmod(0o755)


def recorded(record: Path) -> str:
    """What the fake viewer wrote (it runs on its own: wait for it, up to a deadline)."""
    deadline = time.monotonic() + 20
    while not record.exists():
        assert time.monotonic() < deadline, "the viewer was not started"
        time.sleep(0.01)
    return record.read_text()


def test_the_viewer_gets_the_absolute_path(tmp_path, monkeypatch):
    record = tmp_path / "opened.txt"
    fake_viewer(tmp_path / "bin", record)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    folder = tmp_path / "Hồ sơ"
    folder.mkdir()
    (folder / "Kế hoạch 12.pdf").write_bytes(b"%PDF-1.4")
    monkeypatch.chdir(folder)
    assert open_with_system("Kế hoạch 12.pdf") is None
    assert recorded(record) == str(folder / "Kế hoạch 12.pdf")


def test_a_missing_file_is_a_message(tmp_path):
    message = open_with_system(tmp_path / "khong-co.pdf")
    assert message is not None and "Không tìm thấy tệp" in message and "khong-co.pdf" in message


def test_no_viewer_is_a_message(tmp_path, monkeypatch):
    (tmp_path / "a.pdf").write_bytes(b"x")
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    message = open_with_system(tmp_path / "a.pdf")
    assert message is not None and "xdg-open" in message
