"""The officer's terminal app: ``run_app(db_path)`` and ``CdsApp``.

Start-up stays light: the database is opened here (fast), the plan is read in
a worker thread by the plan screen, and nothing imports openpyxl.
"""

from __future__ import annotations

import gc
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

# Importing Textual and the app's modules makes a great many objects, none of
# them garbage, which the collector would walk again and again before the
# first paint. It is paused while they are imported, and they are then frozen
# out of its passes (as ``run_app`` does again once the database is open):
# merely resumed, its first pass would walk them all at once.
_collecting = gc.isenabled()
gc.disable()
try:
    from textual.app import App, SystemCommand
    from textual.command import CommandPalette

    from cdstui.tui.actions import bindings
    from cdstui.tui.messages import DataChanged
    from cdstui.tui.palette import PALETTE_PLACEHOLDER, THEME_PLACEHOLDER, CdsCommands, ThemeCommands
    from cdstui.tui.screens.plan import PlanScreen
    from cdstui.tui.watch import POLL_SECONDS, check_for_changes
finally:
    gc.freeze()
    if _collecting:
        gc.enable()

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.screen import Screen

    from cdstui.tui.context import AppContext

APP_TITLE = "cdstui — Theo dõi kế hoạch chuyển đổi số"


class CdsApp(App[int]):
    """cdstui: the plan, its progress, search, reports."""

    CSS_PATH = "app.tcss"
    TITLE = APP_TITLE
    COMMANDS = {CdsCommands}  # Textual's own commands too, in Vietnamese (get_system_commands)
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

    # -- the palette, in Vietnamese ----------------------------------------------
    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=PALETTE_PLACEHOLDER))

    def search_themes(self) -> None:
        self.push_screen(CommandPalette(providers=[ThemeCommands], placeholder=THEME_PLACEHOLDER))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands (theme, maximize, screenshot), in the officer's words.
        Its "Keys" and "Quit" are the actions table's Trợ giúp and Thoát (which asks
        first when typing is unsaved), offered already."""
        yield SystemCommand("Đổi giao diện màu", "chọn bảng màu sáng, tối…", self.action_change_theme)
        if screen.maximized is not None:
            yield SystemCommand("Thu nhỏ", "trả ô đang phóng to về cỡ thường", screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand("Phóng to", "phóng to ô đang chọn ra cả màn hình", screen.action_maximize)
        yield SystemCommand("Chụp màn hình", "lưu ảnh màn hình (tệp SVG) vào thư mục đang làm việc", self._screenshot)

    def _screenshot(self) -> None:
        def save() -> None:
            try:
                path = self.save_screenshot()
            except OSError as exc:
                self.notify(f"Không lưu được ảnh màn hình: {exc.strerror or exc}", severity="error")
                return
            self.notify(f"Đã lưu ảnh màn hình: {path}")

        self.call_after_refresh(save)  # once the palette is gone from the screen

    def action_help_quit(self) -> None:
        """ctrl+c outside a text field: say how to quit (Textual's own words are English)."""
        self.notify("Nhấn ctrl+q (hoặc q ở danh sách) để thoát. Trong ô chữ, ctrl+c chép chữ đang chọn.", title="Thoát?")

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
