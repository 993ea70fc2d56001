"""The Word report of an export: its narrative from the store, the document built.

The narrative of the plan's report for the period is the one stored
(``store.narratives``: the officer's edit, else the draft); when there is
none yet, a draft is written from the plan (``report.narrative``) and stored,
so that the officer finds it in the app and edits it for next time.

A ward's template (the ``report_template`` setting, a path relative to the
database's folder) is used when given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from cdstui.domain.model import Plan
from cdstui.domain.periods import Period
from cdstui.report.columns import Column
from cdstui.report.narrative import Narrative, draft_narrative
from cdstui.report.workbook import ReportError
from cdstui.report.wording import issuer_phrase

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.settings import PlanSettings, Settings
    from cdstui.store import Store

__all__ = ["BuiltDocument", "build_word_report", "narrative_for"]


@dataclass
class BuiltDocument:
    document: Any
    row_ids: set[int]  # the tasks and indicators the appendices show
    tasks: int
    indicators: int


def narrative_for(store: "Store", plan_id: int, plan: Plan, period: Period, *, today: date, settings: "Settings", report_type: str = "") -> Narrative:
    """The stored narrative of the report, or a new draft (stored)."""
    from cdstui.store.narratives import load_narrative, store_draft

    stored = load_narrative(store, plan_id, period.code, report_type)
    if stored is not None:
        return stored.current
    draft = draft_narrative(plan, period, today=today, issuer=issuer_phrase(settings.issuer, settings.ward))
    return store_draft(store, plan_id, period.code, draft, report_type=report_type).current


def template_path(store: "Store", settings: "Settings | PlanSettings") -> Path | None:
    name = settings.report_template
    if not name:
        return None
    path = Path(name)
    if not path.is_absolute():
        path = Path(store.path).parent / path
    if not path.is_file():
        raise ReportError(f"Không tìm thấy mẫu báo cáo Word {path} (khóa report_template trong cài đặt).")
    return path


def build_word_report(
    store: "Store",
    plan_id: int,
    plan: Plan,
    period: Period,
    *,
    settings: "Settings",
    day: date,
    today: date,
    task_columns: Sequence[Column] | None = None,
    indicator_columns: Sequence[Column] | None = None,
    report_type: str = "",
) -> BuiltDocument:
    from cdstui.report.appendices import report_appendices
    from cdstui.report.word.document import build_document
    from cdstui.report.word.template import TemplateError

    narrative = narrative_for(store, plan_id, plan, period, today=today, settings=settings, report_type=report_type)
    try:
        document = build_document(
            plan,
            period,
            settings=settings,
            day=day,
            today=today,
            narrative=narrative,
            task_columns=task_columns,
            indicator_columns=indicator_columns,
            template=template_path(store, settings),
        )
    except TemplateError as exc:
        raise ReportError(str(exc)) from exc
    rows = [r for a in report_appendices(plan) for r in a.rows if r.kind in ("task", "indicator") and r.id is not None]
    return BuiltDocument(
        document,
        {r.id for r in rows},
        sum(r.kind == "task" for r in rows),
        sum(r.kind == "indicator" for r in rows),
    )
