"""The calendar of reports (key c): every report of the year, marked sent and unmarked."""

from __future__ import annotations

from textual.widgets import DataTable, Input, TextArea

from cdstui.report.export import export_report
from cdstui.store.submissions import list_submissions
from cdstui.tui.screens.calendar import CalendarScreen, SentForm
from cdstui.tui.screens.plan import PlanScreen
from cdstui.tui.widgets.confirm import ConfirmModal

from .conftest import TODAY, record_notifications, screen_text, settle, type_into


async def open_calendar(pilot) -> CalendarScreen:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CalendarScreen)
    return pilot.app.screen


def put_cursor(screen: CalendarScreen, type_name: str, period: str) -> None:
    index = next(i for i, item in enumerate(screen.items) if (item.type, item.period.code) == (type_name, period))
    screen.query_one(DataTable).move_cursor(row=index)


async def test_an_exported_report_is_marked_sent_with_its_day_and_recipients(seed_db, make_app, tmp_path):
    app = make_app(seed_db)
    store = app.ctx.store
    made = export_report(store, app.ctx.plan_id, "2026-Q3", today=TODAY, output=tmp_path / "bao-cao-q3.xlsx").path
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_calendar(pilot)
        text = screen_text(app)
        assert "Lịch báo cáo năm 2026" in text
        # the plan's own report, the KHCN-CĐS, the DTI and the monthly NQ57 reports, each on a line
        assert {"Kế hoạch", "KHCN-CĐS", "DTI", "NQ57"} <= {item.type for item in screen.items}
        assert len(screen.items) == 26
        # the cursor starts on the report to do first: the overdue one due last
        assert (screen.current.type, screen.current.period.code) == ("Kế hoạch", "2026")
        assert "quá hạn 5 ngày" in text and "Trễ hạn" in text
        put_cursor(screen, "Kế hoạch", "2026-Q3")
        await pilot.pause()
        q3 = screen.current
        assert q3.file == str(made) and "bao-cao-q3.xlsx" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SentForm)
        assert form.query_one("#sent-at", Input).value == "25/11/2026"  # today
        defaults = form.query_one("#sent-to", TextArea).text.splitlines()
        assert defaults and defaults == q3_recipients(screen)
        field = form.query_one("#sent-at", Input)
        field.clear()
        type_into(field, "12/09/2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        [submission] = [s for s in list_submissions(store, app.ctx.plan_id) if s["period"] == "2026-Q3"]
        assert submission["file"] == str(made)
        assert submission["sent_at"] == "2026-09-12" and submission["sent_to"] == defaults
        text = screen_text(app)
        assert "12/09/2026" in text and "đã nộp đúng hạn" in text and "Đã nộp" in text


def q3_recipients(screen: CalendarScreen) -> list[str]:
    return next(t.recipients for t in screen.settings.report_types if t.name == "Kế hoạch")


async def test_marking_the_most_urgent_report_moves_the_header_and_undoing_it_asks(seed_db, make_app):
    app = make_app(seed_db)
    store = app.ctx.store
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert "Báo cáo Kế hoạch Năm 2026 — quá hạn 5 ngày" in screen_text(app)
        screen = await open_calendar(pilot)
        # a report with no file made here (sent from elsewhere) can be marked sent
        assert screen.current.file == ""
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, SentForm)
        await pilot.press("ctrl+s")
        await settle(pilot)
        [sent] = list_submissions(store, app.ctx.plan_id)
        assert (sent["period"], sent["file"], sent["sent_at"]) == ("2026", "", "2026-11-25")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        text = screen_text(app)
        assert "Báo cáo Kế hoạch Năm 2026" not in text
        assert "Báo cáo NQ57 Tháng 10/2026 — quá hạn 15 ngày" in text
        # undone, after a question; "Giữ nguyên" first keeps it
        screen = await open_calendar(pilot)
        put_cursor(screen, "Kế hoạch", "2026")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal) and "Bỏ đánh dấu đã gửi" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert list_submissions(store, app.ctx.plan_id)[0]["sent_at"] == "2026-11-25"
        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#unmark")
        await settle(pilot)
        assert list_submissions(store, app.ctx.plan_id)[0]["sent_at"] is None
        assert not screen.current.sent
        await pilot.press("escape")
        await settle(pilot)
        assert "Báo cáo Kế hoạch Năm 2026 — quá hạn 5 ngày" in screen_text(app)


async def test_a_bad_or_future_day_is_refused_in_vietnamese_and_nothing_is_written(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_calendar(pilot)
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        field = form.query_one("#sent-at", Input)
        for bad, said in (("31/02/2026", "Ngày gửi không hợp lệ"), ("01/12/2026", "chưa đến")):
            field.clear()
            type_into(field, bad)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is form
            assert said in str(form.query_one("#form-error").content)
        assert list_submissions(app.ctx.store, app.ctx.plan_id) == []
        await pilot.press("escape")  # Esc saves and leaves only what is valid
        await pilot.pause()
        assert app.screen is form and "chưa đến" in str(form.query_one("#form-error").content)
        await pilot.click("#cancel")  # Hủy gives up
        await pilot.pause()
        assert isinstance(app.screen, CalendarScreen)
        assert list_submissions(app.ctx.store, app.ctx.plan_id) == []


async def test_the_palette_opens_the_calendar_typed_without_diacritics(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        type_into(app.screen.query_one(Input), "lich bao cao")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CalendarScreen)
        assert "Lịch báo cáo năm 2026" in screen_text(app)


async def test_an_80_column_terminal_keeps_the_due_date_the_days_and_the_day_sent(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(pilot)
        text = screen_text(app)
        for heading in ("Loại báo cáo", "Kỳ", "Hạn nộp", "Còn / quá hạn", "Ngày gửi"):
            assert heading in text, heading
        assert "quá hạn 5 ngày" in text and "Lập tệp" not in text
        assert "chưa lập" in text  # the detail below the list says what the columns left out
        await pilot.resize_terminal(170, 40)
        await settle(pilot)
        assert [key for key, _h, _w in screen.shown][-2:] == ["to", "file"]
        assert "Lập tệp" in screen_text(app) and "Tệp" in screen_text(app)


async def test_the_sent_form_follows_the_one_exit_rule(seed_db, make_app):
    """Esc with nothing typed marks nothing; Esc with a valid day saves and leaves;
    ctrl+q with typing asks Lưu / Không lưu / Hủy, and Lưu of a day that is not
    valid keeps the app and the form open with the message."""
    app = make_app(seed_db)
    sent = lambda: [s for s in list_submissions(app.ctx.store, app.ctx.plan_id) if s.get("sent_at")]  # noqa: E731
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_calendar(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # nothing typed: the defaults are not a decision
        await pilot.pause()
        assert app.screen is screen and sent() == []
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        field = form.query_one("#sent-at", Input)
        field.clear()
        type_into(field, "31/02/2026")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#save")
        await settle(pilot)
        assert app.is_running and app.screen is form and "không hợp lệ" in str(form.query_one("#form-error").content)
        field.clear()
        type_into(field, "20/11/2026")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert [s["sent_at"] for s in sent()] == ["2026-11-20"]


async def test_o_opens_the_reports_file_in_the_system_viewer(seed_db, make_app, tmp_path, monkeypatch):
    import os
    import sys

    import pytest

    if sys.platform in ("win32", "darwin"):
        pytest.skip("xdg-open is the viewer elsewhere")
    from tests.test_system_open import fake_viewer, recorded

    record = tmp_path / "opened.txt"
    fake_viewer(tmp_path / "bin", record)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    app = make_app(seed_db)
    made = export_report(app.ctx.store, app.ctx.plan_id, "2026-Q3", today=TODAY, output=tmp_path / "bao-cao-q3.xlsx").path
    notified = record_notifications(app)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_calendar(pilot)
        put_cursor(screen, "KHCN-CĐS", "2026-Q1")  # never made
        await pilot.press("o")
        await pilot.pause()
        assert any("chưa được lập" in n for n in notified) and not record.exists()
        put_cursor(screen, "Kế hoạch", "2026-Q3")
        await pilot.press("o")
        await pilot.pause()
        assert recorded(record) == str(made.resolve())
