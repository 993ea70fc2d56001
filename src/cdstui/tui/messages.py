"""Messages that flow up from screens and widgets to the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class DataChanged(Message):
    """Something was written to the store; views showing the plan reload."""

    plan_id: int | None = None
    row_id: int | None = None


@dataclass
class PlanSwitched(Message):
    """The officer chose another plan."""

    plan_id: int


@dataclass
class ChangedElsewhere(Message):
    """Another program wrote to the database (PRAGMA data_version moved): read it again."""
