"""Nhập tệp (ctrl+o): a plan document or an agency's workbook imported from the app,
previewed first, written only as shown, the database unchanged when refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from textual.widgets import Checkbox, Input, Static

from cdstui.store import Store
from cdstui.tui.screens.import_file import ImportScreen, typed_path
from tests.tui.conftest import screen_text, settle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DONG_HAI = FIXTURES / "wards" / "dong-hai_45-KH-UBND_2026.txt"
SEED_004 = next((FIXTURES / "seeds").glob("004_*.txt"))


def status(app) -> str:
    return str(app.screen.query_one("#import-status", Static).render())


def snapshot(db: Path) -> list[str]:
    """Every table's content, as SQL."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


async def open_dialog(pilot, path: Path | str) -> None:
    await settle(pilot)
    await pilot.press("ctrl+o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ImportScreen)
    pilot.app.screen.query_one("#import-path", Input).value = f'"{path}"'  # pasted with quotes
    await pilot.press("enter")
    await settle(pilot)


def test_a_pasted_path_loses_its_quotes_and_spaces():
    assert typed_path('  "C:\\CDS\\Kế hoạch 2026.pdf" ') == Path("C:\\CDS\\Kế hoạch 2026.pdf")
    assert typed_path("  ") is None


async def test_another_wards_plan_is_previewed_then_imported_and_opened(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(pilot, DONG_HAI)
        shown = status(app)
        assert "Sẽ thêm thành kế hoạch mới" in shown and "chỉ tiêu" in shown
        with Store.open(seed_db) as store:
            assert len(store.list_plans()) == 1  # the preview wrote nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Đã nhập" in status(app) and "Đã thêm kế hoạch mới" in status(app)
        await pilot.press("escape")
        await settle(pilot)
        with Store.open(seed_db) as store:
            plans = store.list_plans()
        assert len(plans) == 2
        assert app.ctx.plan_id == plans[-1].id != plans[0].id
        assert "Kế hoạch 45/KH-UBND năm 2026" in screen_text(app)  # the plan now open


async def test_a_pdf_plan_imports_from_the_app(tmp_path, make_app):
    db = tmp_path / "empty.db"
    Store.open(db).close()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(pilot, FIXTURES / "pdf" / "000-wide.pdf")
        assert "nhiệm vụ" in status(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.ctx.plan_id is not None
    with Store.open(db) as store:
        assert len(store.load_plan(store.plan_ids()[0]).tasks()) > 30


async def test_a_bad_file_is_refused_with_its_name_and_nothing_is_written(seed_db, tmp_path, make_app):
    bad = tmp_path / "hỏng.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    before = snapshot(seed_db)
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(pilot, bad)
        assert "Không nhập được" in status(app) and "hỏng.docx" in status(app)
        await pilot.press("ctrl+s")  # nothing to import
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
    assert snapshot(seed_db) == before


async def test_another_plans_document_into_the_open_plan_is_refused_unless_replace(seed_db, make_app):
    before = snapshot(seed_db)
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#import-into", Checkbox).value = True
        screen.query_one("#import-path", Input).value = str(SEED_004)
        await pilot.press("enter")
        await settle(pilot)
        assert "Không nhập được" in status(app) and "dòng khớp" in status(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert snapshot(seed_db) == before
        screen.query_one("#import-replace", Checkbox).value = True
        await pilot.press("enter")  # the path field still has the focus
        await settle(pilot)
        assert "Sẽ giữ nguyên" in status(app) and "gỡ" in status(app)


async def test_a_write_elsewhere_after_the_preview_is_shown_before_anything_is_written(seed_db, make_app):
    """Previewed as a new plan; meanwhile another program imports the same document:
    «Nhập» shows the new picture (an update of that plan) and adds no second plan."""
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(pilot, DONG_HAI)
        assert "Sẽ thêm thành kế hoạch mới" in status(app)
        from cdstui.workspace import import_document

        with Store.open(seed_db) as other:
            import_document(other, DONG_HAI)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Sẽ thêm thành kế hoạch mới" not in status(app)
        assert "Sẽ giữ nguyên" in status(app)
    with Store.open(seed_db) as store:
        assert len(store.list_plans()) == 2


async def test_an_agency_workbook_goes_back_into_its_plan(seed_db, tmp_path, make_app):
    from cdstui.report.export import export_report

    with Store.open(seed_db) as store:
        exported = export_report(store, store.plan_ids()[0], "2026-Q3", output=tmp_path / "bc.xlsx").path
    copy = tmp_path / "gửi lại.xlsx"
    shutil.copyfile(exported, copy)
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dialog(pilot, copy)
        assert "Báo cáo do cdstui xuất" in status(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Đã nhập" in status(app)
    with Store.open(seed_db) as store:
        assert len(store.list_plans()) == 1
