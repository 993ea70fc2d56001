"""The one task total: tasks by status, how many overdue, "Không giao" apart.

Counted the same way everywhere: by the app's status line, the overview and
the report's "Tổng hợp" sheet (``domain.summary``, which re-exports it). A
module of its own so that the app's status line, drawn in its first frame,
does without the rest of the summary.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["StatusCounts"]


@dataclass
class StatusCounts:
    """Tasks by status, and how many of them are overdue.

    ``total`` = done + in_progress + not_started: the tasks assigned to the
    ward; recurring work kept up ("ongoing") counts as in progress. ``not_assigned`` ("Không giao") stands apart, outside the total.
    """

    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    not_assigned: int = 0
    overdue: int = 0

    def add(self, status: str, overdue: bool) -> None:
        if status == "not_assigned":
            self.not_assigned += 1
            return  # never overdue, never in a total
        self.total += 1
        if status == "ongoing":  # recurring work kept up: work in progress
            status = "in_progress"
        if status in ("done", "in_progress", "not_started"):
            setattr(self, status, getattr(self, status) + 1)
        else:  # an unknown code counts as not started
            self.not_started += 1
        if overdue:
            self.overdue += 1

    def done_share(self) -> float | None:
        """Done tasks over assigned tasks; None when no task is assigned."""
        return self.done / self.total if self.total else None

    def merge(self, other: "StatusCounts") -> None:
        for name in ("total", "done", "in_progress", "not_started", "not_assigned", "overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
