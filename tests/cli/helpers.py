"""What the command-line tests share: running ``cdstui`` and a ward's database."""

from __future__ import annotations

from pathlib import Path

from cdstui.cli import main
from tests.conftest import SEED_000

WARDS = SEED_000.parents[1] / "wards"


def run(capsys, *argv) -> tuple[int, str, str]:
    """``cdstui ARGV`` in this process: (exit status, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def ward_database(capsys, tmp_path: Path) -> Path:
    """A database in its own folder holding seed 000, imported by the command line."""
    path = tmp_path / "ward" / "cdstui.db"
    path.parent.mkdir()
    code, _out, err = run(capsys, "import", SEED_000, "--db", path)
    assert code == 0, err
    return path
