"""The title line at the top of a screen: "cdstui — … — Kế hoạch 32-KH/ĐU năm 2026"."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TitleBar(Widget, can_focus=False):
    """What Textual's Header shows (the screen's title and sub-title), drawn as one line.

    Header composes an icon, a title and a clock space, each a widget with its
    own styles, all built before the first paint. This is a single widget that
    renders one Text.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        text-align: center;
    }
    """

    def on_mount(self) -> None:
        for obj in (self.app, self.screen):
            self.watch(obj, "title", self._changed, init=False)
            self.watch(obj, "sub_title", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render(self) -> Text:
        screen = self.screen
        title = screen.title if screen.title is not None else self.app.title
        sub_title = screen.sub_title if screen.sub_title is not None else self.app.sub_title
        text = Text(title or "", no_wrap=True, overflow="ellipsis")
        if sub_title:
            text.append(" — ", style="dim")
            text.append(sub_title, style="dim")
        return text
