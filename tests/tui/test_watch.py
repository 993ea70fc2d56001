"""Another program writes while the app is open (issue 11 item 4): the app notices,
reads again, and never writes from its old picture of the database.

A second connection (``Store.open`` in the test) plays the other program: the
command line importing an agency's workbook, or a tool restoring a backup.
Before, ``s`` on II.1 wrote "Đang triển khai" computed from the screen over the
agency's "Hoàn thành", and after a restore wrote onto whatever row then bore the id.
"""

from __future__ import annotations

import sqlite3
import time

from textual import events
from textual.widgets import Input, Select, TextArea

from cdstui.importers import read_document
from cdstui.paths import default_plan_file
from cdstui.store import Store
from cdstui.tui.screens.editor import EditorScreen
from cdstui.tui.screens.plan import PlanScreen

from tests.tui.conftest import SEEDS, find_task, move_to, open_editor, plan_table, record_notifications, settle, type_into


def agency_sets_done(db, row_id: int) -> None:
    """What ``cdstui import`` of an agency's workbook does to II.1, from another process."""
    with Store.open(db) as other:
        other.update_row(row_id, {"status": "done", "completion": "100%"}, origin="agency")


def history(db, row_id: int) -> list[tuple]:
    with Store.open(db) as store:
        return [(h["field"], h["new"], h["origin"]) for h in store.history(row_id)]


async def test_s_after_an_agency_set_the_task_done_does_not_revert_it(seed_db, make_app):
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.watch_timer.pause()  # the test decides when the app looks: right at the key
        row_id = move_to(app, "II.1")
        agency_sets_done(seed_db, row_id)
        await pilot.press("s")  # the screen still says "Chưa triển khai"
        await settle(pilot)
        assert "II.1 vừa được cập nhật ở nơi khác: tình trạng «Hoàn thành». Chưa lưu gì" in notified[-1]
        assert find_task(app, "II.1").row.status == "done"  # read again
        assert len([n for n in notified if "II.1 vừa được cập nhật" in n]) == 1  # said once
    assert history(seed_db, row_id) == [("status", "done", "agency"), ("completion", "100%", "agency")]


async def test_the_app_notices_a_change_by_itself_and_says_what_changed(seed_db, make_app):
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row_id = move_to(app, "II.1")
        agency_sets_done(seed_db, row_id)
        deadline = time.monotonic() + 10
        while find_task(app, "II.1").row.status != "done" and time.monotonic() < deadline:
            await pilot.pause(0.05)  # polling for the app's own look (about once a second), not a fixed wait
        assert find_task(app, "II.1").row.status == "done"
        assert any(n.startswith("II.1 vừa được cập nhật ở nơi khác") for n in notified)
        # the list's "s" now starts from what the database holds
        await pilot.press("s")
        await settle(pilot)
    assert history(seed_db, row_id)[-1] == ("status", "not_started", "app")


async def test_focus_and_a_change_of_screen_look_at_once(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.watch_timer.pause()
        row_id = move_to(app, "II.1")
        agency_sets_done(seed_db, row_id)
        app.post_message(events.AppFocus())  # back from the terminal where the import ran
        await settle(pilot)
        assert find_task(app, "II.1").row.status == "done"
        with Store.open(seed_db) as other:
            other.update_row(row_id, {"note": "ghi từ nơi khác"}, origin="agency")
        await pilot.press("o")  # another screen
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert find_task(app, "II.1").row.note == "ghi từ nơi khác"


async def editor_of_ii1(pilot) -> tuple[int, EditorScreen]:
    """II.1's editor, the app looking for other programs' writes only when the test says."""
    row_id = await open_editor(pilot, "II.1")
    pilot.app.watch_timer.pause()
    return row_id, pilot.app.screen


async def test_the_editor_keeps_the_typing_and_shows_the_agency_s_status(seed_db, make_app):
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id, editor = await editor_of_ii1(pilot)
        type_into(editor.query_one("#note", TextArea), "Đã họp triển khai")
        agency_sets_done(seed_db, row_id)
        await pilot.press("ctrl+s")  # only the note is written: the status was not typed
        await settle(pilot)
        assert editor.query_one("#note", TextArea).text == "Đã họp triển khai"
        assert editor.query_one("#status", Select).value == "done"  # the agency's, shown
        assert editor.query_one("#completion", Input).value == "100%"
        assert any("vừa được cập nhật ở nơi khác: tình trạng «Hoàn thành»" in n for n in notified)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    with Store.open(seed_db) as store:
        row = store.get_row(row_id)
    assert (row.status, row.completion, row.note) == ("done", "100%", "Đã họp triển khai")


async def test_a_status_typed_over_an_agency_s_change_is_refused_once_and_kept(seed_db, make_app):
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id, editor = await editor_of_ii1(pilot)
        editor.query_one("#status", Select).value = "in_progress"
        agency_sets_done(seed_db, row_id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert editor.query_one("#status", Select).value == "in_progress"  # the officer's choice, kept
        assert any("vừa được cập nhật ở nơi khác: tình trạng «Hoàn thành»" in n for n in notified)
        assert history(seed_db, row_id) == [("status", "done", "agency"), ("completion", "100%", "agency")]
        await pilot.press("ctrl+s")  # now knowingly, over the agency's value
        await settle(pilot)
    assert history(seed_db, row_id)[-1] == ("status", "in_progress", "app")


def restore_by_another_tool(db, tmp_path) -> None:
    """A backup of another database written over the open one (SQLite's backup
    API): the same row ids are other rows now, plan 1 is seed 002."""
    other = tmp_path / "other.db"
    with Store.open(other) as store:
        store.import_plan(read_document(next(SEEDS.glob("002_*.txt"))))
        store.import_plan(read_document(default_plan_file()))
    source, target = sqlite3.connect(other), sqlite3.connect(db)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def content(db) -> list[tuple]:
    with Store.open(db) as store:
        rows = store.conn.execute("SELECT id, kind, status, note, actual FROM rows ORDER BY id").fetchall()
        return rows + store.conn.execute("SELECT COUNT(*) FROM history").fetchall()


async def test_after_a_restore_s_writes_onto_no_other_row(seed_db, make_app, tmp_path):
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.watch_timer.pause()
        move_to(app, "II.1")
        restore_by_another_tool(seed_db, tmp_path)
        restored = content(seed_db)
        await pilot.press("s")
        await settle(pilot)
        assert content(seed_db) == restored  # nothing written
        assert any("không còn thuộc kế hoạch đang mở" in n or "vừa được khôi phục" in n for n in notified)
        # the app shows the restored database: plan 1 is seed 002 now, indicators only
        assert plan_table(app).rows == [] and "chỉ tiêu: nhấn i" in plan_table(app).placeholder()


async def test_after_a_restore_the_editor_saves_nothing_and_lets_the_officer_go(seed_db, make_app, tmp_path):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_editor(pilot, "II.1")
        app.watch_timer.pause()
        type_into(app.screen.query_one("#note", TextArea), "ghi vào đâu?")
        restore_by_another_tool(seed_db, tmp_path)
        restored = content(seed_db)
        await pilot.press("escape")
        await settle(pilot)
        assert content(seed_db) == restored
        assert isinstance(app.screen, EditorScreen) and app.screen.orphaned
        # Esc asks before giving the typing up
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    assert content(seed_db) == restored


async def test_the_indicator_form_refuses_over_an_agency_s_value_and_keeps_the_typing(seed_db, make_app):
    from textual.widgets import DataTable

    from cdstui.tui.widgets.indicator_form import IndicatorForm

    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.watch_timer.pause()
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        row = next(r for r in screen.indicators() if r.target == "100%")
        table = screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(str(row.id)), animate=False)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, IndicatorForm)
        type_into(form.query_one("#actual", Input), "95%")
        with Store.open(seed_db) as other:
            other.update_row(row.id, {"actual": "100%"}, origin="agency")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.query_one("#actual", Input).value == "95%"
        assert any("vừa được cập nhật ở nơi khác: kết quả thực hiện «100%»" in n for n in notified)
    assert history(seed_db, row.id) == [("actual", "100%", "agency")]
