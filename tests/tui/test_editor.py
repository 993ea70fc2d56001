"""The task editor through the Pilot: what is saved, what is refused, what is asked."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.widgets import Button, Input, Select, TextArea

from cdstui.domain.progress import MSG_COMPLETION_RANGE
from cdstui.store import Store
from cdstui.tui.screens.editor import EditorScreen
from cdstui.tui.widgets.confirm import ConfirmModal
from cdstui.tui.screens.plan import PlanScreen

from tests.tui.conftest import find_task, move_to, open_editor, plan_table, settle, type_into


def stored(db, row_id):
    with Store.open(db) as store:
        return store.get_row(row_id), store.history(row_id)


async def test_enter_opens_the_task_in_full(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row_id = move_to(app, "III.4.2.2")
        await pilot.press("enter")
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        title = str(editor.query_one("#view-title").render())
        # the whole title, not cut
        assert "bảo mật thông tin cá nhân an toàn)" in title
        assert "Nhiệm vụ III.4.2.2" in str(editor.query_one("#editor-heading").render())
        assert "Hạn: 31/03/2026" in str(editor.query_one("#view-due").render())
        assert editor.query_one("#status", Select).value == "not_started"
        assert editor.row_id == row_id


async def test_enter_on_a_section_folds_instead_of_opening(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        assert table.current.kind == "section"
        shown = len(table.shown)
        await pilot.press("enter")
        assert isinstance(app.screen, PlanScreen)
        assert len(table.shown) < shown


async def test_completion_out_of_range_is_refused(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        type_into(app.screen.query_one("#completion", Input), "120")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(app.screen.query_one("#completion-error").render()) == MSG_COMPLETION_RANGE
        # leaving keeps the editor open
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
    row, history = stored(seed_db, row_id)
    assert row.completion is None and history == []


async def test_completion_is_normalised_and_saved(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        type_into(app.screen.query_one("#completion", Input), "98")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one("#completion", Input).value == "98%"
    row, history = stored(seed_db, row_id)
    assert row.completion == "98%"
    assert [(h["field"], h["new"], h["origin"]) for h in history] == [("completion", "98%", "app")]


async def test_completion_phrase_is_kept(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        type_into(app.screen.query_one("#completion", Input), "Theo tiến độ của tỉnh")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    row, _ = stored(seed_db, row_id)
    assert row.completion == "Theo tiến độ của tỉnh"


async def test_result_multiline_saved_with_ctrl_s(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        type_into(app.screen.query_one("#result", TextArea), "Kế hoạch số 1407/KH-UBND ngày 30/9/2025\nHội nghị [50 người]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        # the plan list behind has reloaded with the new result
        plan_screen = app.plan_screen
        vr = next(v for v in plan_screen.table.rows if v.row_id == row_id)
        assert vr.row.result.startswith("Kế hoạch số 1407")
    row, history = stored(seed_db, row_id)
    assert row.result == "Kế hoạch số 1407/KH-UBND ngày 30/9/2025\nHội nghị [50 người]"
    assert [h["field"] for h in history] == ["result"]


async def test_note_saved_on_escape_and_back_on_the_list(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        type_into(app.screen.query_one("#note", TextArea), "Chờ tỉnh")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert plan_table(app).current.row_id == row_id
    row, _ = stored(seed_db, row_id)
    assert row.note == "Chờ tỉnh"


async def test_status_chosen_in_the_select(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        assert app.focused is app.screen.query_one("#status", Select)
        await pilot.press("enter")  # open the list
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # Đang triển khai -> Hoàn thành
        await settle(pilot)
        assert app.screen.query_one("#status", Select).value == "done"
        await pilot.press("ctrl+s")
        await settle(pilot)
    row, history = stored(seed_db, row_id)
    assert row.status == "done"
    assert [(h["field"], h["old"], h["new"]) for h in history] == [("status", "not_started", "done")]


async def test_vietnamese_input_method_lands_as_nfc(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        app.screen.query_one("#note", TextArea).focus()
        # Unikey/EVKey: "a" then backspace + the composed letter
        await pilot.press("h", "a", "backspace", "ạ", "space", "t", "a", "backspace", "ầ", "n", "g")
        # and text that arrives decomposed (NFD), as pasted from a macOS/Word document
        note = app.screen.query_one("#note", TextArea)
        app.post_message(events.Paste(unicodedata.normalize("NFD", " số")))
        await pilot.pause()
        assert not unicodedata.is_normalized("NFC", note.text)
        await pilot.press("ctrl+s")
        await settle(pilot)
    row, _ = stored(seed_db, row_id)
    assert row.note == "hạ tầng số"
    assert unicodedata.is_normalized("NFC", row.note)


async def test_plan_fields_corrected_after_ctrl_e(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        before, _ = stored(seed_db, row_id)
        await pilot.press("ctrl+e")
        await settle(pilot)
        title = app.screen.query_one("#edit-title", TextArea)
        assert app.focused is title
        title.text = before.title.replace("chuyên đổi số", "chuyển đổi số")
        deadline = app.screen.query_one("#edit-deadline", Input)
        deadline.value = "Quý II/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Hạn: 30/06/2026" in str(app.screen.query_one("#view-due").render())
    row, history = stored(seed_db, row_id)
    assert "chuyển đổi số" in row.title and row.deadline == "Quý II/2026"
    assert sorted(h["field"] for h in history) == ["deadline", "title"]


async def test_empty_title_is_refused(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        await pilot.press("ctrl+e")
        app.screen.query_one("#edit-title", TextArea).text = "  "
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "không được để trống" in str(app.screen.query_one("#title-error").render())
    _, history = stored(seed_db, row_id)
    assert history == []


async def test_quit_with_unsaved_typing_asks_then_cancel(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        type_into(app.screen.query_one("#note", TextArea), "dở dang")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.is_running
    _, history = stored(seed_db, row_id)
    assert history == []


async def test_quit_with_unsaved_typing_save(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        type_into(app.screen.query_one("#note", TextArea), "lưu khi thoát")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # "Lưu" has the focus
        await pilot.pause()
    assert app.return_code == 0
    row, _ = stored(seed_db, row_id)
    assert row.note == "lưu khi thoát"


async def test_quit_with_unsaved_typing_discard(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        type_into(app.screen.query_one("#note", TextArea), "bỏ đi")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.click("#discard")
        await pilot.pause()
    assert app.return_code == 0
    row, history = stored(seed_db, row_id)
    assert row.note == "" and history == []


async def test_quit_without_changes_does_not_ask(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_editor(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_with_invalid_completion_and_save_stays(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        type_into(app.screen.query_one("#completion", Input), "50%abc")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, EditorScreen)
        assert str(app.screen.query_one("#completion-error").render())
    _, history = stored(seed_db, row_id)
    assert history == []


async def test_keys_of_the_list_do_not_fire_in_the_editor(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot)
        app.screen.query_one("#note", TextArea).focus()
        for key, char in (("s", "s"), ("q", "q"), ("u", "u"), ("h", "h"), ("slash", "/"), ("i", "i"), ("e", "e")):
            app.post_message(events.Key(key, char))  # typed fast, one after the other
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.query_one("#note", TextArea).text == "squh/ie"
    _, history = stored(seed_db, row_id)
    assert history == []


async def test_editor_fields_reachable_with_tab(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_editor(pilot)
        assert app.focused.id == "status"
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            seen.append(app.focused.id)
        assert seen == ["completion", "result", "note"]


def burst(app, *keys: str) -> None:
    """Keys read by the app in one go, as a terminal delivers fast typing: all
    queued before the first is handled."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def test_keys_typed_fast_after_enter_and_tab_reach_the_completion(seed_db, make_app):
    """Issue 11 item 3: Enter opened the editor one message after the keys behind
    it were routed to the list, and the editor focused its first field after they
    were read: Tab went to the list, the figures nowhere, and Esc saved without them."""
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        move_to(app, "II.2")
        burst(app, "up", "enter", "tab", "5", "0", "tab", "x", "escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    with Store.open(seed_db) as store:
        changed = {row.code: (row.completion, row.result) for row in store.load_plan(1).tasks() if store.history(row.id)}
    assert changed == {"1": ("50%", "x")}  # II.1, the task above II.2


async def test_text_typed_right_after_tab_goes_to_the_next_field(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_editor(pilot)
        burst(app, "tab", "9", "8", "tab", "a", "b", "shift+tab")
        await settle(pilot)
        assert app.screen.query_one("#completion", Input).value == "98"
        assert app.screen.query_one("#result", TextArea).text == "ab"
        assert app.focused.id == "completion"


async def test_a_completion_of_100_percent_offers_done_and_sets_nothing_unasked(seed_db, make_app):
    """Issue 11 item 11: status and completion were never checked against each other."""
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot, "II.1")
        editor = app.screen
        assert not editor.query_one("#consistency").display  # "Chưa triển khai", nothing typed: they agree
        type_into(editor.query_one("#completion", Input), "100")
        await pilot.pause()
        assert editor.query_one("#consistency").display
        assert "Mức độ 100% nhưng tình trạng «Chưa triển khai»" in str(editor.query_one("#consistency-text").render())
        assert editor.query_one("#status", Select).value == "not_started"  # offered, not set
        await pilot.click("#offer-0")  # "Đặt tình trạng «Hoàn thành»"
        await pilot.pause()
        assert editor.query_one("#status", Select).value == "done"
        assert not editor.query_one("#consistency").display
        await pilot.press("escape")
        await settle(pilot)
    row, _ = stored(seed_db, row_id)
    assert (row.status, row.completion) == ("done", "100%")


async def test_done_without_a_completion_offers_100_percent(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_editor(pilot, "II.1")
        editor = app.screen
        editor.query_one("#status", Select).value = "done"
        await pilot.pause()
        assert str(editor.query_one("#offer-0", Button).label) == "Ghi mức độ 100%"
        await pilot.press("escape")  # declined: saved as chosen
        await settle(pilot)
    row, _ = stored(seed_db, row_id)
    assert (row.status, row.completion) == ("done", None)


async def test_s_on_a_task_not_assigned_asks_first(seed_db, make_app):
    from cdstui.tui.widgets.confirm import ConfirmModal as Question

    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row_id = move_to(app, "I.1")  # "Không giao" in seed 000
        assert find_task(app, "I.1").row.status == "not_assigned"
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, Question) and "đang là «Không giao»" in app.screen.question
        await pilot.press("escape")  # keep it
        await settle(pilot)
        assert stored(seed_db, row_id)[1] == []
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("enter")  # "Đổi"
        await settle(pilot)
    row, history = stored(seed_db, row_id)
    assert row.status == "not_started" and [h["old"] for h in history] == ["not_assigned"]
