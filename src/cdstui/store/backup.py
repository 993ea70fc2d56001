"""Backups of the database and restoring one, through SQLite's online backup API.

Never a file copy: in WAL mode committed data may still sit in ``-wal``.
Backups go to ``<db dir>/backups/cdstui-YYYYMMDD-HHMMSS[-reason].db``
(a counter is added when two are made in the same second), written under a
temporary name and renamed into place; only the newest ``backup_keep``
(setting, default 20) are kept.

Automatic backups (see ``cdstui.workspace``): before every import, before a
restore, before a migration of an existing database, and on the first start
of each day (the marker is the newest backup's date).

A restore replaces the database only while no other program has it open: it
holds SQLite's exclusive lock from the backup of the current content to the
end of the copy. An old backup that cannot be deleted (Windows refuses to
delete a file another program holds) stays, is reported, and is tried again
next time.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from cdstui.store.base import BUSY_TIMEOUT_MS, StoreError, connect, explain, is_busy
from cdstui.store.version import MIGRATIONS, SCHEMA_VERSION

Warn = Callable[[str], None]
# How long a restore waits for another program to let the database go.
RESTORE_WAIT_MS = 2000

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


def _new_name(folder: Path, reason: str) -> Path:
    """``cdstui-YYYYMMDD-HHMMSS[-n][-reason].db``, unused. The counter goes up
    within a second whatever the reason, so that names sort in the order the
    backups were made (the newest last)."""
    now = datetime.now()
    day, second = now.strftime("%Y%m%d"), now.strftime("%H%M%S")
    taken = [
        int(m.group(3) or 0)
        for p in folder.iterdir()
        if (m := _NAME.match(p.name)) and (m.group(1), m.group(2)) == (day, second)
    ]
    n = max(taken) + 1 if taken else 0
    suffix = f"-{_slug(reason)}" if _slug(reason) else ""
    return folder / f"cdstui-{day}-{second}{f'-{n}' if n else ''}{suffix}.db"


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


def _backup_into(source: sqlite3.Connection, dst: Path) -> None:
    """Copy the database of ``source`` page by page into ``dst`` (online backup API)."""
    target = sqlite3.connect(str(dst))
    try:
        _copy(source, target)
        # a backup is a single self-contained file: no -wal beside it
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()


def make_backup(db_path: str | Path, reason: str = "", *, keep: int | None = None, warn: Warn | None = None) -> Path:
    """Back up the database; return the backup's path. Raises StoreError.

    ``warn`` hears what did not stop the backup (an old backup that could not
    be deleted)."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise StoreError(f"Không có cơ sở dữ liệu {db_path} để sao lưu.")
    try:
        source = connect(db_path)
    except sqlite3.Error as exc:
        raise explain(exc, db_path) from exc
    try:
        final = _backup_from(source, db_path, reason)
    finally:
        source.close()
    prune(db_path, keep if keep is not None else backup_keep(db_path), warn=warn)
    return final


def _backup_from(source: sqlite3.Connection, db_path: Path, reason: str) -> Path:
    """Write the content of ``source`` (the database ``db_path``) as a new backup."""
    folder = backup_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        final = _new_name(folder, reason)
        tmp = folder / f".{final.name}.{os.getpid()}.tmp"
        try:
            _backup_into(source, tmp)
            os.replace(tmp, final)
        finally:
            for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                if leftover.exists():
                    leftover.unlink()
    except sqlite3.DatabaseError as exc:
        raise explain(exc, db_path) from exc
    except OSError as exc:
        raise StoreError(
            f"Không tạo được bản sao lưu trong {folder}: {exc.strerror or exc}. "
            "Cơ sở dữ liệu vẫn nguyên như trước."
        ) from exc
    return final


def prune(db_path: str | Path, keep: int, *, warn: Warn | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups; return those deleted.

    A backup that cannot be deleted (held open by another program, which
    Windows refuses) stays until the next backup; ``warn`` is told."""
    backups = list_backups(db_path)
    deleted = []
    for p in backups[: max(0, len(backups) - max(1, keep))]:
        try:
            p.unlink()
        except OSError as exc:
            if warn is not None:
                warn(
                    f"Không xóa được bản sao lưu cũ {p} ({exc.strerror or exc}; có thể đang được mở ở chương trình khác). "
                    "Bản sao lưu mới vẫn được tạo; bản cũ sẽ được xóa ở lần sao lưu sau."
                )
            continue
        deleted.append(p)
    return deleted


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
        _check_not_newer(conn, file)
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(f"Tệp {file} là cơ sở dữ liệu cdstui nhưng đã hỏng ({check}).")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"Tệp {file} không phải là cơ sở dữ liệu cdstui hoặc đã hỏng ({exc}).") from exc
    finally:
        conn.close()


def _check_not_newer(conn: sqlite3.Connection, file: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    names = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'cdstui'")]
    unknown = [n for n in names if n not in MIGRATIONS]
    if version > SCHEMA_VERSION or unknown:
        what = f"lược đồ {version}" if version > SCHEMA_VERSION else f"nâng cấp «{unknown[0]}»"
        raise StoreError(
            f"Tệp {file} là bản sao lưu của phiên bản mới hơn của cdstui ({what}; phiên bản này đọc được "
            f"đến lược đồ {SCHEMA_VERSION}). Hãy cập nhật cdstui rồi khôi phục lại; chưa có gì thay đổi."
        )


class _Broken(Exception):
    """The database file is not a readable SQLite database."""


def _in_use(db_path: Path) -> StoreError:
    return StoreError(
        f"Cơ sở dữ liệu {db_path} đang được mở ở chương trình khác (một cửa sổ cdstui, hoặc chương trình "
        "xem SQLite). Hãy đóng chương trình đang sử dụng nó rồi khôi phục lại; chưa có gì thay đổi."
    )


def _lock(db_path: Path, timeout_ms: int) -> sqlite3.Connection:
    """A connection holding the database's exclusive lock until it is closed.

    In WAL mode every open connection holds a shared lock for as long as it
    is open, so the lock is refused while any other program (or window) has
    the database open, not only while it writes. Raises StoreError (in use)
    or ``_Broken``.
    """
    try:
        conn = connect(db_path, timeout_ms)
    except sqlite3.Error as exc:
        raise explain(exc, db_path) from exc
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_busy(exc):
            raise _in_use(db_path) from exc
        text = str(exc).lower()
        if "not a database" in text or "malformed" in text or "encrypted" in text:
            raise _Broken() from exc
        raise explain(exc, db_path) from exc
    if check != "ok":
        conn.close()
        raise _Broken()
    return conn


def _copy_file_into(file: Path, target: sqlite3.Connection, db_path: Path, timeout_ms: int) -> None:
    try:
        source = connect(file)
        try:
            _copy(source, target, timeout_ms)
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise explain(exc, db_path) from exc


def _set_aside(db_path: Path) -> Path:
    """Move a broken database file (with its -wal/-shm) into the backups folder."""
    folder = backup_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _new_name(folder, "broken")
        os.replace(db_path, target)
        for ext in ("-wal", "-shm"):
            side = Path(f"{db_path}{ext}")
            if side.exists():
                os.replace(side, Path(f"{target}{ext}"))
    except OSError as exc:
        raise StoreError(f"Không chuyển được tệp hỏng {db_path} sang {folder}: {exc.strerror or exc}.") from exc
    return target


def restore(db_path: str | Path, file: str | Path, *, timeout_ms: int = RESTORE_WAIT_MS) -> Path | None:
    """Replace the database's content with the backup ``file``.

    Refuses (StoreError, nothing touched) a file that is not a cdstui
    database, a backup of a newer cdstui, and a database that another program
    has open. Backs up the current database first and returns that backup's
    path (None when there was no database yet); a database too damaged to be
    backed up is moved aside into the backups folder instead. The content is
    written through the backup API while the exclusive lock is held.
    """
    db_path, file = Path(db_path), Path(file)
    check_cdstui_database(file)
    if db_path.exists() and file.resolve() == db_path.resolve():
        raise StoreError(f"Tệp {file} chính là cơ sở dữ liệu đang dùng.")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Không tạo được thư mục {db_path.parent}: {exc.strerror or exc}.") from exc
    previous = None
    existed = db_path.is_file() and db_path.stat().st_size > 0
    try:
        target = _lock(db_path, timeout_ms)
    except _Broken:
        previous = _set_aside(db_path)
        target = _lock(db_path, timeout_ms)
    try:
        if existed and previous is None:
            previous = _backup_from(target, db_path, "restore")
        _copy_file_into(file, target, db_path, timeout_ms)
    finally:
        target.close()
    if existed:
        prune(db_path, backup_keep(db_path))
    return previous
