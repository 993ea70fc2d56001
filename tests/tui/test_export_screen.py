"""The export modal: choose the period and agency, write the workbook in a worker, show the path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import Button, Checkbox, Select

from cdstui.settings import Settings, save_settings
from cdstui.store.submissions import latest_submission
from cdstui.tui.screens.export import ALL_LEADS, ExportScreen, distinct_leads

from .conftest import Host as ScreenHost, settle


def Host(ctx):
    return ScreenHost(lambda: ExportScreen(ctx))


def status(app) -> str:
    return str(app.screen.query_one("#export-status").content)


async def run_export(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)


def shown_path(app) -> Path:
    text = status(app)
    assert text.startswith("Đã xuất báo cáo:"), text
    return Path(text.splitlines()[1])


async def test_defaults_next_due_period_and_all_agencies(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        periods = screen.query_one("#period", Select)
        # 25/11/2026: the yearly report (20/11) is past, Q4 (15/12) is next
        assert periods.value == "2026-Q4"
        assert [p.code for p in screen.periods] == ["2026-Q1", "2026-Q2", "2026-H1", "2026-Q3", "2026-Q4", "2026"]
        for period in screen.periods:  # each is one of the select's choices
            periods.value = period.code
        periods.value = "2026-Q4"
        assert screen.query_one("#lead", Select).value == ALL_LEADS
        assert screen.query_one("#refresh", Checkbox).value is False
        assert app.focused is periods


async def test_export_writes_the_file_at_the_shown_path(ctx, tmp_path):
    from openpyxl import load_workbook

    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_export(pilot)
        path = shown_path(app)
        assert path.exists() and path.suffix == ".xlsx"
        assert latest_submission(ctx.store, ctx.plan_id, "2026-Q4") is not None  # the submission is recorded
        assert path.parent == (tmp_path / "exports").absolute()  # settings' export folder, from the working folder
        assert path.name.isascii() and " " not in path.name and "2026-Q4" in path.name
        wb = load_workbook(path)
        text = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
        assert "Quý IV/2026" in text
        assert "hạ tầng số" in text
        assert [(m.plan_id, m.row_id) for m in app.messages] == [(ctx.plan_id, None)]
        # the same period again: the submitted content is reproduced, and the app says how to refresh
        await run_export(pilot)
        again = status(app)
        assert shown_path(app) == path
        assert "Xuất mới" in again and "--refresh" not in again
        # the modal stays open with the path until the officer closes it
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)


async def test_choose_period_lead_and_refresh(ctx, tmp_path):
    from openpyxl import load_workbook

    leads = distinct_leads(ctx.store.load_plan(ctx.plan_id))
    assert "Công an phường" in leads and len(leads) == len(set(leads))
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#period", Select).value = "2026-Q3"
        screen.query_one("#lead", Select).value = "Công an phường"
        await pilot.press("tab", "tab", "tab", "tab", "space")  # scope, format, agency, the "Xuất mới" box
        assert screen.query_one("#refresh", Checkbox).value is True
        await run_export(pilot)
        path = shown_path(app)
        assert path.exists() and "2026-Q3" in path.name
        wb = load_workbook(path)
        leads_in_file = set()
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.value == "Cơ quan chủ trì":  # the header: read the column below it
                        column = ws.iter_rows(min_row=c.row + 1, min_col=c.column, max_col=c.column, values_only=True)
                        leads_in_file |= {v[0].strip() for v in column if isinstance(v[0], str) and v[0].strip() in leads}
        assert leads_in_file == {"Công an phường"}


async def test_unwritable_export_folder_shows_the_message(ctx, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    save_settings(Settings(export_dir=str(blocker / "exports")), ctx.settings_path)
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_export(pilot)
        text = status(app)
        assert text.startswith("Không xuất được báo cáo:")
        assert len(text.splitlines()) >= 2 and "Traceback" not in text
        assert "(-o)" not in text and "Cài đặt (phím ,)" in text  # the officer's words, not a flag (item 16)
        assert app.messages == []
        assert app.screen.query_one("#export-run", Button).disabled is False  # can try again
        assert latest_submission(ctx.store, ctx.plan_id, "2026-Q4") is None  # nothing recorded


async def test_the_agency_list_splits_combined_leads_and_stays_inside_the_dialog(ctx):
    """Issue 11 item 16: the dropdown spilled out of its dialog and listed
    "Văn phòng Đảng ủy; Phòng Văn hóa – Xã hội" as one agency."""
    leads = distinct_leads(ctx.store.load_plan(ctx.plan_id))
    assert "Phòng Văn hóa – Xã hội" in leads and not any(";" in lead for lead in leads)
    app = Host(ctx)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#lead", Select).focus()
        await pilot.press("enter")  # open the list
        await settle(pilot)
        overlay = screen.query_one("#lead SelectOverlay")
        assert overlay.display and overlay.region.height > 2
        assert screen.query_one("#export-form").region.contains_region(overlay.region)


async def test_through_the_app_key_e(seed_db, make_app, tmp_path):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await run_export(pilot)
        assert shown_path(app).exists()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)


def test_screens_do_not_import_openpyxl():
    code = (
        "import sys\n"
        "import cdstui.tui.screens.export, cdstui.tui.screens.indicators, cdstui.tui.screens.overview\n"
        "import cdstui.tui.screens.help, cdstui.tui.screens.history, cdstui.tui.screens.settings\n"
        "print('openpyxl' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
