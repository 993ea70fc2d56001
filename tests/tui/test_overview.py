"""The overview: counts by section, category and status; overdue and due-soon tasks; indicators."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rich.text import Text
from textual.widgets import DataTable

from cdstui.tui.screens.overview import OverviewScreen

from .conftest import Host as ScreenHost, settle


def Host(ctx):
    return ScreenHost(lambda: OverviewScreen(ctx))


def table_rows(app, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    rows = []
    for i in range(table.row_count):
        cells = table.get_row_at(i)
        assert all(isinstance(c, Text) for c in cells)
        rows.append([c.plain for c in cells])
    return rows


def heading(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def task_by_tt(ctx, tt: str):
    from cdstui.domain.labels import row_number

    plan = ctx.store.load_plan(ctx.plan_id)
    return next(r for r in plan.tasks() if row_number(r.path, r.code) == tt)


async def test_counts_by_section_and_category_of_seed_000(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sections = table_rows(app, "#overview-sections")
        # section, total, done, in progress, not started, not assigned, overdue
        assert [(r[0].split(".")[0], r[1], r[5]) for r in sections[:-1]] == [
            ("I", "0", "1"),  # I.1 is not assigned to the ward: apart from the total
            ("II", "7", "0"),
            ("III", "13", "0"),
            ("V", "2", "0"),
            ("VI", "1", "0"),
            ("VII", "6", "0"),
            ("VIII", "8", "0"),
            ("IX", "4", "0"),
        ]
        assert sections[0][0] == "I. Nhiệm vụ đột phá"
        total = sections[-1]
        assert total[:6] == ["Cộng", "41", "0", "0", "41", "1"]
        categories = table_rows(app, "#overview-categories")
        assert [r[:2] for r in categories] == [
            ["Nhiệm vụ đột phá", "0"],
            ["Nhiệm vụ trọng tâm", "7"],
            ["Nhiệm vụ thường xuyên", "13"],  # III only: the plan names no kind for V…IX
            ["Cộng", "41"],
        ]
        # overdue per section adds up to the total and to the list below
        overdue_total = int(total[6])
        assert overdue_total == sum(int(r[6]) for r in sections[:-1]) > 0
        overdue = table_rows(app, "#overview-overdue")
        assert len(overdue) == overdue_total
        assert f"Nhiệm vụ quá hạn ({overdue_total})" in heading(app, "#overview-overdue-heading")
        tts = [r[0] for r in overdue]
        assert "II.2" in tts and "I.1" not in tts  # not assigned is never overdue
        ii2 = overdue[tts.index("II.2")]
        assert ii2[2] == "28/02/2026" and ii2[3] == "270 ngày" and ii2[4] == "Phòng Văn hóa – Xã hội"
        # oldest first
        days = [int(r[3].split()[0]) for r in overdue]
        assert days == sorted(days, reverse=True)


async def test_progress_changes_the_counts(ctx):
    ii2 = task_by_tt(ctx, "II.2")
    ctx.store.update_row(ii2.id, {"status": "done", "completion": "100%"})
    other = task_by_tt(ctx, "II.1")
    ctx.store.update_row(other.id, {"status": "in_progress"})
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sections = table_rows(app, "#overview-sections")
        ii = sections[1]
        assert ii[:6] == ["II. Nhiệm vụ trọng tâm", "7", "1", "1", "5", "0"]
        assert "II.2" not in [r[0] for r in table_rows(app, "#overview-overdue")]
        assert "II.1" in [r[0] for r in table_rows(app, "#overview-overdue")]  # in progress, still late


async def test_due_within_30_days(ctx):
    ctx_soon = replace(ctx, today=date(2026, 3, 10))
    app = Host(ctx_soon)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        soon = table_rows(app, "#overview-soon")
        assert soon and all(r[3].endswith("ngày") for r in soon)
        assert all("/2026" in r[2] for r in soon)
        # every listed date is within 30 days of 10/3/2026
        for r in soon:
            d, m, y = map(int, r[2].split("/"))
            assert 0 <= (date(y, m, d) - date(2026, 3, 10)).days <= 30
        assert f"({len(soon)})" in heading(app, "#overview-soon-heading")


async def test_indicators_met_and_not_met(ctx):
    plan = ctx.store.load_plan(ctx.plan_id)
    ind = plan.indicators()
    satisfaction = next(r for r in ind if "hài lòng" in r.title)
    invoice = next(r for r in ind if "hóa đơn điện tử" in r.title)
    ctx.store.update_row(satisfaction.id, {"actual": "96%"})
    ctx.store.update_row(invoice.id, {"actual": "90%"})
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "17 chỉ tiêu, trong đó: 01 đạt và vượt; 01 chưa đạt; 15 chưa đánh giá" in heading(
            app, "#overview-indicators-heading"
        )
        rows = table_rows(app, "#overview-indicators")
        assert [(r[0], r[2], r[3]) for r in rows] == [("Chưa đạt", "100%", "90%"), ("Đạt", "95%", "96%")]


async def test_resume_reloads_and_escape_leaves(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        from textual.screen import Screen

        # something else changes the plan while another screen is on top
        app.push_screen(Screen())
        await pilot.pause()
        ctx.store.update_row(task_by_tt(ctx, "II.2").id, {"status": "done"})
        app.pop_screen()
        await settle(pilot)
        assert "II.2" not in [r[0] for r in table_rows(app, "#overview-overdue")]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_through_the_app_key_o(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert table_rows(app, "#overview-sections")[-1][1] == "41"  # "Không giao" apart


def test_snapshot(ctx, snap_compare):
    ctx.store.update_row(task_by_tt(ctx, "II.2").id, {"status": "done", "completion": "100%"})
    ctx.store.update_row(task_by_tt(ctx, "II.1").id, {"status": "in_progress"})
    plan = ctx.store.load_plan(ctx.plan_id)
    ctx.store.update_row(next(r for r in plan.indicators() if "hài lòng" in r.title).id, {"actual": "96%"})
    assert snap_compare(Host(ctx), terminal_size=(120, 40))


async def test_small_terminal_uses_short_headers_with_a_legend(ctx):
    app = Host(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#overview-sections", DataTable)
        assert [c.label.plain for c in table.ordered_columns] == ["Mục", "Tổng", "HT", "ĐTK", "CTK", "KG", "Quá hạn"]
        assert sum(c.get_render_width(table) for c in table.ordered_columns) <= 80 - 4
        legend = app.screen.query_one("#overview-legend")
        assert legend.display and "ĐTK đang triển khai" in str(legend.content)
        assert table_rows(app, "#overview-sections")[-1][:2] == ["Cộng", "41"]


async def test_enter_on_an_overdue_task_opens_it(seed_db, make_app):
    """Issue 11 item 16: Enter on the overview's overdue list did nothing."""
    from cdstui.tui.screens.editor import EditorScreen

    from tests.tui.conftest import find_task

    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row_id = find_task(app, "II.2").row_id
        await pilot.press("o")
        await settle(pilot)
        overdue = app.screen.query_one("#overview-overdue", DataTable)
        overdue.focus()
        overdue.move_cursor(row=overdue.get_row_index(str(row_id)), animate=False)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.screen.row_id == row_id
        assert app.screen.code == "II.2"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
