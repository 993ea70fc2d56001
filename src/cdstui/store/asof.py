"""A stored plan as it stood on a day, for the report of a period.

Loads the plan, its history and its entries up to the day, and rebuilds
each row with ``domain.asof``: status, completion, note and verdict as they
were at the end of the day, the entries dated inside the report's range,
an indicator's value as of the day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cdstui.domain.asof import AS_OF_FIELDS, plan_as_of
from cdstui.domain.entries import Entry, log_text
from cdstui.domain.model import Plan
from cdstui.store.entries import plan_entries, plan_values

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


def load_plan_as_of(
    store: "Store",
    plan_id: int,
    day: date | None,
    start: date | None = None,
    render: Callable[[list[Entry]], str] = log_text,
) -> PlanAsOf:
    """The plan at the end of ``day``; its rows' "Kết quả" the entries dated
    from ``start`` (None: from the first) to ``day``, written by ``render``.
    ``day`` None: the plan as it is now (a period not over yet), with every
    entry from ``start`` on."""
    plan = store.load_plan(plan_id)
    shown = plan_entries(store, plan_id, start, day)
    if day is None:
        return PlanAsOf(plan_as_of(plan, {}, shown, None, render=render), None, start, shown)
    history = store.plan_history(plan_id, fields=AS_OF_FIELDS)
    stood = plan_as_of(plan, history, shown, day, values=plan_values(store, plan_id, day), render=render)
    return PlanAsOf(stood, day, start, shown)
