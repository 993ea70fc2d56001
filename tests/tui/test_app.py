"""The app as a whole: start-up, errors at start, the command palette, a big plan."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from textual.widgets import Input

from cdstui.tui.app import make_context, run_app
from cdstui.tui.screens.plan import PlanScreen
from cdstui.workspace import open_database

from tests.tui.conftest import plan_table, settle, type_into
from tests.tui.synthetic import make_synthetic_db


def test_start_up_does_not_import_openpyxl():
    code = "import cdstui.tui.app, sys; print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_start_up_leaves_what_the_first_paint_does_not_need(tmp_path):
    """Progress entries, indicator targets, report types, undo and the summary are
    imported when first used: the plan screen reads and draws a plan without them."""
    later = ["cdstui.domain.entries", "cdstui.store.entries", "cdstui.domain.targets",
             "cdstui.domain.report_types", "cdstui.store.undo", "cdstui.domain.summary"]
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from cdstui.tui.app import make_context\n"
        "from cdstui.tui.widgets.plan_rows import build_view_rows\n"
        "from cdstui.tui.screens.plan_words import changed_row_ids, status_facts\n"
        "ctx = make_context(sys.argv[1], date(2026, 11, 25))\n"
        "plan = ctx.store.load_plan(ctx.plan_id)\n"
        "rows = build_view_rows(plan, ctx.today, changed_row_ids(ctx.store, plan))\n"
        "assert status_facts(rows)\n"
        f"print([m for m in {later!r} if m in sys.modules])\n"
    )
    db = tmp_path / "plan.db"
    open_database(db).close()  # made beforehand: a new database's seeding writes entries
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_not_a_database_exits_1_with_a_message(tmp_path, capsys):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"This is not an SQLite file at all, just some text.\n" * 50)
    assert run_app(bogus) == 1
    err = capsys.readouterr().err
    assert "không phải là cơ sở dữ liệu cdstui" in err
    assert "Traceback" not in err


def test_bad_today_in_environment_exits_1(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CDSTUI_TODAY", "25/11/2026")
    assert run_app(tmp_path / "x.db") == 1
    assert "Ngày không hợp lệ" in capsys.readouterr().err


def test_today_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CDSTUI_TODAY", "2026-03-01")
    ctx = make_context(tmp_path / "x.db")
    try:
        assert ctx.today == date(2026, 3, 1)
        assert ctx.plan_id is not None
        assert ctx.settings_path == tmp_path / "cdstui.toml"
    finally:
        ctx.store.close()


def test_cli_without_command_runs_the_app_and_reports_errors(tmp_path):
    bogus = tmp_path / "bad.db"
    bogus.write_text("rác" * 400, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "cdstui", "--db", str(bogus)], capture_output=True, text=True, encoding="utf-8"
    )
    assert out.returncode == 1
    assert "cdstui" in out.stderr and "Traceback" not in out.stderr


async def test_command_palette_finds_an_action_without_diacritics_and_runs_it(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        type_into(app.screen.query_one(Input), "thu gon")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        table = plan_table(app)
        assert all(table.rows[i].kind == "section" for i in table.shown)


async def test_a_plan_of_5000_tasks_opens_and_searches(tmp_path, make_app):
    db = tmp_path / "big.db"
    make_synthetic_db(db, 5000)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        assert sum(vr.kind == "task" for vr in table.rows) == 5000
        await pilot.press("end")
        assert table.current.index == table.rows[-1].index
        await pilot.press("slash")
        type_into(app.screen.query_one("#search", Input), "phuong so 65")
        await pilot.press("enter")
        assert table.matches and "phường số 65" in table.current.row.title


def _palette_lines(app) -> list[str]:
    from textual.command import CommandList

    options = app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_the_palette_speaks_vietnamese_only(seed_db, make_app):
    """Issue 11 item 15: Textual's own commands (Theme, Keys, Screenshot, Quit) were in English."""
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette_input = app.screen.query_one(Input)
        assert palette_input.placeholder.startswith("Tìm lệnh")
        lines = "\n".join(_palette_lines(app))
        for english in ("Theme", "Keys", "Screenshot", "Quit", "Maximize", "Search"):
            assert english not in lines
        assert "Đổi giao diện màu" in lines and "Chụp màn hình" in lines and "Thoát (q)" in lines
        type_into(palette_input, "khong co lenh nay")
        await settle(pilot)
        assert _palette_lines(app) == ["Không có lệnh nào khớp «khong co lenh nay»"]  # not "No matches found"
        palette_input.clear()
        type_into(palette_input, "giao dien")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(Input).placeholder == "Tìm giao diện màu…"
        type_into(app.screen.query_one(Input), "textual-light")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "textual-light"


async def test_ctrl_c_outside_a_field_says_how_to_quit_in_vietnamese(seed_db, make_app):
    from tests.tui.conftest import record_notifications

    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running and notified and notified[-1].startswith("Nhấn ctrl+q")
