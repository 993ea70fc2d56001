"""Backups of the database and restoring one, through SQLite's online backup API.

Never a file copy: in WAL mode committed data may still sit in ``-wal``.
Backups go to ``<db dir>/backups/cdstui-YYYYMMDD-HHMMSS[-reason].db``
(a counter is added when two are made in the same second), written under a
temporary name and renamed into place; only the newest ``backup_keep``
(setting, default 20) are kept.

Automatic backups (see ``cdstui.workspace``): before every import, before a
restore, before a migration of an existing database, and on the first start
of each day (the marker is the newest backup's date).
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

from cdstui.store.store import BUSY_TIMEOUT_MS, StoreError, _explain

BACKUP_DIR = "backups"
DEFAULT_KEEP = 20
_NAME = re.compile(r"^cdstui-(\d{8})-(\d{6})(?:-(\d+))?(?:-([a-z0-9-]+?))?\.db$")


def backup_dir(db_path: str | Path) -> Path:
    return Path(db_path).parent / BACKUP_DIR


def backup_keep(db_path: str | Path) -> int:
    """``backup_keep`` from the settings beside the database (20 by default)."""
    try:
        from cdstui.settings import load_settings, settings_path_for

        keep = load_settings(settings_path_for(Path(db_path))).backup_keep
    except Exception:  # noqa: BLE001 - unreadable settings must not stop a backup
        return DEFAULT_KEEP
    return keep if isinstance(keep, int) and keep > 0 else DEFAULT_KEEP


def _slug(reason: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def list_backups(db_path: str | Path) -> list[Path]:
    """Backups of the database, oldest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if m:
            found.append(((m.group(1), m.group(2), int(m.group(3) or 0), p.stat().st_mtime_ns), p))
    return [p for _key, p in sorted(found)]


def backup_date(path: Path) -> date | None:
    m = _NAME.match(path.name)
    return datetime.strptime(m.group(1), "%Y%m%d").date() if m else None


def newest_backup_date(db_path: str | Path) -> date | None:
    backups = list_backups(db_path)
    return backup_date(backups[-1]) if backups else None


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """``source.backup(target)``, giving up when the database stays locked.

    Python's ``Connection.backup`` retries a busy database for ever; the
    progress callback stops it after ``timeout_ms`` with "database is locked".
    """
    deadline = time.monotonic() + timeout_ms / 1000

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (5, 6) and time.monotonic() >= deadline:  # SQLITE_BUSY, SQLITE_LOCKED
            raise sqlite3.OperationalError("database is locked")

    source.backup(target, progress=progress)


def _backup_into(src: Path, dst: Path) -> None:
    """Copy the database ``src`` page by page into ``dst`` (online backup API)."""
    source = _connect(src)
    try:
        target = sqlite3.connect(str(dst))
        try:
            _copy(source, target)
            # a backup is a single self-contained file: no -wal beside it
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    finally:
        source.close()


def make_backup(db_path: str | Path, reason: str = "", *, keep: int | None = None) -> Path:
    """Back up the database; return the backup's path. Raises StoreError."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise StoreError(f"Không có cơ sở dữ liệu {db_path} để sao lưu.")
    folder = backup_dir(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = f"-{_slug(reason)}" if _slug(reason) else ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        n = 0
        while True:
            counter = f"-{n}" if n else ""
            final = folder / f"cdstui-{stamp}{counter}{suffix}.db"
            if not final.exists():
                break
            n += 1
        tmp = folder / f".{final.name}.{os.getpid()}.tmp"
        try:
            _backup_into(db_path, tmp)
            os.replace(tmp, final)
        finally:
            for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                if leftover.exists():
                    leftover.unlink()
    except sqlite3.DatabaseError as exc:
        raise _explain(exc, db_path) from exc
    except OSError as exc:
        raise StoreError(
            f"Không tạo được bản sao lưu trong {folder}: {exc.strerror or exc}. "
            "Cơ sở dữ liệu vẫn nguyên như trước."
        ) from exc
    prune(db_path, keep if keep is not None else backup_keep(db_path))
    return final


def prune(db_path: str | Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; return those deleted."""
    backups = list_backups(db_path)
    gone = backups[: max(0, len(backups) - max(1, keep))]
    for p in gone:
        try:
            p.unlink()
        except OSError:  # pragma: no cover - a locked file stays; next time
            pass
    return gone


def check_cdstui_database(file: str | Path) -> None:
    """Raise StoreError (Vietnamese, naming the file) unless ``file`` is a
    sound cdstui database: SQLite, with our tables and migrations."""
    file = Path(file)
    if not file.is_file():
        raise StoreError(f"Không tìm thấy tệp {file}.")
    with open(file, "rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        raise StoreError(f"Tệp {file} không phải là cơ sở dữ liệu cdstui (không phải tệp SQLite).")
    try:
        conn = sqlite3.connect(str(file))
    except sqlite3.Error as exc:
        raise StoreError(f"Không mở được tệp {file}: {exc}") from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = {"plans", "plan_tables", "rows", "history", "_sqlite_migrations"} - tables
        if missing:
            raise StoreError(
                f"Tệp {file} không phải là cơ sở dữ liệu cdstui (thiếu bảng {', '.join(sorted(missing))})."
            )
        applied = conn.execute(
            "SELECT COUNT(*) FROM _sqlite_migrations WHERE migration_set = 'cdstui'"
        ).fetchone()[0]
        if not applied:
            raise StoreError(f"Tệp {file} không phải là cơ sở dữ liệu cdstui (không có lịch sử nâng cấp).")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(f"Tệp {file} là cơ sở dữ liệu cdstui nhưng đã hỏng ({check}).")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"Tệp {file} không phải là cơ sở dữ liệu cdstui hoặc đã hỏng ({exc}).") from exc
    finally:
        conn.close()


def _is_broken(path: Path) -> bool:
    """The file is not a readable SQLite database (so it cannot be backed up)."""
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return True
        conn = sqlite3.connect(str(path))
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True
    except OSError:
        return False


def _set_aside(db_path: Path) -> Path:
    """Move a broken database file (with its -wal/-shm) into the backups folder."""
    folder = backup_dir(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        n = 0
        while (target := folder / f"cdstui-{stamp}{f'-{n}' if n else ''}-broken.db").exists():
            n += 1
        os.replace(db_path, target)
        for ext in ("-wal", "-shm"):
            side = Path(f"{db_path}{ext}")
            if side.exists():
                os.replace(side, Path(f"{target}{ext}"))
    except OSError as exc:
        raise StoreError(f"Không chuyển được tệp hỏng {db_path} sang {folder}: {exc.strerror or exc}.") from exc
    return target


def restore(db_path: str | Path, file: str | Path, *, timeout_ms: int = BUSY_TIMEOUT_MS) -> Path | None:
    """Replace the database's content with the backup ``file``.

    Refuses (StoreError) a file that is not a cdstui database, leaving the
    database untouched. Backs up the current database first and returns that
    backup's path (None when there was no database yet). The content is
    written through the backup API, so other connections and the WAL stay
    consistent.
    """
    db_path, file = Path(db_path), Path(file)
    check_cdstui_database(file)
    if db_path.exists() and file.resolve() == db_path.resolve():
        raise StoreError(f"Tệp {file} chính là cơ sở dữ liệu đang dùng.")
    previous = None
    if db_path.is_file() and db_path.stat().st_size:
        try:
            previous = make_backup(db_path, "restore")
        except StoreError:
            if not _is_broken(db_path):
                raise  # in use, disk full…: nothing is touched
            previous = _set_aside(db_path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        source = _connect(file)
        try:
            target = _connect(db_path)
            try:
                _copy(source, target, timeout_ms)
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise _explain(exc, db_path) from exc
    except OSError as exc:
        raise StoreError(f"Không ghi được {db_path}: {exc.strerror or exc}.") from exc
    return previous
