"""The line under the title: next report due with its countdown, and counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from cdstui.tui.component_style import component_style


class StatusBar(Static):
    """Shows "Báo cáo Quý IV/2026 — còn 20 ngày · 3 quá hạn · …" (plain Text, no markup)."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        padding: 0 1;
    }
    """

    def show(self, countdown: str, facts: list[tuple[str, str]]) -> None:
        """``facts`` are (text, style class) pairs; the class picks the colour from the theme."""
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(countdown, style="bold")
        for fact, cls in facts:
            if text:
                text.append(" · ")
            text.append(fact, style=self._style(cls))
        self.update(text, layout=False)

    def _style(self, cls: str):
        if not cls:
            return ""
        return component_style(self, f"status-bar--{cls}")

    COMPONENT_CLASSES = {"status-bar--overdue", "status-bar--due-soon", "status-bar--muted", "status-bar--changed"}
