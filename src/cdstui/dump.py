"""The ``dump`` JSON of CONTRACT.md, built from plans loaded from the store.

Additions since the first version: a row's ``"entries"``, its dated progress
log in date order, each ``{"date", "text", "docs": [{"number", "date",
"issuer", "summary", "file"}], "value", "origin"}``; ``"value"`` is an
indicator's value on that day (null on an entry without one) and
``"origin"`` one of app, cli, agency, import, migration; ``"file"`` is a path
relative to the database's folder, "" when no file is kept. A row's
``"result"`` is its entries' texts in date order joined by "\n" and an
indicator's ``"actual"`` its latest dated value. A plan's
``"report_types"`` are its report streams (name, recipients, periods, due
rule, scope, columns); a submission's ``"type"``, ``"sent_at"`` (a day or
null) and ``"sent_to"`` (a list) say which report it is and when and to
whom it was sent. The status "ongoing" is "Tiếp tục duy trì".
"""

from __future__ import annotations

from datetime import date

from cdstui.domain.deadlines import due_date
from cdstui.domain.entries import Entry, ordered
from cdstui.domain.model import Plan, Row
from cdstui.domain.progress import is_overdue
from cdstui.domain.report_types import ReportType
from cdstui.domain.summary import indicator_met


def entry_json(entry: Entry) -> dict:
    return {
        "date": entry.date.isoformat(),
        "text": entry.text,
        "docs": [d.as_dict() for d in entry.docs],
        "value": entry.value,
        "origin": entry.origin,
    }


def row_json(
    row: Row, year: int | None, today: date, history: list[dict] | None = None, entries: list[Entry] | None = None
) -> dict:
    due = due_date(row.deadline, year)
    return {
        "kind": row.kind,
        "code": row.code,
        "path": list(row.path),
        "title": row.title,
        "lead": row.lead,
        "partners": row.partners,
        "deadline": row.deadline,
        "due": due.isoformat() if due else None,
        "output": row.output,
        "note": row.note,
        "unit": row.unit,
        "target": row.target,
        "actual": row.actual,
        "met": indicator_met(row) if row.kind == "indicator" else None,
        "status": row.status,
        "completion": row.completion,
        "result": row.result,
        "overdue": row.kind == "task" and is_overdue(due, row.status, today),
        "history": [
            {"at": h["at"], "field": h["field"], "old": h["old"], "new": h["new"]} for h in (history or [])
        ],
        "entries": [entry_json(e) for e in ordered(entries or [])],
    }


def plan_json(
    plan: Plan,
    today: date,
    histories: dict[int, list[dict]] | None = None,
    submissions: list[dict] | None = None,
    entries: dict[int, list[Entry]] | None = None,
    report_types: list[ReportType] | None = None,
) -> dict:
    histories = histories or {}
    entries = entries or {}
    return {
        "id": plan.id,
        "number": plan.number,
        "title": plan.title,
        "issuer": plan.issuer,
        "ward": plan.ward,
        "year": plan.year,
        "date": plan.date.isoformat() if plan.date else None,
        "tables": [
            {
                "title": table.title,
                "kind": table.kind,
                "header": list(table.header),
                "appendix": {
                    "label": table.appendix.label,
                    "title": table.appendix.title,
                    "note": table.appendix.note,
                },
                "rows": [row_json(r, plan.year, today, histories.get(r.id), entries.get(r.id)) for r in table.rows],
            }
            for table in plan.tables
        ],
        "submissions": list(submissions or []),
        "report_types": [t.as_dict() for t in report_types or []],
    }
