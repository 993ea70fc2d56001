"""A component class's style for drawing text on a widget's own lines."""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


def component_style(widget: Widget, name: str) -> Style:
    """The style of component class ``name`` of ``widget``, to add to a line's style.

    Only what the class sets (colour, bold, italic…): not its background, so a
    cursor line keeps its own. Textual's partial style drops the transparency
    of a theme colour such as ``$text-muted`` (white at 60%), which then shows
    as plain white, unreadable on the light theme; the colour here is the
    theme colour blended over the widget's background, as Textual draws it.
    """
    partial = widget.get_component_rich_style(name, partial=True)
    if partial.color is None:
        return partial
    full = widget.get_component_rich_style(name)
    return partial + Style(color=full.color)
