"""What really changed since the last report: the values now against the values sent.

A change that was undone, or typed and typed back, is no change: the
province's copy and the database agree again. A row counts as changed when
one of its values differs from the last submission: its snapshot for the
progress it recorded (what the report held), and otherwise the value before
the first history entry after the submission (a corrected title, a row the
snapshot did not hold). Before any submission, from the plan as imported.
Pure: the store supplies the rows, the snapshot and the history.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from cdstui.domain.model import Row

__all__ = ["changed_since_report"]


def _text(value: Any) -> str:
    """A value as the history keeps it (text; the verdict "1"/"0"), none and empty alike."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def changed_since_report(
    rows: Iterable[Row],
    sent: Mapping[int, Mapping[str, Any]] | None,
    history_after: Mapping[int, list[dict]],
) -> set[int]:
    """The ids of the rows whose values differ from the last report.

    ``rows``: the plan's rows now; ``sent``: row id -> the values the last
    submission recorded (its snapshot; None before any report);
    ``history_after``: row id -> the history entries after that submission,
    oldest first ("field", "old", "new").
    """
    changed: set[int] = set()
    for row in rows:
        if row.id is None:
            continue
        then: dict[str, Any] = {}
        for entry in history_after.get(row.id, ()):
            if entry["field"] != "removed":
                then.setdefault(entry["field"], entry["old"])
        recorded = (sent or {}).get(row.id)
        if recorded:
            then.update(recorded)
        if any(_text(value) != _text(getattr(row, field, None)) for field, value in then.items()):
            changed.add(row.id)
    return changed
