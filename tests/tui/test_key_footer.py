"""The bottom line of keys and the title line, on the plan screen."""

from __future__ import annotations

from cdstui.tui.widgets.key_footer import KeyFooter
from cdstui.tui.widgets.search_bar import SearchBar
from cdstui.tui.widgets.title_bar import TitleBar

from tests.tui.conftest import settle


def _footer_text(app) -> str:
    return app.screen.query_one(KeyFooter).render().plain


async def test_footer_shows_the_keys_of_the_plan_screen(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = _footer_text(app)
        for shown in ("⏎ Mở", "/ Tìm", "f Lọc", "s Đổi tình trạng", "? Trợ giúp", "q Thoát"):
            assert shown in text
        assert "Lịch sử" not in text  # bindings with show=False stay out
        assert text.rstrip().endswith("^p Lệnh")  # the palette key, on the right
        assert len(text) == 120


async def test_footer_follows_the_focus(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen.focused, SearchBar)
        text = _footer_text(app)
        assert "Xóa tìm kiếm" in text
        assert "Đổi tình trạng" not in text  # the list's keys are quiet while typing
        await pilot.press("escape")
        await pilot.pause()
        assert "Đổi tình trạng" in _footer_text(app)


async def test_a_small_terminal_keeps_help_and_quit_in_the_footer(seed_db, make_app):
    """Issue 11 item 15: at 80×24 the footer lost ? and q."""
    app = make_app(seed_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = _footer_text(app)
        assert len(text) == 80 and text.rstrip().endswith("^p Lệnh")
        assert "? Trợ giúp" in text and "q Thoát" in text  # never left out
        assert "Xuất báo cáo" not in text  # the others go, from the right, whole (not cut in the middle)
        assert "⏎ Mở" in text and "/ Tìm" in text


async def test_textual_s_own_keys_are_named_in_vietnamese(seed_db, make_app):
    """An open dropdown's Esc said "Dismiss menu"."""
    from cdstui.tui.screens.editor import EditorScreen

    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")  # I.1's editor; the status list has the focus
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("enter")  # opens the list
        await settle(pilot)
        text = _footer_text(app)
        assert "esc Đóng danh sách" in text and "Dismiss" not in text


async def test_clicking_a_key_presses_it(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = _footer_text(app)
        x = text.index("/ Tìm")
        await pilot.click(KeyFooter, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen.focused, SearchBar)


async def test_title_line_names_the_plan(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        title = app.screen.query_one(TitleBar).render().plain
        assert title.startswith("cdstui — Theo dõi kế hoạch chuyển đổi số")
        assert "Kế hoạch 32-KH/ĐU năm 2026" in title
