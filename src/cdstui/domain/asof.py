"""A plan as it stood on a day: what a report of a past period shows.

A field's value at the end of a day is the value after its last change on
or before that day; a field first changed later still held the value that
change replaced; a field never changed holds what it holds now. Changes are
history entries (``at`` a local ISO time, ``field``, ``old``, ``new``),
oldest first, undos included: an undo is a change like any other.

Entries (``domain.entries``) are dated by the officer, not by when they were
typed: a report shows the entries dated inside its range, and an
indicator's value as of a day is its latest value dated on or before it.

Pure: the store loads the history and the entries (``store.asof``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from cdstui.domain.entries import Entry, entries_between, latest_value, log_text
from cdstui.domain.model import Plan, Row

__all__ = ["AS_OF_FIELDS", "field_at", "row_as_of", "plan_as_of"]

# The progress fields rebuilt from history; result and actual come from the entries.
AS_OF_FIELDS = ("status", "completion", "note", "verdict")


def _from_text(field: str, text: str | None) -> Any:
    if field == "verdict":
        return None if text is None else text == "1"
    return text


def field_at(current: Any, changes: Iterable[Mapping[str, Any]], field: str, day: date) -> Any:
    """The value of ``field`` at the end of ``day``, from its changes (oldest
    first; entries of other fields are passed over) and its value now."""
    cutoff = day.isoformat()
    last_before = None
    for change in changes:
        if change["field"] != field:
            continue
        if str(change["at"])[:10] <= cutoff:
            last_before = change
        else:
            return _from_text(field, last_before["new"] if last_before else change["old"])
    return current if last_before is None else _from_text(field, last_before["new"])


def row_as_of(
    row: Row,
    changes: list[Mapping[str, Any]] | None,
    entries: list[Entry] | None,
    day: date | None,
    start: date | None = None,
) -> Row:
    """A copy of ``row`` as it stood at the end of ``day``: status, completion,
    note and verdict from its history; its "Kết quả" the entries dated from
    ``start`` (None: any day) to ``day``; an indicator's value its latest dated
    on or before ``day``. ``day`` None: as it is now, its "Kết quả" every
    entry from ``start`` on."""
    out = copy.copy(row)
    out.path = list(row.path)
    if changes and day is not None:
        for name in AS_OF_FIELDS:
            setattr(out, name, field_at(getattr(row, name), changes, name, day))
    if entries is not None:
        out.result = log_text(entries_between(entries, start, day))
        if row.kind == "indicator" and day is not None:
            out.actual = latest_value(entries, day)
    return out


def plan_as_of(
    plan: Plan,
    histories: Mapping[int, list[Mapping[str, Any]]],
    entries: Mapping[int, list[Entry]],
    day: date | None,
    start: date | None = None,
) -> Plan:
    """A copy of ``plan`` whose task and indicator rows are as ``row_as_of``
    makes them (rows with no entries get an empty "Kết quả")."""
    out = copy.copy(plan)
    out.tables = []
    for table in plan.tables:
        t = copy.copy(table)
        t.rows = [
            row_as_of(r, histories.get(r.id), entries.get(r.id, []), day, start) if r.is_leaf_kind else r
            for r in table.rows
        ]
        out.tables.append(t)
    return out
