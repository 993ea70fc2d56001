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

Redo is the undo of an undo: it writes back what the latest undo reverted
(compare-and-set again), recorded in history with origin ``"redo"`` (so
that an undo takes it back like any save), and marks the undo's entries
``undone_by`` the redo. Successive redos walk forward through successive
undos; any other save after an undo leaves nothing to redo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cdstui.store.base import EDITABLE_FIELDS, Change, history_value

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


def _revert(store: "Store", group: list[dict], origin: str) -> list[Change]:
    """Write back the values a step replaced, compare-and-set (inside the caller's
    transaction), and mark its entries ``undone_by`` this one; the changes made."""
    restore, left = _reversal(group)
    made: list[Change] = []
    for row_id, changes in restore.items():
        made.extend(store.update_row(row_id, changes, origin=origin, expected=left[row_id]))
    batch = store.current_batch()
    store.conn.executemany("UPDATE history SET undone_by = ? WHERE id = ?", [(batch, e["id"]) for e in group])
    return made


def last_undo(store: "Store", plan_id: int | None = None) -> list[dict] | None:
    """The entries of the undo that the next redo would revert, or None: the latest
    undo not redone yet, when only undos and redos were written after it."""
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
        return _revert(store, group, "redo")


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
            made = _revert(store, group, "undo")
            if made:
                return made
    return None
