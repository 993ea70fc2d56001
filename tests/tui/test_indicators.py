"""The indicators screen: every indicator of seed 000, typing achieved values and verdicts."""

from __future__ import annotations

import unicodedata

from rich.text import Text
from textual.widgets import DataTable, Input, Select

from cdstui.tui.context import AppContext
from cdstui.tui.screens.indicators import IndicatorsScreen
from cdstui.tui.widgets.indicator_form import IndicatorForm

from .conftest import Host as ScreenHost, settle, type_into

SATISFACTION = "Tỷ lệ người dân, doanh nghiệp hài lòng về giải quyết TTHC đạt 95%."
QUALITATIVE = "Hệ thống thông tin đảm bảo được phê duyệt cấp độ an toàn thông tin."


def Host(ctx):
    return ScreenHost(lambda: IndicatorsScreen(ctx))


def indicator_id(ctx: AppContext, title: str) -> int:
    plan = ctx.store.load_plan(ctx.plan_id)
    matches = [r.id for r in plan.indicators() if r.title == title]
    assert len(matches) == 1, title
    return matches[0]


async def move_to(pilot, key: str) -> None:
    """Put the table's cursor on the row ``key``."""
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(key), animate=False)
    await pilot.pause()
    assert pilot.app.screen.selected_indicator() is None or str(pilot.app.screen.selected_indicator().id) == key


async def open_form(pilot, row_id: int) -> IndicatorForm:
    """The form of indicator ``row_id``, opened with Enter on its row."""
    await settle(pilot)
    await move_to(pilot, str(row_id))
    await pilot.press("enter")
    form = pilot.app.screen
    assert isinstance(form, IndicatorForm)
    return form


def cell(app, key: str, column: str) -> Text:
    value = app.screen.query_one(DataTable).get_cell(key, column)
    assert isinstance(value, Text)
    return value


async def test_shows_every_indicator_of_seed_000_in_its_groups(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IndicatorsScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 17 + 3
        kinds = [screen.rows[k.value].kind for k in table.rows]
        assert kinds.count("indicator") == 17
        headers = [table.get_row_at(i) for i, k in enumerate(kinds) if k == "group"]
        assert [h[0].plain for h in headers] == ["2.1", "2.2", "2.3"]
        assert headers[0][1].plain == "Về phát triển Chính quyền số"
        # every cell is a rich Text, never a plain string (markup would be parsed)
        for i in range(table.row_count):
            assert all(isinstance(c, Text) for c in table.get_row_at(i))
        key = str(indicator_id(ctx, SATISFACTION))
        assert cell(app, key, "target").plain == "95%"
        assert cell(app, key, "unit").plain == "%"
        assert cell(app, key, "met").plain == "Chưa đánh giá"
        summary = screen.query_one("#indicators-summary").render()
        assert "17 chỉ tiêu, trong đó: 00 đạt và vượt; 00 chưa đạt; 17 chưa đánh giá" in str(summary)


async def test_typing_the_achieved_value_is_saved_and_evaluated(ctx):
    row_id = indicator_id(ctx, SATISFACTION)
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, row_id)
        assert isinstance(app.screen, IndicatorForm)
        assert app.focused is app.screen.query_one("#actual", Input)
        type_into(app.focused, "96%")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorsScreen)
        row = ctx.store.get_row(row_id)
        assert row.actual == "96%"
        assert row.verdict is None
        assert cell(app, str(row_id), "actual").plain == "96%"
        assert cell(app, str(row_id), "met").plain == "Đạt"
        assert "01 đạt và vượt; 00 chưa đạt" in str(app.screen.query_one("#indicators-summary").render())
        # the cursor stays on the edited row
        assert app.screen.selected_indicator().id == row_id
        assert [(h["field"], h["old"], h["new"], h["origin"]) for h in ctx.store.history(row_id)] == [
            ("actual", None, "96%", "app")
        ]
        assert [(m.plan_id, m.row_id) for m in app.messages] == [(ctx.plan_id, row_id)]

        # below the target, with ctrl+s this time: "Chưa đạt"
        await pilot.press("enter")
        await pilot.pause()
        actual = app.screen.query_one("#actual", Input)
        assert actual.selection.start == 0 and actual.selection.end == len("96%")  # selected on focus
        actual.clear()
        type_into(actual, "94,5%")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ctx.store.get_row(row_id).actual == "94,5%"
        assert cell(app, str(row_id), "met").plain == "Chưa đạt"


async def test_qualitative_indicator_takes_the_officers_verdict(ctx):
    row_id = indicator_id(ctx, QUALITATIVE)
    assert ctx.store.get_row(row_id).target == ""
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await move_to(pilot, str(row_id))
        assert cell(app, str(row_id), "met").plain == "Chưa đánh giá"
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        await pilot.press("tab", "tab")  # past the value's date, to the verdict choice
        assert app.focused is form.query_one("#verdict", Select)
        await pilot.press("enter", "down", "enter")  # open, "Đạt", choose
        assert form.query_one("#verdict", Select).value == "met"
        type_into(form.query_one("#note", Input), "Đã phê duyệt cấp độ 2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = ctx.store.get_row(row_id)
        assert row.verdict is True
        assert row.note == "Đã phê duyệt cấp độ 2"
        assert cell(app, str(row_id), "met").plain.startswith("Đạt")

        # back to automatic: the verdict is cleared, nothing can tell: undecided
        await pilot.press("enter")
        app.screen.query_one("#verdict", Select).value = "auto"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ctx.store.get_row(row_id).verdict is None
        assert cell(app, str(row_id), "met").plain == "Chưa đánh giá"
        fields = [h["field"] for h in ctx.store.history(row_id)]
        assert fields.count("verdict") == 2 and fields.count("note") == 1


async def test_officer_verdict_overrides_the_target(ctx):
    row_id = indicator_id(ctx, SATISFACTION)
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, row_id)
        type_into(app.focused, "96%")
        app.screen.query_one("#verdict", Select).value = "not_met"
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = ctx.store.get_row(row_id)
        assert (row.actual, row.verdict) == ("96%", False)
        assert cell(app, str(row_id), "met").plain.startswith("Chưa đạt")


async def test_escape_saves_a_valid_value_and_closes_the_form(ctx):
    row_id = indicator_id(ctx, SATISFACTION)
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, row_id)
        type_into(app.focused, "99,5 %")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorsScreen)
        assert ctx.store.get_row(row_id).actual == "99,5%"
        assert [m.row_id for m in app.messages] == [row_id]
        await pilot.press("escape")  # leaves the screen
        await pilot.pause()
        assert not isinstance(app.screen, IndicatorsScreen)


async def test_a_value_that_is_not_a_percentage_keeps_the_form_open(ctx):
    """Issue 11 item 12: "abc" was accepted for a % indicator."""
    row_id = indicator_id(ctx, SATISFACTION)
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, row_id)
        type_into(app.focused, "abc")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        assert "nhập một số phần trăm" in str(form.query_one("#actual-error").content)
    assert ctx.store.get_row(row_id).actual is None and ctx.store.history(row_id) == []


async def test_above_100_percent_is_saved_with_a_warning_not_a_silent_met(ctx):
    """Issue 11 item 12: 120% of a 100% proportion gave "Đạt" without a word."""
    plan = ctx.store.load_plan(ctx.plan_id)
    row_id = next(r.id for r in plan.indicators() if r.target == "100%")
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, row_id)
        type_into(app.focused, "120%")
        await pilot.pause()
        assert "120% vượt 100%" in str(form.query_one("#indicator-preview").content)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorsScreen)
        # and the list keeps saying it
        assert cell(app, str(row_id), "met").plain == "Đạt ⚠"
        assert "Lưu ý: 120% vượt 100%" in str(app.screen.query_one("#indicators-detail").render())
    assert ctx.store.get_row(row_id).actual == "120%"


async def test_enter_on_a_group_row_opens_nothing(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await move_to(pilot, pilot.app.screen.query_one(DataTable).coordinate_to_cell_key((0, 0)).row_key.value)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorsScreen)


async def test_decomposed_text_is_stored_nfc(ctx):
    row_id = indicator_id(ctx, QUALITATIVE)
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, row_id)
        form = app.screen
        form.query_one("#actual", Input).value = unicodedata.normalize("NFD", "Đạt cấp độ 2")
        form.query_one("#note", Input).value = unicodedata.normalize("NFD", "Đã kiểm tra [xong]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        row = ctx.store.get_row(row_id)
        assert row.actual == "Đạt cấp độ 2" and unicodedata.is_normalized("NFC", row.actual)
        assert row.note == "Đã kiểm tra [xong]"
        assert cell(app, str(row_id), "note").plain.startswith("Đã kiểm tra [")
        # the brackets are text, not markup: the full note is in the detail pane
        assert "Ghi chú: Đã kiểm tra [xong]" in str(app.screen.query_one("#indicators-detail").render())


async def test_through_the_app_key_i(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorsScreen)
        screen = app.screen
        row_id = indicator_id(app.ctx, SATISFACTION)
        await move_to(pilot, str(row_id))
        await pilot.press("enter")
        await pilot.pause()
        type_into(app.focused, "100%")
        await pilot.press("enter")
        await settle(pilot)
        assert app.ctx.store.get_row(row_id).actual == "100%"
        assert cell(app, str(row_id), "met").plain == "Đạt"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen


def test_snapshot(ctx, snap_compare):
    # two values typed beforehand: one met, one not met
    ctx.store.update_row(indicator_id(ctx, SATISFACTION), {"actual": "96%", "note": "Khảo sát [quý III]"})
    plan = ctx.store.load_plan(ctx.plan_id)
    invoice = next(r for r in plan.indicators() if r.title.startswith("Tỷ lệ doanh nghiệp sử dụng hóa đơn"))
    ctx.store.update_row(invoice.id, {"actual": "92%"})
    ctx.store.update_row(indicator_id(ctx, QUALITATIVE), {"verdict": True})
    assert snap_compare(Host(ctx), terminal_size=(120, 40))


async def test_small_terminal_drops_the_note_column_and_keeps_it_in_the_detail(ctx):
    row_id = indicator_id(ctx, SATISFACTION)
    ctx.store.update_row(row_id, {"note": "Theo khảo sát quý III"})
    app = Host(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert [c.key.value for c in table.ordered_columns] == ["tt", "name", "unit", "target", "actual", "met"]
        total = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert total <= 80 - 2  # no sideways scrolling at 80 columns
        await move_to(pilot, str(row_id))
        assert "Ghi chú: Theo khảo sát quý III" in str(app.screen.query_one("#indicators-detail").content)
        await pilot.press("enter")
        await pilot.pause()
        type_into(app.focused, "97%")
        await pilot.press("enter")
        await settle(pilot)
        assert ctx.store.get_row(row_id).actual == "97%"
        assert cell(app, str(row_id), "met").plain == "Đạt"
