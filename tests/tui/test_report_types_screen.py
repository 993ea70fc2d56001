"""The plan's report types, edited in the app and saved to its [plans.<id>] table."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from cdstui.settings import load_settings
from cdstui.tui.screens.calendar import CalendarScreen
from cdstui.tui.screens.report_types import ReportTypeForm, ReportTypesScreen
from cdstui.tui.screens.settings import SettingsScreen
from cdstui.tui.widgets.confirm import ConfirmModal

from .conftest import record_notifications, settle, type_into


async def open_types(pilot) -> ReportTypesScreen:
    """Cài đặt (,) then ctrl+r."""
    await settle(pilot)
    await pilot.press("comma")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    await pilot.press("ctrl+r")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReportTypesScreen)
    return pilot.app.screen


async def edit(pilot, screen: ReportTypesScreen, name: str) -> ReportTypeForm:
    index = [t.name for t in screen.types].index(name)
    screen.query_one(DataTable).move_cursor(row=index)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReportTypeForm)
    return pilot.app.screen


async def retype(pilot, form: ReportTypeForm, field: str, text: str) -> None:
    widget = form.query_one(f"#{field}", Input)
    widget.clear()
    type_into(widget, text)
    await pilot.pause()


def saved_types(app):
    plan = app.ctx.store.load_plan(app.ctx.plan_id, head=0)
    return {t.name: t for t in load_settings(app.ctx.settings_path).for_plan(plan).report_types}


async def test_a_due_day_edited_is_saved_and_the_calendar_follows(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(140, 50)) as pilot:
        screen = await open_types(pilot)
        assert [t.name for t in screen.types] == ["Kế hoạch", "KHCN-CĐS", "DTI", "NQ57"]
        form = await edit(pilot, screen, "KHCN-CĐS")
        assert form.query_one("#type-day", Input).value == "10"
        await retype(pilot, form, "type-day", "12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        types = saved_types(app)
        assert types["KHCN-CĐS"].due.day == 12
        assert types["KHCN-CĐS"].due.dates == {"year": "15/01"}  # the rest as it was
        assert list(types) == ["Kế hoạch", "KHCN-CĐS", "DTI", "NQ57"]
        # a fresh read of the file, as the plan's own table
        section = load_settings(app.ctx.settings_path).plans[app.ctx.plan_id]
        assert [t.name for t in section.report_types] == ["Kế hoạch", "KHCN-CĐS", "DTI", "NQ57"]
        # back to the settings form: saving it keeps the types written meanwhile
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert saved_types(app)["KHCN-CĐS"].due.day == 12
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        calendar = app.screen
        assert isinstance(calendar, CalendarScreen)
        due = {(i.type, i.period.code): i.due for i in calendar.items}
        assert f"{due['KHCN-CĐS', '2026-Q1']:%d/%m/%Y}" == "12/04/2026"
        assert f"{due['KHCN-CĐS', '2026-9M']:%d/%m/%Y}" == "12/10/2026"
        assert f"{due['DTI', '2026-Q1']:%d/%m/%Y}" == "15/04/2026"


async def test_bad_input_gets_a_vietnamese_message_and_nothing_is_saved(seed_db, make_app):
    app = make_app(seed_db)
    path = app.ctx.settings_path
    async with app.run_test(size=(140, 50)) as pilot:
        screen = await open_types(pilot)
        form = await edit(pilot, screen, "DTI")
        for field, bad, said in (
            ("type-day", "32", "Ngày nộp phải là số nguyên từ 1 đến 31"),
            ("type-day", "0", "Ngày nộp phải là số nguyên từ 1 đến 31"),
            ("type-periods", "Q1, Q5", "Kỳ báo cáo không hợp lệ: Q5"),
            ("type-dates", "year=32/01", "ngày '32/01' không hợp lệ"),
            ("type-dates", "Q5=10/10", "Kỳ «Q5» của hạn cố định không hợp lệ"),
            ("type-name", "NQ57", "Đã có loại báo cáo tên «NQ57»"),
        ):
            before = form.query_one(f"#{field}", Input).value
            await retype(pilot, form, field, bad)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form
            assert said in str(form.query_one("#form-error").content), bad
            assert not path.exists()
            await retype(pilot, form, field, before)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not path.exists()


async def test_a_type_is_added_and_another_removed_after_a_question(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(140, 50)) as pilot:
        screen = await open_types(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReportTypeForm)
        await retype(pilot, form, "type-name", "Đột xuất")
        await retype(pilot, form, "type-periods", "h1 YEAR")
        await retype(pilot, form, "type-dates", "h1=20/06; YEAR=05/12, 2026-q4=28/12/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        types = saved_types(app)
        added = types["Đột xuất"]
        assert added.periods == ["H1", "year"] and added.due.dates == {"H1": "20/06", "year": "05/12", "2026-Q4": "28/12/2026"}
        # renamed: the officer is told that what was made under the old name stays with it
        notified = record_notifications(app)
        form = await edit(pilot, screen, "DTI")
        await retype(pilot, form, "type-name", "Chỉ số DTI")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("«DTI» đổi tên thành «Chỉ số DTI»" in n for n in notified)
        assert list(saved_types(app)) == ["Kế hoạch", "KHCN-CĐS", "Chỉ số DTI", "NQ57", "Đột xuất"]
        screen.query_one(DataTable).move_cursor(row=[t.name for t in screen.types].index("NQ57"))
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#remove")
        await settle(pilot)
        assert list(saved_types(app)) == ["Kế hoạch", "KHCN-CĐS", "Chỉ số DTI", "Đột xuất"]
        assert [t.name for t in screen.types] == ["Kế hoạch", "KHCN-CĐS", "Chỉ số DTI", "Đột xuất"]


async def test_a_settings_file_that_cannot_be_read_is_never_written_over(seed_db, make_app):
    from .conftest import screen_text

    app = make_app(seed_db)
    path = app.ctx.settings_path
    path.write_text('export_dir = "exports"\nbackup_keep = "hai mươi"\n', encoding="utf-8")
    before = path.read_bytes()
    notified = record_notifications(app)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "Không đọc được tệp cài đặt" in screen_text(app)  # the calendar uses the defaults meanwhile
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportTypesScreen) and "Không đọc được tệp cài đặt" in screen_text(app)
        form = await edit(pilot, screen, "DTI")
        await retype(pilot, form, "type-day", "20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: the typing stays, with the reason under it
        assert str(form.query_one("#form-error").content).startswith("Chưa lưu: tệp cài đặt có lỗi")
        assert path.read_bytes() == before
        assert screen.types[2].due.day == 15
