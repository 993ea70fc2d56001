"""Undo: revert the most recent save, step by step, itself kept in history.

One step is one save: the history entries written by one transaction share a
``batch`` (entries from before migration 0002 have none; they group by row,
time and origin). Undoing writes the old values back through the store, so
the undo is recorded in history with origin ``"undo"``, and marks the
reverted entries ``undone_by`` the undo's batch. The write is a
compare-and-set: when a value was changed since the step (by a program that
wrote around the history), the undo is refused with ``StaleWrite`` and
nothing is reverted. Successive undos walk further
back; an undo entry is never undone itself. Undo never walks past an import:
an import's own changes are undone only when they are the latest. Row
removals (field ``"removed"``) are never undone.

A step that changed progress entries (``store.entries``) has their states
in ``entry_history`` under the same batch: undo puts each entry back as it
was, checked to be still as the step left it, and the row's result and
actual follow. The officer's view of the undo mirrors the step's: an
"entry" change for an entry edited in the log, a "result" or "actual"
change for a field written as a whole.

Redo is the undo of an undo: it puts back what the latest undo reverted
(entries included, compare-and-set again), recorded with origin ``"redo"``
(so that an undo takes it back like any save), and marks the undo's entries
``undone_by`` the redo. Successive redos walk forward through successive
undos; any other save after an undo leaves nothing to redo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cdstui.store.base import EDITABLE_FIELDS, Change, history_text, history_value, now_iso
from cdstui.store.entries import refresh_row, revert, step_changes

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.store.store import Store

_COLS = ("id", "row_id", "at", "field", "old", "new", "origin", "batch")
_SELECT = "SELECT h.id, h.row_id, h.at, h.field, h.old, h.new, h.origin, h.batch FROM history h"
_SCOPE = " JOIN rows r ON r.id = h.row_id JOIN plan_tables t ON t.id = r.table_id"
_UNDOABLE = "h.origin != 'undo' AND h.undone_by IS NULL AND h.field != 'removed'"


def _scoped(plan_id: int | None, where: str) -> tuple[str, list[Any]]:
    if plan_id is None:
        return f"{_SELECT} WHERE {where}", []
    return f"{_SELECT}{_SCOPE} WHERE t.plan_id = ? AND {where}", [plan_id]


def last_group(store: "Store", plan_id: int | None = None) -> list[dict] | None:
    """The history entries that the next undo would revert, or None."""
    sql, params = _scoped(plan_id, _UNDOABLE)
    rec = store.conn.execute(sql + " ORDER BY h.id DESC LIMIT 1", params).fetchone()
    if rec is None:
        return None
    last = dict(zip(_COLS, rec))
    if last["batch"] is not None:
        group_sql = f"{_SELECT} WHERE h.batch = ? AND {_UNDOABLE} ORDER BY h.id"
        group = [dict(zip(_COLS, r)) for r in store.conn.execute(group_sql, [last["batch"]])]
        other = "(h.batch IS NULL OR h.batch != ?)"
        other_params: list[Any] = [last["batch"]]
    else:  # history written before batches existed
        group_sql = (
            f"{_SELECT} WHERE h.batch IS NULL AND h.row_id = ? AND h.at = ? AND h.origin = ? "
            f"AND {_UNDOABLE} ORDER BY h.id"
        )
        group = [
            dict(zip(_COLS, r))
            for r in store.conn.execute(group_sql, [last["row_id"], last["at"], last["origin"]])
        ]
        other = "NOT (h.batch IS NULL AND h.row_id = ? AND h.at = ? AND h.origin = ?)"
        other_params = [last["row_id"], last["at"], last["origin"]]
    # An import after this step is a wall: never undo past it.
    sql, params = _scoped(plan_id, f"h.origin = 'import' AND h.id > ? AND {other}")
    if store.conn.execute(sql + " LIMIT 1", params + [last["id"], *other_params]).fetchone():
        return None
    return group


def can_undo(store: "Store", plan_id: int | None = None) -> bool:
    """Is there a step that ``undo_last`` would revert?"""
    return last_group(store, plan_id) is not None


def _reversal(group: list[dict]) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    """Per row: the values to write back (the first old value of each field)
    and the values the step left (the last new value), which must still be there."""
    restore: dict[int, dict[str, Any]] = {}
    left: dict[int, dict[str, Any]] = {}
    for entry in group:  # oldest first
        name = entry["field"]
        if name in EDITABLE_FIELDS:
            restore.setdefault(entry["row_id"], {}).setdefault(name, history_value(name, entry["old"]))
            left.setdefault(entry["row_id"], {})[name] = history_value(name, entry["new"])
    return restore, left


_FROM_ENTRIES = ("result", "actual")


def _revert_entries(store: "Store", group: list[dict], changes: list[dict], origin: str) -> list[Change]:
    """Put back the entries a step changed; write and return the officer's
    view of it, mirroring the step's own rows of history."""
    if not changes:
        return []
    stamp = now_iso()
    revert(store, changes, stamp, origin=origin)
    made: list[Change] = []
    for row_id in dict.fromkeys(c["row_id"] for c in changes):
        before, after = refresh_row(store, row_id, stamp)
        seen = [e for e in group if e["row_id"] == row_id]
        for name in _FROM_ENTRIES:
            if any(e["field"] == name for e in seen) and before[name] != after[name]:
                made.append(Change(row_id, name, before[name], after[name]))
        made += [Change(row_id, "entry", e["new"], e["old"]) for e in reversed(seen) if e["field"] == "entry"]
    batch = store.current_batch()
    store.conn.executemany(
        "INSERT INTO history (row_id, at, field, old, new, origin, batch) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(c.row_id, stamp, c.field, history_text(c.old), history_text(c.new), origin, batch) for c in made],
    )
    return made


def _revert_step(store: "Store", group: list[dict], entries: list[dict], origin: str) -> list[Change]:
    """Write back what one step replaced (its history ``group``, its entry changes),
    compare-and-set, recorded with ``origin``; mark the step ``undone_by`` this write.
    Inside the caller's transaction; the changes made."""
    with_entries = {c["row_id"] for c in entries}
    restore, left = _reversal(group)
    for row_id in with_entries:  # the text and value the step left must still be there
        expected = {k: v for k, v in left.get(row_id, {}).items() if k in _FROM_ENTRIES}
        if expected:
            store.update_row(row_id, {}, origin=origin, expected=expected)
    made = _revert_entries(store, group, entries, origin)
    for row_id, changes in restore.items():
        if row_id in with_entries:  # their result and actual came back with the entries
            changes = {k: v for k, v in changes.items() if k not in _FROM_ENTRIES}
            expected = {k: v for k, v in left[row_id].items() if k not in _FROM_ENTRIES}
        else:
            expected = left[row_id]
        if changes:
            made.extend(store.update_row(row_id, changes, origin=origin, expected=expected))
    batch = store.current_batch()
    store.conn.executemany("UPDATE history SET undone_by = ? WHERE id = ?", [(batch, e["id"]) for e in group])
    store.conn.executemany("UPDATE entry_history SET undone_by = ? WHERE id = ?", [(batch, c["id"]) for c in entries])
    return made


def undo_last(store: "Store", plan_id: int | None = None) -> list[Change] | None:
    """Undo the most recent save (of the plan, or of any plan); None when
    there is nothing to undo. Returns the changes the undo made. Raises
    ``StaleWrite`` (nothing reverted) when a value of that save has been
    changed since by a write the history does not show."""
    with store.transaction():
        for _ in range(1000):  # a step that changes nothing is skipped
            group = last_group(store, plan_id)
            if group is None:
                return None
            batch = group[0]["batch"]
            made = _revert_step(store, group, step_changes(store, batch) if batch is not None else [], "undo")
            if made:
                return made
    return None


def last_undo(store: "Store", plan_id: int | None = None) -> list[dict] | None:
    """The history entries of the undo that the next redo would revert, or None:
    the latest undo not redone yet, when only undos and redos were written after it."""
    sql, params = _scoped(plan_id, "h.origin = 'undo' AND h.undone_by IS NULL")
    rec = store.conn.execute(sql + " ORDER BY h.id DESC LIMIT 1", params).fetchone()
    if rec is None:
        return None
    last = dict(zip(_COLS, rec))
    sql, params = _scoped(plan_id, "h.id > ? AND h.origin NOT IN ('undo', 'redo') AND (h.batch IS NULL OR h.batch != ?)")
    if store.conn.execute(sql + " LIMIT 1", params + [last["id"], last["batch"]]).fetchone():
        return None  # a save after the undo: what it reverted is not to come back over it
    group_sql = f"{_SELECT} WHERE h.batch = ? AND h.origin = 'undo' AND h.undone_by IS NULL ORDER BY h.id"
    return [dict(zip(_COLS, r)) for r in store.conn.execute(group_sql, [last["batch"]])]


def redo_last(store: "Store", plan_id: int | None = None) -> list[Change] | None:
    """Redo the most recent undo (of the plan, or of any plan); None when there is
    nothing to redo. Returns the changes the redo made. Raises ``StaleWrite``
    (nothing written) when a value the undo left has been changed since."""
    with store.transaction():
        group = last_undo(store, plan_id)
        if group is None:
            return None
        return _revert_step(store, group, step_changes(store, group[0]["batch"], origin="undo"), "redo")
