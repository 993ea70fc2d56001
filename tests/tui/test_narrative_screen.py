"""The narrative screen (issue 13): one text area per section, the draft from the journal,
the officer's edits saved and printed in the Word report, a new draft only when asked."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from textual.widgets import Button, Input, Select, TextArea

from cdstui.domain.entries import Evidence
from cdstui.domain.labels import row_number
from cdstui.store import Store
from cdstui.store.entries import add_entry
from cdstui.store.narratives import load_narrative, save_edit
from cdstui.tui.screens.export import ExportScreen
from cdstui.tui.screens.narrative import REGENERATE_UNSAVED, NarrativeScreen
from cdstui.tui.screens.plan import PlanScreen
from cdstui.tui.widgets.confirm import ConfirmModal

from .conftest import Host as ScreenHost, settle, type_into
from .test_export_screen import run_export, status

WORDS = "Ban Chỉ đạo phường đã họp ba lần để đôn đốc chuyển đổi số"


def ExportHost(ctx):
    return ScreenHost(lambda: ExportScreen(ctx))


def area(app, key: str) -> TextArea:
    """The text area of the section ``key`` ("leadership", "results.II"…)."""
    screen = app.screen
    index = next(i for i, s in enumerate(screen.shown.sections) if s.key == key)
    return screen.query_one(f"#section-{index}", TextArea)


def add_q4_entry(ctx) -> None:
    plan = ctx.store.load_plan(ctx.plan_id)
    task = next(r for r in plan.rows() if r.kind == "task" and row_number(r.path, r.code) == "II.2")
    doc = Evidence(number="12/KH-UBND", date=date(2026, 10, 15), issuer="UBND phường", summary="Kế hoạch triển khai")
    add_entry(ctx.store, task.id, "Đã triển khai kế hoạch đến các khu phố", day=date(2026, 10, 20), docs=[doc])


async def write(pilot, key: str, words: str) -> None:
    """``words`` typed at the cursor of section ``key``'s text area."""
    type_into(area(pilot.app, key), words)
    await pilot.pause()


async def open_from_the_dialog(pilot) -> NarrativeScreen:
    await settle(pilot)
    await pilot.press("ctrl+n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NarrativeScreen)
    return screen


async def test_the_draft_comes_from_the_journal_and_is_stored(ctx):
    add_q4_entry(ctx)
    assert load_narrative(ctx.store, ctx.plan_id, "2026-Q4") is None
    app = ExportHost(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        screen = await open_from_the_dialog(pilot)
        assert screen.period_code == "2026-Q4" and screen.key == ""  # the plan's own report
        stored = load_narrative(ctx.store, ctx.plan_id, "2026-Q4")
        assert stored is not None and stored.edited is None
        keys = [s.key for s in stored.draft.sections]
        assert keys[:2] == ["leadership", "results"] and keys[-2:] == ["next", "proposals"]
        assert "assessment.causes" in keys and any(k.startswith("results.") for k in keys[2:])
        # a text area per section, plus the opening and the closing
        assert len(screen.query(TextArea)) == len(keys) + 2
        results = area(app, "results.II").text
        assert "Đã triển khai kế hoạch đến các khu phố" in results and "12/KH-UBND" in results
        titles = [str(label.content) for label in screen.query(".section-title")]
        assert "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO" in titles and "3. Nguyên nhân" in titles
        assert not screen.dirty


async def test_an_edit_is_saved_and_printed_in_the_word_report(ctx):
    from docx import Document

    app = ExportHost(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_from_the_dialog(pilot)
        leadership = area(app, "leadership")
        leadership.clear()
        type_into(leadership, WORDS)
        await pilot.pause()
        assert app.screen.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = load_narrative(ctx.store, ctx.plan_id, "2026-Q4")
        assert stored.edited is not None and stored.edited.section("leadership").paragraphs == [WORDS]
        assert not app.screen.dirty and isinstance(app.screen, NarrativeScreen)
        assert "(đã sửa)" in str(app.screen.query_one("#narrative-title").content)
        await pilot.press("escape")  # back to the dialog
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#format", Select).value = "docx"
        await pilot.pause()
        await run_export(pilot)
        path = Path(status(app).splitlines()[1])
        assert path.suffix == ".docx"
        text = [p.text for p in Document(str(path)).paragraphs]
        assert WORDS + "." in text or WORDS in text
        assert text.index(next(t for t in text if WORDS in t)) > text.index("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO")


async def test_esc_saves_and_leaves(ctx):
    app = ExportHost(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_from_the_dialog(pilot)
        await write(pilot, "proposals", "Đề nghị cấp thêm kinh phí")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        stored = load_narrative(ctx.store, ctx.plan_id, "2026-Q4")
        assert stored.current.section("proposals").paragraphs == ["Đề nghị cấp thêm kinh phí"]


async def test_a_new_draft_asks_before_replacing_the_officers_edits(ctx):
    app = ExportHost(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_from_the_dialog(pilot)
        type_into(area(app, "leadership"), WORDS)
        await pilot.press("ctrl+s")
        await settle(pilot)
        add_q4_entry(ctx)  # the journal grew: the new draft differs
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "đã được sửa" in app.screen.question
        await pilot.press("escape")  # Hủy: nothing changes
        await settle(pilot)
        assert isinstance(app.screen, NarrativeScreen)
        assert WORDS in area(app, "leadership").text
        stored = load_narrative(ctx.store, ctx.plan_id, "2026-Q4")
        assert stored.edited is not None and "khu phố" not in stored.draft.section("results.II").text
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.click("#replace")
        await settle(pilot)
        assert isinstance(app.screen, NarrativeScreen)
        stored = load_narrative(ctx.store, ctx.plan_id, "2026-Q4")
        assert stored.edited is None and WORDS in stored.replaced.section("leadership").text  # kept aside
        assert WORDS not in area(app, "leadership").text
        assert "khu phố" in area(app, "results.II").text


async def test_a_new_draft_asks_before_dropping_unsaved_typing(ctx):
    app = ExportHost(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_from_the_dialog(pilot)
        await write(pilot, "proposals", "Chưa lưu")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal) and app.screen.question == REGENERATE_UNSAVED
        await pilot.press("escape")
        await settle(pilot)
        assert "Chưa lưu" in area(app, "proposals").text


async def test_a_new_draft_without_edits_asks_nothing(ctx):
    app = ExportHost(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_from_the_dialog(pilot)
        add_q4_entry(ctx)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, NarrativeScreen)
        assert "khu phố" in area(app, "results.II").text


async def test_the_report_type_and_period_of_the_dialog(ctx):
    """Another report type's narrative is its own: the plan's stays untouched."""
    app = ExportHost(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        app.screen.query_one("#report-type", Select).value = "KHCN-CĐS"
        await pilot.pause()
        app.screen.query_one("#period", Select).value = "2026-9M"
        await pilot.pause()
        screen = await open_from_the_dialog(pilot)
        assert (screen.report_type, screen.key, screen.period_code) == ("KHCN-CĐS", "KHCN-CĐS", "2026-9M")
        assert "9 tháng" in str(screen.query_one("#narrative-title").content)
        type_into(area(app, "proposals"), "Riêng cho KHCN")
        await pilot.press("escape")
        await settle(pilot)
    assert load_narrative(ctx.store, ctx.plan_id, "2026-9M", "KHCN-CĐS").edited is not None
    assert load_narrative(ctx.store, ctx.plan_id, "2026-9M") is None


async def test_from_the_plan_key_b_and_quitting_asks_first(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, NarrativeScreen)
        await write(pilot, "proposals", "Đề nghị trước khi thoát")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert [b.label.plain for b in app.screen.query(Button)] == ["Lưu", "Không lưu", "Hủy"]
        await pilot.press("enter")  # Lưu
        await pilot.pause()
        assert not app.is_running
    with Store.open(seed_db) as store:
        stored = load_narrative(store, store.plan_ids()[0], "2026-Q4")
        assert stored.current.section("proposals").paragraphs == ["Đề nghị trước khi thoát"]


async def test_from_the_palette(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        type_into(app.screen.query_one(Input), "soan noi dung")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NarrativeScreen)
        assert isinstance(app.screen_stack[-2], PlanScreen)


async def test_a_stored_edit_is_shown_as_it_was_saved(ctx):
    from cdstui.report.narrative import Narrative, NarrativeSection

    app = ExportHost(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        await open_from_the_dialog(pilot)
        await pilot.press("escape")
        await settle(pilot)
    stored = load_narrative(ctx.store, ctx.plan_id, "2026-Q4")
    edited = Narrative(
        sections=[s if s.key != "next" else NarrativeSection(s.key, s.title, ["Rà soát lại kế hoạch năm sau"], s.level) for s in stored.draft.sections],
        opening=stored.draft.opening,
        closing=stored.draft.closing,
    )
    save_edit(ctx.store, ctx.plan_id, "2026-Q4", edited)
    app = ExportHost(ctx)
    async with app.run_test(size=(120, 45)) as pilot:
        screen = await open_from_the_dialog(pilot)
        assert area(app, "next").text == "Rà soát lại kế hoạch năm sau"
        assert "đã sửa lúc" in str(screen.query_one("#narrative-title").content)


def test_the_screen_does_not_import_python_docx_or_openpyxl():
    code = (
        "import sys\n"
        "import cdstui.tui.screens.narrative, cdstui.tui.screens.export\n"
        "print('docx' in sys.modules, 'openpyxl' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


async def test_a_report_type_the_plan_does_not_have_is_said(ctx):
    app = ScreenHost(lambda: NarrativeScreen(ctx, report_type="Báo cáo không có"))
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#narrative-status").content)
        assert text.startswith("Không mở được nội dung báo cáo:") and "Báo cáo không có" in text
        assert not app.screen.query(TextArea)
        await pilot.press("escape")  # nothing to save: it leaves
        await settle(pilot)
        assert not isinstance(app.screen, NarrativeScreen)


async def test_from_the_plan_after_its_year_the_last_report_of_the_plan_year(seed_db, make_app):
    app = make_app(seed_db, today=date(2027, 2, 1))
    async with app.run_test(size=(120, 45)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert app.screen.period_code == "2026-Q4"  # not a report of 2027 for the 2026 plan
