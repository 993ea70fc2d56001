"""Messages that flow up from screens and widgets to the app."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """Something was written to the store; views showing the plan reload."""

    def __init__(self, plan_id: int | None = None, row_id: int | None = None) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.row_id = row_id


class PlanSwitched(Message):
    """The officer chose another plan."""

    def __init__(self, plan_id: int) -> None:
        super().__init__()
        self.plan_id = plan_id
