"""Evidence files kept beside the database, so that its folder travels whole.

A file the officer attaches to a progress entry is copied into the
``evidence/`` folder next to the database and stored as a path relative to
the database's folder ("evidence/2026-09-15_Ke-hoach-12.pdf", forward
slashes on every system). The copy is written under a temporary name and
then linked (or renamed) to a name no other file has, so that a half-copied
file never carries a real name and an existing one is never overwritten.
Names keep their Vietnamese letters where the file system takes them, and
lose what Windows forbids.

Files are never deleted here once an entry refers to them: removing an
entry keeps its history, and its file with it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

__all__ = ["EVIDENCE_DIR", "copy_evidence", "discard_evidence", "evidence_path", "is_stored", "safe_file_name"]

EVIDENCE_DIR = "evidence"
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_MAX_STEM = 80


def evidence_path(db_path: str | Path, relative: str) -> Path:
    """The file a stored relative path names (for the system viewer)."""
    return Path(db_path).parent / Path(*relative.split("/"))


def is_stored(db_path: str | Path, name: str) -> bool:
    """Is ``name`` a path already kept in the evidence folder ("evidence/…" that exists)?"""
    return name.replace("\\", "/").startswith(f"{EVIDENCE_DIR}/") and evidence_path(db_path, name).is_file()


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if ord(ch) < 128)


def _encodable(name: str) -> bool:
    try:
        os.fsencode(name)
    except UnicodeEncodeError:
        return False
    return True


def safe_file_name(name: str, day: date | None = None) -> str:
    """A file name any system takes: forbidden characters and spaces become
    "-", Vietnamese letters kept when the file system can encode them,
    "2026-09-15_" in front when a day is given."""
    text = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    stem, dot, suffix = text.rpartition(".")
    if not dot or not stem:
        stem, suffix = text, ""
    suffix = re.sub(r"[^0-9A-Za-z]", "", suffix)[:10]
    stem = _FORBIDDEN.sub("-", stem)
    stem = re.sub(r"\s+", "-", stem).strip(" .-") or "tep"
    if not _encodable(stem):
        stem = _ascii(stem) or "tep"
    if stem.lower() in _RESERVED:
        stem += "_"
    stem = stem[:_MAX_STEM].rstrip(" .-")
    if day is not None:
        stem = f"{day.isoformat()}_{stem}"
    return f"{stem}.{suffix}" if suffix else stem


def _place(tmp: Path, folder: Path, name: str) -> Path:
    """Give the temporary copy a name no file has: a hard link, refused when
    the name is taken; where links are not supported, a checked rename."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    for n in range(1, 10000):
        candidate = folder / (name if n == 1 else f"{stem}-{n}{dot}{suffix}")
        try:
            os.link(tmp, candidate)
            return candidate
        except FileExistsError:
            continue
        except OSError:  # no hard links here (FAT, some network shares)
            if candidate.exists():
                continue
            os.replace(tmp, candidate)
            return candidate
    raise OSError(f"không đặt được tên cho tệp {name} trong {folder}")


def copy_evidence(db_path: str | Path, source: str | Path, *, day: date | None = None) -> str:
    """Copy ``source`` into the evidence folder; return its path relative to
    the database's folder. Raises FileNotFoundError (or another OSError) and
    leaves nothing behind when the copy fails."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(2, "không tìm thấy tệp", str(source))
    folder = Path(db_path).parent / EVIDENCE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_file_name(source.name, day)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
        placed = _place(tmp, folder, name)
    finally:
        try:
            tmp.unlink()
        except FileNotFoundError:  # renamed into place
            pass
    return f"{EVIDENCE_DIR}/{placed.name}"


def discard_evidence(db_path: str | Path, relative: str) -> None:
    """Delete a copy whose entry was never written (the write failed)."""
    try:
        evidence_path(db_path, relative).unlink()
    except OSError:
        pass
