"""State that flows down from the app to its screens.

Screens receive the ``AppContext`` when they are built; they read and write
through ``ctx.store`` (never SQL of their own) and announce changes by posting
messages upward (see ``cdstui.tui.messages``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cdstui.store import Store


@dataclass
class AppContext:
    store: Store
    db_path: Path
    plan_id: int | None
    today: date
    settings_path: Path
    # free-form cache shared by screens (e.g. the loaded plan); screens must
    # reload after they write
    cache: dict = field(default_factory=dict)
