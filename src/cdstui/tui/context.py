"""State that flows down from the app to its screens.

Screens receive the ``AppContext`` when they are built; they read and write
through ``ctx.store`` (never SQL of their own) and announce changes by posting
messages upward (see ``cdstui.tui.messages``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cdstui.domain.model import Plan
    from cdstui.store import Store


@dataclass
class AppContext:
    store: Store
    db_path: Path
    plan_id: int | None
    today: date
    settings_path: Path
    # the plan's number of tasks as listed when the app opened: a small plan is
    # read before the first paint, a big one in a thread (None: not known)
    task_count: int | None = None
    # the plan as the plan screen last read it (the editor dates deadlines by its year)
    plan: Plan | None = None
    # why the first backup of the day failed, if it did: the officer's work goes on
    backup_error: str | None = None
    # the database's PRAGMA data_version when the app last looked (tui.watch): another
    # program has written since when it moves
    data_version: int | None = None
