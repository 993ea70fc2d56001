"""The officer's terminal app: ``run_app(db_path)`` and ``CdsApp``.

Start-up stays light: the database is opened here (fast), the plan is read in
a worker thread by the plan screen, and nothing imports openpyxl.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from cdstui.domain.text import fold
from cdstui.tui.actions import Action, bindings, palette_actions
from cdstui.tui.messages import DataChanged
from cdstui.tui.screens.plan import PlanScreen
from cdstui.tui.watch import POLL_SECONDS, check_for_changes

if TYPE_CHECKING:
    from cdstui.tui.context import AppContext

APP_TITLE = "cdstui — Theo dõi kế hoạch chuyển đổi số"
EXACT_BONUS = 1000.0


class CdsCommands(Provider):
    """The actions of the plan screen (``palette`` in the actions table) in the ctrl+p
    palette, found without diacritics."""

    def _plan_screen(self) -> PlanScreen | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, PlanScreen):
                return screen
        return None

    def _run(self, action: Action) -> None:
        app = self.app
        name = action.action.removeprefix("app.")
        if action.owner == "app" or hasattr(app, f"action_{name}"):  # quit, help: from any screen
            app.call_later(app.run_action, name)
            return
        if self._plan_screen() is None:
            return
        from cdstui.tui.form import QUESTION_LEAVE, leave_forms

        def on_the_plan_screen() -> None:
            screen = app.back_to_plan()
            if screen is not None:
                target = screen.table if action.owner == "list" else screen
                app.call_later(target.run_action, action.action)

        # another screen on top (a form among them): leave it first, asking when typing is unsaved
        leave_forms(app, on_the_plan_screen, QUESTION_LEAVE)

    def _title(self, action: Action) -> str:
        keys = ", ".join(self.app.get_key_display(Binding(key, action.action)) for key in action.keys.split(","))
        return f"{action.label} ({keys})"

    @staticmethod
    def _help(action: Action) -> str | None:
        """The help screen's words, unless they only repeat the label ("Chỉ tiêu")."""
        return None if fold(action.help) == fold(action.label) else action.help

    async def discover(self) -> Hits:
        for action in palette_actions():
            yield DiscoveryHit(Text(self._title(action)), partial(self._run, action), help=self._help(action))

    async def search(self, query: str) -> Hits:
        needle = fold(query).strip()
        matcher = self.matcher(needle)
        for action in palette_actions():
            title = self._title(action)
            haystack = fold(f"{title} {action.help}")
            # the words typed, found as they are, rank above any fuzzy match (whose
            # scores are not bounded): "thoat" is Thoát before Thu gọn tất cả
            score = matcher.match(fold(title)) + (EXACT_BONUS if needle and needle in haystack else 0.0)
            if score > 0:
                yield Hit(score, Text(title), partial(self._run, action), help=self._help(action))


class CdsApp(App[int]):
    """cdstui: the plan, its progress, search, reports."""

    CSS_PATH = "app.tcss"
    TITLE = APP_TITLE
    COMMANDS = App.COMMANDS | {CdsCommands}
    BINDINGS = bindings("app")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def get_default_screen(self) -> PlanScreen:
        return PlanScreen(self.ctx)

    def on_mount(self) -> None:
        # The first backup of the day is not needed to draw the plan: made
        # once the first screen is painted, in a thread.
        self.call_after_refresh(self._start_daily_backup)
        # another program writing meanwhile (tui.watch): looked for about once a
        # second (one PRAGMA), on focus and whenever the screen changes
        self.watch_timer = self.set_interval(POLL_SECONDS, self.check_for_changes, name="changed-elsewhere")
        self.screen_change_signal.subscribe(self, lambda _screen: self.check_for_changes())

    def on_app_focus(self) -> None:
        self.check_for_changes()

    def check_for_changes(self) -> bool:
        """Has another program written to the database? Then the open screens read it again."""
        return check_for_changes(self, self.ctx)

    def _start_daily_backup(self) -> None:
        self.run_worker(self._daily_backup, thread=True, group="daily-backup", description="daily-backup", exit_on_error=False)

    def _daily_backup(self) -> None:
        from cdstui.workspace import backup_daily

        try:
            self.ctx.backup_error = backup_daily(self.ctx.store.path)
        except Exception as exc:  # noqa: BLE001 - a failed backup never stops the officer's work
            self.ctx.backup_error = str(exc)

    @property
    def plan_screen(self) -> PlanScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, PlanScreen):
                return screen
        return None

    def on_data_changed(self, message: DataChanged) -> None:
        screen = self.plan_screen
        if screen is not None:
            screen.data_changed(message)

    def action_help(self) -> None:
        from cdstui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.ctx))

    async def action_quit(self) -> None:
        """ctrl+q, q, the palette's Thoát: asks first when typing is unsaved (``tui.form``)."""
        from cdstui.tui.form import leave_forms

        leave_forms(self, lambda: self.exit(0))

    def back_to_plan(self) -> PlanScreen | None:
        """Close every screen above the plan screen (their typing saved or given up)."""
        screen = self.plan_screen
        while screen is not None and self.screen is not screen:
            self.pop_screen()
        return screen


def make_context(db_path: Path, today: date | None = None) -> AppContext:
    """Open the database (a new one gets the default plan) and build the context.

    Raises ``StoreError`` with a Vietnamese message when the file cannot be used.
    """
    from cdstui.paths import settings_path_for
    from cdstui.tui.context import AppContext
    from cdstui.workspace import open_database

    if today is None:
        today = date.today()
        if os.environ.get("CDSTUI_TODAY"):
            from cdstui.domain.periods import today_from_env

            today = today_from_env(os.environ["CDSTUI_TODAY"])
    store = open_database(db_path, daily_backup=False)  # CdsApp makes it after the first paint
    plans = store.list_plans()
    return AppContext(
        store=store,
        db_path=Path(db_path),
        plan_id=plans[0].id if plans else None,
        today=today,
        settings_path=settings_path_for(Path(db_path)),
        task_count=plans[0].tasks if plans else None,
        data_version=store.data_version(),
    )


def run_app(
    db_path: str | Path,
    *,
    today: date | None = None,
    headless: bool = False,
    size: tuple[int, int] | None = None,
) -> int:
    """Open the terminal app on ``db_path``; the exit status (0, or 1 with a message).

    A database that cannot be used (in use, not a cdstui database, a folder
    that cannot be written) or a bad ``CDSTUI_TODAY`` gives one Vietnamese
    paragraph on stderr and 1, not a traceback. ``headless`` and ``size``
    are for benchmarks (bench/bench_tui.py).
    """
    try:
        ctx = make_context(Path(db_path), today)
    except ValueError as exc:  # a bad CDSTUI_TODAY
        print(f"cdstui: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - one paragraph, no traceback
        from cdstui.store import StoreError

        if isinstance(exc, StoreError):
            print(f"cdstui: {exc}", file=sys.stderr)
        elif isinstance(exc, OSError):
            print(f"cdstui: lỗi tệp {exc.filename or db_path}: {exc.strerror or exc}", file=sys.stderr)
        else:
            print(f"cdstui: không mở được cơ sở dữ liệu {db_path}: {exc}", file=sys.stderr)
        return 1
    import gc

    # Everything imported so far lives as long as the process: leave it out of
    # the collector's full passes, which the plan's many rows would otherwise
    # trigger again and again while the first screen is built.
    gc.freeze()
    try:
        app = CdsApp(ctx)
        result = app.run(headless=headless, size=size)
    finally:
        ctx.store.close()
    # The process ends next: keep the collector from walking every object of
    # the app again while the interpreter shuts down (a visible pause on exit).
    gc.freeze()
    if app.return_code not in (None, 0):
        return app.return_code
    return int(result or 0)
