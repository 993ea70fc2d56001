"""The form of one progress entry ("Ghi nhận tiến độ"): its day, what was done,
and the documents that show it (số/ký hiệu, ngày, cơ quan ban hành, trích
yếu, an optional file the store copies into ``evidence/`` beside the
database).

A modal that writes through ``store.entries`` (add_entry / edit_entry: one
undo step each, history kept) and follows the exit rule of ``tui.form``: Esc
and ctrl+s save and close when the day and the documents' days read and the
files exist; otherwise the form stays, with the message. A document whose
fields are all emptied is dropped. It closes with the entry written, or None
when nothing was written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from cdstui.domain.entries import Entry, Evidence, parse_day
from cdstui.domain.labels import EVIDENCE_LABELS, row_label
from cdstui.domain.text import nfc
from cdstui.tui.actions import bindings
from cdstui.tui.form import FormScreen
from cdstui.tui.messages import DataChanged
from cdstui.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from cdstui.domain.model import Row
    from cdstui.tui.context import AppContext

DOC_FIELDS = ("number", "date", "issuer", "summary", "file")
DOC_PLACEHOLDERS = {
    "number": "12/KH-UBND",
    "date": "15/02/2026",
    "issuer": "UBND phường",
    "summary": "về việc …",
    "file": "đường dẫn tệp (không bắt buộc)",
}
MSG_EMPTY = "Cần ghi nội dung đã làm hoặc ít nhất một văn bản minh chứng."
MSG_NO_FILE = "Không tìm thấy tệp: {path}"

# A document as typed: its five fields' text
TypedDoc = tuple[str, str, str, str, str]


def _day_text(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _typed(doc: Evidence) -> TypedDoc:
    return (doc.number, _day_text(doc.date), doc.issuer, doc.summary, doc.file)


class EntryForm(FormScreen, ModalScreen["Entry | None"]):
    """Add an entry to a task's log (``entry`` None) or edit one."""

    CSS_PATH = "entry_form.tcss"
    AUTO_FOCUS = "#entry-text"

    BINDINGS = bindings("entry_form")

    def __init__(self, ctx: AppContext, row: Row, entry: Entry | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.row = row
        self.entry = entry
        self.written: Entry | None = None
        self.doc_count = 0
        start = entry.date if entry else ctx.today
        docs = [_typed(d) for d in entry.docs] if entry else []
        self.initial = (_day_text(start), entry.text if entry else "", tuple(docs))

    # -- layout -----------------------------------------------------------
    def compose(self) -> ComposeResult:
        day, text, docs = self.initial
        verb = "Sửa mục tiến độ" if self.entry else "Ghi nhận tiến độ"
        with Vertical(id="entry-form"):
            yield Static(Text(f"{verb} — {row_label(self.row, 70)}"), id="entry-heading")
            with VerticalScroll(id="entry-body"):
                yield Label(Text("Ngày (dd/mm/yyyy)"), classes="form-label")
                yield Input(day, placeholder="15/09/2026", id="entry-date")
                yield Label(Text("Nội dung đã thực hiện"), classes="form-label")
                yield TextArea(text, id="entry-text", soft_wrap=True)
                yield Static(
                    Text("Văn bản minh chứng — ctrl+n: thêm văn bản; xóa trắng các ô để bỏ một văn bản"),
                    classes="form-label",
                )
                yield Vertical(*(self._doc_block(d) for d in (docs or [("",) * 5])), id="entry-docs")
            yield Static("", id="entry-error")
            yield KeyFooter()

    def _doc_block(self, doc: TypedDoc) -> Vertical:
        i = self.doc_count
        self.doc_count += 1
        inputs = {
            name: Input(value, placeholder=DOC_PLACEHOLDERS[name], id=f"doc-{i}-{name}", classes=f"doc-{name}")
            for name, value in zip(DOC_FIELDS, doc)
        }
        for name, field in inputs.items():  # named on its border: a filled field shows no placeholder
            field.border_title = EVIDENCE_LABELS[name]
        return Vertical(
            Static(Text(f"Văn bản {i + 1}"), classes="doc-title"),
            Horizontal(inputs["number"], inputs["date"], inputs["issuer"], classes="doc-line"),
            inputs["summary"],
            inputs["file"],
            classes="doc-block",
        )

    def on_mount(self) -> None:
        self.query_one("#entry-error").display = False
        text = self.query_one("#entry-text", TextArea)
        text.move_cursor(text.document.end)  # an entry edited is mostly added to

    # -- values -----------------------------------------------------------
    def _typed_docs(self) -> tuple[TypedDoc, ...]:
        docs = []
        for i in range(self.doc_count):
            doc = tuple(nfc(self.query_one(f"#doc-{i}-{name}", Input).value).strip() for name in DOC_FIELDS)
            if any(doc):
                docs.append(doc)
        return tuple(docs)

    def typed(self) -> tuple[str, str, tuple[TypedDoc, ...]]:
        return (
            self.query_one("#entry-date", Input).value.strip(),
            nfc(self.query_one("#entry-text", TextArea).text).strip(),
            self._typed_docs(),
        )

    @property
    def dirty(self) -> bool:
        day, text, docs = self.initial
        return self.typed() != (day, text.strip(), docs)

    def _file(self, path: str) -> str:
        """A file as the store takes it: one already kept stays; another must exist."""
        from cdstui.store.evidence import is_stored

        if not path or is_stored(self.ctx.db_path, path):
            return path
        found = Path(path).expanduser()
        if not found.is_file():
            raise ValueError(MSG_NO_FILE.format(path=path))
        return str(found.resolve())

    def _evidence(self, i: int, doc: TypedDoc) -> Evidence:
        number, day, issuer, summary, file = doc
        what = f"Ngày của văn bản {i + 1}"
        return Evidence(number, parse_day(day, what) if day else None, issuer, summary, self._file(file))

    def checked(self) -> tuple[date, str, list[Evidence]]:
        """The entry as typed, checked; ValueError (Vietnamese) when it cannot be saved."""
        day_text, text, docs = self.typed()
        day = parse_day(day_text, "Ngày")
        evidence = [self._evidence(i, doc) for i, doc in enumerate(docs)]
        if not text and not evidence:
            raise ValueError(MSG_EMPTY)
        return day, text, evidence

    # -- saving -----------------------------------------------------------
    def save(self) -> bool:
        if not self.dirty:
            return True
        try:
            day, text, docs = self.checked()
        except ValueError as exc:
            return self._refused(str(exc))
        from cdstui.store.base import StoreError
        from cdstui.store.entries import add_entry, edit_entry
        from cdstui.tui.watch import check_for_changes

        check_for_changes(self.app, self.ctx)
        store, plan_id = self.ctx.store, self.ctx.plan_id
        try:
            if self.entry is None:
                written = add_entry(store, self.row.id, text, day=day, docs=docs, origin="app", plan_id=plan_id)
            else:
                old = self.entry
                written = edit_entry(
                    store, old.id, expected_text=old.text, expected_date=old.date,
                    text=text, day=day, docs=docs, origin="app", plan_id=plan_id,
                )
        except (StoreError, ValueError, OSError) as exc:
            return self._refused(str(exc))
        self.written = written
        self.entry = written
        self.initial = self.typed()
        self.post_message(DataChanged(plan_id, self.row.id))
        self.notify(f"Đã ghi nhận tiến độ ngày {written.date:%d/%m/%Y}.", timeout=2)
        return True

    def _refused(self, message: str) -> bool:
        error = self.query_one("#entry-error", Static)
        error.update(Text(message))
        error.display = True
        self.notify("Chưa lưu: " + message, severity="error", timeout=8)
        return False

    # -- actions ------------------------------------------------------------
    def close_form(self) -> None:
        self.dismiss(self.written)

    def action_save(self) -> None:
        if self.save():
            self.close_form()

    async def action_add_doc(self) -> None:
        block = self._doc_block(("",) * 5)
        await self.query_one("#entry-docs").mount(block)
        block.query_one(Input).focus()
        block.scroll_visible()
