"""The settings screen: edit the report settings, validated, saved atomically to TOML."""

from __future__ import annotations

import tomllib
import unicodedata

from textual.widgets import Input, TextArea

from cdstui.settings import Settings, load_settings, save_settings
from cdstui.tui.screens.settings import SettingsScreen

from .conftest import Host as ScreenHost, settle, type_into


def Host(ctx):
    return ScreenHost(lambda: SettingsScreen(ctx))


async def focus_and_type(pilot, field_id: str, text: str) -> None:
    """The field ``field_id`` emptied, then ``text`` typed into it."""
    widget = pilot.app.screen.query_one(f"#{field_id}", Input)
    widget.clear()
    type_into(widget, text)
    await pilot.pause()


def plan_settings(ctx):
    """The open plan's settings as the report works them out from the file."""
    return load_settings(ctx.settings_path).for_plan(ctx.store.load_plan(ctx.plan_id))


def error_of(app, field_id: str) -> str:
    widget = app.screen.query_one(f"#{field_id}-error")
    return str(widget.content) if widget.has_class("-shown") else ""


async def test_signer_name_is_saved_to_the_toml_file(ctx):
    assert not ctx.settings_path.exists()
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await focus_and_type(pilot, "signer_name", "Nguyễn Văn An")
        await focus_and_type(pilot, "half", "10/6")
        area = app.screen.query_one("#recipients", TextArea)
        area.text = "Sở Khoa học và Công nghệ (b/c);\n\n  Lưu: VT.  \n"
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = tomllib.loads(ctx.settings_path.read_text(encoding="utf-8"))
        # the report's words are the plan's own; the due days are the file's, for every plan
        own = data["plans"][str(ctx.plan_id)]
        assert own["signer_name"] == "Nguyễn Văn An"
        assert own["recipients"] == ["Sở Khoa học và Công nghệ (b/c);", "Lưu: VT."]
        assert data["schedule"]["half_day"] == 10 and data["schedule"]["half_month"] == 6
        loaded = plan_settings(ctx)
        assert loaded.ward == "Ba Ngòi" and loaded.backup_keep == 20 and loaded.signer_name == "Nguyễn Văn An"
        assert loaded.schedule.quarter_day == 15
        assert "Đã lưu cài đặt" in str(app.screen.query_one("#settings-status").content)
        assert len(app.messages) == 1
        # no temporary file left behind
        assert [p.name for p in ctx.settings_path.parent.iterdir()] == ["cdstui.toml"]


async def test_bad_backup_count_is_refused_with_a_message(ctx):
    save_settings(Settings(signer_name="Trần Thị B"), ctx.settings_path)
    before = ctx.settings_path.read_bytes()
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#signer_name", Input).value == "Trần Thị B"
        await focus_and_type(pilot, "signer_name", "Lê Văn C")
        for bad in ("abc", "0", "-3", "2,5"):
            await focus_and_type(pilot, "backup_keep", bad)
            app.screen.action_save()  # what ctrl+s runs (pressed below)
            assert error_of(app, "backup_keep") == "Số bản sao lưu phải là số nguyên dương (ví dụ 20).", bad
            assert ctx.settings_path.read_bytes() == before  # nothing written
            assert app.focused is app.screen.query_one("#backup_keep", Input)
        assert "Chưa lưu" in str(app.screen.query_one("#settings-status").content)
        await focus_and_type(pilot, "quarter_day", "32")
        await focus_and_type(pilot, "year", "20-11")
        await focus_and_type(pilot, "ward", "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(app, "quarter_day") == "Ngày phải là số nguyên từ 1 đến 31."
        assert error_of(app, "year") == "Nhập theo dạng ngày/tháng, ví dụ 25/5."
        assert error_of(app, "ward") == "Tên phường không được để trống."
        assert ctx.settings_path.read_bytes() == before
        # fixed: saved, messages gone
        await focus_and_type(pilot, "backup_keep", "30")
        await focus_and_type(pilot, "quarter_day", "10")
        await focus_and_type(pilot, "year", "20/11")
        await focus_and_type(pilot, "ward", "Ba Ngòi")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(app, "backup_keep") == "" and error_of(app, "ward") == ""
        saved = plan_settings(ctx)
        assert (saved.backup_keep, saved.schedule.quarter_day, saved.signer_name) == (30, 10, "Lê Văn C")


async def test_escape_saves_valid_changes_and_leaves(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await focus_and_type(pilot, "place", "Cam Ranh")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
    assert plan_settings(ctx).place.endswith("Cam Ranh")


async def test_escape_with_an_invalid_value_stays_with_the_message(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        half = screen.query_one("#half", Input)
        half.value = "31/2"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert "tháng 2 không có ngày 31" in str(screen.query_one("#half-error").content)
    assert not ctx.settings_path.exists()


async def test_escape_without_changes_leaves_at_once(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_typed_text_is_saved_nfc(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#signer_name", Input).value = unicodedata.normalize("NFD", "Phạm Thị Hồng")
        await pilot.press("ctrl+s")
        await settle(pilot)
        raw = ctx.settings_path.read_text(encoding="utf-8")
        assert "Phạm Thị Hồng" in raw and unicodedata.normalize("NFD", "Phạm Thị Hồng") not in raw


async def test_broken_settings_file_is_reported_and_defaults_shown(ctx):
    ctx.settings_path.parent.mkdir(parents=True, exist_ok=True)
    ctx.settings_path.write_text("ward = [", encoding="utf-8")
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#settings-status").content)
        assert "Không đọc được tệp cài đặt" in status and "cdstui.toml" in status
        assert app.screen.query_one("#ward", Input).value == "Ba Ngòi"


async def test_through_the_app_key_comma(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await focus_and_type(pilot, "signer_name", "Võ Văn D")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert plan_settings(app.ctx).signer_name == "Võ Văn D"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)


async def test_another_wards_plan_shows_and_keeps_its_own_report_words(seed_db, make_app):
    """Đông Hải's plan beside Ba Ngòi's: the settings show Đông Hải's issuer, not the
    first version's Ba Ngòi default, and what is saved for it leaves Ba Ngòi's alone."""
    from pathlib import Path

    from cdstui.store import Store
    from cdstui.workspace import import_document

    document = Path(__file__).resolve().parents[1] / "fixtures" / "wards" / "dong-hai_45-KH-UBND_2026.txt"
    with Store.open(seed_db) as store:
        dong_hai = import_document(store, document).outcome.plan_id
    app = make_app(seed_db)
    app.ctx.plan_id = dong_hai
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#ward", Input).value == "Đông Hải"
        assert "ĐÔNG HẢI" in screen.query_one("#issuer", Input).value.upper()
        await focus_and_type(pilot, "signer_name", "Lê Thị E")
        await pilot.press("escape")
        await settle(pilot)
    settings = load_settings(app.ctx.settings_path)
    with Store.open(seed_db) as store:
        ba_ngoi = store.plan_ids()[0]
        ours, theirs = settings.for_plan(store.load_plan(dong_hai)), settings.for_plan(store.load_plan(ba_ngoi))
    assert (ours.ward, ours.signer_name) == ("Đông Hải", "Lê Thị E")
    assert (theirs.ward, theirs.signer_name) == ("Ba Ngòi", "")
    # its report types are not frozen by the save: they still follow its rule and the due days
    assert settings.plans[dong_hai].report_types is None
