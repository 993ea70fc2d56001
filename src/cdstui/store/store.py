"""The SQLite store: plans, their tables and rows, progress and its history.

Every write runs in one transaction; every change of a progress or plan
field is recorded in ``history`` (time, field, old, new).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Iterator

from cdstui.domain.labels import row_label
from cdstui.domain.model import PLAN_FIELDS, PROGRESS_FIELDS, Appendix, ImportReport, Plan, Row, Table
from cdstui.domain.text import fold, nfc
from cdstui.store.version import SCHEMA_VERSION

BUSY_TIMEOUT_MS = 5000

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
_VERDICT = ROW_FIELDS.index("verdict")
# load_plan builds rows positionally: Row's fields must follow ROW_FIELDS with path third
assert [f.name for f in fields(Row)][: len(ROW_FIELDS) + 1] == ["kind", "code", "path", *ROW_FIELDS[2:]]
EDITABLE_FIELDS = tuple(dict.fromkeys(PLAN_FIELDS + PROGRESS_FIELDS))
_DEFAULTS = {f: "" for f in ROW_FIELDS}
_DEFAULTS.update(status="not_started", completion=None, actual=None, verdict=None, source_line=None)


_APPENDIX = "appendix_label, appendix_title, appendix_note"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _appendix_values(table: Table) -> list[str]:
    return [nfc(table.appendix.label), nfc(table.appendix.title), nfc(table.appendix.note)]


class StoreError(Exception):
    """A database problem explained for the officer (Vietnamese)."""


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class PlanInfo:
    id: int
    number: str
    title: str
    issuer: str
    ward: str
    year: int | None
    tasks: int
    indicators: int


@dataclass
class Change:
    row_id: int
    field: str
    old: Any
    new: Any


@dataclass
class ImportOutcome:
    plan_id: int
    created: bool
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    matched: int = 0
    reworded: list[str] = field(default_factory=list)
    changed_fields: int = 0


def _to_db(field_name: str, value: Any) -> Any:
    if field_name == "verdict":
        return None if value is None else int(bool(value))
    if isinstance(value, str):
        return nfc(value)
    return value


def _from_db(field_name: str, value: Any) -> Any:
    if field_name == "verdict":
        return None if value is None else bool(value)
    return value


def _text(value: Any) -> str | None:
    """History stores values as text (None stays NULL)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class Store:
    """One cdstui database file."""

    def __init__(self, path: str | Path, *, timeout_ms: int = BUSY_TIMEOUT_MS):
        self.path = Path(path)
        try:
            conn = sqlite3.connect(str(self.path), timeout=timeout_ms / 1000, check_same_thread=False)
        except sqlite3.Error as exc:  # pragma: no cover - e.g. folder missing
            raise StoreError(f"Không mở được cơ sở dữ liệu {self.path}: {exc}") from exc
        self._conn = conn
        self._db = None  # the sqlite-utils wrapper, made on first use (see ``db``)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
            conn.execute("PRAGMA foreign_keys = ON")
            isolation, conn.isolation_level = conn.isolation_level, None
            try:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
            finally:
                conn.isolation_level = isolation
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _explain(exc, self.path) from exc

    # -- lifecycle -------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, migrate: bool = True, timeout_ms: int = BUSY_TIMEOUT_MS) -> "Store":
        store = cls(path, timeout_ms=timeout_ms)
        if migrate:
            try:
                store.migrate()
            except sqlite3.DatabaseError as exc:
                store.close()
                raise _explain(exc, store.path) from exc
        return store

    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> list[str]:
        if self.schema_version() == SCHEMA_VERSION:
            return []  # up to date: no need to load sqlite-utils' migrations
        from cdstui.store import schema

        return schema.apply(self.db)

    def pending_migrations(self) -> list[str]:
        if self.schema_version() == SCHEMA_VERSION:
            return []
        from cdstui.store import schema

        return schema.pending(self.db)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    @property
    def db(self):
        """The sqlite-utils ``Database`` on the same connection.

        Made on first use: importing sqlite-utils costs ~80 ms, which the app's
        start-up does not pay when the schema is already up to date.
        """
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self._conn, execute_plugins=False)
        return self._db

    # -- reading ----------------------------------------------------------
    def list_plans(self) -> list[PlanInfo]:
        rows = self.conn.execute(
            """
            SELECT p.id, p.number, p.title, p.issuer, p.ward, p.year,
                   SUM(r.kind = 'task') AS tasks, SUM(r.kind = 'indicator') AS indicators
            FROM plans p
            LEFT JOIN plan_tables t ON t.plan_id = p.id
            LEFT JOIN rows r ON r.table_id = t.id AND r.removed = 0
            GROUP BY p.id ORDER BY p.id
            """
        ).fetchall()
        return [PlanInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or 0, r[7] or 0) for r in rows]

    def plan_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM plans ORDER BY id")]

    def load_plan(self, plan_id: int, *, include_removed: bool = False, head: int | None = None) -> Plan:
        """The plan with its tables and rows in document order.

        ``head``: only the first ``head`` rows (all tables, the later ones
        possibly empty): enough to draw the first screen of a big plan at once.
        """
        prow = self.conn.execute(
            "SELECT id, number, title, issuer, ward, year, source, plan_date FROM plans WHERE id = ?", [plan_id]
        ).fetchone()
        if prow is None:
            raise StoreError(f"Không có kế hoạch số {plan_id} trong cơ sở dữ liệu.")
        plan = Plan(id=prow[0], number=prow[1], title=prow[2], issuer=prow[3], ward=prow[4], year=prow[5], source=prow[6])
        plan.date = date.fromisoformat(prow[7]) if prow[7] else None
        for tid, title, kind, header, *appendix in self.conn.execute(
            f"SELECT id, title, kind, header, {_APPENDIX} FROM plan_tables WHERE plan_id = ? ORDER BY ord", [plan_id]
        ):
            plan.tables.append(Table(title=title, kind=kind, header=json.loads(header), id=tid, appendix=Appendix(*appendix)))
        removed = "" if include_removed else "AND removed = 0"
        query = f"SELECT id, path, {', '.join(ROW_FIELDS)} FROM rows WHERE table_id = ? {removed} ORDER BY ord LIMIT ?"
        paths: dict[str, list[str]] = {}
        left = -1 if head is None else head  # SQLite: LIMIT -1 is no limit
        for table in plan.tables:
            if left == 0:
                break
            # table by table, in the order of the (table_id, ord) index: no sort
            rows = table.rows
            for rec in self.conn.execute(query, [table.id, left]):
                # positional, verdict the only column to convert: thousands of rows load here
                path = paths.get(rec[1])
                if path is None:
                    path = paths[rec[1]] = json.loads(rec[1])
                values = list(rec[2:])
                if values[_VERDICT] is not None:
                    values[_VERDICT] = bool(values[_VERDICT])
                rows.append(Row(values[0], values[1], list(path), *values[2:], id=rec[0]))
            if head is not None:
                left -= len(rows)
        return plan

    def get_row(self, row_id: int) -> Row:
        rec = self.conn.execute(
            f"SELECT id, path, {', '.join(ROW_FIELDS)} FROM rows WHERE id = ?", [row_id]
        ).fetchone()
        if rec is None:
            raise StoreError(f"Không có dòng số {row_id}.")
        values = {name: _from_db(name, v) for name, v in zip(ROW_FIELDS, rec[2:])}
        return Row(id=rec[0], path=json.loads(rec[1]), **values)

    def plan_of_row(self, row_id: int) -> int:
        rec = self.conn.execute(
            "SELECT t.plan_id FROM rows r JOIN plan_tables t ON t.id = r.table_id WHERE r.id = ?", [row_id]
        ).fetchone()
        if rec is None:
            raise StoreError(f"Không có dòng số {row_id}.")
        return rec[0]

    def history(self, row_id: int) -> list[dict]:
        return [
            dict(zip(("id", "at", "field", "old", "new", "origin"), r))
            for r in self.conn.execute(
                "SELECT id, at, field, old, new, origin FROM history WHERE row_id = ? ORDER BY id", [row_id]
            )
        ]

    def plan_history(self, plan_id: int) -> dict[int, list[dict]]:
        out: dict[int, list[dict]] = {}
        for r in self.conn.execute(
            """SELECT h.row_id, h.id, h.at, h.field, h.old, h.new, h.origin FROM history h
               JOIN rows r ON r.id = h.row_id JOIN plan_tables t ON t.id = r.table_id
               WHERE t.plan_id = ? ORDER BY h.id""",
            [plan_id],
        ):
            out.setdefault(r[0], []).append(dict(zip(("id", "at", "field", "old", "new", "origin"), r[1:])))
        return out

    # -- writing: progress and corrections ---------------------------------
    def update_row(self, row_id: int, changes: dict[str, Any], *, origin: str = "app") -> list[Change]:
        """Change fields of one row in one transaction, recording history.

        Only fields whose value differs are written. Returns the changes made.
        """
        with self._write():
            return self._update_row(row_id, changes, origin=origin)

    def update_rows(self, updates: Iterable[tuple[int, dict[str, Any]]], *, origin: str = "app") -> list[Change]:
        """Several rows in one transaction."""
        done: list[Change] = []
        with self._write():
            for row_id, changes in updates:
                done.extend(self._update_row(row_id, changes, origin=origin))
        return done

    def _update_row(self, row_id: int, changes: dict[str, Any], *, origin: str) -> list[Change]:
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"unknown fields: {sorted(unknown)}")
        cols = list(changes)
        rec = self.conn.execute(f"SELECT {', '.join(cols)} FROM rows WHERE id = ?", [row_id]).fetchone()
        if rec is None:
            raise StoreError(f"Không có dòng số {row_id}.")
        made: list[Change] = []
        stamp = now_iso()
        for name, old in zip(cols, rec):
            new = _to_db(name, changes[name])
            if new == old:
                continue
            made.append(Change(row_id, name, _from_db(name, old), _from_db(name, new)))
        if not made:
            return []
        assignments = ", ".join(f"{c.field} = ?" for c in made)
        self.conn.execute(
            f"UPDATE rows SET {assignments}, updated_at = ? WHERE id = ?",
            [_to_db(c.field, c.new) for c in made] + [stamp, row_id],
        )
        batch = self._batch()
        self.conn.executemany(
            "INSERT INTO history (row_id, at, field, old, new, origin, batch) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(row_id, stamp, c.field, _text(c.old), _text(c.new), origin, batch) for c in made],
        )
        return made

    # -- writing: plans ----------------------------------------------------
    def find_plan(self, plan: Plan) -> int | None:
        """The id of the plan in the database that ``plan`` is a version of."""
        candidates = self.conn.execute("SELECT id, number, title, year FROM plans ORDER BY id").fetchall()
        number = fold(plan.number).strip()
        if number and any(ch.isdigit() for ch in number):
            for pid, num, _title, year in candidates:
                if fold(num).strip() == number and (year == plan.year or not year or not plan.year):
                    return pid
        title = fold(plan.title).strip()
        if title:
            for pid, num, ttl, year in candidates:
                if fold(ttl).strip() == title and (year == plan.year or not year or not plan.year):
                    return pid
        return None

    def import_plan(self, report: ImportReport, *, into: int | None = None) -> ImportOutcome:
        """Add a plan, or update the plan it is a version of, in one transaction."""
        plan = report.plan
        with self._write():
            target = into if into is not None else self.find_plan(plan)
            if target is None:
                pid = self._insert_plan(plan)
                return ImportOutcome(
                    plan_id=pid,
                    created=True,
                    added=[row_label(r) for r in plan.rows() if r.kind in ("task", "indicator")],
                )
            return self._merge_plan(target, plan)

    def _insert_plan(self, plan: Plan) -> int:
        stamp = now_iso()
        cur = self.conn.execute(
            "INSERT INTO plans (number, title, issuer, ward, year, source, imported_at, updated_at, plan_date)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [nfc(plan.number), nfc(plan.title), nfc(plan.issuer), nfc(plan.ward), plan.year, plan.source, stamp, stamp,
             _iso(plan.date)],
        )
        pid = cur.lastrowid
        for t_ord, table in enumerate(plan.tables):
            tid = self._insert_table(pid, t_ord, table)
            self._insert_rows(tid, [(ord_, row) for ord_, row in enumerate(table.rows)])
        return pid

    def _insert_table(self, pid: int, t_ord: int, table: Table) -> int:
        cur = self.conn.execute(
            f"INSERT INTO plan_tables (plan_id, ord, title, kind, header, {_APPENDIX}) VALUES (?,?,?,?,?,?,?,?)",
            [pid, t_ord, nfc(table.title), table.kind, json.dumps([nfc(h) for h in table.header], ensure_ascii=False),
             *_appendix_values(table)],
        )
        return cur.lastrowid

    def _insert_rows(self, tid: int, rows: list[tuple[int, Row]]) -> list[int]:
        cols = ["table_id", "ord", "path", *ROW_FIELDS]
        sql = f"INSERT INTO rows ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        ids = []
        for ord_, row in rows:
            values = [tid, ord_, json.dumps([nfc(p) for p in row.path], ensure_ascii=False)]
            values += [_to_db(c, getattr(row, c)) for c in ROW_FIELDS]
            ids.append(self.conn.execute(sql, values).lastrowid)
        return ids

    def _merge_plan(self, pid: int, plan: Plan) -> ImportOutcome:
        outcome = ImportOutcome(plan_id=pid, created=False)
        old_plan = self.load_plan(pid)
        stamp = now_iso()
        self.conn.execute(
            "UPDATE plans SET number=?, title=?, issuer=?, ward=?, year=?, updated_at=?, plan_date=? WHERE id=?",
            [
                nfc(plan.number) or old_plan.number,
                nfc(plan.title) or old_plan.title,
                nfc(plan.issuer) or old_plan.issuer,
                nfc(plan.ward) or old_plan.ward,
                plan.year or old_plan.year,
                stamp,
                _iso(plan.date or old_plan.date),
                pid,
            ],
        )
        from cdstui.domain.matching import match_tables  # re-import only: not at the app's start

        for old_i, new_i in match_tables(old_plan.tables, plan.tables):
            if new_i is None:
                old_table = old_plan.tables[old_i]
                for row in old_table.rows:
                    self._remove_row(row, outcome)
                continue
            new_table = plan.tables[new_i]
            if old_i is None:
                tid = self._insert_table(pid, new_i, new_table)
                self._insert_rows(tid, list(enumerate(new_table.rows)))
                outcome.added += [row_label(r) for r in new_table.rows if r.is_leaf_kind]
                continue
            old_table = old_plan.tables[old_i]
            self.conn.execute(
                "UPDATE plan_tables SET ord=?, title=?, header=?, appendix_label=?, appendix_title=?, appendix_note=?"
                " WHERE id=?",
                [new_i, nfc(new_table.title), json.dumps(new_table.header, ensure_ascii=False),
                 *_appendix_values(new_table), old_table.id],
            )
            self._merge_table(old_table, new_table, outcome)
        return outcome

    def _merge_table(self, old_table: Table, new_table: Table, outcome: ImportOutcome) -> None:
        from cdstui.domain.matching import match_rows

        m = match_rows(old_table.rows, new_table.rows)
        reworded = {j for _i, j in m.by_title}
        for i, j in m.pairs:
            old, new = old_table.rows[i], new_table.rows[j]
            changes: dict[str, Any] = {}
            for name in PLAN_FIELDS:
                if getattr(new, name) != getattr(old, name):
                    changes[name] = getattr(new, name)
            # progress carried by the document only fills what the officer left empty
            for name in PROGRESS_FIELDS:
                incoming, current = getattr(new, name), getattr(old, name)
                if incoming in (None, "", "not_started"):
                    continue
                if current in (None, "", "not_started"):
                    changes[name] = incoming
            made = self._update_row(old.id, changes, origin="import") if changes else []
            self.conn.execute(
                "UPDATE rows SET ord=?, path=?, kind=?, source_line=?, removed=0 WHERE id=?",
                [j, json.dumps(new.path, ensure_ascii=False), new.kind, new.source_line, old.id],
            )
            outcome.changed_fields += len(made)
            if new.is_leaf_kind:
                outcome.matched += 1
                if j in reworded and any(c.field in ("title", "code") for c in made):
                    outcome.reworded.append(row_label(new))
        for i in m.removed:
            self._remove_row(old_table.rows[i], outcome)
        if m.added:
            self._insert_rows(old_table.id, [(j, new_table.rows[j]) for j in m.added])
            outcome.added += [row_label(new_table.rows[j]) for j in m.added if new_table.rows[j].is_leaf_kind]

    def _remove_row(self, row: Row, outcome: ImportOutcome) -> None:
        """A row gone from the revised plan is kept, hidden, with its progress."""
        self.conn.execute("UPDATE rows SET removed = 1, ord = ord + 100000 WHERE id = ?", [row.id])
        self.conn.execute(
            "INSERT INTO history (row_id, at, field, old, new, origin, batch) VALUES (?,?,?,?,?,?,?)",
            [row.id, now_iso(), "removed", "0", "1", "import", self._batch()],
        )
        if row.is_leaf_kind:
            outcome.removed.append(row_label(row))

    def delete_plan(self, plan_id: int) -> None:
        with self._write():
            self.conn.execute("DELETE FROM plans WHERE id = ?", [plan_id])

    # -- transactions ---------------------------------------------------------
    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        self._savepoints = getattr(self, "_savepoints", 0) + 1
        name = f"cdstui_sp{self._savepoints}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self.conn.execute(f"RELEASE SAVEPOINT {name}")

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction (a savepoint when nested).

        ``BEGIN IMMEDIATE`` takes the write lock at once, waiting up to the busy
        timeout while another program writes, so that a waiting save succeeds
        once the other one commits. SQLite faults (in use, read-only, disk
        full, I/O) become a ``StoreError`` in Vietnamese; the transaction is
        rolled back and the database stays as it was. Constraint violations
        (programming errors) pass through unchanged.
        """
        if self.conn.in_transaction:
            with self._savepoint():
                yield
            return
        self._batch_id = None
        self._writing = True
        try:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.DatabaseError as exc:
                raise _explain(exc, self.path) from exc
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException as exc:
                if self.conn.in_transaction:
                    try:
                        self.conn.rollback()
                    except sqlite3.Error:  # pragma: no cover - connection gone
                        pass
                if _is_fault(exc):
                    raise _explain(exc, self.path) from exc
                raise
        finally:
            self._writing = False
            self._batch_id = None

    def _batch(self) -> int:
        """The undo step (batch) of the current save: one per write transaction."""
        batch = getattr(self, "_batch_id", None)
        if batch is None:
            batch = self.conn.execute("SELECT COALESCE(MAX(batch), 0) + 1 FROM history").fetchone()[0]
            if getattr(self, "_writing", False):
                self._batch_id = batch
        return batch

    # -- submissions (store/submissions.py) ----------------------------------
    def record_submission(self, plan_id: int, period: str, file: str, snapshot: dict) -> int:
        from cdstui.store import submissions

        return submissions.record_submission(self, plan_id, period, file, snapshot)

    def latest_submission(self, plan_id: int, period: str) -> dict | None:
        from cdstui.store import submissions

        return submissions.latest_submission(self, plan_id, period)

    def submissions(self, plan_id: int) -> list[dict]:
        from cdstui.store import submissions

        return submissions.list_submissions(self, plan_id)

    def changed_since_submission(self, plan_id: int) -> dict[int, list[dict]]:
        from cdstui.store import submissions

        return submissions.changed_since_submission(self, plan_id)

    def progress_snapshot(self, plan_id: int) -> dict[int, dict]:
        from cdstui.store import submissions

        return submissions.progress_snapshot(self, plan_id)

    # -- undo (store/undo.py) --------------------------------------------------
    def undo_last(self, plan_id: int | None = None) -> list[Change] | None:
        from cdstui.store import undo

        return undo.undo_last(self, plan_id)

    def can_undo(self, plan_id: int | None = None) -> bool:
        from cdstui.store import undo

        return undo.last_group(self, plan_id) is not None

    # -- checks --------------------------------------------------------------
    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


def _is_fault(exc: BaseException) -> bool:
    """A SQLite failure of the environment, not of our own SQL or data."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(
        exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)
    )


def _explain(exc: sqlite3.DatabaseError, path: Path) -> StoreError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
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
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreError(
            f"Không ghi được vào {path}: tệp hoặc thư mục chỉ đọc, hoặc không tồn tại. "
            "Cơ sở dữ liệu vẫn nguyên như trước."
        )
    return StoreError(f"Lỗi cơ sở dữ liệu {path}: {exc}")
