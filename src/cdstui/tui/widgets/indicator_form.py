"""The form that edits one indicator's progress: achieved value, verdict, note.

A modal that writes through the store itself (history recorded) and follows
the exit rule of ``tui.form``: Enter in a field, ctrl+s and Esc save and
close when the value is one of the indicator's unit ("abc" is not a
percentage: the form stays, with the message); ctrl+q with unsaved typing
asks. The write carries the values the form started from: when another
program changed the indicator meanwhile, nothing is written, the form says
what changed and keeps what the officer typed. It closes with True when it
saved something.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from cdstui.domain.entries import Entry, parse_day
from cdstui.domain.labels import MET, NOT_MET, VERDICT_AUTO_LABEL, verdict_label
from cdstui.domain.model import Row
from cdstui.domain.summary import indicator_met
from cdstui.domain.targets import evaluate, parse_target, read_actual
from cdstui.domain.text import nfc
from cdstui.tui.actions import bindings
from cdstui.tui.form import RowForm
from cdstui.tui.messages import DataChanged
from cdstui.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from cdstui.tui.context import AppContext

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


class IndicatorForm(RowForm, ModalScreen[bool]):
    """Edit the achieved value, the verdict and the note of one indicator."""

    CSS_PATH = "indicator_form.tcss"
    AUTO_FOCUS = "#actual"

    BINDINGS = bindings("indicator_form")

    def __init__(self, ctx: AppContext, row: Row, plan_id: int | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.row = row
        self.row_id = row.id
        self.plan_id = plan_id
        self.saved_any = False
        self.saved = self.values_of(row)  # what the fields started from: the write expects it still

    def values_of(self, row: Row) -> dict[str, object]:
        return {"actual": row.actual, "verdict": row.verdict, "note": row.note}

    def typed_values(self) -> dict[str, object]:
        return self._edit().changes()

    def show_values(self, values: dict[str, object]) -> None:
        if "actual" in values:
            self.query_one("#actual", Input).value = str(values["actual"] or "")
        if "verdict" in values:
            self.query_one("#verdict", Select).value = verdict_key(values["verdict"])  # type: ignore[arg-type]
        if "note" in values:
            self.query_one("#note", Input).value = str(values["note"] or "")

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical(id="indicator-form"):
            yield Static(Text(row.title), id="indicator-name")
            unit = f" · Đơn vị: {row.unit}" if row.unit else ""
            yield Static(Text(f"Chỉ tiêu: {row.target or '(không ghi)'}{unit}"), id="indicator-target")
            yield Label("Kết quả thực hiện", classes="form-label")
            yield Input(row.actual or "", placeholder="ví dụ: 96%", id="actual")
            yield Static(id="actual-error", classes="form-error")
            # a value is dated: the report of a period reads the value as of its end
            yield Label("Ngày của số liệu (dd/mm/yyyy)", classes="form-label")
            yield Input(f"{self.ctx.today:%d/%m/%Y}", id="actual-date")
            yield Static(id="actual-values")
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
        self._show_values()
        self._update_preview()
        if self.focused is None:  # the terminal had no focus while composing: no auto focus
            self.query_one("#actual", Input).focus()

    # -- what is typed ---------------------------------------------------------
    def _edit(self) -> IndicatorEdit:
        actual = nfc(self.query_one("#actual", Input).value).strip() or None
        verdict_value = self.query_one("#verdict", Select).value
        verdict = _TO_VERDICT.get(verdict_value, None) if isinstance(verdict_value, str) else None
        note = nfc(self.query_one("#note", Input).value).strip()
        return IndicatorEdit(actual=actual, verdict=verdict, note=note)

    def _checked(self) -> tuple[dict[str, object], str | None, str | None]:
        """(the values to write, why the achieved value is refused, a warning about it).

        A value already stored is kept as it is; a newly typed one must be a
        value of the indicator's unit and is kept as read ("100 %" -> "100%")."""
        values = self._edit().changes()
        if values["actual"] == self.saved["actual"]:
            return values, None, None
        reading = read_actual(values["actual"], self.row.target, self.row.unit)
        values["actual"] = reading.text
        error = reading.error
        if not error and values["actual"]:
            error = self._value_day()[1]
        return values, error, reading.warning

    # -- dated values ------------------------------------------------------------
    def _value_day(self) -> tuple[date | None, str | None]:
        """The day typed for the value, or why it does not read."""
        try:
            return parse_day(self.query_one("#actual-date", Input).value, "Ngày của số liệu"), None
        except ValueError as exc:
            return None, str(exc)

    def _dated_values(self) -> list[Entry]:
        """The indicator's values so far, newest first."""
        from cdstui.store.entries import list_entries

        valued = [e for e in list_entries(self.ctx.store, self.row_id) if e.value]
        return sorted(valued, key=lambda e: e.sort_key, reverse=True)

    def _show_values(self) -> None:
        shown = "; ".join(f"{e.date:%d/%m/%Y}: {e.value}" for e in self._dated_values()[:8])
        self.query_one("#actual-values", Static).update(Text(f"Số liệu đã ghi: {shown or 'chưa có'}", style="dim"))

    def _write_dated(self, changes: dict[str, object]) -> bool:
        """Write with the value dated as typed. A value dated before the latest one
        is kept in the log without becoming the achieved value (the latest stays)."""
        day = self._value_day()[0]
        latest = next(iter(self._dated_values()), None)
        moved = self.ctx.store.get_row(self.row_id).actual != self.saved["actual"]
        if day is None or latest is None or day >= latest.date or moved:
            return self.write(changes, day=day)  # moved: changed elsewhere, refused with what it holds now
        from cdstui.store.entries import add_entry

        value = str(changes.pop("actual"))

        def add_value() -> None:
            add_entry(self.ctx.store, self.row_id, "", day=day, value=value, plan_id=self.plan_id)

        if not self.write(changes, then=add_value):
            return False
        self.notify(
            f"Đã ghi số liệu {value} ngày {day:%d/%m/%Y}; "
            f"số liệu mới nhất vẫn là {latest.value} (ngày {latest.date:%d/%m/%Y}).",
            timeout=8,
        )
        return True

    def _changes(self) -> dict[str, object]:
        values, _error, _warning = self._checked()
        return {name: value for name, value in values.items() if value != self.saved[name]}

    @property
    def dirty(self) -> bool:
        _values, error, _warning = self._checked()
        return bool(error) or bool(self._changes())

    def _update_preview(self) -> None:
        values, error, warning = self._checked()
        self._show_error(error or "")
        edit = IndicatorEdit(actual=values["actual"], verdict=values["verdict"], note=values["note"])
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
        if warning and not error:
            text.append(f"\nLưu ý: {warning}", style="bold yellow")
        self.query_one("#indicator-preview", Static).update(text)

    def _show_error(self, message: str) -> None:
        widget = self.query_one("#actual-error", Static)
        widget.update(Text(message))
        widget.display = bool(message)

    @on(Input.Changed, "#actual")
    @on(Input.Changed, "#actual-date")
    @on(Select.Changed, "#verdict")
    def _changed(self) -> None:
        self._update_preview()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    # -- saving ----------------------------------------------------------------
    def save(self) -> bool:
        _values, error, _warning = self._checked()
        if error:
            self._show_error(error)
            self.query_one("#actual", Input).focus()
            return False
        changes = self._changes()
        if not changes or self.row.id is None:
            return True
        if not (self._write_dated(changes) if changes.get("actual") else self.write(changes)):
            return False
        self.saved_any = True
        self.post_message(DataChanged(self.plan_id, self.row.id))
        self.notify("Đã lưu chỉ tiêu.", timeout=2)
        return True

    def action_save(self) -> None:
        self.action_leave()

    def close_form(self) -> None:
        self.dismiss(self.saved_any)
