"""The column titles above the plan list (TT, Nhiệm vụ, Chủ trì, …)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class ColumnHeader(Widget):
    """Draws the titles with the same widths as the list's lines."""

    DEFAULT_CSS = """
    ColumnHeader {
        height: 1;
    }
    """

    def __init__(self, table, **kwargs) -> None:
        super().__init__(**kwargs)
        self._table = table

    def render(self) -> Text:
        width = self._table.scrollable_content_region.width or self.size.width
        return self._table.header_text(width)
