"""Fixtures for the terminal app: a real database with seed 000, the app, a settle helper."""

from __future__ import annotations

import asyncio
import inspect
from datetime import date
from pathlib import Path

import pytest

from textual.app import App

from cdstui.store import Store
from cdstui.tui.app import CdsApp, make_context
from cdstui.tui.context import AppContext

TODAY = date(2026, 11, 25)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin is installed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        funcargs = pyfuncitem.funcargs
        args = {name: funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


@pytest.fixture
def seed_db(tmp_path) -> Path:
    """A new database made the way the app makes one: the default plan (seed 000)."""
    from cdstui.workspace import open_database

    path = tmp_path / "x.db"
    store = open_database(path)
    store.close()
    return path


@pytest.fixture
def make_app():
    """Build the app on a database, with ``today`` fixed; closes the store afterwards."""
    opened = []

    def build(db_path: Path, today: date = TODAY) -> CdsApp:
        ctx = make_context(db_path, today)
        opened.append(ctx.store)
        return CdsApp(ctx)

    yield build
    for store in opened:
        store.close()


async def settle(pilot) -> None:
    """Wait until workers (plan loading) finish and the screen is refreshed."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def plan_table(app):
    from cdstui.tui.widgets.plan_table import PlanTable

    return app.screen.query_one(PlanTable)


def find_task(app, code: str):
    """The view row of the task whose full code is ``code`` (e.g. "II.1")."""
    table = plan_table(app)
    for vr in table.rows:
        if vr.code == code and vr.kind == "task":
            return vr
    raise AssertionError(f"no task {code}")


async def select_code(pilot, code: str) -> None:
    """Move the cursor to a task with the keyboard (home, then down until there)."""
    table = plan_table(pilot.app)
    await pilot.press("home")
    for _ in range(len(table.shown)):
        current = table.current
        if current is not None and current.code == code:
            return
        await pilot.press("down")
    raise AssertionError(f"task {code} not reached")


@pytest.fixture
def ctx(seed_db: Path, tmp_path: Path):
    """The app context on the seed database, for screens hosted by ``Host``."""
    store = Store.open(seed_db)
    context = AppContext(
        store=store,
        db_path=seed_db,
        plan_id=store.plan_ids()[0],
        today=TODAY,
        settings_path=tmp_path / "cfg" / "cdstui.toml",
    )
    yield context
    store.close()


class Host(App):
    """A bare app that shows one screen and keeps the DataChanged messages it receives."""

    def __init__(self, make_screen) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.messages: list = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())

    def on_data_changed(self, message) -> None:
        self.messages.append(message)
