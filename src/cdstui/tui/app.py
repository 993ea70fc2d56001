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
from cdstui.tui.messages import DataChanged
from cdstui.tui.screens.plan import PlanScreen

if TYPE_CHECKING:
    from cdstui.tui.context import AppContext

APP_TITLE = "cdstui — Theo dõi kế hoạch chuyển đổi số"

# (action on the plan screen, label, help) for the command palette
PLAN_COMMANDS = (
    ("search", "Tìm nhiệm vụ (/)", "Tìm theo tên, chủ trì, phối hợp, kết quả, ghi chú — không cần dấu"),
    ("filter", "Lọc nhiệm vụ (f)", "Theo tình trạng, cơ quan chủ trì, quá hạn, sắp đến hạn"),
    ("clear_filters", "Bỏ tìm kiếm và bộ lọc (Esc)", "Hiện lại toàn bộ kế hoạch"),
    ("open_task", "Mở nhiệm vụ đang chọn (Enter)", "Xem đầy đủ và cập nhật tiến độ"),
    ("cycle_status", "Đổi tình trạng nhiệm vụ (s)", "Chưa triển khai → Đang triển khai → Hoàn thành"),
    ("undo", "Hoàn tác thay đổi gần nhất (u, Ctrl+Z)", "Trả lại giá trị trước của thay đổi cuối cùng"),
    ("history", "Lịch sử thay đổi của nhiệm vụ (h)", "Mọi thay đổi: thời điểm, trường, giá trị cũ, mới"),
    ("indicators", "Chỉ tiêu (i)", "Nhập kết quả đạt được của các chỉ tiêu"),
    ("overview", "Tổng quan (o)", "Số liệu theo mục và tình trạng, quá hạn, sắp đến hạn"),
    ("export", "Xuất báo cáo Excel (e)", "Chọn kỳ báo cáo và cơ quan chủ trì"),
    ("settings", "Cài đặt (,)", "Tên phường, người ký, nơi nhận, lịch báo cáo"),
    ("choose_plan", "Chọn kế hoạch khác (p)", "Khi cơ sở dữ liệu có nhiều kế hoạch"),
    ("fold_all", "Thu gọn tất cả các mục (-)", "Chỉ hiện các mục I, II, III…"),
    ("unfold_all", "Mở rộng tất cả các mục (+)", "Hiện mọi nhiệm vụ"),
    ("help", "Trợ giúp (?)", "Danh sách phím tắt"),
    ("app.quit", "Thoát (q, Ctrl+Q)", "Đóng chương trình"),
)


class CdsCommands(Provider):
    """Every action of the plan screen in the ctrl+p palette, found without diacritics."""

    def _plan_screen(self) -> PlanScreen | None:
        app = self.app
        for screen in reversed(app.screen_stack):
            if isinstance(screen, PlanScreen):
                return screen
        return None

    def _run(self, action: str) -> None:
        screen = self._plan_screen()
        if screen is None:
            return
        if action == "app.quit":
            self.app.action_quit()
            return
        if self.app.screen is not screen:
            self.app.notify("Hãy quay lại màn hình kế hoạch (Esc) trước.", severity="warning")
            return
        self.app.call_later(screen.run_action, action)

    async def discover(self) -> Hits:
        for action, label, help_text in PLAN_COMMANDS:
            yield DiscoveryHit(Text(label), partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        needle = fold(query).strip()
        matcher = self.matcher(needle)
        for action, label, help_text in PLAN_COMMANDS:
            haystack = fold(label)
            if needle and needle in haystack:
                score = 1.0
            else:
                score = matcher.match(haystack)
            if score > 0:
                yield Hit(score, Text(label), partial(self._run, action), help=help_text)


class CdsApp(App[int]):
    """cdstui: the plan, its progress, search, reports."""

    CSS_PATH = "app.tcss"
    TITLE = APP_TITLE
    COMMANDS = App.COMMANDS | {CdsCommands}
    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Lệnh", show=False, priority=True, id="app.palette"),
        Binding("ctrl+q", "quit", "Thoát", show=False, priority=True, id="app.quit"),
        Binding("f1", "help", "Trợ giúp", show=False, id="app.help"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.backup_error: str | None = None  # what went wrong with today's automatic backup

    def get_default_screen(self) -> PlanScreen:
        return PlanScreen(self.ctx)

    def on_mount(self) -> None:
        # The first backup of the day is not needed to draw the plan: made
        # once the first screen is painted, in a thread.
        self.call_after_refresh(self._start_daily_backup)

    def _start_daily_backup(self) -> None:
        self.run_worker(self._daily_backup, thread=True, group="daily-backup", description="daily-backup", exit_on_error=False)

    def _daily_backup(self) -> None:
        from cdstui.workspace import backup_daily

        try:
            self.backup_error = backup_daily(self.ctx.store.path)
        except Exception as exc:  # noqa: BLE001 - a failed backup never stops the officer's work
            self.backup_error = str(exc)

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

    def _dirty_editor(self):
        from cdstui.tui.screens.editor import EditorScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, EditorScreen) and screen.dirty:
                return screen
        return None

    async def action_quit(self) -> None:
        from cdstui.tui.screens.editor import ConfirmQuitScreen

        if isinstance(self.screen, ConfirmQuitScreen):
            return
        editor = self._dirty_editor()
        if editor is None:
            self.exit(0)
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                if editor.save():
                    self.exit(0)
            elif choice == "discard":
                self.exit(0)

        self.push_screen(ConfirmQuitScreen(), answered)


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
    plan_id = plans[0].id if plans else None
    ctx = AppContext(
        store=store,
        db_path=Path(db_path),
        plan_id=plan_id,
        today=today,
        settings_path=settings_path_for(Path(db_path)),
    )
    if plans:
        ctx.cache["task_count"] = plans[0].tasks
    return ctx


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
