"""A question with a few buttons: "Lưu / Không lưu / Hủy" on leaving with unsaved typing, and others."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from cdstui.tui.actions import bindings

# (answer, button label, button variant)
Choice = tuple[str, str, str]
SAVE_CHOICES: tuple[Choice, ...] = (
    ("save", "Lưu", "primary"),
    ("discard", "Không lưu", "error"),
    ("cancel", "Hủy", "default"),
)


class ConfirmModal(ModalScreen[str]):
    """Dismissed with the answer of the button pressed; Esc answers "cancel".

    The first button has the focus (given as the screen is composed, so that a
    key typed right after the question opens goes to it); ← and → move between
    the buttons.
    """

    AUTO_FOCUS = "#confirm-buttons > Button"

    BINDINGS = bindings("confirm")

    DEFAULT_CSS = """
    ConfirmModal {
        align: center middle;
    }
    ConfirmModal > Vertical {
        width: 64;
        max-width: 95%;
        height: auto;
        border: thick $error;
        background: $panel;
        padding: 1 2;
    }
    ConfirmModal #confirm-text {
        margin-bottom: 1;
    }
    ConfirmModal #confirm-buttons {
        height: auto;
        align-horizontal: center;
    }
    ConfirmModal Button {
        margin: 0 1;
    }
    """

    def __init__(self, question: str, choices: tuple[Choice, ...] = SAVE_CHOICES) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question), id="confirm-text")
            with Horizontal(id="confirm-buttons"):
                for answer, label, variant in self.choices:
                    yield Button(label, id=answer, variant=variant)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "cancel")

    def action_choose(self, answer: str) -> None:
        self.dismiss(answer)
