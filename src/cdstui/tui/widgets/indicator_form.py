"""The form that edits one indicator's progress: achieved value, verdict, note.

A modal: Enter in a field or ctrl+s saves, Escape cancels. It returns what
was typed (NFC) as an ``IndicatorEdit``; the screen that opened it writes it
through the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from cdstui.domain.labels import MET, NOT_MET, VERDICT_AUTO_LABEL, verdict_label
from cdstui.domain.model import Row
from cdstui.domain.summary import indicator_met
from cdstui.domain.targets import evaluate, parse_target
from cdstui.domain.text import nfc
from cdstui.tui.actions import bindings
from cdstui.tui.widgets.key_footer import KeyFooter

VERDICT_AUTO = "auto"
VERDICT_MET = "met"
VERDICT_NOT_MET = "not_met"
VERDICT_OPTIONS = (
    (VERDICT_AUTO_LABEL, VERDICT_AUTO),
    (MET, VERDICT_MET),
    (NOT_MET, VERDICT_NOT_MET),
)
_TO_VERDICT = {VERDICT_AUTO: None, VERDICT_MET: True, VERDICT_NOT_MET: False}
MET_STYLE = {True: "bold green", False: "bold red", None: "dim"}  # a verdict's colour: met, not met, undecided


def verdict_key(verdict: bool | None) -> str:
    return {None: VERDICT_AUTO, True: VERDICT_MET, False: VERDICT_NOT_MET}[verdict]


def met_label(met: bool | None) -> str:
    return verdict_label(met)


@dataclass
class IndicatorEdit:
    actual: str | None
    verdict: bool | None
    note: str

    def changes(self) -> dict:
        return {"actual": self.actual, "verdict": self.verdict, "note": self.note}


class IndicatorForm(ModalScreen[IndicatorEdit | None]):
    """Edit the achieved value, the verdict and the note of one indicator."""

    CSS_PATH = "indicator_form.tcss"

    BINDINGS = bindings("indicator_form")

    def __init__(self, row: Row) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical(id="indicator-form"):
            yield Static(Text(row.title), id="indicator-name")
            unit = f" · Đơn vị: {row.unit}" if row.unit else ""
            yield Static(Text(f"Chỉ tiêu: {row.target or '(không ghi)'}{unit}"), id="indicator-target")
            yield Label("Kết quả thực hiện", classes="form-label")
            yield Input(row.actual or "", placeholder="ví dụ: 96%", id="actual")
            yield Label("Đánh giá", classes="form-label")
            yield Select(
                VERDICT_OPTIONS,
                value=verdict_key(row.verdict),
                allow_blank=False,
                id="verdict",
            )
            yield Label("Ghi chú", classes="form-label")
            yield Input(row.note or "", id="note")
            yield Static(id="indicator-preview")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._update_preview()
        self.query_one("#actual", Input).focus()

    def _edit(self) -> IndicatorEdit:
        actual = nfc(self.query_one("#actual", Input).value).strip() or None
        verdict_value = self.query_one("#verdict", Select).value
        verdict = _TO_VERDICT.get(verdict_value, None) if isinstance(verdict_value, str) else None
        note = nfc(self.query_one("#note", Input).value).strip()
        return IndicatorEdit(actual=actual, verdict=verdict, note=note)

    def _update_preview(self) -> None:
        edit = self._edit()
        target = parse_target(self.row.target)
        auto = evaluate(target, edit.actual)
        probe = Row(kind="indicator", target=self.row.target, actual=edit.actual, verdict=edit.verdict)
        met = indicator_met(probe)
        if edit.verdict is not None:
            why = "cán bộ đánh giá"
        elif not target.is_numeric:
            why = "chỉ tiêu định tính: chọn Đạt hoặc Chưa đạt"
        elif auto is None:
            why = "chưa có số liệu"
        else:
            why = "theo chỉ tiêu"
        text = Text("Đánh giá: ")
        text.append(met_label(met), style=MET_STYLE[met])
        text.append(f" ({why})", style="dim")
        self.query_one("#indicator-preview", Static).update(text)

    @on(Input.Changed, "#actual")
    @on(Select.Changed, "#verdict")
    def _changed(self) -> None:
        self._update_preview()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self._edit())

    def action_cancel(self) -> None:
        self.dismiss(None)
