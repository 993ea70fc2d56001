"""The incremental search field opened with ``/``."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """Types a query; the plan list filters as it changes.

    Enter keeps the filter (``Submitted``); Escape clears it (``Cleared``).
    """

    BINDINGS = [Binding("escape", "clear_search", "Xóa tìm kiếm", id="search.clear")]

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

    _quiet_layout = False

    def _watch_value(self, value: str) -> None:
        # Input grows its virtual width with the text, which asks for a layout
        # pass of the whole screen on every key; the field's size is fixed by
        # the stylesheet, so a repaint is enough (keeps a keystroke cheap).
        self._quiet_layout = True
        try:
            super()._watch_value(value)
        finally:
            self._quiet_layout = False

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        if self._quiet_layout:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

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
