"""One exit rule for every screen where the officer types (the task editor,
the indicator form, the settings):

- Esc saves and leaves when what is typed is valid; when it is not, the
  screen stays open with the message under the field.
- Any way of quitting with unsaved typing (ctrl+q, q where it quits, the
  palette's Thoát, switching plan from the palette) first asks
  Lưu / Không lưu / Hủy.

A screen mixes in ``FormScreen`` and says what it holds (``dirty``), how it
saves (``save``) and how it closes (``close_form``); the app and the palette
leave through ``leave_forms``. A form on one row of the plan is a ``RowForm``:
its write carries the values it started from (the store refuses it when
another program changed them) and it keeps the officer's typing when that
happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from cdstui.domain.labels import row_label
from cdstui.store.base import StaleWrite, StoreError, same_value
from cdstui.tui.messages import ChangedElsewhere
from cdstui.tui.watch import changed_elsewhere, changed_fields, check_for_changes
from cdstui.tui.widgets.confirm import ConfirmModal

if TYPE_CHECKING:
    from datetime import date

    from textual.app import App

    from cdstui.domain.model import Row
    from cdstui.tui.context import AppContext

QUESTION_QUIT = "Có nội dung chưa lưu. Lưu trước khi thoát?"
QUESTION_LEAVE = "Có nội dung chưa lưu. Lưu trước khi rời màn hình này?"


class FormScreen:
    """Mixed into a Screen or ModalScreen where the officer types."""

    @property
    def dirty(self) -> bool:
        """Is something typed that is not saved (or cannot be)?"""
        raise NotImplementedError

    def save(self) -> bool:
        """Write what is typed; False, with the message shown, when it is not
        valid or the store refused it (the typing stays)."""
        raise NotImplementedError

    def close_form(self) -> None:
        """Close the screen (its typing saved, or given up)."""
        self.dismiss()  # type: ignore[attr-defined]  # the Screen this is mixed into

    def action_leave(self) -> None:
        """Esc: save and leave; an invalid value keeps the screen open with its message."""
        if self.save():
            self.close_form()


def dirty_forms(app: App) -> list[FormScreen]:
    """The open forms holding unsaved typing, the top one first."""
    return [screen for screen in reversed(app.screen_stack) if isinstance(screen, FormScreen) and screen.dirty]


def leave_forms(app: App, then: Callable[[], object], question: str = QUESTION_QUIT) -> None:
    """Run ``then`` (quit, go back to the plan…) once no open form holds unsaved
    typing: at once when none does; else after asking Lưu / Không lưu / Hủy.
    "Lưu" saves every form first and stays when one of them refuses (its
    message shown); "Hủy" changes nothing."""
    forms = dirty_forms(app)
    if not forms:
        then()
        return
    if isinstance(app.screen, ConfirmModal):
        return  # already asking

    def answered(answer: str | None) -> None:
        if answer == "save" and all(form.save() for form in forms):
            then()
        elif answer == "discard":
            then()

    app.push_screen(ConfirmModal(question), answered)


# -- another program changed the row while the officer typed ------------------------------


class RowForm(FormScreen):
    """A form on one row of the plan (a task, an indicator): its write carries the
    values it started from, and it notices when another program changed the row.

    The screen sets ``ctx``, ``row_id``, ``row``, ``plan_id`` and ``saved``
    (``values_of(row)`` as it opened) and implements the three value methods.
    """

    ctx: AppContext
    row_id: int
    row: Row
    plan_id: int | None
    saved: dict[str, object]
    orphaned = False  # the row is no longer the one edited (a restore, a re-import): nothing can be saved

    def values_of(self, row: Row) -> dict[str, object]:
        """The values of ``row`` the form edits."""
        raise NotImplementedError

    def typed_values(self) -> dict[str, object]:
        """What the fields hold now, as typed (keyed as ``values_of``)."""
        raise NotImplementedError

    def show_values(self, values: dict[str, object]) -> None:
        """Put stored values into the fields the officer did not type in."""
        raise NotImplementedError

    def expected(self, changes: dict[str, object]) -> dict[str, object]:
        """What a write of ``changes`` expects the row still holds: the values they
        replace, as the form started from them, and the row's number and title
        (the same task, not another one after a restore)."""
        return {"code": self.row.code, "title": self.row.title, **{name: self.saved[name] for name in changes}}

    def write(self, changes: dict[str, object], *, day: date | None = None, then: Callable[[], object] | None = None) -> bool:
        """Write ``changes`` through the store, compare-and-set; False (the typing
        kept, the officer told why) when it is refused. ``day``: the date of the
        entries a new value becomes; ``then``: another write of the same save, in
        its transaction (one undo step)."""
        check_for_changes(self.app, self.ctx)  # type: ignore[attr-defined]
        store = self.ctx.store
        try:
            with store.transaction():
                store.update_row(self.row_id, changes, origin="app", expected=self.expected(changes), plan_id=self.plan_id, day=day)
                if then is not None:
                    then()
        except StaleWrite as exc:
            if self.refresh_from_store() and not exc.current:
                # the row is as the form knew it but out of the plan (a re-import took it out)
                self.orphaned = True
                self.notify(str(exc), title="Không lưu được", severity="error", timeout=20)  # type: ignore[attr-defined]
            return False
        except StoreError as exc:
            self.notify(str(exc), title="Không lưu được", severity="error", timeout=10)  # type: ignore[attr-defined]
            return False
        self.saved.update(changes)
        return True

    def refresh_from_store(self) -> bool:
        """Read the row again: the fields the officer did not type in take its new
        values, and a message says what changed. False (and nothing can be saved
        any more) when the id is no longer this row of this plan."""
        store = self.ctx.store
        try:
            row = store.get_row(self.row_id)
            same_row = store.plan_of_row(self.row_id) == self.plan_id or self.plan_id is None
        except StoreError:
            row, same_row = None, False
        if row is None or not same_row or (row.kind, row.code, row.title) != (self.row.kind, self.row.code, self.row.title):
            self.orphaned = True
            self.notify(ORPHANED.format(where=row_label(self.row, 40)), severity="error", timeout=20)  # type: ignore[attr-defined]
            return False
        now = self.values_of(row)
        changed = changed_fields(self.saved, now)
        if not changed:
            return True
        typed = self.typed_values()
        untouched = {name: now[name] for name in self.saved if same_value(name, self.saved[name], typed.get(name))}
        self.row, self.saved = row, now
        self.show_values(untouched)
        message = changed_elsewhere(row_label(row, 40), changed, row.kind)
        if untouched.keys() != now.keys():
            message += " Nội dung bạn gõ vẫn còn, chưa lưu: xem lại rồi lưu."
        self.notify(message, severity="warning", timeout=15)  # type: ignore[attr-defined]
        return True

    def on_changed_elsewhere(self, message: ChangedElsewhere) -> None:
        if not self.orphaned:
            self.refresh_from_store()

    def action_leave(self) -> None:
        if not self.orphaned:
            super().action_leave()
            return

        def answered(answer: str | None) -> None:
            if answer == "discard":
                self.close_form()

        self.app.push_screen(ConfirmModal(ORPHANED_LEAVE, ORPHANED_CHOICES), answered)  # type: ignore[attr-defined]


ORPHANED = (
    "{where}: dòng này không còn trong kế hoạch đang mở (cơ sở dữ liệu vừa được khôi phục hoặc nhập lại "
    "ở chương trình khác). Không lưu được nội dung đang gõ vào đây; hãy mở lại nhiệm vụ từ danh sách."
)
ORPHANED_LEAVE = "Dòng đang sửa không còn trong kế hoạch: nội dung đang gõ không lưu được. Bỏ nội dung đó và quay lại?"
ORPHANED_CHOICES = (("discard", "Bỏ và quay lại", "error"), ("cancel", "Ở lại", "default"))
