"""The task editor's progress log: add, edit, remove an entry, open its file.

Mixed into ``EditorScreen``. The log is read when the editor opens (never
for the whole plan). The row's "Kết quả" is its log's text (``store.entries``):
unsaved typing in the editor is saved before the log changes, and after the
change the Kết quả field shows the log's new text. Removing asks first; each
change is one undo step of the store (u / ctrl+z on the plan list).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import TextArea

from cdstui.domain.entries import Entry, entry_line
from cdstui.tui.messages import ChangedElsewhere, DataChanged
from cdstui.tui.widgets.journal import JournalList

if TYPE_CHECKING:
    from cdstui.tui.context import AppContext

REMOVE_CHOICES = (("remove", "Xóa", "error"), ("cancel", "Giữ lại", "default"))
QUESTION_REMOVE = "Xóa mục tiến độ «{line}»? Lịch sử vẫn giữ mục này; nhấn u ở danh sách kế hoạch để hoàn tác."
MSG_NO_FILE = "Mục này không có tệp minh chứng."


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class EditorJournal:
    """The log part of the task editor (a Screen with ``ctx``, ``row_id``, ``row``, ``saved``)."""

    ctx: AppContext
    row_id: int

    async def show_journal(self) -> None:
        from cdstui.store.entries import list_entries

        await self.query_one(JournalList).show(list_entries(self.ctx.store, self.row_id))  # type: ignore[attr-defined]

    async def journal_changed(self) -> None:
        """An entry was written: the Kết quả field follows the log (its typing was
        saved before the log could change: ``_saved_first``)."""
        self.row = self.ctx.store.get_row(self.row_id)
        self.saved["result"] = self.row.result or ""  # type: ignore[attr-defined]
        self.query_one("#result", TextArea).text = self.row.result or ""  # type: ignore[attr-defined]
        await self.show_journal()

    async def on_changed_elsewhere(self, message: ChangedElsewhere) -> None:
        if not self.orphaned:  # type: ignore[attr-defined]
            await self.show_journal()

    def _saved_first(self) -> bool:
        """Save unsaved typing before the log changes; False (the message shown) when it cannot be."""
        return not self.dirty or self.save()  # type: ignore[attr-defined]

    def action_add_entry(self) -> None:
        if self._saved_first():
            self._open_entry_form(None)

    def _open_entry_form(self, entry: Entry | None) -> None:
        from cdstui.tui.widgets.entry_form import EntryForm

        async def done(written: Entry | None) -> None:
            if written is not None:
                await self.journal_changed()

        self.app.push_screen(EntryForm(self.ctx, self.row, entry), done)  # type: ignore[attr-defined]

    def on_journal_list_picked(self, event: JournalList.Picked) -> None:
        event.stop()
        if event.what == "open":
            self._open_evidence(event.entry)
        elif self._saved_first():
            if event.what == "edit":
                self._open_entry_form(event.entry)
            else:
                self._confirm_removal(event.entry)

    def on_list_view_selected(self, event: JournalList.Selected) -> None:
        event.stop()  # a click on an entry: edit it, as Enter does
        if isinstance(event.list_view, JournalList) and event.list_view.current is not None:
            self.on_journal_list_picked(JournalList.Picked(event.list_view.current, "edit"))

    # -- removing -------------------------------------------------------------
    def _confirm_removal(self, entry: Entry) -> None:
        from cdstui.tui.widgets.confirm import ConfirmModal

        async def answered(answer: str | None) -> None:
            if answer == "remove":
                await self._remove(entry)

        question = QUESTION_REMOVE.format(line=_short(entry_line(entry)))
        self.app.push_screen(ConfirmModal(question, REMOVE_CHOICES), answered)  # type: ignore[attr-defined]

    async def _remove(self, entry: Entry) -> None:
        from cdstui.store.base import StoreError
        from cdstui.store.entries import remove_entry
        from cdstui.tui.watch import check_for_changes

        check_for_changes(self.app, self.ctx)  # type: ignore[attr-defined]
        try:
            remove_entry(
                self.ctx.store, entry.id, expected_text=entry.text, expected_date=entry.date,
                origin="app", plan_id=self.ctx.plan_id,
            )
        except StoreError as exc:
            self.notify(str(exc), title="Không xóa được", severity="error", timeout=10)  # type: ignore[attr-defined]
            await self.show_journal()
            return
        self.post_message(DataChanged(self.ctx.plan_id, self.row_id))  # type: ignore[attr-defined]
        self.notify(f"Đã xóa mục tiến độ ngày {entry.date:%d/%m/%Y}.", timeout=3)  # type: ignore[attr-defined]
        await self.journal_changed()

    # -- evidence files ---------------------------------------------------------
    def _open_evidence(self, entry: Entry) -> None:
        files = [doc.file for doc in entry.docs if doc.file]
        if len(files) == 1:
            self.open_evidence_file(files[0])
        elif not files:
            self.notify(MSG_NO_FILE, severity="warning")  # type: ignore[attr-defined]
        else:
            from cdstui.tui.widgets.choice_modal import ChoiceModal

            def chosen(name: str | None) -> None:
                if name is not None:
                    self.open_evidence_file(name)

            self.app.push_screen(ChoiceModal("Mở tệp minh chứng nào?", [(f, f) for f in files]), chosen)  # type: ignore[attr-defined]

    def open_evidence_file(self, relative: str) -> None:
        """Open a kept file (a path relative to the database's folder) with the system viewer."""
        from cdstui.store.evidence import evidence_path
        from cdstui.system_open import open_with_system

        error = open_with_system(evidence_path(self.ctx.db_path, relative))
        if error:
            self.notify(error, title="Không mở được tệp", severity="error", timeout=10)  # type: ignore[attr-defined]
        else:
            self.notify(f"Đang mở {relative}…", timeout=3)  # type: ignore[attr-defined]
