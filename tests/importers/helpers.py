"""Helpers shared by the importer tests: find rows by label, compare rows."""

from __future__ import annotations

from cdstui.domain.model import Plan, Row, Table
from cdstui.domain.labels import row_number

# The fields compared between formats (docx, xlsx, encodings) and the text import.
COMPARED = ("kind", "code", "path", "title", "lead", "partners", "deadline", "output", "completion", "result")


def by_label(plan: Plan, label: str) -> Row:
    """The row named "II.5", "III.4.2.5", "A.VII.5" (section codes + code)."""
    found = [r for t in plan.tables for r in t.rows if row_number(r.path, r.code) == label]
    assert len(found) == 1, f"{label}: {len(found)} rows"
    return found[0]


def table(plan: Plan, kind: str) -> Table:
    found = [t for t in plan.tables if t.kind == kind]
    assert len(found) == 1, f"{len(found)} tables of kind {kind}"
    return found[0]


def compared(rows: list[Row]) -> list[tuple]:
    return [tuple(getattr(r, f) for f in COMPARED) for r in rows]
