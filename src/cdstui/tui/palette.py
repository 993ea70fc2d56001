"""The ctrl+p palette: every command, in Vietnamese, found without diacritics."""

from __future__ import annotations

from functools import partial
from typing import Callable

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from cdstui.domain.text import fold
from cdstui.tui.actions import Action, palette_actions
from cdstui.tui.screens.plan import PlanScreen

EXACT_BONUS = 1000.0
PALETTE_PLACEHOLDER = "Tìm lệnh (gõ không dấu cũng được)…"
THEME_PLACEHOLDER = "Tìm giao diện màu…"


class CdsCommands(Provider):
    """Every command of the ctrl+p palette, found without diacritics: the plan
    screen's actions (``palette`` in the actions table), then the app's own
    (``App.get_system_commands``); a search without a match says so."""

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

    def _commands(self) -> list[tuple[str, str | None, Callable[[], object]]]:
        """(title, help, what it runs) of every command."""
        commands = [(self._title(a), self._help(a), partial(self._run, a)) for a in palette_actions()]
        commands += [(c.title, c.help, c.callback) for c in self.app.get_system_commands(self.screen)]
        return commands

    async def discover(self) -> Hits:
        for title, help, run in self._commands():
            yield DiscoveryHit(Text(title), run, help=help)

    async def search(self, query: str) -> Hits:
        for hit in matching(query, self.matcher(fold(query).strip()), self._commands()):
            yield hit


def matching(query: str, matcher, commands: list[tuple[str, str | None, Callable[[], object]]]) -> list[Hit]:
    """The commands whose words hold ``query`` (diacritics optional), then the fuzzy
    matches; one line saying there is none when nothing matches (Textual's own
    "No matches found" is English)."""
    needle = fold(query).strip()
    hits = []
    for title, help, run in commands:
        # the words typed, found as they are, rank above any fuzzy match (whose
        # scores are not bounded): "thoat" is Thoát before Thu gọn tất cả
        score = matcher.match(fold(title)) + (EXACT_BONUS if needle and needle in fold(f"{title} {help or ''}") else 0.0)
        if score > 0:
            hits.append(Hit(score, Text(title), run, help=help))
    if not hits and needle:
        hits.append(Hit(0.001, Text(f"Không có lệnh nào khớp «{query.strip()}»", style="italic"), lambda: None))
    return hits


class ThemeCommands(Provider):
    """The colour themes, to choose one ("Đổi giao diện màu")."""

    def _commands(self) -> list[tuple[str, str | None, Callable[[], object]]]:
        app = self.app
        return [(name, None, partial(setattr, app, "theme", name)) for name in sorted(app.available_themes)]

    async def discover(self) -> Hits:
        for title, _help, run in self._commands():
            yield DiscoveryHit(Text(title), run)

    async def search(self, query: str) -> Hits:
        for hit in matching(query, self.matcher(fold(query).strip()), self._commands()):
            yield hit
