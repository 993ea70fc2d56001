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
from cdstui.domain.entries import Entry, entries_between
from cdstui.domain.model import Plan
from cdstui.store.entries import plan_entries

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.store.store import Store

__all__ = ["PlanAsOf", "load_plan_as_of"]


@dataclass
class PlanAsOf:
    """A plan as of ``day`` (None: now); ``entries`` (row id -> entries) those
    dated from ``start`` to ``day``."""

    plan: Plan
    day: date | None
    start: date | None
    entries: dict[int, list[Entry]]


def load_plan_as_of(store: "Store", plan_id: int, day: date | None, start: date | None = None) -> PlanAsOf:
    """The plan at the end of ``day``; its rows' "Kết quả" the entries dated
    from ``start`` (None: from the first) to ``day``. ``day`` None: the plan
    as it is now (a period not over yet), with every entry from ``start`` on."""
    plan = store.load_plan(plan_id)
    if day is None:
        shown = plan_entries(store, plan_id, start, None)
        return PlanAsOf(plan_as_of(plan, {}, shown, None, start), None, start, shown)
    upto = plan_entries(store, plan_id, None, day)  # all of them: an indicator's value may be older than ``start``
    stood = plan_as_of(plan, store.plan_history(plan_id, fields=AS_OF_FIELDS), upto, day, start)
    shown = {row_id: inside for row_id, found in upto.items() if (inside := entries_between(found, start, day))}
    return PlanAsOf(stood, day, start, shown)
