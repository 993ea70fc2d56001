"""A small modal list to pick one thing (a filter, a plan)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cdstui.tui.actions import bindings


class ChoiceModal(ModalScreen[str | None]):
    """Enter picks the highlighted choice; Escape picks nothing (None)."""

    BINDINGS = bindings("choice")

    DEFAULT_CSS = """
    ChoiceModal {
        align: center middle;
    }
    ChoiceModal > Vertical {
        width: 70;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $panel;
        padding: 0 1;
    }
    ChoiceModal OptionList {
        height: auto;
        max-height: 20;
    }
    ChoiceModal .choice-title {
        text-style: bold;
        margin-bottom: 1;
    }
    """

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self._title = title
        self._choices = choices
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self._title), classes="choice-title")
            yield OptionList(*[Option(Text(label), id=key) for key, label in self._choices])

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self._current is not None:
            for i, (key, _label) in enumerate(self._choices):
                if key == self._current:
                    options.highlighted = i
                    break

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
