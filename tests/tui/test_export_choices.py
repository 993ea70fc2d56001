"""The export dialog's choices (issues 12, 13): format, report type, period, scope, and the
consistency warnings listed before export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import OptionList, Select

from cdstui.domain.labels import row_number
from cdstui.store.entries import add_entry
from cdstui.store.submissions import latest_submission
from cdstui.tui.screens.editor import EditorScreen
from cdstui.tui.screens.export import ExportScreen
from cdstui.tui.widgets.indicator_form import IndicatorForm

from .conftest import Host as ScreenHost, settle
from .test_export_screen import run_export, status


def Host(ctx):
    return ScreenHost(lambda: ExportScreen(ctx))


def shown_paths(app) -> list[Path]:
    lines = status(app).splitlines()
    assert lines[0] == "Đã xuất báo cáo:", lines
    return [Path(line) for line in lines[1:] if line.startswith("/")]


def row_of(ctx, number: str):
    plan = ctx.store.load_plan(ctx.plan_id)
    return next(r for r in plan.rows() if r.kind == "task" and row_number(r.path, r.code) == number)


def log_february_and_august(ctx) -> None:
    task = row_of(ctx, "II.2")
    add_entry(ctx.store, task.id, "Đã ban hành kế hoạch tháng hai", day=date(2026, 2, 20))
    add_entry(ctx.store, task.id, "Đã tổ chức hội nghị quý ba", day=date(2026, 8, 20))


def workbook_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)


async def choose(pilot, id: str, value: str) -> None:
    pilot.app.screen.query_one(f"#{id}", Select).value = value
    await pilot.pause()


async def test_the_report_types_of_the_plan_and_their_periods(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        kinds = screen.query_one("#report-type", Select)
        assert kinds.value == "Kế hoạch"  # the plan's own report first
        names = [t.name for t in screen.report_types]
        assert {"KHCN-CĐS", "DTI", "NQ57"} <= set(names)
        assert screen.query_one("#format", Select).value == "xlsx"
        await choose(pilot, "report-type", "KHCN-CĐS")
        assert [p.code for p in screen.periods] == ["2026-Q1", "2026-H1", "2026-9M", "2026"]
        # 25/11/2026: Q4 is not a KHCN-CĐS period; its next report due is the year's (15/01/2027)
        assert screen.query_one("#period", Select).value == "2026"
        assert screen.scope == "cumulative"
        await choose(pilot, "report-type", "NQ57")
        assert [p.code for p in screen.periods][:3] == ["2026-01", "2026-02", "2026-03"]
        assert screen.query_one("#period", Select).value == "2026-11"  # the month due on 10/12
        assert screen.scope == "in_period"


async def test_every_period_is_offered_the_types_own_first(ctx):
    """An ad-hoc request: 9 tháng or a month of the plan's own report, its due date not said."""
    app = Host(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        options = screen.period_options()
        codes = [code for _label, code in options]
        assert codes[:6] == ["2026-Q1", "2026-Q2", "2026-H1", "2026-Q3", "2026-Q4", "2026"]
        assert len(codes) == len(set(codes)) == 12 + 4 + 3
        assert codes.index("2026-9M") > codes.index("2026-09") > codes.index("2026")
        nine = dict((code, label) for label, code in options)["2026-9M"]
        assert nine.endswith("(ngoài lịch của loại này)") and "hạn" not in nine
        await choose(pilot, "period", "2026-9M")
        assert screen.period_code == "2026-9M" and screen.scope == "cumulative"
        await run_export(pilot)
        (path,) = shown_paths(app)
        assert path.exists() and "2026-9M" in path.name and "9 tháng" in workbook_text(path)
        await choose(pilot, "period", "2026-10")
        assert screen.scope == "in_period"


async def test_the_scope_follows_the_period_until_the_officer_chooses_it(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        scope = screen.query_one("#scope", Select)
        assert screen.period_code == "2026-Q4" and scope.value == "in_period"
        await choose(pilot, "period", "2026-H1")
        assert scope.value == "cumulative"  # 6 tháng: lũy kế
        await choose(pilot, "period", "2026-Q3")
        assert scope.value == "in_period"
        await choose(pilot, "scope", "cumulative")  # the officer's choice
        await choose(pilot, "period", "2026-Q2")
        assert scope.value == "cumulative"  # kept
        await choose(pilot, "period", "2026")
        assert scope.value == "cumulative"


async def test_a_cumulative_q3_word_and_excel_report(ctx, tmp_path):
    """Both formats, one period: the workbook and the document read back, with the
    entries of the whole year up to 30/9 (lũy kế) and the scope recorded."""
    from docx import Document

    log_february_and_august(ctx)
    app = Host(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        await choose(pilot, "period", "2026-Q3")
        await choose(pilot, "scope", "cumulative")
        await choose(pilot, "format", "both")
        await run_export(pilot)
        paths = shown_paths(app)
        assert [p.suffix for p in paths] == [".xlsx", ".docx"] and all(p.exists() for p in paths)
        cells = workbook_text(paths[0])
        assert "tháng hai" in cells and "quý ba" in cells  # from 1 January on
        document = Document(str(paths[1]))
        words = "\n".join(p.text for p in document.paragraphs)
        words += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "tháng hai" in words and "quý ba" in words
        submission = latest_submission(ctx.store, ctx.plan_id, "2026-Q3")
        assert submission["snapshot"]["scope"] == "cumulative"


async def test_in_period_q3_leaves_the_earlier_entries_out(ctx):
    log_february_and_august(ctx)
    app = Host(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        await choose(pilot, "period", "2026-Q3")
        assert app.screen.scope == "in_period"
        await run_export(pilot)
        (path,) = shown_paths(app)
        cells = workbook_text(path)
        assert "quý ba" in cells and "tháng hai" not in cells


async def test_a_word_report_for_one_agency_is_refused_in_the_officers_words(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        await choose(pilot, "format", "docx")
        await choose(pilot, "lead", "Công an phường")
        await run_export(pilot)
        text = status(app)
        assert text.startswith("Không xuất được báo cáo:") and "Excel" in text and "--lead" not in text


def _warn(ctx):
    """A done task without completion or entry, and a % indicator valued "Đạt"."""
    task = row_of(ctx, "II.1")
    ctx.store.update_row(task.id, {"status": "done"}, origin="app")
    plan = ctx.store.load_plan(ctx.plan_id)
    indicator = next(r for r in plan.rows() if r.kind == "indicator" and r.unit == "%")
    ctx.store.update_row(indicator.id, {"actual": "Đạt"}, origin="app")
    return task, indicator


def warning_lines(app) -> list[str]:
    options = app.screen.query_one("#warnings", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_no_warning_on_a_new_plan(ctx):
    app = Host(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        assert warning_lines(app) == []
        assert "Không thấy điều gì cần xem lại" in str(app.screen.query_one("#warnings-label").content)


async def test_warnings_are_listed_and_never_block(ctx):
    task, indicator = _warn(ctx)
    app = Host(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        lines = warning_lines(app)
        assert any(line.startswith("II.1:") and "chưa ghi mức độ hoàn thành" in line for line in lines)
        assert any(line.startswith("II.1:") and "nhật ký" in line for line in lines)
        assert any("«Đạt» không phải số phần trăm" in line and indicator.title[:20] in line for line in lines)
        await run_export(pilot)
        assert shown_paths(app)[0].exists()  # exported all the same


async def test_enter_on_a_task_warning_opens_the_task(ctx):
    task, _indicator = _warn(ctx)
    app = Host(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        app.screen.query_one("#warnings", OptionList).focus()
        await pilot.press("home", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.screen.row_id == task.id
        assert not any(isinstance(s, ExportScreen) for s in app.screen_stack)


async def test_enter_on_an_indicator_warning_opens_its_form(ctx):
    _task, indicator = _warn(ctx)
    app = Host(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        options = app.screen.query_one("#warnings", OptionList)
        options.focus()
        await pilot.press("end", "enter")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorForm) and app.screen.row_id == indicator.id


async def test_through_the_app_a_warning_opens_the_task_over_the_plan(seed_db, make_app):
    from cdstui.store import Store
    from cdstui.tui.screens.plan import PlanScreen

    with Store.open(seed_db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        task = next(r for r in plan.rows() if r.kind == "task" and row_number(r.path, r.code) == "II.3.1")
        store.update_row(task.id, {"status": "not_started", "completion": "40%"}, origin="app")
    app = make_app(seed_db)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert warning_lines(app) == ["II.3.1: «Chưa triển khai» nhưng mức độ hoàn thành là 40%"]
        app.screen.query_one("#warnings", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.screen.row_id == task.id
        assert isinstance(app.screen_stack[-2], PlanScreen)
        await pilot.press("escape")  # nothing typed: back to the plan
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
