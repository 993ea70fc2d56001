"""The bottom of the store: one SQLite connection, its transactions, and the
errors the officer reads.

Every other store module builds on this one and this one on nothing of the
store, so that the modules above (plans and rows, submissions, undo) import
downwards only.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from cdstui.domain.model import PLAN_FIELDS, PROGRESS_FIELDS
from cdstui.domain.text import nfc

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.domain.model import Row

BUSY_TIMEOUT_MS = 5000
# SQLite's Unix VFS refuses a longer full path (its MAX_PATHNAME, with room for "-wal")
MAX_PATH_BYTES = 500

# The columns of a row, in the order of ``Row``'s fields (path apart).
ROW_FIELDS = (
    "kind",
    "code",
    "title",
    "lead",
    "partners",
    "deadline",
    "output",
    "note",
    "unit",
    "target",
    "status",
    "completion",
    "result",
    "actual",
    "verdict",
    "source_line",
)
EDITABLE_FIELDS = tuple(dict.fromkeys(PLAN_FIELDS + PROGRESS_FIELDS))


class StoreError(Exception):
    """A database problem explained for the officer (Vietnamese)."""


class StaleWrite(StoreError):
    """A write refused because the row is no longer what the writer saw:
    another program changed it, or it no longer belongs to the plan (after a
    restore or a re-import). Nothing was written.

    ``row`` is the row as it is now (None when it is gone); ``current`` holds
    the present values of the fields that no longer agree.
    """

    def __init__(self, message: str, *, row_id: int, row: "Row | None" = None, current: dict[str, Any] | None = None):
        super().__init__(message)
        self.row_id = row_id
        self.row = row
        self.current = dict(current or {})


@dataclass
class Change:
    row_id: int
    field: str
    old: Any
    new: Any


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def db_value(field_name: str, value: Any) -> Any:
    """A field's value as stored: text NFC, the verdict 0/1/NULL."""
    if field_name == "verdict":
        return None if value is None else int(bool(value))
    if isinstance(value, str):
        return nfc(value)
    return value


def py_value(field_name: str, value: Any) -> Any:
    """A stored value back as the model holds it."""
    if field_name == "verdict":
        return None if value is None else bool(value)
    return value


def same_value(field_name: str, stored: Any, value: Any) -> bool:
    """Does the stored value equal ``value``? An empty text and none are the same."""
    a, b = stored, db_value(field_name, value)
    if field_name != "verdict":
        a, b = ("" if a is None else a), ("" if b is None else b)
    return a == b


def history_text(value: Any) -> str | None:
    """History keeps values as text (None stays NULL)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def history_value(field_name: str, text: str | None) -> Any:
    """A value of the history back as the model holds it."""
    if field_name == "verdict":
        return None if text is None else text == "1"
    return text


def is_fault(exc: BaseException) -> bool:
    """A SQLite failure of the environment, not of our own SQL or data."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(
        exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)
    )


def is_busy(exc: BaseException) -> bool:
    """SQLite says another connection holds the lock it needs."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def explain(exc: sqlite3.DatabaseError, path: Path) -> StoreError:
    """A SQLite fault as a Vietnamese ``StoreError`` naming the database."""
    text = str(exc).lower()
    if is_busy(exc):
        return StoreError(
            f"Cơ sở dữ liệu {path} đang được một chương trình khác sử dụng. "
            "Hãy đóng cửa sổ cdstui kia rồi thử lại."
        )
    if "full" in text:
        return StoreError(
            f"Không ghi được vào {path}: ổ đĩa đã đầy. Dữ liệu chưa lưu thay đổi này, "
            "cơ sở dữ liệu vẫn nguyên như trước. Hãy giải phóng dung lượng rồi thử lại."
        )
    if "disk i/o" in text:
        return StoreError(
            f"Lỗi đọc/ghi đĩa với {path}. Thay đổi chưa được lưu; "
            "hãy kiểm tra ổ đĩa (hoặc thẻ nhớ/USB) rồi thử lại."
        )
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return StoreError(f"Tệp {path} không phải là cơ sở dữ liệu cdstui (hoặc đã hỏng).")
    if "unable to open" in text and len(str(path).encode("utf-8")) > MAX_PATH_BYTES:
        return StoreError(
            f"Không mở được {path}: đường dẫn quá dài cho SQLite ({len(str(path))} ký tự). "
            "Hãy đặt cơ sở dữ liệu trong một thư mục có đường dẫn ngắn hơn."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreError(
            f"Không ghi được vào {path}: tệp hoặc thư mục chỉ đọc, hoặc không tồn tại. "
            "Cơ sở dữ liệu vẫn nguyên như trước."
        )
    return StoreError(f"Lỗi cơ sở dữ liệu {path}: {exc}")


def connect(path: Path, timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    """A connection in autocommit mode: transactions are only those we begin.

    It belongs to the thread that opened it (sqlite3's default check): a
    worker thread opens its own.
    """
    conn = sqlite3.connect(str(path), timeout=timeout_ms / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
    return conn


class StoreBase:
    """One database file through one connection, with transactions."""

    def __init__(self, path: str | Path, *, timeout_ms: int = BUSY_TIMEOUT_MS):
        self.path = Path(path)
        try:
            conn = connect(self.path, timeout_ms)
        except sqlite3.Error as exc:  # e.g. the folder is missing
            raise explain(exc, self.path) from exc
        self._conn = conn
        self._depth = 0  # transaction nesting: 0 outside, 1 in the transaction, >1 in savepoints
        self._batch: int | None = None  # the undo step of the open transaction, once asked for
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise explain(exc, self.path) from exc

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    def close(self) -> None:
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def data_version(self) -> int:
        """A number that changes when another connection commits to the
        database (never for this connection's own commits): a cheap "has
        someone else written since?" check."""
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def integrity_check(self) -> str:
        return self._conn.execute("PRAGMA integrity_check").fetchone()[0]

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; a savepoint when nested.

        ``BEGIN IMMEDIATE`` takes the write lock at once, waiting up to the
        busy timeout while another program writes, so that a waiting save
        succeeds once the other one commits. On any exception the transaction
        (or the savepoint) is rolled back and the database is as it was;
        SQLite faults (in use, read-only, disk full, I/O) become a Vietnamese
        ``StoreError``, constraint violations (programming errors) pass
        through unchanged.
        """
        if self._depth:
            with self._savepoint():
                yield
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise explain(exc, self.path) from exc
        self._depth, self._batch = 1, None
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:
                try:
                    self._conn.rollback()
                except sqlite3.Error:  # pragma: no cover - connection gone
                    pass
            if is_fault(exc):
                raise explain(exc, self.path) from exc
            raise
        finally:
            self._depth, self._batch = 0, None

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        self._depth += 1
        name = f"cdstui_sp{self._depth}"
        self._conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            # an error may have ended the whole transaction already
            if self._conn.in_transaction:
                self._conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self._conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self._conn.execute(f"RELEASE SAVEPOINT {name}")
        finally:
            self._depth -= 1

    def current_batch(self) -> int:
        """The undo step of the open transaction: every history entry written
        in one transaction shares it. Only inside ``transaction()``."""
        if not self._depth:
            raise RuntimeError("current_batch() outside a transaction")
        if self._batch is None:
            self._batch = self._conn.execute("SELECT COALESCE(MAX(batch), 0) + 1 FROM history").fetchone()[0]
        return self._batch
