"""Where things live: the default database, the embedded plan, the settings file."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_PLAN_NAME = "ba-ngoi_32-KH-DU_2026.toml"
SETTINGS_FILE = "cdstui.toml"


def settings_path_for(db_path: Path) -> Path:
    """The settings file sits beside the database: ``<db dir>/cdstui.toml``."""
    return Path(db_path).parent / SETTINGS_FILE


def default_db_path() -> Path:
    """``CDSTUI_DB`` if set, else ``data/cdstui.db`` of the working folder."""
    env = os.environ.get("CDSTUI_DB")
    if env:
        return Path(env)
    return Path.cwd() / "data" / "cdstui.db"


def default_plan_file() -> Path:
    """The embedded default plan (seed 000 as a TOML plan file).

    Installed wheels carry it inside the package; a source checkout (editable
    install) reads it from the repository's ``data/`` folder.
    """
    packaged = Path(__file__).with_name("default_plan.toml")
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "data" / DEFAULT_PLAN_NAME


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file in ``path``'s folder, flushed to disk, then
    rename it into place: a reader sees the old file or the new one, never half."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
