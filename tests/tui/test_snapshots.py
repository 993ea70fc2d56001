"""Snapshots of the plan screen and the task editor (today fixed, cursor blink off).

Regenerate after a deliberate change of look:
``python -m pytest tests/tui/test_snapshots.py --snapshot-update``, then look at
the SVGs (report: ``snapshot_report.html``) before committing them.
"""

from __future__ import annotations

from textual.widgets import Input, TextArea

from tests.tui.conftest import move_to, settle, type_into


async def _ready(pilot) -> None:
    await settle(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(TextArea):
        widget.cursor_blink = False
    await pilot.pause()


async def _editor_of(pilot, code: str) -> None:
    await _ready(pilot)
    move_to(pilot.app, code)
    await pilot.press("enter")
    await _ready(pilot)


def test_plan_screen(snap_compare, seed_db, make_app):
    app = make_app(seed_db)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_ready)


def test_plan_screen_small_terminal(snap_compare, seed_db, make_app):
    app = make_app(seed_db)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        move_to(pilot.app, "III.4.2.1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_plan_screen_100_columns(snap_compare, seed_db, make_app):
    """Chủ trì stays at 100×30 (issue 11 item 15); the title gives way first."""
    app = make_app(seed_db)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        move_to(pilot.app, "II.1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_plan_screen_searching(snap_compare, seed_db, make_app):
    app = make_app(seed_db)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("slash")
        type_into(pilot.app.screen.query_one("#search", Input), "ha tang so")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_plan_screen_folded(snap_compare, seed_db, make_app):
    app = make_app(seed_db)

    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("minus")

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_editor(snap_compare, seed_db, make_app):
    app = make_app(seed_db)

    async def run_before(pilot) -> None:
        await _editor_of(pilot, "III.4.2.2")

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_editor_refusing_a_completion(snap_compare, seed_db, make_app):
    app = make_app(seed_db)

    async def run_before(pilot) -> None:
        await _editor_of(pilot, "II.1")
        pilot.app.screen.query_one("#completion", Input).focus()
        await pilot.press("1", "2", "0")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_editor_plan_fields_editable(snap_compare, seed_db, make_app):
    app = make_app(seed_db)

    async def run_before(pilot) -> None:
        await _editor_of(pilot, "II.1")
        await pilot.press("ctrl+e")
        await _ready(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_plan_screen_light_theme(snap_compare, seed_db, make_app):
    app = make_app(seed_db)

    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"
        await _ready(pilot)
        move_to(pilot.app, "II.1")
        await pilot.press("s")
        await _ready(pilot)
        # the toast would cover the list; the saved status is what we look at
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
