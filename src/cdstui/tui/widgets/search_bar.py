"""The incremental search field opened with ``/``."""

from __future__ import annotations

from textual.geometry import Size
from textual.message import Message
from textual.widgets import Input

from cdstui.tui.actions import bindings


class SearchBar(Input):
    """Types a query; the plan list filters as it changes.

    Enter keeps the filter (``Submitted``); Escape clears it (``Cleared``).
    """

    BINDINGS = bindings("search")

    DEFAULT_CSS = """
    SearchBar {
        display: none;
    }
    SearchBar.-open {
        display: block;
    }
    """

    class Cleared(Message):
        pass

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="Tìm (không cần dấu): tên nhiệm vụ, chủ trì, phối hợp, kết quả, ghi chú…", **kwargs)

    @property
    def content_width(self) -> int:
        """At least the field's width.

        Input makes its scrollable width the width of its text, so every key
        would change it, and a new scrollable width is a layout pass of the
        whole screen. The field's size is fixed by the stylesheet: while the
        query fits, the width stays that of the field.
        """
        return max(super().content_width, self.scrollable_content_region.width)

    def on_resize(self) -> None:
        # set once the field's width is known, so the first letter finds it unchanged
        self.virtual_size = Size(self.content_width, 1)

    def on_mount(self) -> None:
        if self.has_class("-open"):  # opened as it was mounted (first "/")
            self.focus()

    def open(self) -> None:
        self.add_class("-open")
        if self.is_mounted:
            self.focus()

    def close(self) -> None:
        self.remove_class("-open")

    def action_clear_search(self) -> None:
        self.value = ""
        self.close()
        self.post_message(self.Cleared())
