"""Fixtures for the terminal app: a real database with seed 000, the app, and helpers
that set state up directly, so that a test presses only the keys it is about."""

from __future__ import annotations

import asyncio
import html
import inspect
import re
from datetime import date
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, TextArea

from cdstui.store import Store
from cdstui.tui.app import CdsApp, make_context
from cdstui.tui.context import AppContext

TODAY = date(2026, 11, 25)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin is installed)."""
    test = pyfuncitem.obj
    if inspect.iscoroutinefunction(test):
        funcargs = pyfuncitem.funcargs
        asyncio.run(test(**{name: funcargs[name] for name in inspect.signature(test).parameters}))
        return True
    return None


def record_notifications(app: App) -> list[str]:
    """The messages ``app`` shows the officer from now on (its ``notify`` wrapped)."""
    notified: list[str] = []
    notify = app.notify

    def recording_notify(message: str, **kwargs) -> None:
        notified.append(message)
        notify(message, **kwargs)

    app.notify = recording_notify
    return notified


@pytest.fixture(scope="session")
def _seed_template(tmp_path_factory) -> Path:
    """Seed 000 made once per worker the way the app makes a new database."""
    from cdstui.workspace import open_database

    path = tmp_path_factory.mktemp("seed") / "seed.db"
    open_database(path, daily_backup=False).close()
    return path


@pytest.fixture
def seed_db(tmp_path, _seed_template) -> Path:
    """A new database holding the default plan (seed 000), the test's own copy."""
    import shutil

    path = tmp_path / "x.db"
    shutil.copyfile(_seed_template, path)
    return path


SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


@pytest.fixture(scope="session")
def _two_plans_template(tmp_path_factory, _seed_template) -> Path:
    """Seed 000 and, beside it, seed 002: a plan of indicators without a task."""
    import shutil

    from cdstui.importers import read_document

    path = tmp_path_factory.mktemp("seed") / "two.db"
    shutil.copyfile(_seed_template, path)
    with Store.open(path) as store:
        store.import_plan(read_document(next(SEEDS.glob("002_*.txt"))))
    return path


@pytest.fixture
def two_plans_db(tmp_path, _two_plans_template) -> Path:
    """Plan 1: seed 000 (tasks and indicators); plan 2: seed 002 (indicators only)."""
    import shutil

    path = tmp_path / "two.db"
    shutil.copyfile(_two_plans_template, path)
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
    for vr in plan_table(app).rows:
        if vr.code == code and vr.kind == "task":
            return vr
    raise AssertionError(f"no task {code}")


def move_to(app, code: str) -> int:
    """Put the plan list's cursor on the task ``code``; its row id."""
    row_id = find_task(app, code).row_id
    assert plan_table(app).move_to_row_id(row_id)
    return row_id


async def open_editor(pilot, code: str = "II.1") -> int:
    """The task editor of ``code``, opened as Enter opens it; the task's row id."""
    from cdstui.tui.screens.editor import EditorScreen

    await settle(pilot)
    row_id = move_to(pilot.app, code)
    plan_table(pilot.app).action_activate()
    await settle(pilot)
    assert isinstance(pilot.app.screen, EditorScreen)
    return row_id


def type_into(widget: Input | TextArea, text: str) -> None:
    """``text`` inserted at the cursor, as typing it would (the field's Changed follows)."""
    widget.focus()
    if isinstance(widget, TextArea):
        widget.insert(text)
    else:
        widget.insert_text_at_cursor(text)


def screen_text(app) -> str:
    """What the terminal shows, from the app's screenshot (runs of text, in order)."""
    runs = re.findall(r"<text [^>]*>(.*?)</text>", app.export_screenshot())
    return "".join(html.unescape(run) for run in runs).replace("\xa0", " ")


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
