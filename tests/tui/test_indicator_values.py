"""Dated indicator values through the form: a value carries its day, the form
lists the earlier ones, a report reads the value as of its period's end."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input

from cdstui.store.entries import list_entries, plan_values
from cdstui.store.undo import undo_last
from cdstui.tui.screens.indicators import IndicatorsScreen
from cdstui.tui.widgets.indicator_form import IndicatorForm

from .conftest import record_notifications, settle, type_into
from .test_indicators import SATISFACTION, Host, indicator_id, open_form


async def enter_value(pilot, row_id: int, value: str, day: str | None = None) -> IndicatorForm:
    form = await open_form(pilot, row_id)
    actual = form.query_one("#actual", Input)
    actual.clear()
    type_into(actual, value)
    if day is not None:
        form.query_one("#actual-date", Input).value = day
    await pilot.press("ctrl+s")
    await settle(pilot)
    return form


async def test_values_are_dated_and_the_form_lists_the_earlier_ones(ctx):
    row_id = indicator_id(ctx, SATISFACTION)
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await enter_value(pilot, row_id, "90%", "30/09/2026")
        assert isinstance(app.screen, IndicatorsScreen)
        form = await open_form(pilot, row_id)
        assert form.query_one("#actual-date", Input).value == "25/11/2026"  # today by default
        assert "30/09/2026: 90%" in str(form.query_one("#actual-values").render())
        form.query_one("#actual", Input).clear()
        type_into(form.query_one("#actual", Input), "96%")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [(e.date, e.value) for e in list_entries(ctx.store, row_id)] == [
        (date(2026, 9, 30), "90%"),
        (date(2026, 11, 25), "96%"),
    ]
    assert ctx.store.get_row(row_id).actual == "96%"
    # a Quý III report reads the value as of 30/09
    assert plan_values(ctx.store, ctx.plan_id, date(2026, 9, 30))[row_id] == "90%"


async def test_a_value_dated_before_the_latest_is_kept_without_replacing_it(ctx):
    row_id = indicator_id(ctx, SATISFACTION)
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await enter_value(pilot, row_id, "96%")
        notified = record_notifications(app)
        await enter_value(pilot, row_id, "88%", "2026-06-30")
        assert isinstance(app.screen, IndicatorsScreen)
        assert any("số liệu mới nhất vẫn là 96%" in m for m in notified)
    assert [(e.date, e.value) for e in list_entries(ctx.store, row_id)] == [
        (date(2026, 6, 30), "88%"),
        (date(2026, 11, 25), "96%"),
    ]
    assert ctx.store.get_row(row_id).actual == "96%"
    assert plan_values(ctx.store, ctx.plan_id, date(2026, 6, 30))[row_id] == "88%"
    undo_last(ctx.store, ctx.plan_id)  # one step: the back-dated value goes, the latest stays
    assert [(e.date, e.value) for e in list_entries(ctx.store, row_id)] == [(date(2026, 11, 25), "96%")]


async def test_a_bad_day_keeps_the_form_open_with_its_message(ctx):
    row_id = indicator_id(ctx, SATISFACTION)
    app = Host(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await enter_value(pilot, row_id, "96%", "31/02/2026")
        assert app.screen is form
        assert "Ngày của số liệu không hợp lệ" in str(form.query_one("#actual-error").render())
    assert list_entries(ctx.store, row_id) == [] and ctx.store.get_row(row_id).actual is None
