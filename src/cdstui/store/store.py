"""The SQLite store: plans, their tables and rows, progress and its history.

Every write runs in one transaction (``transaction()``, from ``base``);
every change of a progress or plan field is recorded in ``history`` (time,
field, old, new, and the undo step it belongs to). Submissions and undo are
functions of their own modules (``store.submissions``, ``store.undo``) built
on the public methods here.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from cdstui.domain.labels import field_label, row_label, status_label
from cdstui.domain.model import Appendix, ImportReport, Plan, Row, Table
from cdstui.domain.text import fold, nfc
from cdstui.store.base import (
    BUSY_TIMEOUT_MS,
    EDITABLE_FIELDS,
    ROW_FIELDS,
    Change,
    StaleWrite,
    StoreBase,
    StoreError,
    db_value,
    explain,
    history_text,
    now_iso,
    py_value,
    same_value,
)
from cdstui.store.version import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.store.merge import Merge, RowWrite, TableWrite

__all__ = [
    "BUSY_TIMEOUT_MS",
    "EDITABLE_FIELDS",
    "ROW_FIELDS",
    "Change",
    "ImportOutcome",
    "PlanInfo",
    "PreparedImport",
    "StaleWrite",
    "Store",
    "StoreError",
    "now_iso",
]

_VERDICT = ROW_FIELDS.index("verdict")
# load_plan builds rows positionally: Row's fields must follow ROW_FIELDS with path third
assert [f.name for f in fields(Row)][: len(ROW_FIELDS) + 1] == ["kind", "code", "path", *ROW_FIELDS[2:]]
_HISTORY_KEYS = ("id", "at", "field", "old", "new", "origin")
_APPENDIX = "appendix_label, appendix_title, appendix_note"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _appendix_values(table: Table) -> list[str]:
    return [nfc(table.appendix.label), nfc(table.appendix.title), nfc(table.appendix.note)]


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
    not_assigned: int = 0  # of the tasks, those "Không giao": outside every task total


@dataclass
class ImportOutcome:
    plan_id: int
    created: bool
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    matched: int = 0
    reworded: list[str] = field(default_factory=list)
    changed_fields: int = 0
    restored: list[str] = field(default_factory=list)  # rows removed earlier, back with their progress
    changed: list[str] = field(default_factory=list)  # rows whose fields the document changed


@dataclass
class PreparedImport:
    """A document matched against the database, not yet written.

    ``plan_id`` is the plan it will update (None: it will be added);
    ``merge`` says what the update will do. ``version`` is the database's
    ``data_version`` when it was read: if another program writes before
    ``apply_import``, the matching is done again inside the transaction.
    """

    report: ImportReport
    plan_id: int | None
    merge: "Merge | None"
    version: int
    fingerprint: str  # of the document (``store.identity``)
    into: int | None = None  # the plan the caller named, if any


class Store(StoreBase):
    """One cdstui database file."""

    # -- lifecycle -------------------------------------------------------
    def __init__(self, path: str | Path, *, timeout_ms: int = BUSY_TIMEOUT_MS):
        super().__init__(path, timeout_ms=timeout_ms)
        self._db = None  # the sqlite-utils wrapper, made on first use (see ``db``)

    @classmethod
    def open(cls, path: str | Path, *, migrate: bool = True, timeout_ms: int = BUSY_TIMEOUT_MS) -> "Store":
        """Open the database; refuse one of a newer schema; migrate unless told not to."""
        store = cls(path, timeout_ms=timeout_ms)
        try:
            store.check_version()
            if migrate:
                store.migrate()
        except sqlite3.DatabaseError as exc:
            store.close()
            raise explain(exc, store.path) from exc
        except BaseException:
            store.close()
            raise
        return store

    def applied_migrations(self) -> list[str]:
        """Names of the migrations recorded in the database (none for a new one)."""
        try:
            return [
                r[0]
                for r in self.conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = 'cdstui' ORDER BY rowid"
                )
            ]
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return []
            raise

    def check_version(self) -> None:
        """Refuse a database written by a newer cdstui: its schema is unknown
        here, and migrating would write an older version over it."""
        version = self.schema_version()
        unknown = [name for name in self.applied_migrations() if name not in MIGRATIONS]
        if version > SCHEMA_VERSION or unknown:
            what = f"lược đồ {version}" if version > SCHEMA_VERSION else f"nâng cấp «{unknown[0]}»"
            raise StoreError(
                f"Cơ sở dữ liệu {self.path} được tạo bởi phiên bản mới hơn của cdstui ({what}; phiên bản này "
                f"đọc được đến lược đồ {SCHEMA_VERSION}). Hãy cập nhật cdstui; cơ sở dữ liệu không bị thay đổi."
            )

    def migrate(self) -> list[str]:
        if self.schema_version() == SCHEMA_VERSION:
            return []  # up to date: no need to load sqlite-utils' migrations
        self.check_version()
        from cdstui.store import schema

        return schema.apply(self.db)

    def pending_migrations(self) -> list[str]:
        if self.schema_version() == SCHEMA_VERSION:
            return []
        from cdstui.store import schema

        return schema.pending(self.db)

    @property
    def db(self):
        """The sqlite-utils ``Database`` on the same connection.

        Made on first use: importing sqlite-utils costs ~80 ms, which the app's
        start-up does not pay when the schema is already up to date.
        """
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn, execute_plugins=False)
        return self._db

    # -- reading ----------------------------------------------------------
    def list_plans(self) -> list[PlanInfo]:
        rows = self.conn.execute(
            """
            SELECT p.id, p.number, p.title, p.issuer, p.ward, p.year,
                   SUM(r.kind = 'task') AS tasks, SUM(r.kind = 'indicator') AS indicators,
                   SUM(r.kind = 'task' AND r.status = 'not_assigned') AS not_assigned
            FROM plans p
            LEFT JOIN plan_tables t ON t.plan_id = p.id
            LEFT JOIN rows r ON r.table_id = t.id AND r.removed = 0
            GROUP BY p.id ORDER BY p.id
            """
        ).fetchall()
        return [PlanInfo(r[0], r[1], r[2], r[3], r[4], r[5], r[6] or 0, r[7] or 0, r[8] or 0) for r in rows]

    def plan_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT id FROM plans ORDER BY id")]

    def load_plan(self, plan_id: int, *, include_removed: bool = False, head: int | None = None) -> Plan:
        """The plan with its tables and rows in document order.

        ``head``: only the first ``head`` rows (all tables, the later ones
        possibly empty): enough to draw the first screen of a big plan at once.
        """
        prow = self.conn.execute(
            "SELECT id, number, title, issuer, ward, year, source, plan_date, reporting FROM plans WHERE id = ?", [plan_id]
        ).fetchone()
        if prow is None:
            raise StoreError(f"Không có kế hoạch số {plan_id} trong cơ sở dữ liệu.")
        plan = Plan(id=prow[0], number=prow[1], title=prow[2], issuer=prow[3], ward=prow[4], year=prow[5], source=prow[6])
        plan.date = date.fromisoformat(prow[7]) if prow[7] else None
        plan.reporting = prow[8]
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

    def removed_row_ids(self, plan_id: int) -> set[int]:
        """Rows a re-import took out of the plan (kept, hidden, with their progress)."""
        return {
            r[0]
            for r in self.conn.execute(
                "SELECT r.id FROM rows r JOIN plan_tables t ON t.id = r.table_id WHERE t.plan_id = ? AND r.removed = 1",
                [plan_id],
            )
        }

    def get_row(self, row_id: int) -> Row:
        rec = self.conn.execute(
            f"SELECT id, path, {', '.join(ROW_FIELDS)} FROM rows WHERE id = ?", [row_id]
        ).fetchone()
        if rec is None:
            raise StoreError(f"Không có dòng số {row_id}.")
        values = {name: py_value(name, v) for name, v in zip(ROW_FIELDS, rec[2:])}
        return Row(id=rec[0], path=json.loads(rec[1]), **values)

    def plan_of_row(self, row_id: int) -> int:
        rec = self.conn.execute(
            "SELECT t.plan_id FROM rows r JOIN plan_tables t ON t.id = r.table_id WHERE r.id = ?", [row_id]
        ).fetchone()
        if rec is None:
            raise StoreError(f"Không có dòng số {row_id}.")
        return rec[0]

    def _history(self, where: str, params: list[Any]) -> list[tuple[int, dict]]:
        """(row id, entry) of the history entries that ``where`` selects, oldest first."""
        return [
            (r[0], dict(zip(_HISTORY_KEYS, r[1:])))
            for r in self.conn.execute(
                "SELECT h.row_id, h.id, h.at, h.field, h.old, h.new, h.origin FROM history h "
                f"JOIN rows r ON r.id = h.row_id JOIN plan_tables t ON t.id = r.table_id WHERE {where} ORDER BY h.id",
                params,
            )
        ]

    def history(self, row_id: int) -> list[dict]:
        """A row's history: id, at, field, old, new, origin; oldest first."""
        return [entry for _rid, entry in self._history("h.row_id = ?", [row_id])]

    def plan_history(
        self, plan_id: int, *, after: int = 0, fields: Iterable[str] | None = None
    ) -> dict[int, list[dict]]:
        """Row id -> its history entries (as ``history``), of the plan's rows;
        only the entries after history id ``after``, and of ``fields``, when given."""
        where, params = "t.plan_id = ? AND h.id > ?", [plan_id, after]
        if fields is not None:
            names = list(fields)
            where += f" AND h.field IN ({', '.join('?' * len(names))})"
            params += names
        out: dict[int, list[dict]] = {}
        for row_id, entry in self._history(where, params):
            out.setdefault(row_id, []).append(entry)
        return out

    # -- writing: progress and corrections ---------------------------------
    def update_row(
        self,
        row_id: int,
        changes: dict[str, Any],
        *,
        origin: str = "app",
        expected: dict[str, Any] | None = None,
        plan_id: int | None = None,
        day: date | None = None,
    ) -> list[Change]:
        """Change fields of one row in one transaction, recording history.

        Only fields whose value differs are written. Returns the changes made.

        A compare-and-set write: ``expected`` holds the values the writer saw
        (any row field: the status shown, the code and title…), ``plan_id``
        the plan it showed. When the row no longer holds them, or no longer
        belongs to that plan (a restore, a re-import), nothing is written and
        ``StaleWrite`` says what the row holds now. ``day``: the date of the
        entries a new result or value becomes (default: today by the clock).
        """
        with self.transaction():
            return self._update_row(row_id, changes, origin=origin, expected=expected or {}, plan_id=plan_id, day=day)

    def update_rows(
        self, updates: Iterable[tuple[int, dict[str, Any]]], *, origin: str = "app", plan_id: int | None = None
    ) -> list[Change]:
        """Several rows in one transaction (one undo step)."""
        done: list[Change] = []
        with self.transaction():
            for row_id, changes in updates:
                done.extend(self._update_row(row_id, changes, origin=origin, expected={}, plan_id=plan_id))
        return done

    def _update_row(
        self, row_id: int, changes: dict[str, Any], *, origin: str, expected: dict[str, Any], plan_id: int | None,
        day: date | None = None,
    ) -> list[Change]:
        unknown = (set(changes) - set(EDITABLE_FIELDS)) | (set(expected) - set(ROW_FIELDS))
        if unknown:
            raise ValueError(f"unknown fields: {sorted(unknown)}")
        cols = list(dict.fromkeys([*changes, *expected]))
        rec = self.conn.execute(
            f"SELECT t.plan_id, r.removed{''.join(f', r.{c}' for c in cols)} FROM rows r "
            "JOIN plan_tables t ON t.id = r.table_id WHERE r.id = ?",
            [row_id],
        ).fetchone()
        if rec is None:
            if plan_id is not None or expected:
                raise StaleWrite(_gone_message(row_id), row_id=row_id)
            raise StoreError(f"Không có dòng số {row_id}.")
        if plan_id is not None and (rec[0] != plan_id or rec[1]):
            raise StaleWrite(_gone_message(row_id), row_id=row_id, row=self.get_row(row_id))
        stored = dict(zip(cols, rec[2:]))
        stale = {f: py_value(f, stored[f]) for f, v in expected.items() if not same_value(f, stored[f], v)}
        if stale:
            row = self.get_row(row_id)
            raise StaleWrite(_stale_message(row, stale), row_id=row_id, row=row, current=stale)
        made = [
            Change(row_id, name, py_value(name, stored[name]), py_value(name, db_value(name, value)))
            for name, value in changes.items()
            if db_value(name, value) != stored[name]
        ]
        if made:
            stamp = now_iso()
            self._sync_entries(row_id, {c.field: c.new for c in made}, origin, stamp, day or date.fromisoformat(stamp[:10]))
            self._write_changes(row_id, made, origin, stamp)
        return made

    def _sync_entries(self, row_id: int, values: dict[str, Any], origin: str, stamp: str, day: date) -> None:
        """A row's result and actual are what its entries say: a write of either
        becomes entries (``store.entries``), dated ``day`` where new."""
        # imported by the writes only: the app's start (which only reads) goes without it
        from cdstui.store.entries import sync_text, sync_value

        if "result" in values:
            sync_text(self, row_id, db_value("result", values["result"]) or "", origin, stamp, day)
        if "actual" in values:
            sync_value(self, row_id, db_value("actual", values["actual"]), origin, stamp, day)

    def _write_changes(self, row_id: int, made: list[Change], origin: str, stamp: str) -> None:
        """Write changed fields of one row and their history (inside a transaction)."""
        assignments = ", ".join(f"{c.field} = ?" for c in made)
        self.conn.execute(
            f"UPDATE rows SET {assignments}, updated_at = ? WHERE id = ?",
            [db_value(c.field, c.new) for c in made] + [stamp, row_id],
        )
        batch = self.current_batch()
        self.conn.executemany(
            "INSERT INTO history (row_id, at, field, old, new, origin, batch) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(row_id, stamp, c.field, history_text(c.old), history_text(c.new), origin, batch) for c in made],
        )

    # -- writing: plans ----------------------------------------------------
    def find_plan(self, plan: Plan) -> int | None:
        """The id of the plan in the database that ``plan`` is a version of."""
        from cdstui.store.identity import plan_fingerprint

        return self._find_plan(plan, plan_fingerprint(plan))[0]

    def _find_plan(self, plan: Plan, fingerprint: str) -> tuple[int | None, str]:
        """(plan id or None, how it was found: "number", "fingerprint" or "title").

        A document with a number is that plan when number, issuer and year
        agree (an issuer or a year that one side lacks does not count); one
        without a number is the plan of the same content (fingerprint); else
        a plan of the same title and year, which the caller checks further.
        """
        candidates = self.conn.execute("SELECT id, number, title, issuer, year, fingerprint FROM plans ORDER BY id").fetchall()

        def agree(a, b) -> bool:
            return not a or not b or a == b

        number, issuer = fold(plan.number).strip(), fold(plan.issuer).strip()
        if number and any(ch.isdigit() for ch in number):
            for pid, num, _title, iss, year, _fp in candidates:
                if fold(num).strip() == number and agree(fold(iss).strip(), issuer) and agree(year, plan.year):
                    return pid, "number"
            return None, ""
        for pid, _num, _title, _iss, _year, fp in candidates:
            if fingerprint and fp == fingerprint:
                return pid, "fingerprint"
        title = fold(plan.title).strip()
        for pid, num, ttl, iss, year, _fp in candidates:
            if title and fold(ttl).strip() == title and agree(year, plan.year) and agree(fold(iss).strip(), issuer):
                return pid, "title"
        return None, ""

    def plan_merge(self, plan_id: int, plan: Plan) -> "Merge":
        """What importing ``plan`` into the stored plan would do (reads only)."""
        from cdstui.store.merge import plan_merge  # re-import only: not at the app's start

        return plan_merge(plan_id, self.load_plan(plan_id, include_removed=True), plan, self.removed_row_ids(plan_id))

    def prepare_import(self, report: ImportReport, *, into: int | None = None) -> PreparedImport:
        """Match a document against the database, writing nothing: which plan
        it updates (``into``, or the plan it is a version of) and how."""
        from cdstui.store.identity import plan_fingerprint

        version = self.data_version()
        fingerprint = plan_fingerprint(report.plan)
        if into is not None:
            return PreparedImport(report, into, self.plan_merge(into, report.plan), version, fingerprint, into=into)
        target, how = self._find_plan(report.plan, fingerprint)
        merge = self.plan_merge(target, report.plan) if target is not None else None
        if how == "title" and not merge.overlaps:
            target, merge = None, None  # another plan that happens to bear the same title
        return PreparedImport(report, target, merge, version, fingerprint)

    def apply_import(self, prepared: PreparedImport) -> ImportOutcome:
        """Write a prepared import in one transaction. If another program
        wrote since it was prepared, it is matched again first, inside."""
        with self.transaction():
            if self.data_version() != prepared.version:
                prepared = self.prepare_import(prepared.report, into=prepared.into)
            plan = prepared.report.plan
            if prepared.merge is None:
                pid = self._insert_plan(plan, prepared.fingerprint)
                added = [row_label(r) for r in plan.rows() if r.is_leaf_kind]
                return ImportOutcome(plan_id=pid, created=True, added=added)
            return self._write_merge(prepared.merge, prepared.fingerprint)

    def import_plan(self, report: ImportReport, *, into: int | None = None) -> ImportOutcome:
        """Add a plan, or update the plan it is a version of: matched first,
        then written in one transaction."""
        return self.apply_import(self.prepare_import(report, into=into))

    def _insert_plan(self, plan: Plan, fingerprint: str) -> int:
        stamp = now_iso()
        cur = self.conn.execute(
            "INSERT INTO plans (number, title, issuer, ward, year, source, imported_at, updated_at, fingerprint, plan_date, "
            "reporting) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [nfc(plan.number), nfc(plan.title), nfc(plan.issuer), nfc(plan.ward), plan.year, plan.source, stamp, stamp,
             fingerprint, _iso(plan.date), nfc(plan.reporting)],
        )
        pid = cur.lastrowid
        for t_ord, table in enumerate(plan.tables):
            tid = self._insert_table(pid, t_ord, table)
            self._insert_rows(tid, list(enumerate(table.rows)), import_day(plan, stamp))
        return pid

    def _insert_table(self, pid: int, t_ord: int, table: Table) -> int:
        cur = self.conn.execute(
            f"INSERT INTO plan_tables (plan_id, ord, title, kind, header, {_APPENDIX}) VALUES (?,?,?,?,?,?,?,?)",
            [pid, t_ord, nfc(table.title), table.kind, json.dumps([nfc(h) for h in table.header], ensure_ascii=False),
             *_appendix_values(table)],
        )
        return cur.lastrowid

    def _insert_rows(self, tid: int, rows: list[tuple[int, Row]], day: date) -> None:
        """Insert rows; the results and values a document carries become their
        first entries, dated ``day``."""
        first = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM rows").fetchone()[0]
        cols = ["table_id", "ord", "path", *ROW_FIELDS]
        self.conn.executemany(
            f"INSERT INTO rows ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [
                [tid, ord_, json.dumps([nfc(p) for p in row.path], ensure_ascii=False)]
                + [db_value(c, getattr(row, c)) for c in ROW_FIELDS]
                for ord_, row in rows
            ],
        )
        if any(row.result or (row.kind == "indicator" and row.actual) for _ord, row in rows):
            carried = self.conn.execute(
                "SELECT id, kind, result, actual FROM rows WHERE table_id = ? AND id > ? "
                "AND (result != '' OR (kind = 'indicator' AND actual IS NOT NULL AND actual != ''))",
                [tid, first],
            ).fetchall()
            from cdstui.store.entries import insert_first_entries  # writes only, as in _sync_entries

            insert_first_entries(self, carried, day, now_iso())

    def _write_merge(self, merge: "Merge", fingerprint: str) -> ImportOutcome:
        """Write a merge worked out by ``plan_merge`` (inside the transaction)."""
        plan, pid = merge.plan, merge.plan_id
        stamp = now_iso()
        self.conn.execute(
            "UPDATE plans SET number = COALESCE(NULLIF(?, ''), number), title = COALESCE(NULLIF(?, ''), title), "
            "issuer = COALESCE(NULLIF(?, ''), issuer), ward = COALESCE(NULLIF(?, ''), ward), "
            "year = COALESCE(?, year), plan_date = COALESCE(?, plan_date), reporting = COALESCE(NULLIF(?, ''), reporting), "
            "fingerprint = ?, updated_at = ? WHERE id = ?",
            [nfc(plan.number), nfc(plan.title), nfc(plan.issuer), nfc(plan.ward), plan.year or None,
             _iso(plan.date), nfc(plan.reporting), fingerprint, stamp, pid],
        )
        outcome = ImportOutcome(plan_id=pid, created=False)
        history: list[tuple] = []
        day = import_day(plan, stamp)
        for write in merge.tables:
            self._write_table(pid, write, stamp, history, outcome, day)
        batch = self.current_batch()
        self.conn.executemany(
            "INSERT INTO history (row_id, at, field, old, new, origin, batch) VALUES (?, ?, ?, ?, ?, 'import', ?)",
            [(*entry, batch) for entry in history],
        )
        outcome.added, outcome.removed, outcome.restored = merge.added, merge.removed, merge.restored
        return outcome

    def _write_table(
        self, pid: int, write: "TableWrite", stamp: str, history: list[tuple], outcome: ImportOutcome, day: date
    ) -> None:
        if write.table is not None and write.table_id is None:
            tid = self._insert_table(pid, write.ord, write.table)
            self._insert_rows(tid, write.inserts, day)
            return
        if write.table is not None:
            self.conn.execute(
                "UPDATE plan_tables SET ord = ?, title = ?, header = ?, appendix_label = ?, appendix_title = ?, "
                "appendix_note = ? WHERE id = ?",
                [write.ord, nfc(write.table.title), json.dumps(write.table.header, ensure_ascii=False),
                 *_appendix_values(write.table), write.table_id],
            )
        for rw in write.rows:
            self._write_paired(rw, stamp, history, outcome, day)
        self.conn.executemany(
            "UPDATE rows SET ord = ?, path = ?, kind = ?, source_line = ?, removed = 0 WHERE id = ?",
            [(rw.ord, json.dumps(rw.new.path, ensure_ascii=False), rw.new.kind, rw.new.source_line, rw.row_id)
             for rw in write.rows if rw.moved],
        )
        self.conn.executemany(
            "UPDATE rows SET removed = 1, ord = ord + 100000 WHERE id = ?", [(row.id,) for row in write.removals]
        )
        history += [(row.id, stamp, "removed", "0", "1") for row in write.removals]
        if write.table_id is not None and write.inserts:
            self._insert_rows(write.table_id, write.inserts, day)

    def _write_paired(self, rw: "RowWrite", stamp: str, history: list[tuple], outcome: ImportOutcome, day: date) -> None:
        if rw.restored:
            history.append((rw.row_id, stamp, "removed", "1", "0"))
        if rw.changes:
            self._sync_entries(rw.row_id, rw.changes, "import", stamp, day)
            assignments = ", ".join(f"{name} = ?" for name in rw.changes)
            self.conn.execute(
                f"UPDATE rows SET {assignments}, updated_at = ? WHERE id = ?",
                [db_value(n, v) for n, v in rw.changes.items()] + [stamp, rw.row_id],
            )
            history += [
                (rw.row_id, stamp, name, history_text(rw.old[name]), history_text(py_value(name, db_value(name, value))))
                for name, value in rw.changes.items()
            ]
            outcome.changed_fields += len(rw.changes)
        if rw.new.is_leaf_kind and not rw.restored:
            outcome.matched += 1
            if rw.changes:
                outcome.changed.append(row_label(rw.new))
            if rw.reworded and ("title" in rw.changes or "code" in rw.changes):
                outcome.reworded.append(row_label(rw.new))

    def delete_plan(self, plan_id: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM plans WHERE id = ?", [plan_id])


def import_day(plan: Plan, stamp: str) -> date:
    """The day a document's results are dated: the plan's own date, else the
    import's day (``stamp``), but never after the end of the plan's year (a
    2025 report imported in 2026 speaks of 2025)."""
    if plan.date is not None:
        return plan.date
    today = date.fromisoformat(stamp[:10])
    if plan.year and plan.year < today.year:
        return date(plan.year, 12, 31)
    return today


def _gone_message(row_id: int) -> str:
    return (
        f"Dòng số {row_id} không còn thuộc kế hoạch đang mở (cơ sở dữ liệu vừa được khôi phục "
        "hoặc nhập lại ở chương trình khác). Chưa lưu gì; hãy tải lại kế hoạch."
    )


def _stale_message(row: Row, current: dict[str, Any]) -> str:
    def shown(name: str, value: Any) -> str:
        if name == "status":
            return status_label(value)
        return "(trống)" if value in (None, "") else str(value)

    now = "; ".join(f"{field_label(name, row.kind).lower()}: «{shown(name, v)}»" for name, v in current.items())
    return (
        f"{row_label(row)} vừa được thay đổi ở chương trình khác (hiện là {now}). "
        "Chưa lưu gì; hãy xem lại rồi lưu lại."
    )
