"""One exit rule for every screen where the officer types (the task editor,
the indicator form, the settings):

- Esc saves and leaves when what is typed is valid; when it is not, the
  screen stays open with the message under the field.
- Any way of quitting with unsaved typing (ctrl+q, q where it quits, the
  palette's Thoát, switching plan from the palette) first asks
  Lưu / Không lưu / Hủy.

A screen mixes in ``FormScreen`` and says what it holds (``dirty``), how it
saves (``save``) and how it closes (``close_form``); the app and the palette
leave through ``leave_forms``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from cdstui.tui.widgets.confirm import ConfirmModal

if TYPE_CHECKING:
    from textual.app import App

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


def changed_fields(before: dict[str, object], now: dict[str, object]) -> dict[str, object]:
    """The fields whose stored value is no longer the one the form started from."""
    from cdstui.store.base import same_value

    return {name: now[name] for name in before if name in now and not same_value(name, before[name], now[name])}


def changed_elsewhere(where: str, changed: dict[str, object], kind: str = "task") -> str:
    """ "II.1 vừa được cập nhật ở nơi khác: tình trạng «Hoàn thành»"."""
    from cdstui.domain.labels import field_label, value_label

    what = "; ".join(f"{field_label(name, kind).lower()} «{value_label(name, value)}»" for name, value in changed.items())
    return f"{where} vừa được cập nhật ở nơi khác: {what}." if what else f"{where} vừa được cập nhật ở nơi khác."


def rebased(before: dict[str, object], typed: dict[str, object], now: dict[str, object]) -> dict[str, object]:
    """What the form shows once the row changed under it: the officer's typing
    where they typed, the new stored value everywhere else."""
    from cdstui.store.base import same_value

    return {name: (typed[name] if not same_value(name, before[name], typed[name]) else now[name]) for name in before}
