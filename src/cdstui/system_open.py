"""Open a file with the system's own viewer (an evidence PDF, a scanned decision).

Windows: ``os.startfile``; macOS: ``open``; elsewhere ``xdg-open``. The viewer
is started without a shell and not waited for. Nothing here raises: a
missing file or viewer comes back as a Vietnamese message for the officer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["open_with_system"]


def _opener() -> str:
    return "open" if sys.platform == "darwin" else "xdg-open"


def open_with_system(path: str | Path) -> str | None:
    """Start the system viewer on ``path``; None when started, else why not (Vietnamese)."""
    target = Path(path).resolve()
    if not target.is_file():
        return f"Không tìm thấy tệp {target}."
    try:
        if sys.platform == "win32":
            os.startfile(str(target))  # type: ignore[attr-defined]  # Windows only
            return None
        command = shutil.which(_opener())
        if command is None:
            return f"Không mở được tệp {target}: máy không có chương trình «{_opener()}» để mở tệp."
        subprocess.Popen(  # noqa: S603 - a fixed program and one path argument, no shell
            [command, str(target)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        return f"Không mở được tệp {target}: {exc.strerror or exc}."
    return None
