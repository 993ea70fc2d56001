"""The ``dump`` JSON of CONTRACT.md, built from plans loaded from the store."""

from __future__ import annotations

from datetime import date

from cdstui.domain.deadlines import due_date
from cdstui.domain.model import Plan, Row
from cdstui.domain.progress import is_overdue
from cdstui.domain.summary import indicator_met


def row_json(row: Row, year: int | None, today: date, history: list[dict] | None = None) -> dict:
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
    }


def plan_json(
    plan: Plan,
    today: date,
    histories: dict[int, list[dict]] | None = None,
    submissions: list[dict] | None = None,
) -> dict:
    histories = histories or {}
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
                "rows": [row_json(r, plan.year, today, histories.get(r.id)) for r in table.rows],
            }
            for table in plan.tables
        ],
        "submissions": list(submissions or []),
    }
