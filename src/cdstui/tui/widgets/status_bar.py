"""The line under the title: the report to send first, and the plan's counts."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from cdstui.tui.component_style import component_style

SEPARATOR = " · "


@dataclass(frozen=True)
class Fact:
    """One part of the line: its words, shorter words for a narrow terminal, the
    style class of its colour, and its rank (0: never left out; the highest go first)."""

    text: str
    short: str = ""
    style: str = ""
    rank: int = 0


def fitted(facts: list[Fact], width: int) -> list[tuple[str, Fact]]:
    """The facts that fit in ``width`` cells, each as the words it is shown with.

    What shrinks first: the facts take their short words, the highest rank
    first; then they go, the highest rank first; the rank-0 ones (the report
    due, the overdue count) always stay.
    """
    shown = {id(f): f.text for f in facts}
    kept = list(facts)

    def fits() -> bool:
        used = sum(cell_len(shown[id(f)]) for f in kept) + cell_len(SEPARATOR) * max(0, len(kept) - 1)
        return used <= width

    by_rank = sorted(facts, key=lambda f: -f.rank)
    for fact in by_rank:
        if fits():
            break
        if fact.short:
            shown[id(fact)] = fact.short
    for fact in by_rank:
        if fits() or not fact.rank:
            break
        kept.remove(fact)
    return [(shown[id(f)], f) for f in kept]


class StatusBar(Widget):
    """Shows "Báo cáo năm 2026 — quá hạn 5 ngày (chưa xuất) · 0/41 nhiệm vụ hoàn thành · 15 quá hạn · …"
    (plain Text, no markup), fitted to the terminal's width."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        padding: 0 1;
    }
    """

    COMPONENT_CLASSES = {"status-bar--overdue", "status-bar--due-soon", "status-bar--muted", "status-bar--changed"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._facts: list[Fact] = []

    def show(self, countdown: Fact | str, facts: list[Fact]) -> None:
        """The report due first (bold), then ``facts``; each fact's class picks its colour from the theme."""
        head = countdown if isinstance(countdown, Fact) else Fact(countdown)
        self._facts = [head, *facts]
        self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        head = self._facts[0] if self._facts else None
        for words, fact in fitted([f for f in self._facts if f.text], self.content_size.width or 10_000):
            if text:
                text.append(SEPARATOR)
            text.append(words, style="bold" if fact is head else self._style(fact.style))
        return text

    def _style(self, cls: str):
        if not cls:
            return ""
        return component_style(self, f"status-bar--{cls}")
