"""A stored plan as it stood on a day, for the report of a period.

Loads the plan, its history and its entries up to the day, and rebuilds
each row with ``domain.asof``: status, completion, note and verdict as they
were at the end of the day, the entries dated inside the report's range,
an indicator's value as of the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cdstui.domain.asof import AS_OF_FIELDS, plan_as_of
from cdstui.domain.entries import Entry, log_text
from cdstui.domain.model import Plan
from cdstui.store.entries import plan_entries, plan_report_texts, plan_values

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.store.store import Store

__all__ = ["PlanAsOf", "load_plan_as_of", "load_report_plan"]


@dataclass
class PlanAsOf:
    """A plan as of ``day`` (None: now); ``entries`` (row id -> entries) those
    dated from ``start`` to ``day``, the rows' "Kết quả" their texts."""

    plan: Plan
    day: date | None
    start: date | None
    entries: dict[int, list[Entry]]


def _stood(store: "Store", plan_id: int, day: date | None, results: dict[int, str]) -> Plan:
    """The plan with ``results``, at the end of ``day`` (None: now), rebuilt in place."""
    plan = store.load_plan(plan_id)
    if day is None:
        return plan_as_of(plan, {}, None, results=results, in_place=True)
    history = store.plan_history(plan_id, fields=AS_OF_FIELDS)
    return plan_as_of(plan, history, day, results=results, values=plan_values(store, plan_id, day), in_place=True)


def load_plan_as_of(store: "Store", plan_id: int, day: date | None, start: date | None = None) -> PlanAsOf:
    """The plan at the end of ``day``; its rows' "Kết quả" the texts of the
    entries dated from ``start`` (None: from the first) to ``day``. ``day``
    None: the plan as it is now (a period not over yet), with every entry
    from ``start`` on."""
    shown = plan_entries(store, plan_id, start, day)
    stood = _stood(store, plan_id, day, {row_id: log_text(found) for row_id, found in shown.items()})
    return PlanAsOf(stood, day, start, shown)


def load_report_plan(store: "Store", plan_id: int, day: date | None, start: date | None = None) -> Plan:
    """As ``load_plan_as_of``, each row's "Kết quả" as a report prints it
    (``domain.entries.report_text``: every entry citing its documents)."""
    return _stood(store, plan_id, day, plan_report_texts(store, plan_id, start, day))
