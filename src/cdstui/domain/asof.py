"""A plan as it stood on a day: what a report of a past period shows.

A field's value at the end of a day is the value after its last change on
or before that day; a field first changed later still held the value that
change replaced; a field never changed holds what it holds now. Changes are
history entries (``at`` a local ISO time, ``field``, ``old``, ``new``),
oldest first, undos included: an undo is a change like any other.

Entries (``domain.entries``) are dated by the officer, not by when they were
typed: a report shows the entries dated inside its range
(``entries_between``), and an indicator's value as of a day is its latest
value dated on or before it (``latest_value``).

Pure: the store loads the history and the entries (``store.asof``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

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


_KEEP: Any = object()


def row_as_of(
    row: Row,
    changes: list[Mapping[str, Any]] | None,
    day: date | None,
    *,
    result: Any = _KEEP,
    value: Any = _KEEP,
    in_place: bool = False,
) -> Row:
    """``row`` as it stood at the end of ``day`` (a copy, unless ``in_place``):
    status, completion, note and verdict from its history (as they are now
    when ``day`` is None); its "Kết quả" ``result`` (the text of the entries
    a report shows: ``log_text`` or ``report_text`` of ``entries_between``);
    an indicator's ``value`` as of the day (``latest_value``). What is not
    given is left as it is."""
    if in_place:
        out = row
    else:
        out = object.__new__(Row)  # a plain copy: thousands of rows, copy.copy is slow
        out.__dict__.update(row.__dict__)
        out.path = list(row.path)
    if changes and day is not None:
        for name in AS_OF_FIELDS:
            setattr(out, name, field_at(getattr(row, name), changes, name, day))
    if result is not _KEEP:
        out.result = result
    if row.kind == "indicator" and value is not _KEEP:
        out.actual = value
    return out


def plan_as_of(
    plan: Plan,
    histories: Mapping[int, list[Mapping[str, Any]]],
    day: date | None,
    *,
    results: Mapping[int, str] | None = None,
    values: Mapping[int, str | None] | None = None,
    in_place: bool = False,
) -> Plan:
    """``plan`` with its task and indicator rows as ``row_as_of`` makes them
    (a copy, unless ``in_place``): ``results`` and ``values`` by row id (a
    row missing from ``results`` gets an empty "Kết quả"; None keeps every
    result, or every value)."""
    out = plan if in_place else copy.copy(plan)
    if not in_place:
        out.tables = []
    for i, table in enumerate(plan.tables):
        rows = [
            row_as_of(
                r, histories.get(r.id), day,
                result=_KEEP if results is None else results.get(r.id, ""),
                value=_KEEP if values is None else values.get(r.id),
                in_place=in_place,
            )
            if r.is_leaf_kind
            else r
            for r in table.rows
        ]
        if in_place:
            table.rows = rows
        else:
            t = copy.copy(table)
            t.rows = rows
            out.tables.append(t)
    return out
