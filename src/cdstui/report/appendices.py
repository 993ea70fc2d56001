"""The appendices of a report, in the plan's order: what each holds and what it is called.

Shared by the workbook (one sheet per appendix) and the Word report (one
table per appendix, in its landscape section), so that both name the same
appendix the same way. An appendix is a task table of the plan, or the
plan's indicators (every indicator table together), with the rows the report
shows: all of them, or one lead agency's with their sections and groups.

Labels: the plan's own ("Phụ lục I", "Phụ lục II"…) when they name every
appendix of the report and no two alike; otherwise the report numbers its
appendices itself ("Phụ lục I", "Phụ lục II"…), or calls a lone one "Phụ
lục". The title is the appendix's full title as printed in the plan (or the
table's title).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cdstui.domain.model import Plan, Row, Table

__all__ = ["ReportAppendix", "report_appendices"]

INDICATORS_TITLE = "CÁC CHỈ TIÊU CỦA KẾ HOẠCH"


@dataclass
class ReportAppendix:
    kind: str  # "tasks" | "indicators"
    label: str  # "Phụ lục I"
    title: str
    # tasks: one (table, rows); indicators: each indicator table with its rows
    parts: list[tuple[Table, list[Row]]] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [row for _table, rows in self.parts for row in rows]


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out += letters
            number -= value
    return out


def _title(tables: list[Table], fallback: str) -> str:
    titles = list(dict.fromkeys(t.appendix.title or t.title for t in tables if t.appendix.title or t.title))
    return "; ".join(titles) or fallback


def report_appendices(plan: Plan, lead: str | None = None) -> list[ReportAppendix]:
    """The report's appendices, in the order of their first table in the plan (empty ones left out)."""
    from cdstui.report.sheet_indicators import select_indicators
    from cdstui.report.sheet_tasks import select_rows

    found: list[tuple[int, ReportAppendix, list[str]]] = []
    for position, table in enumerate(plan.tables):
        if table.kind != "tasks":
            continue
        rows = select_rows(table, lead)
        if any(r.kind == "task" for r in rows):
            appendix = ReportAppendix("tasks", "", _title([table], ""), [(table, rows)])
            found.append((position, appendix, [table.appendix.label]))
    parts = select_indicators(plan.tables, lead)
    if parts:
        tables = [t for t, _rows in parts]
        appendix = ReportAppendix("indicators", "", _title(tables, INDICATORS_TITLE), parts)
        labels = list(dict.fromkeys(t.appendix.label for t in tables))
        found.append((min(plan.tables.index(t) for t in tables), appendix, labels))
    found.sort(key=lambda item: item[0])
    own = [labels[0] if len(labels) == 1 else "" for _p, _a, labels in found]
    if all(own) and len(set(own)) == len(own):
        names = own
    elif len(found) == 1:
        names = own if own[0] else ["Phụ lục"]
    else:
        names = [f"Phụ lục {_roman(i)}" for i in range(1, len(found) + 1)]
    out = []
    for (_position, appendix, _labels), name in zip(found, names):
        appendix.label = name
        out.append(appendix)
    return out
