"""The keys of the current screen on the bottom line, as Textual's Footer shows them."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget

from cdstui.tui.actions import footer_label, kept_in_footer


class KeyFooter(Widget, can_focus=False):
    """The active bindings shown in the screen (``show=True``): key, then what it does.

    Looks like Textual's Footer — "⏎ Mở  / Tìm  f Lọc … ▏^p Lệnh" — and follows
    the same bindings (focused widget, screen, app; disabled ones dimmed), but
    draws them as one Text: the Footer mounts a widget per key and composes
    them again whenever the bindings change, a large part of the time to the
    first painted plan (bench/bench_tui.py). A click on a key presses it.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--palette"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--palette {
        color: $foreground 20%;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[tuple[int, int, str]] = []  # (first cell, end cell, key) of each shown key

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen:
            self.refresh()

    def _items(self) -> tuple[list[tuple[str, str, str, bool, bool]], tuple[str, str, str, bool, bool] | None]:
        """(key, key as shown, description, enabled, kept) of each shown action; the palette's apart."""
        app = self.app
        seen: set[str] = set()
        items = []
        palette = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            item = (binding.key, app.get_key_display(binding), footer_label(binding), enabled, kept_in_footer(binding))
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = item
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            items.append(item)
        return items, palette

    @staticmethod
    def _fitting(items: list[tuple[str, str, str, bool, bool]], room: int) -> list[tuple[str, str, str, bool, bool]]:
        """The items that fit in ``room`` cells: the others go from the right, the kept ones
        (? and q on the plan screen) last of all."""
        def width(item) -> int:
            return cell_len(f" {item[1]} ") + (cell_len(f"{item[2]} ") if item[2] else 0)

        items = list(items)
        while sum(map(width, items)) > room:
            droppable = [i for i, item in enumerate(items) if not item[4]]
            if not droppable:
                break
            del items[droppable[-1]]
        return items

    def render(self) -> Text:
        width = self.size.width
        items, palette = self._items()
        key_style = self.get_component_rich_style("key-footer--key")
        desc_style = self.get_component_rich_style("key-footer--description")
        text = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str]] = []
        right = Text(no_wrap=True, end="")
        if palette is not None:
            _key, shown, description, _enabled, _kept = palette
            right.append("▏", style=self.get_component_rich_style("key-footer--palette"))
            right.append(shown, style=key_style)
            right.append(f" {description} ", style=desc_style)
        room = max(0, width - right.cell_len)
        for key, shown, description, enabled, _kept in self._fitting(items, room):
            start = text.cell_len
            item = Text.assemble((f" {shown} ", key_style), (f"{description} " if description else "", desc_style))
            if not enabled:
                item.stylize("dim")
            if start + item.cell_len > room:
                break
            text.append_text(item)
            spans.append((start, text.cell_len, key))
        if palette is not None:
            text.append(" " * (room - text.cell_len))
            spans.append((text.cell_len, text.cell_len + right.cell_len, palette[0]))
            text.append_text(right)
        self._spans = spans
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
