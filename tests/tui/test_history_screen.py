"""The history screen: every change of one task, newest first, in Vietnamese."""

from __future__ import annotations

import re

from rich.text import Text
from textual.widgets import DataTable

from cdstui.domain.labels import row_number
from cdstui.store.undo import undo_last
from cdstui.tui.screens.history import HistoryScreen, field_label, value_text

from .conftest import Host as ScreenHost, move_to, settle


def Host(ctx, row_id: int):
    return ScreenHost(lambda: HistoryScreen(ctx, row_id))


def task(ctx, tt: str):
    plan = ctx.store.load_plan(ctx.plan_id)
    return next(r for r in plan.tasks() if row_number(r.path, r.code) == tt)


def rows(app) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    out = []
    for i in range(table.row_count):
        cells = table.get_row_at(i)
        assert all(isinstance(c, Text) for c in cells)
        out.append([c.plain for c in cells])
    return out


async def test_changes_newest_first_with_vietnamese_labels(ctx):
    t = task(ctx, "II.2")
    ctx.store.update_row(t.id, {"status": "in_progress", "completion": "50%"})
    ctx.store.update_row(t.id, {"result": "Kế hoạch số 1407/KH-UBND ngày 30/9/2025\nHọp [lần 2] ngày 3/10"})
    ctx.store.update_row(t.id, {"status": "done", "note": "Đã xong"})
    ctx.store.update_row(t.id, {"title": t.title + " (sửa)"})
    undo_last(ctx.store, ctx.plan_id)  # takes the title back
    app = Host(ctx, t.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        title = str(app.screen.query_one("#history-title").content)
        assert title.startswith("Lịch sử thay đổi — II.2 ")
        assert t.title in title and "7 thay đổi" in title
        got = rows(app)
        clipped = t.title[:29]
        assert [r[1] for r in got] == [
            "Tên nhiệm vụ",
            "Tên nhiệm vụ",
            "Ghi chú",
            "Tình trạng",
            "Kết quả thực hiện",
            "Mức độ hoàn thành",
            "Tình trạng",
        ]
        assert [r[5] for r in got] == ["Hoàn tác"] + ["Ứng dụng"] * 6
        assert got[0][2].startswith(clipped) and got[0][4].startswith(clipped)
        assert [(r[2], r[4]) for r in got[2:4]] == [("(trống)", "Đã xong"), ("Đang triển khai", "Hoàn thành")]
        assert got[4][2] == "(trống)" and got[4][4].startswith("Kế hoạch số 1407/KH-UBND")
        assert [(r[2], r[4]) for r in got[5:]] == [("(trống)", "50%"), ("Chưa triển khai", "Đang triển khai")]
        assert all(re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", r[0]) for r in got)  # dd/mm/yyyy hh:mm
        # the full multi-line result of the highlighted change is shown below the table
        await pilot.press("down", "down", "down", "down")
        assert app.screen.query_one(DataTable).cursor_row == 4
        detail = str(app.screen.query_one("#history-detail").content)
        assert "Mới: Kế hoạch số 1407/KH-UBND ngày 30/9/2025\nHọp [lần 2] ngày 3/10" in detail
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HistoryScreen)


async def test_a_task_without_changes(ctx):
    t = task(ctx, "I.1")
    app = Host(ctx, t.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "chưa có thay đổi nào" in str(app.screen.query_one("#history-title").content)
        assert app.screen.query_one(DataTable).row_count == 0


async def test_indicator_fields_are_named_for_indicators(ctx):
    plan = ctx.store.load_plan(ctx.plan_id)
    ind = next(r for r in plan.indicators() if "hài lòng" in r.title)
    ctx.store.update_row(ind.id, {"actual": "96%", "verdict": True})
    app = Host(ctx, ind.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        got = {(r[1], r[2], r[4]) for r in rows(app)}
        assert got == {("Kết quả thực hiện", "(trống)", "96%"), ("Đánh giá", "Tự động theo chỉ tiêu", "Đạt")}


def test_labels():
    assert field_label("status") == "Tình trạng"
    assert field_label("completion") == "Mức độ hoàn thành"
    assert field_label("title") == "Tên nhiệm vụ"
    assert field_label("title", "indicator") == "Nội dung chỉ tiêu"
    assert value_text("status", "not_assigned") == "Không giao"
    assert value_text("verdict", "0") == "Chưa đạt"
    assert value_text("note", None) == "(trống)"


async def test_through_the_app_key_h(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        move_to(app, "II.2")
        app.screen.action_cycle_status()  # one change, as "s" makes it
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.row_id == task(app.ctx, "II.2").id
        assert [(r[1], r[2], r[4], r[5]) for r in rows(app)] == [
            ("Tình trạng", "Chưa triển khai", "Đang triển khai", "Ứng dụng")
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HistoryScreen)
