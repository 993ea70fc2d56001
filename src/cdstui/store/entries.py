"""Progress entries in the store: a task's dated log, an indicator's dated values.

Rows of ``entries`` are never deleted: removing one marks it removed, so that
its history and its evidence file stay. Every change of an entry is kept in
``entry_history`` (its state before and after, as JSON) under the undo step
of its transaction, and shown to the officer as one row of ``history``
(field ``"entry"``, old and new as one readable line each).

Each entry also keeps the line a report prints for it (``line``: its text
with its documents cited, NULL when that is its text), so that a report
reads one column per entry.

A row's ``result`` and an indicator's ``actual`` are what its entries say
(``domain.entries.log_text`` and ``latest_value``), kept in the row so that
loading a plan reads no entry. A write of ``result`` or ``actual`` through
``Store.update_row`` (the editor before the log, scripts) is turned into
entries here (``sync_text``, ``sync_value``): the officer sees that change
as the field's own history row, and the entries it touched are kept in
``entry_history`` of the same step, so that undo restores them exactly.

Edits and removals are compare-and-set, like ``update_row``: the caller
names the text and day it saw; when the entry no longer has them, nothing is
written and ``StaleWrite`` says what it holds now.

Functions take the ``Store`` (or, inside the store, its base) and use its
public methods and its connection.
"""

from __future__ import annotations

import functools
import itertools
import json
import operator
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from cdstui.domain.entries import (
    ORIGINS,
    Entry,
    Evidence,
    cited_text,
    entry_line,
    entry_origin,
    latest_value,
    log_text,
    ordered,
)
from cdstui.domain.labels import row_label
from cdstui.domain.text import nfc
from cdstui.store.base import StaleWrite, StoreError, now_iso

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.store.base import StoreBase

__all__ = [
    "add_entry",
    "edit_entry",
    "entry_history",
    "get_entry",
    "list_entries",
    "plan_entries",
    "plan_report_texts",
    "plan_values",
    "remove_entry",
]

_ENTRY_COLS = "e.id, e.row_id, e.day, e.text, e.value, e.origin, e.removed, e.created_at, e.updated_at"
_KEEP: Any = object()


# --- reading -----------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _day(text: str) -> date:
    return date.fromisoformat(text)


def _entry(rec: Sequence[Any], docs: tuple[Evidence, ...] = ()) -> Entry:
    return Entry(
        date=_day(rec[2]),
        text=rec[3],
        value=rec[4],
        origin=rec[5],
        removed=bool(rec[6]),
        created_at=rec[7],
        updated_at=rec[8],
        id=rec[0],
        row_id=rec[1],
        docs=docs,
    )


def _evidence(rec: Sequence[Any]) -> Evidence:
    return _evidence_of(tuple(rec))


@functools.lru_cache(maxsize=4096)
def _evidence_of(rec: tuple) -> Evidence:
    # one document is cited by many entries: made once (and cited once, see domain.entries)
    return Evidence(number=rec[0], date=_day(rec[1]) if rec[1] else None, issuer=rec[2], summary=rec[3], file=rec[4])


def _docs_of(store: "StoreBase", entry_ids: Iterable[int]) -> dict[int, tuple[Evidence, ...]]:
    ids = list(entry_ids)
    found: dict[int, list[Evidence]] = {}
    for start in range(0, len(ids), 900):  # SQLite's limit on bound values
        chunk = ids[start : start + 900]
        for rec in store.conn.execute(
            f"SELECT entry_id, number, day, issuer, summary, file FROM evidence "
            f"WHERE entry_id IN ({','.join('?' * len(chunk))}) ORDER BY entry_id, ord",
            chunk,
        ):
            found.setdefault(rec[0], []).append(_evidence(rec[1:]))
    return {k: tuple(v) for k, v in found.items()}


def list_entries(store: "StoreBase", row_id: int, *, include_removed: bool = False) -> list[Entry]:
    """A row's entries in date order (removed ones too when asked, in place)."""
    removed = "" if include_removed else "AND e.removed = 0"
    recs = store.conn.execute(
        f"SELECT {_ENTRY_COLS} FROM entries e WHERE e.row_id = ? {removed} ORDER BY e.day, e.id", [row_id]
    ).fetchall()
    docs = _docs_of(store, [r[0] for r in recs])
    return [_entry(r, docs.get(r[0], ())) for r in recs]


def get_entry(store: "StoreBase", entry_id: int) -> Entry:
    rec = store.conn.execute(f"SELECT {_ENTRY_COLS} FROM entries e WHERE e.id = ?", [entry_id]).fetchone()
    if rec is None:
        raise StoreError(f"Không có mục nhật ký số {entry_id}.")
    return _entry(rec, _docs_of(store, [entry_id]).get(entry_id, ()))


# The plan's rows, for "entries of a plan": SQLite lists them once, then
# reads each row's entries in date order through (row_id, day, id).
_PLAN_ROWS = "SELECT r.id FROM rows r JOIN plan_tables t ON t.id = r.table_id WHERE t.plan_id = ? AND r.removed = 0"


def _where(plan_id: int, start: date | None, end: date | None) -> tuple[str, list[Any]]:
    where, params = [f"e.row_id IN ({_PLAN_ROWS})", "e.removed = 0"], [plan_id]
    if start is not None:
        where.append("e.day >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("e.day <= ?")
        params.append(end.isoformat())
    return " AND ".join(where), params


def _plan_docs(store: "StoreBase", condition: str, params: list[Any]) -> dict[int, tuple[Evidence, ...]]:
    docs: dict[int, tuple[Evidence, ...]] = {}
    for rec in store.conn.execute(
        "SELECT v.entry_id, v.number, v.day, v.issuer, v.summary, v.file FROM evidence v "
        f"JOIN entries e ON e.id = v.entry_id WHERE {condition} ORDER BY v.entry_id, v.ord",
        params,
    ):
        docs[rec[0]] = docs.get(rec[0], ()) + (_evidence_of(rec[1:]),)
    return docs


def plan_entries(
    store: "StoreBase", plan_id: int, start: date | None = None, end: date | None = None
) -> dict[int, list[Entry]]:
    """Row id -> its entries dated from ``start`` to ``end`` (both included;
    None: open), in date order; removed entries and removed rows left out.
    A report of a big plan reads tens of thousands: the entries' created_at
    and updated_at are not read."""
    condition, params = _where(plan_id, start, end)
    docs = _plan_docs(store, condition, params)
    out: dict[int, list[Entry]] = {}
    for rec in store.conn.execute(
        f"SELECT e.id, e.row_id, e.day, e.text, e.value, e.origin FROM entries e WHERE {condition} "
        "ORDER BY e.row_id, e.day, e.id",
        params,
    ):
        # positional: Entry(date, text, docs, value, origin, id, row_id)
        entry = Entry(_day(rec[2]), rec[3], docs.get(rec[0], ()), rec[4], rec[5], rec[0], rec[1])
        found = out.get(rec[1])
        if found is None:
            out[rec[1]] = [entry]
        else:
            found.append(entry)
    return out


def plan_report_texts(
    store: "StoreBase", plan_id: int, start: date | None = None, end: date | None = None
) -> dict[int, str]:
    """Row id -> ``domain.entries.report_text`` of its entries dated from
    ``start`` to ``end``: what a report prints under "Kết quả". The same as
    rendering ``plan_entries``, read from each entry's printed ``line``: a
    report of a big plan reads tens of thousands of entries."""
    condition, params = _where(plan_id, start, end)
    recs = store.conn.execute(
        f"SELECT e.row_id, COALESCE(e.line, e.text) FROM entries e WHERE {condition} ORDER BY e.row_id, e.day, e.id",
        params,
    )
    out: dict[int, str] = {}
    for row_id, found in itertools.groupby(recs, key=operator.itemgetter(0)):
        text = "\n".join(line for line in (rec[1].rstrip() for rec in found) if line)
        if text:
            out[row_id] = text
    return out


def plan_values(store: "StoreBase", plan_id: int, day: date) -> dict[int, str]:
    """Indicator row id -> its value as of ``day`` (its latest dated on or
    before it); indicators without one are left out."""
    found: dict[int, str] = {}
    for row_id, value in store.conn.execute(
        f"SELECT e.row_id, e.value FROM entries e WHERE e.row_id IN ({_PLAN_ROWS} AND r.kind = 'indicator') "
        "AND e.removed = 0 AND e.value IS NOT NULL AND e.value != '' AND e.day <= ? ORDER BY e.row_id, e.day, e.id",
        [plan_id, day.isoformat()],
    ):
        found[row_id] = value
    return found


def entry_history(store: "StoreBase", row_id: int) -> list[dict]:
    """Every change of a row's entries, oldest first: id, entry_id, at, old,
    new (states as dicts, None where the entry did not exist), origin."""
    return [
        {"id": r[0], "entry_id": r[1], "at": r[2], "old": _loads(r[3]), "new": _loads(r[4]), "origin": r[5]}
        for r in store.conn.execute(
            "SELECT id, entry_id, at, old, new, origin FROM entry_history WHERE row_id = ? ORDER BY id", [row_id]
        )
    ]


def _loads(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


# --- the one write -------------------------------------------------------------


def _state(entry: Entry | None) -> dict | None:
    return None if entry is None else entry.state()


def _from_state(state: dict, base: Entry) -> Entry:
    return replace(
        base,
        date=date.fromisoformat(state["date"]),
        text=state["text"],
        value=state.get("value"),
        removed=bool(state.get("removed")),
        docs=tuple(Evidence.from_dict(d) for d in state.get("docs", [])),
    )


def _write(store: "StoreBase", old: Entry | None, new: Entry, origin: str, stamp: str) -> Entry:
    """Write an entry's new state (insert when ``old`` is None) with its
    evidence and its ``entry_history`` row; inside a transaction."""
    conn = store.conn
    docs = tuple(d.normalized() for d in new.docs if d)
    new = replace(new, text=nfc(new.text), docs=docs)
    values = [new.date.isoformat(), new.text, None if new.value is None else nfc(new.value), int(new.removed), _line(new)]
    if old is None:
        cur = conn.execute(
            "INSERT INTO entries (row_id, day, text, value, removed, line, origin, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [new.row_id, *values, new.origin if new.origin in ORIGINS else "app", stamp, stamp],
        )
        new = replace(new, id=cur.lastrowid, created_at=stamp)
    else:
        conn.execute(
            "UPDATE entries SET day = ?, text = ?, value = ?, removed = ?, line = ?, updated_at = ? WHERE id = ?",
            [*values, stamp, new.id],
        )
        conn.execute("DELETE FROM evidence WHERE entry_id = ?", [new.id])
    conn.executemany(
        "INSERT INTO evidence (entry_id, ord, number, day, issuer, summary, file) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(new.id, i, d.number, d.date.isoformat() if d.date else None, d.issuer, d.summary, d.file)
         for i, d in enumerate(docs)],
    )
    new = replace(new, updated_at=stamp)
    conn.execute(
        "INSERT INTO entry_history (entry_id, row_id, at, old, new, origin, batch) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [new.id, new.row_id, stamp, _dumps(_state(old)), _dumps(_state(new)), origin, store.current_batch()],
    )
    return new


def _dumps(state: dict | None) -> str | None:
    return None if state is None else json.dumps(state, ensure_ascii=False)


def refresh_row(store: "StoreBase", row_id: int, stamp: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set the row's result (and an indicator's actual) to what its entries
    say; return (before, after) of those fields."""
    kind, result, actual = store.conn.execute("SELECT kind, result, actual FROM rows WHERE id = ?", [row_id]).fetchone()
    live = list_entries(store, row_id)
    before = {"result": result, "actual": actual}
    after = {"result": log_text(live), "actual": latest_value(live) if kind == "indicator" else actual}
    if after != before:
        store.conn.execute(
            "UPDATE rows SET result = ?, actual = ?, updated_at = ? WHERE id = ?",
            [after["result"], after["actual"], stamp, row_id],
        )
    return before, after


# --- the officer's edits ---------------------------------------------------------


def _row_of_plan(store: "StoreBase", row_id: int, plan_id: int | None) -> None:
    rec = store.conn.execute(
        "SELECT t.plan_id, r.removed FROM rows r JOIN plan_tables t ON t.id = r.table_id WHERE r.id = ?", [row_id]
    ).fetchone()
    if rec is None:
        raise StoreError(f"Không có dòng số {row_id}.")
    if plan_id is not None and (rec[0] != plan_id or rec[1]):
        raise StaleWrite(
            f"Dòng số {row_id} không còn thuộc kế hoạch đang mở. Chưa lưu gì; hãy tải lại kế hoạch.", row_id=row_id
        )


def _label(store: "StoreBase", row_id: int) -> str:
    from cdstui.domain.model import Row

    rec = store.conn.execute("SELECT kind, code, path, title FROM rows WHERE id = ?", [row_id]).fetchone()
    return row_label(Row(kind=rec[0], code=rec[1], path=json.loads(rec[2]), title=rec[3])) if rec else f"Dòng {row_id}"


def _record(store: "StoreBase", old: Entry | None, new: Entry, origin: str, stamp: str) -> Entry:
    """Write an entry, its visible history row and the row's text and value."""
    written = _write(store, old, new, origin, stamp)
    line = lambda e: None if e is None or e.removed else entry_line(e)  # noqa: E731
    store.conn.execute(
        "INSERT INTO history (row_id, at, field, old, new, origin, batch) VALUES (?, ?, 'entry', ?, ?, ?, ?)",
        [new.row_id, stamp, line(old), line(written), origin, store.current_batch()],
    )
    refresh_row(store, new.row_id, stamp)
    return written


def _stored_files(store: "StoreBase", docs: Iterable[Evidence], day: date) -> tuple[list[Evidence], list[str]]:
    """The documents with their files copied into the evidence folder
    (already stored ones kept); and the copies made, to discard on failure."""
    from cdstui.store.evidence import copy_evidence, discard_evidence, is_stored

    out: list[Evidence] = []
    made: list[str] = []
    try:
        for doc in docs:
            if doc.file and not is_stored(store.path, doc.file):
                relative = copy_evidence(store.path, doc.file, day=day)
                made.append(relative)
                doc = replace(doc, file=relative)
            out.append(doc)
    except BaseException:
        for relative in made:
            discard_evidence(store.path, relative)
        raise
    return out, made


def _with_files(store: "StoreBase", docs: Iterable[Evidence], day: date, write):
    """Copy the documents' files, then ``write(docs)`` in one transaction;
    the copies are deleted when the write fails."""
    from cdstui.store.evidence import discard_evidence

    stored, made = _stored_files(store, docs, day)
    try:
        with store.transaction():
            return write(stored)
    except BaseException:
        for relative in made:
            discard_evidence(store.path, relative)
        raise


def add_entry(
    store: "StoreBase",
    row_id: int,
    text: str = "",
    *,
    day: date | None = None,
    docs: Iterable[Evidence] = (),
    value: str | None = None,
    origin: str = "app",
    plan_id: int | None = None,
) -> Entry:
    """Add a dated entry to a row (today by default); one undo step.

    ``origin`` is the history's ("app", "cli", "agency:<file>"…); the
    entry's own is its first word (``domain.entries.entry_origin``). A
    document's ``file`` outside the evidence folder is copied into it first
    (and deleted again if the entry cannot be written). ``plan_id``: refuse
    (``StaleWrite``) when the row no longer belongs to that plan.
    """
    day = day or date.today()
    text = nfc(text).strip()
    value = nfc(value).strip() or None if value is not None else None
    docs = [d for d in docs if d]
    if not text and value is None and not docs:
        raise ValueError("Mục nhật ký cần có nội dung, giá trị hoặc văn bản minh chứng.")

    def write(stored: list[Evidence]) -> Entry:
        _row_of_plan(store, row_id, plan_id)
        entry = Entry(date=day, text=text, docs=tuple(stored), value=value, origin=entry_origin(origin), row_id=row_id)
        return _record(store, None, entry, origin, now_iso())

    return _with_files(store, docs, day, write)


def _checked(store: "StoreBase", entry_id: int, expected_text: str, expected_date: date, plan_id: int | None) -> Entry:
    current = get_entry(store, entry_id)
    _row_of_plan(store, current.row_id, plan_id)
    if current.removed or current.text != nfc(expected_text).strip() or current.date != expected_date:
        what = "đã bị xóa" if current.removed else f"hiện là «{current.date:%d/%m/%Y}: {current.text}»"
        raise StaleWrite(
            f"Mục nhật ký của {_label(store, current.row_id)} vừa được thay đổi ở chương trình khác ({what}). "
            "Chưa lưu gì; hãy xem lại rồi lưu lại.",
            row_id=current.row_id,
            current={"date": current.date, "text": current.text, "removed": current.removed},
        )
    return current


def edit_entry(
    store: "StoreBase",
    entry_id: int,
    *,
    expected_text: str,
    expected_date: date,
    text: str = _KEEP,
    day: date = _KEEP,
    docs: Iterable[Evidence] = _KEEP,
    value: str | None = _KEEP,
    origin: str = "app",
    plan_id: int | None = None,
) -> Entry:
    """Change an entry's text, day, documents or value (those given); one
    undo step. Compare-and-set: the entry must still have ``expected_text``
    and ``expected_date``, else ``StaleWrite`` and nothing written."""
    new_docs = None if docs is _KEEP else [d for d in docs if d]
    when = day if day is not _KEEP else None

    def write(stored: list[Evidence]) -> Entry:
        current = _checked(store, entry_id, expected_text, expected_date, plan_id)
        changed = replace(
            current,
            text=current.text if text is _KEEP else nfc(text).strip(),
            date=current.date if day is _KEEP else day,
            docs=current.docs if new_docs is None else tuple(stored),
            value=current.value if value is _KEEP else (nfc(value).strip() or None if value is not None else None),
        )
        if changed.state() == current.state():
            return current
        return _record(store, current, changed, origin, now_iso())

    return _with_files(store, new_docs or [], when or expected_date, write)


def remove_entry(
    store: "StoreBase",
    entry_id: int,
    *,
    expected_text: str,
    expected_date: date,
    origin: str = "app",
    plan_id: int | None = None,
) -> Entry:
    """Remove an entry (kept, marked removed, with its history); one undo step."""
    with store.transaction():
        current = _checked(store, entry_id, expected_text, expected_date, plan_id)
        return _record(store, current, replace(current, removed=True), origin, now_iso())


# --- inside the store: writes of result and actual, imports, undo ---------------------


def _texted(live: list[Entry]) -> list[Entry]:
    return [e for e in live if e.text]


def _kept_prefix(texted: list[Entry], text: str) -> tuple[int, int]:
    """How many entries ``text`` still begins with (each followed by a line
    break or the end), and where the rest of it starts."""
    kept, at = 0, 0
    for entry in texted:
        end = at + len(entry.text)
        if text[at:end] != entry.text:
            break
        if end == len(text):
            return kept + 1, end
        if text[end] != "\n":
            break
        kept, at = kept + 1, end + 1
    return kept, at


def sync_text(store: "StoreBase", row_id: int, text: str, origin: str, stamp: str, day: date) -> None:
    """Make the row's entries say ``text`` (a write of ``result``): lines
    added after the log's text become a new entry dated ``day``; a log that
    was rewritten keeps the entries it still begins with, the next one takes
    the rest of the text, and those after it lose their text (an entry with
    a value or documents keeps them; one without is removed). Afterwards the
    entries' ``log_text`` is ``text``. Inside a transaction."""
    texted = _texted(ordered(list_entries(store, row_id)))
    if text == "\n".join(e.text for e in texted):
        return
    kept, at = _kept_prefix(texted, text)
    rest = text[at:]
    if kept == len(texted) and at == len(text) and text.endswith("\n"):
        last = texted[-1]  # only a line break added: it ends the last entry
        _write(store, last, replace(last, text=last.text + "\n"), origin, stamp)
        return
    for i, entry in enumerate(texted[kept:]):
        if i == 0 and rest:
            _write(store, entry, replace(entry, text=rest), origin, stamp)
        elif entry.value not in (None, "") or entry.docs:
            _write(store, entry, replace(entry, text=""), origin, stamp)
        else:
            _write(store, entry, replace(entry, removed=True), origin, stamp)
    if rest and kept == len(texted):
        _write(store, None, Entry(date=day, text=rest, row_id=row_id, origin=entry_origin(origin)), origin, stamp)


def sync_value(store: "StoreBase", row_id: int, value: str | None, origin: str, stamp: str, day: date) -> None:
    """Make ``value`` the indicator's latest value (a write of ``actual``): the
    latest value entry takes it when it is dated ``day`` or later, else a new
    entry dated ``day`` holds it; no value clears every value (an entry with
    text keeps its text). Inside a transaction."""
    valued = [e for e in ordered(list_entries(store, row_id)) if e.value not in (None, "")]
    if not value:
        for entry in valued:
            if entry.text or entry.docs:
                _write(store, entry, replace(entry, value=None), origin, stamp)
            else:
                _write(store, entry, replace(entry, removed=True), origin, stamp)
        return
    if valued and valued[-1].value == value:
        return
    if valued and valued[-1].date >= day:
        _write(store, valued[-1], replace(valued[-1], value=value), origin, stamp)
        return
    _write(store, None, Entry(date=day, value=value, row_id=row_id, origin=entry_origin(origin)), origin, stamp)


def _line(entry: Entry) -> str | None:
    """What ``entries.line`` keeps: the entry as a report prints it, None when that is its text."""
    line = cited_text(entry)
    return None if line == entry.text else line


def write_first_entries(conn: Any, pieces: Iterable[tuple[int, date | str, str, str | None]], origin: str, stamp: str) -> None:
    """Entries made of text a row already had: (row id, day, text, value),
    with the documents the text cites as evidence; no history (a new plan,
    or the migration that made the log). Inside a transaction."""
    from cdstui.domain.entries import find_citations

    for row_id, day, text, value in pieces:
        docs = find_citations(text)
        when = day if isinstance(day, str) else day.isoformat()
        line = _line(Entry(date.fromisoformat(when), text, docs)) if docs else None
        cur = conn.execute(
            "INSERT INTO entries (row_id, day, text, value, origin, created_at, updated_at, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [row_id, when, text, value, origin, stamp, stamp, line],
        )
        conn.executemany(
            "INSERT INTO evidence (entry_id, ord, number, day) VALUES (?, ?, ?, ?)",
            [(cur.lastrowid, i, d.number, d.date.isoformat() if d.date else None) for i, d in enumerate(docs)],
        )


def insert_first_entries(store: "StoreBase", rows: Iterable[tuple[int, str, str, str | None]], day: date, stamp: str) -> None:
    """A new plan's document carried results: (row id, kind, result, actual)
    become entries dated ``day``, origin "import", citing the documents their
    text names."""
    pieces = []
    for row_id, kind, result, actual in rows:
        if result:
            pieces.append((row_id, day, result, None))
        if kind == "indicator" and actual:
            pieces.append((row_id, day, "", actual))
    write_first_entries(store.conn, pieces, "import", stamp)


def step_changes(store: "StoreBase", batch: int, *, origin: str | None = None) -> list[dict]:
    """The entry changes of one undo step not undone yet, oldest first (with
    ``origin="undo"``: those an undo made, which a redo reverts)."""
    which = "origin = ?" if origin is not None else "origin != 'undo'"
    return [
        {"id": r[0], "entry_id": r[1], "row_id": r[2], "old": _loads(r[3]), "new": _loads(r[4])}
        for r in store.conn.execute(
            "SELECT id, entry_id, row_id, old, new FROM entry_history "
            f"WHERE batch = ? AND undone_by IS NULL AND {which} ORDER BY id",
            [batch] if origin is None else [batch, origin],
        )
    ]


def revert(store: "StoreBase", changes: list[dict], stamp: str, *, origin: str = "undo") -> None:
    """Put entries back as they were before ``changes`` (newest first), each
    checked to be still as the change left it, else ``StaleWrite``; the
    reversal is itself recorded (origin "undo", or "redo" for the undo of an
    undo). Inside a transaction."""
    for change in reversed(changes):
        current = get_entry(store, change["entry_id"])
        if current.state() != change["new"]:
            raise StaleWrite(
                f"Nhật ký của {_label(store, current.row_id)} vừa được thay đổi ở chương trình khác. "
                "Chưa hoàn tác gì; hãy xem lại.",
                row_id=current.row_id,
            )
        old = change["old"]
        target = replace(current, removed=True) if old is None else _from_state(old, current)
        _write(store, current, target, origin, stamp)
