"""The task editor: the plan fields as issued, and the progress the officer types.

Saved on ctrl+s and on leaving (Escape, the rule of ``tui.form``); a
completion level that does not validate keeps the editor open with the
message under the field; a status and a completion that disagree ("Hoàn
thành" at 50%) get the agreeing value offered, never set unasked. Plan fields
can be corrected after ctrl+e. Every save goes through ``store.update_row``
(history recorded) and posts ``DataChanged``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from cdstui.domain.labels import STATUS_LABELS
from cdstui.domain.model import STATUSES, Row
from cdstui.domain.progress import consistency_offers, status_choices, validate_completion
from cdstui.domain.text import nfc
from cdstui.tui.actions import bindings
from cdstui.tui.form import RowForm
from cdstui.tui.messages import DataChanged
from cdstui.tui.screens.editor_journal import EditorJournal
from cdstui.tui.widgets.journal import JournalList
from cdstui.tui.widgets.key_footer import KeyFooter
from cdstui.tui.widgets.title_bar import TitleBar

# Plan fields shown and (after ctrl+e) editable: field -> label, multi-line
EDITOR_PLAN_FIELDS = (
    ("code", "TT", False),
    ("title", "Nhiệm vụ, giải pháp", True),
    ("lead", "Cơ quan chủ trì", True),
    ("partners", "Cơ quan phối hợp", True),
    ("deadline", "Thời gian hoàn thành", False),
    ("output", "Kết quả dự kiến", True),
)
MSG_EMPTY_TITLE = "Tên nhiệm vụ không được để trống"
PROGRESS_WIDGETS = ("status", "completion", "result", "note")  # their ids; a plan field's is "edit-<name>"

if TYPE_CHECKING:  # the store (sqlite-utils) is imported when the database is opened
    from cdstui.tui.context import AppContext


def _due_text(deadline: str, year: int) -> str:
    from cdstui.domain.deadlines import parse_deadline

    if not deadline.strip():
        return "Không ghi thời hạn"
    d = parse_deadline(deadline, year)
    if d.due is None:
        if d.kind == "province":
            return "Theo lộ trình/hướng dẫn của cấp trên — không có ngày cụ thể"
        return "Không đọc được ngày hạn"
    if d.kind == "recurring":
        return f"Thường xuyên trong năm — tính hạn {d.due:%d/%m/%Y}"
    return f"Hạn: {d.due:%d/%m/%Y}"


class EditorScreen(EditorJournal, RowForm, Screen):
    """One task, read in full and edited."""

    CSS_PATH = "editor.tcss"
    # Focused as the screen is composed, before any key typed after Enter is
    # read: a focus() in on_mount comes later, after those keys (Tab among them).
    AUTO_FOCUS = "#status"

    BINDINGS = bindings("editor")

    def __init__(self, ctx: AppContext, row_id: int, code: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.row_id = row_id
        self.plan_id = ctx.plan_id
        self.row = ctx.store.get_row(row_id)
        self.code = code or self.row.code
        self.editing_plan = False
        self.saved = self.values_of(self.row)
        self._offers: list[tuple[str, str]] = []  # the values offered to make status and completion agree

    def values_of(self, row: Row) -> dict[str, object]:
        values: dict[str, object] = {name: getattr(row, name) or "" for name, _l, _m in EDITOR_PLAN_FIELDS}
        values.update(status=row.status, completion=row.completion, result=row.result or "", note=row.note or "")
        return values

    # -- layout -----------------------------------------------------------
    def compose(self) -> ComposeResult:
        row = self.row
        yield TitleBar()
        with VerticalScroll(id="editor-body"):
            yield Static(Text(f"Nhiệm vụ {self.code}", style="bold"), id="editor-heading")
            with Vertical(id="plan-view"):
                for name, label, _multi in EDITOR_PLAN_FIELDS:
                    if name == "code":
                        continue
                    with Horizontal(classes="field-row"):
                        yield Label(Text(label), classes="field-label")
                        yield Static(Text(getattr(row, name) or "—"), id=f"view-{name}", classes="field-value")
                with Horizontal(classes="field-row"):
                    yield Label(Text("Ngày hạn"), classes="field-label")
                    yield Static(Text(_due_text(row.deadline, self._year())), id="view-due", classes="field-value due")
                yield Static(Text("Ctrl+E: sửa nội dung kế hoạch (sai chính tả, sai thời hạn…)"), classes="hint")
            with Vertical(id="plan-edit"):
                yield Static(Text("Sửa nội dung kế hoạch — mọi thay đổi được ghi vào lịch sử"), classes="section-title")
                for name, label, multi in EDITOR_PLAN_FIELDS:
                    yield Label(Text(label), classes="input-label")
                    value = getattr(row, name) or ""
                    if multi:
                        yield TextArea(value, id=f"edit-{name}", soft_wrap=True, classes="plan-area")
                    else:
                        yield Input(value, id=f"edit-{name}")
                yield Static("", id="title-error", classes="error")
            yield Static(Text("Tiến độ thực hiện"), classes="section-title")
            with Horizontal(id="progress-row"):
                with Vertical(id="status-box"):
                    yield Label(Text("Tình trạng"), classes="input-label")
                    yield Select(
                        [(STATUS_LABELS[s], s) for s in self._status_options()],
                        value=row.status if row.status in STATUSES else "not_started",
                        allow_blank=False,
                        id="status",
                    )
                with Vertical(id="completion-box"):
                    yield Label(Text("Mức độ hoàn thành (0–100% hoặc một cụm từ)"), classes="input-label")
                    yield Input(row.completion or "", placeholder="ví dụ: 100% hoặc Theo tiến độ của tỉnh", id="completion")
            yield Static("", id="completion-error", classes="error")
            with Horizontal(id="consistency"):  # status and completion that disagree: the values that agree, offered
                yield Static("", id="consistency-text")
                for i in range(2):
                    yield Button("", id=f"offer-{i}", compact=True)
            yield Label(Text("Kết quả thực hiện — toàn văn nhật ký (sửa ở đây cũng được ghi vào nhật ký)"), classes="input-label")
            yield TextArea(row.result or "", id="result", soft_wrap=True, classes="progress-area")
            yield Label(Text("Ghi chú"), classes="input-label")
            yield TextArea(row.note or "", id="note", soft_wrap=True, classes="note-area")
            yield Static(Text("Nhật ký tiến độ (mới nhất trước)"), classes="section-title")
            yield Static(
                Text("Ctrl+N: ghi nhận tiến độ · trên nhật ký: Enter sửa, Delete xóa, o mở tệp minh chứng"), classes="hint"
            )
            yield JournalList(id="journal")
        yield KeyFooter()

    def _year(self) -> int:
        plan = self.ctx.plan
        return (plan.year if plan is not None and plan.year else None) or self.ctx.today.year

    def _status_options(self) -> tuple[str, ...]:
        """The statuses this task may take ("Tiếp tục duy trì": recurring work), its own always among them."""
        choices = status_choices(self.row.deadline, self._year())
        return choices if self.row.status in choices or self.row.status not in STATUSES else (*choices, self.row.status)

    async def on_mount(self) -> None:
        self.query_one("#plan-edit").display = False
        self._show_errors({})
        self._offer_consistent_values()
        self.title = self.app.title
        self.sub_title = f"Nhiệm vụ {self.code}"
        if self.focused is None:  # the terminal had no focus while composing: no auto focus
            self.query_one("#status", Select).focus()
        await self.show_journal()

    # -- values -----------------------------------------------------------
    def _field_text(self, widget_id: str) -> str:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            return nfc(widget.text)
        return nfc(widget.value)

    def current_values(self) -> tuple[dict[str, object], dict[str, str]]:
        """What is typed now (NFC), and the errors that stop a save."""
        errors: dict[str, str] = {}
        values: dict[str, object] = {}
        for name, _label, multi in EDITOR_PLAN_FIELDS:
            text = self._field_text(f"edit-{name}")
            values[name] = text.strip() if not multi else text.strip("\n ")
        if not str(values["title"]).strip():
            errors["title"] = MSG_EMPTY_TITLE
        status = self.query_one("#status", Select).value
        values["status"] = status if isinstance(status, str) else self.row.status
        completion, error = validate_completion(self._field_text("completion"))
        if error:
            errors["completion"] = error
        values["completion"] = completion
        values["result"] = self._field_text("result").rstrip()
        values["note"] = self._field_text("note").rstrip()
        return values, errors

    def typed_values(self) -> dict[str, object]:
        values, _errors = self.current_values()
        values["completion"] = self._field_text("completion").strip() or None  # as typed, valid or not
        return values

    def show_values(self, values: dict[str, object]) -> None:
        """Stored values into the fields the officer did not type in (another program changed them)."""
        for name, value in values.items():
            widget = self.query_one(f"#{name}" if name in PROGRESS_WIDGETS else f"#edit-{name}")
            if isinstance(widget, Select):
                widget.value = value
            elif isinstance(widget, TextArea):
                widget.text = str(value or "")
            else:
                widget.value = str(value or "")
        self._refresh_plan_view()

    @property
    def dirty(self) -> bool:
        values, errors = self.current_values()
        if errors:
            return True
        return bool(self._changes(values))

    def _changes(self, values: dict[str, object]) -> dict[str, object]:
        return {k: v for k, v in values.items() if v != self.saved.get(k)}

    # -- saving -----------------------------------------------------------
    def save(self) -> bool:
        """Write what changed; False (and the message shown) when something is invalid."""
        values, errors = self.current_values()
        self._show_errors(errors)
        if errors:
            if "completion" in errors:
                self.query_one("#completion", Input).focus()
            elif "title" in errors:
                self.query_one("#edit-title", TextArea).focus()
            self.notify("Chưa lưu: " + "; ".join(errors.values()), severity="error", timeout=6)
            return False
        changes = self._changes(values)
        if not changes:
            return True
        if not self.write(changes):  # compare-and-set: refused when another program changed the task
            return False
        self.row = self.ctx.store.get_row(self.row_id)
        completion = self.query_one("#completion", Input)
        if completion.value != (values["completion"] or ""):
            completion.value = str(values["completion"] or "")
        self._refresh_plan_view()
        self.post_message(DataChanged(self.ctx.plan_id, self.row_id))
        if "result" in changes:  # the text became entries: the log shows them
            self.call_later(self.show_journal)
        self.notify(f"Đã lưu nhiệm vụ {self.code}.", timeout=2)
        return True

    def _show_errors(self, errors: dict[str, str]) -> None:
        self._show_error("completion-error", errors.get("completion", ""))
        self._show_error("title-error", errors.get("title", ""))

    def _show_error(self, widget_id: str, message: str) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.update(Text(message))
        widget.display = bool(message)

    def _refresh_plan_view(self) -> None:
        for name, _label, _multi in EDITOR_PLAN_FIELDS:
            if name == "code":
                continue
            self.query_one(f"#view-{name}", Static).update(Text(getattr(self.row, name) or "—"))
        self.query_one("#view-due", Static).update(Text(_due_text(self.row.deadline, self._year())))

    @on(Input.Changed, "#completion")
    def _completion_typed(self, event: Input.Changed) -> None:
        _value, error = validate_completion(event.value)
        self._show_error("completion-error", error or "")
        self._offer_consistent_values()

    @on(Select.Changed, "#status")
    def _status_chosen(self) -> None:
        self._offer_consistent_values()

    def _offer_consistent_values(self) -> None:
        """100% while not "Hoàn thành" (and the like): offer the value that agrees, never set it unasked."""
        status = self.query_one("#status", Select).value
        completion, _error = validate_completion(self._field_text("completion"))
        what, offers = consistency_offers(status if isinstance(status, str) else self.row.status, completion)
        self._offers = offers
        self.query_one("#consistency").display = bool(offers)
        self.query_one("#consistency-text", Static).update(Text(what))
        for i, button in enumerate(self.query("#consistency Button").results(Button)):
            button.display = i < len(offers)
            if i < len(offers):
                name, value = offers[i]
                button.label = f"Đặt tình trạng «{STATUS_LABELS[value]}»" if name == "status" else f"Ghi mức độ {value}"

    @on(Button.Pressed, "#consistency Button")
    def _offer_taken(self, event: Button.Pressed) -> None:
        event.stop()
        name, value = self._offers[int((event.button.id or "offer-0").removeprefix("offer-"))]
        if name == "status":
            self.query_one("#status", Select).value = value
        else:
            self.query_one("#completion", Input).value = value
        self._offer_consistent_values()

    # -- actions ------------------------------------------------------------
    def action_save(self) -> None:
        self.save()

    def close_form(self) -> None:
        self.dismiss(self.row_id)

    def action_toggle_plan_edit(self) -> None:
        self.editing_plan = not self.editing_plan
        self.query_one("#plan-view").display = not self.editing_plan
        self.query_one("#plan-edit").display = self.editing_plan
        if self.editing_plan:
            self.query_one("#edit-title", TextArea).focus()
        else:
            self.query_one("#status", Select).focus()
