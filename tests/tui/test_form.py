"""One exit rule on every screen where the officer types (issue 11 item 2), walked
with every way out: Esc (valid and invalid typing), ctrl+q (Hủy, Lưu), q, the
palette's Thoát, and switching plan from the palette.

Before, ctrl+q in the indicator form and in the settings quit at once and lost the
typing, and Esc discarded in the indicator form while it saved in the editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable

import pytest
from textual.widgets import DataTable, Input, TextArea

from cdstui.settings import load_settings
from cdstui.store import Store
from cdstui.tui.screens.editor import EditorScreen
from cdstui.tui.screens.indicators import IndicatorsScreen
from cdstui.tui.screens.plan import PlanScreen
from cdstui.tui.screens.settings import SettingsScreen
from cdstui.tui.widgets.choice_modal import ChoiceModal
from cdstui.tui.widgets.confirm import ConfirmModal
from cdstui.tui.widgets.indicator_form import IndicatorForm

from tests.tui.conftest import find_task, open_editor, settle, type_into

SATISFACTION = "Tỷ lệ người dân, doanh nghiệp hài lòng về giải quyết TTHC đạt 95%."


@dataclass
class Form:
    """How to open one form, what to type in it, and where the typing is stored."""

    open: Callable[..., Awaitable[int | None]]  # (pilot) -> the row edited, if any
    screen: type
    behind: type  # the screen a saved form goes back to
    field: str  # the field typed into
    valid: str
    invalid: str
    invalid_field: str
    stored: Callable[..., object]  # (db, row_id, settings path) -> the stored value
    made_good: str = ""  # the invalid field's value once made valid again

    def typed(self, app) -> str:
        widget = app.screen.query_one(f"#{self.field}")
        return widget.text if isinstance(widget, TextArea) else widget.value


async def _open_editor(pilot) -> int:
    return await open_editor(pilot, "II.1")


async def _open_indicator(pilot) -> int:
    await settle(pilot)
    pilot.app.screen.action_indicators()
    await settle(pilot)
    screen = pilot.app.screen
    row_id = next(r.id for r in screen.indicators() if r.title == SATISFACTION)
    table = screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(str(row_id)), animate=False)
    screen.action_edit()
    await settle(pilot)
    return row_id


async def _open_settings(pilot) -> None:
    await settle(pilot)
    pilot.app.screen.action_settings()
    await settle(pilot)


def _row(db, row_id):
    with Store.open(db) as store:
        return store.get_row(row_id)


def _first_plans_ward(db, cfg) -> str | None:
    """The ward of the plan the settings were opened on (the first), as saved."""
    if not cfg.exists():
        return None
    with Store.open(db) as store:
        return load_settings(cfg).for_plan(store.load_plan(store.plan_ids()[0])).ward


FORMS = {
    "editor": Form(
        _open_editor, EditorScreen, PlanScreen, "note", "Đã họp triển khai", "120", "completion",
        lambda db, row_id, cfg: _row(db, row_id).note,
    ),
    "indicator": Form(
        _open_indicator, IndicatorForm, IndicatorsScreen, "actual", "96%", "abc", "actual",
        lambda db, row_id, cfg: _row(db, row_id).actual,
    ),
    "settings": Form(
        _open_settings, SettingsScreen, PlanScreen, "ward", "Phước Long", "31/2", "half",
        lambda db, row_id, cfg: _first_plans_ward(db, cfg), "25/5",
    ),
}
UNSAVED = {"editor": "", "indicator": None, "settings": None}


async def _type(pilot, form: Form, *, valid: bool = True) -> None:
    field = form.field if valid else form.invalid_field
    widget = pilot.app.screen.query_one(f"#{field}")
    if isinstance(widget, Input):
        widget.clear()
    type_into(widget, form.valid if valid else form.invalid)
    await pilot.pause()


async def _palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await settle(pilot)
    type_into(pilot.app.screen.query_one(Input), words)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


# -- the ways out ----------------------------------------------------------------------------
# The ways that keep the form open are walked one after the other in one run of the
# app, Esc with valid typing last; each way that ends the app (or the form) has a run.


async def ways_that_stay_then_esc(pilot, form: Form) -> str:
    # Esc with a value that is not valid: the form stays, with the message under the field
    await _type(pilot, form, valid=False)
    await pilot.press("escape")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, form.screen)
    assert str(screen.query_one(f"#{form.invalid_field}-error").render()).strip()
    if form.invalid_field != form.field:  # the invalid value made good again
        screen.query_one(f"#{form.invalid_field}").value = form.made_good
    # q in a field is a letter, not a way out
    await _type(pilot, form)
    await pilot.press("end", "q")  # (a field given the focus selects its text: end first)
    await settle(pilot)
    assert pilot.app.is_running and isinstance(pilot.app.screen, form.screen)
    assert form.typed(pilot.app) == form.valid + "q"
    await pilot.press("backspace")
    # ctrl+q asks; Hủy keeps the form and the typing
    await pilot.press("ctrl+q")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmModal)
    assert [b.label.plain for b in pilot.app.screen.query("Button")] == ["Lưu", "Không lưu", "Hủy"]
    await pilot.press("escape")  # Hủy
    await settle(pilot)
    assert isinstance(pilot.app.screen, form.screen) and pilot.app.is_running
    assert form.typed(pilot.app) == form.valid
    # Esc with valid typing: saved, and back
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(pilot.app.screen, form.behind)
    return "saved"


async def ctrl_q_then_save(pilot, form: Form) -> str:
    await _type(pilot, form)
    await pilot.press("ctrl+q")
    await settle(pilot)
    await pilot.press("enter")  # "Lưu" has the focus
    await pilot.pause()
    assert not pilot.app.is_running and pilot.app.return_code == 0
    return "saved"


async def palette_quit_then_discard(pilot, form: Form) -> str:
    await _type(pilot, form)
    await _palette(pilot, "thoat")
    assert isinstance(pilot.app.screen, ConfirmModal)
    await pilot.click("#discard")
    await pilot.pause()
    assert not pilot.app.is_running
    return "nothing"


async def palette_switch_plan_then_save(pilot, form: Form) -> str:
    await _type(pilot, form)
    await _palette(pilot, "doi ke hoach")
    assert isinstance(pilot.app.screen, ConfirmModal)
    await pilot.press("enter")  # Lưu
    await settle(pilot)
    assert isinstance(pilot.app.screen, ChoiceModal)  # the plan chooser, over the plan screen
    assert isinstance(pilot.app.screen_stack[-2], PlanScreen)
    return "saved"


WAYS = (ways_that_stay_then_esc, ctrl_q_then_save, palette_quit_then_discard, palette_switch_plan_then_save)


@pytest.mark.parametrize("way", WAYS, ids=lambda way: way.__name__)
@pytest.mark.parametrize("name", sorted(FORMS))
async def test_every_way_out_of_every_form(name, way, two_plans_db, make_app):
    form = FORMS[name]
    app = make_app(two_plans_db)
    settings_path = app.ctx.settings_path
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await form.open(pilot)
        assert isinstance(app.screen, form.screen)
        outcome = await way(pilot, form)
    stored = form.stored(two_plans_db, row_id, settings_path)
    if outcome == "saved":
        assert stored == form.valid
    else:
        assert stored == UNSAVED[name]
        if row_id is not None:
            with Store.open(two_plans_db) as store:
                assert store.history(row_id) == []


async def test_quit_without_typing_does_not_ask(two_plans_db, make_app):
    for name in ("indicator", "settings"):  # the editor's: test_editor
        app = make_app(two_plans_db)
        async with app.run_test(size=(120, 40)) as pilot:
            await FORMS[name].open(pilot)
            await pilot.press("ctrl+q")
            await pilot.pause()
        assert app.return_code == 0, name


async def test_the_list_behind_a_form_is_not_reached_by_the_palette_s_plan_actions_without_asking(two_plans_db, make_app):
    """A plan action chosen in the palette over the editor leaves it first (asking), then runs."""
    app = make_app(two_plans_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot, "II.1")
        await _palette(pilot, "doi tinh trang")  # s on the plan screen
        assert isinstance(app.screen, PlanScreen)  # nothing typed: no question
        await settle(pilot)
        assert find_task(app, "II.1").row.status == "in_progress"
    assert _row(two_plans_db, row_id).status == "in_progress"
