"""The help screen: every key of the app, in Vietnamese, grouped."""

from __future__ import annotations

import pytest

from cdstui.tui.screens.help import KEY_GROUPS, HelpScreen

from .conftest import Host as ScreenHost, screen_text, settle


def Host():
    return ScreenHost(lambda: HelpScreen(None))


def test_groups_in_order():
    # read in two columns, row by row: the task and its progress first, moving about last
    assert [g for g, _keys in KEY_GROUPS] == ["Nhiệm vụ", "Tiến độ", "Màn hình", "Tìm kiếm và lọc", "Di chuyển", "Chung"]


@pytest.mark.parametrize(
    "key, words",
    [
        ("↑ / ↓, j / k", "di chuyển"),
        ("Enter", "mở nhiệm vụ"),
        ("s", "đổi tình trạng"),
        ("/", "không dấu"),
        ("Esc", "xóa tìm kiếm / quay lại"),
        ("f", "lọc"),
        ("space / Enter trên mục", "thu gọn / mở"),
        ("- / +", "thu gọn / mở tất cả"),
        ("p", "đổi kế hoạch"),
        ("u hoặc ctrl+z", "hoàn tác"),
        ("h", "lịch sử"),
        ("i", "chỉ tiêu"),
        ("o", "tổng quan"),
        ("e", "xuất báo cáo"),
        (",", "cài đặt"),
        ("ctrl+s", "lưu"),
        ("ctrl+e", "sửa nội dung kế hoạch"),
        ("ctrl+p", "bảng lệnh"),
        ("? / F1", "trợ giúp"),
        ("q / ctrl+q", "thoát"),
    ],
)
def test_every_key_is_explained(key, words):
    entries = [(k, what) for _group, keys in KEY_GROUPS for k, what in keys]
    assert any(k == key and words in what for k, what in entries), (key, words)


async def test_screen_shows_every_group_and_the_windows_note():
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for group, keys in KEY_GROUPS:
            assert group in text
            for key, _what in keys:
                assert key in text
        note = str(app.screen.query_one("#help-note").content)
        assert "ctrl+enter" in note and "alt" in note and "Windows" in note
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_through_the_app_key_question_mark(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")  # the same key closes it
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def test_snapshot(snap_compare):
    assert snap_compare(Host(), terminal_size=(120, 40))
