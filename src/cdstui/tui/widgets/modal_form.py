"""A small form over a screen (the day a report was sent, a report type):
ctrl+s or Lưu checks what is typed and returns it; Esc or Hủy gives up.

A subclass names its heading, yields its fields (``fields``) and says what
they hold (``collect``: the value, or the Vietnamese message refusing it,
shown under the fields; the form stays open then).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label, Static

T = TypeVar("T")


class ModalForm(ModalScreen[T | None], Generic[T]):
    """Dismissed with what ``collect`` returns, or None when the officer gives up."""

    DEFAULT_CSS = """
    ModalForm {
        align: center middle;
    }
    ModalForm > Vertical {
        width: 80;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        border: round $accent;
        background: $panel;
        padding: 0 1;
    }
    ModalForm .form-heading {
        text-style: bold;
    }
    ModalForm .form-label {
        margin-top: 1;
        color: $text-muted;
    }
    ModalForm TextArea {
        height: 4;
    }
    ModalForm #form-error {
        color: $error;
    }
    ModalForm #form-buttons {
        height: auto;
        align-horizontal: center;
    }
    ModalForm Button {
        margin: 0 1;
    }
    """

    heading = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.heading), classes="form-heading")
            yield from self.fields()
            yield Static(id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button("Lưu", id="save", variant="primary")
                yield Button("Hủy", id="cancel")

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    @staticmethod
    def field(label: str, control: Widget) -> ComposeResult:
        yield Label(label, classes="form-label")
        yield control

    def collect(self) -> tuple[T | None, str]:
        """What the fields hold, or the message refusing it."""
        raise NotImplementedError

    def action_save(self) -> None:
        value, error = self.collect()
        self.query_one("#form-error", Static).update(Text(error))
        if value is not None:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
