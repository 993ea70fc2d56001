"""A small form over a screen (the day a report was sent, a report type), under
the app's one exit rule (``tui.form``): ctrl+s, Lưu and Esc check what is typed
and write it, then close; a value that is refused keeps the form open with its
message; Hủy gives up; quitting with unsaved typing asks Lưu / Không lưu / Hủy.

A subclass names its heading, yields its fields (``fields``) and says what
they hold (``collect``: the value, or the Vietnamese message refusing it,
shown under the fields). The screen that opens the form passes ``write``,
which stores the value and returns the message refusing it, or None.
"""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label, Static, TextArea

from cdstui.tui.form import FormScreen

T = TypeVar("T")


class ModalForm(FormScreen, ModalScreen[T | None], Generic[T]):
    """Dismissed with the value written, or None when the officer gives up."""

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

    def __init__(self, write: Callable[[T], str | None]) -> None:
        super().__init__()
        self.write = write
        self.written: T | None = None
        self.typed_at_start: list[object] = []

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

    def _typed(self) -> list[object]:
        typed: list[object] = []
        for widget in self.query("Input, TextArea, Select"):
            typed.append(widget.text if isinstance(widget, TextArea) else widget.value)  # type: ignore[union-attr]
        return typed

    def on_mount(self) -> None:
        self.typed_at_start = self._typed()

    @property
    def dirty(self) -> bool:
        return self.written is None and self._typed() != self.typed_at_start

    def save(self) -> bool:
        """Esc, or a quit that asked: write what was typed (nothing typed, nothing
        written); False, with the message under the fields, when it is refused."""
        return not self.dirty or self._write_typed()

    def _write_typed(self) -> bool:
        if self.written is not None:
            return True
        value, error = self.collect()
        if value is not None:
            error = self.write(value) or ""
        self.query_one("#form-error", Static).update(Text(error))
        if value is None or error:
            return False
        self.written = value
        return True

    def close_form(self) -> None:
        self.dismiss(self.written)

    def action_save(self) -> None:
        """ctrl+s, Lưu: write what the fields hold (the defaults too), then close."""
        if self._write_typed():
            self.close_form()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
