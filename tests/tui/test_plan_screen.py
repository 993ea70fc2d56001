"""The plan screen through the Pilot: what is shown, keys, folding, status cycling, undo."""

from __future__ import annotations

from datetime import date

from cdstui.store import Store
from cdstui.store.submissions import mark_sent, progress_snapshot, record_submission
from cdstui.store.undo import undo_last
from cdstui.tui.screens.plan import PlanScreen
from cdstui.tui.widgets.plan_table import PlanTable

from tests.tui.conftest import find_task, move_to, plan_table, record_notifications, screen_text, settle


def _store(path) -> Store:
    return Store.open(path)


async def test_plan_screen_shows_the_plan_as_printed(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        table = plan_table(app)
        sections = [vr.code for vr in table.rows if vr.kind == "section"]
        assert sections == ["I", "II", "III", "V", "VI", "VII", "VIII", "IX"]
        assert "32-KH/ĐU" in app.sub_title
        # the full code path of a deep task
        deep = find_task(app, "III.4.2.1")
        assert "Tập huấn cách thức hoạt động" in deep.title
        # section rows roll up done/total (I.1 is "không giao": not counted)
        section_ii = next(vr for vr in table.rows if vr.code == "II")
        assert section_ii.total == 7 and section_ii.done == 0
        cells = table.cells(section_ii)
        assert cells["status"].plain == "Xong 0/7"
        # status words, overdue marks (today is 25/11/2026: Quý I/2026 is past)
        ii1 = find_task(app, "II.1")
        assert table.cells(ii1)["status"].plain == "Chưa triển khai"
        assert ii1.overdue and table.cells(ii1)["flag"].plain == "Quá hạn"
        # the most urgent report not sent: the plan's annual one (due 20/11), overdue
        status_text = str(app.screen.query_one("#status-bar").render())
        assert status_text.startswith("Báo cáo Kế hoạch Năm 2026 — quá hạn 5 ngày (chưa gửi) ·")


async def test_the_header_names_the_most_urgent_unsent_report(seed_db, make_app):
    """Issue 11 item 14: the header counted down to Quý IV while the annual report was overdue."""
    with _store(seed_db) as store:
        pid = store.plan_ids()[0]
        record_submission(store, pid, "2026", "nam-2026.xlsx", progress_snapshot(store, pid))
        mark_sent(store, pid, "2026", sent_at=date(2026, 11, 21), sent_to=["Sở KH&CN"])
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # the annual report sent: the report overdue latest of the other types (the journal's calendar)
        status = str(app.screen.query_one("#status-bar").render())
        assert status.startswith("Báo cáo NQ57 Tháng 10/2026 — quá hạn 15 ngày (chưa gửi) ·")


async def test_due_within_30_days_is_marked(seed_db, make_app):
    from datetime import date

    app = make_app(seed_db, today=date(2026, 12, 10))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        # "12/2026" is due 31/12/2026: within 30 days of 10/12
        vr = find_task(app, "II.3.1")
        assert vr.due_soon and not vr.overdue
        assert table.cells(vr)["flag"].plain == "Sắp hạn"


async def test_s_cycles_status_and_saves_with_history(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row_id = move_to(app, "II.1")
        await pilot.press("s")
        await settle(pilot)
        assert plan_table(app).cells(plan_table(app).current)["status"].plain == "Đang triển khai"
    with _store(seed_db) as store:
        row = store.get_row(row_id)
        assert row.status == "in_progress"
        history = store.history(row_id)
        assert [(h["field"], h["old"], h["new"]) for h in history] == [("status", "not_started", "in_progress")]


async def test_s_twice_reaches_done_and_rolls_up(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        row_id = move_to(app, "II.1")
        await pilot.press("s", "s")
        await settle(pilot)
        section_ii = next(vr for vr in plan_table(app).rows if vr.code == "II")
        assert section_ii.done == 1
        # a done task is no longer overdue
        assert not find_task(app, "II.1").overdue
    with _store(seed_db) as store:
        assert store.get_row(row_id).status == "done"
        assert len(store.history(row_id)) == 2


async def test_s_on_a_section_changes_nothing(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert plan_table(app).current.kind == "section"
        await pilot.press("s")
        await settle(pilot)
    with _store(seed_db) as store:
        pid = store.plan_ids()[0]
        assert store.plan_history(pid) == {}


async def test_keys_move_the_cursor(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        assert table.cursor == 0
        await pilot.press("down", "j")
        assert table.cursor == 2
        await pilot.press("k")
        assert table.cursor == 1
        await pilot.press("up")
        assert table.cursor == 0
        await pilot.press("end")
        assert table.cursor == len(table.shown) - 1
        await pilot.press("pageup")
        assert table.cursor < len(table.shown) - 1
        await pilot.press("home")
        assert table.cursor == 0
        await pilot.press("pagedown")
        assert table.cursor > 1


async def test_click_selects_a_line(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        await pilot.click(PlanTable, offset=(20, 3))
        assert table.cursor == 3


async def test_sections_fold_and_unfold(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        total = len(table.shown)
        table.move_to_index(next(vr.index for vr in table.rows if vr.code == "II"))
        await pilot.press("enter")
        assert len(table.shown) == total - 9  # II.1, II.2, II.3 (+2), II.4, II.5 (+2)
        assert table.current.code == "II"
        assert table.cells(table.current)["code"].plain.strip().startswith("▸")
        await pilot.press("space")
        assert len(table.shown) == total
        await pilot.press("minus")
        assert [table.rows[i].code for i in table.shown] == ["I", "II", "III", "V", "VI", "VII", "VIII", "IX"]
        await pilot.press("plus")
        assert len(table.shown) == total


def _change_status_twice(db) -> int:
    """Two saves of II.2's status, as the app makes them; the row id."""
    with _store(db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        task = next(r for r in plan.tasks() if r.path == ["II"] and r.code == "2")
        store.update_row(task.id, {"status": "in_progress"}, origin="app")
        store.update_row(task.id, {"status": "done"}, origin="app")
        return task.id


async def test_u_undoes_the_last_change_and_records_it(seed_db, make_app):
    row_id = _change_status_twice(seed_db)
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        move_to(app, "II.1")
        await pilot.press("u")
        await settle(pilot)
        assert plan_table(app).current.row_id == row_id  # the cursor goes to what was undone
        assert plan_table(app).current.row.status == "in_progress"
        # which value came back (issue 11 item 16)
        assert "Đã hoàn tác II.2: tình trạng trở lại «Đang triển khai»" in notified
    with _store(seed_db) as store:
        assert store.get_row(row_id).status == "in_progress"
        assert store.history(row_id)[-1]["origin"] == "undo"


async def test_ctrl_y_redoes_what_was_undone_and_undo_takes_it_back_again(seed_db, make_app):
    """Issue 11 item 16: there was no redo."""
    row_id = _change_status_twice(seed_db)
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u", "u")
        await settle(pilot)
        assert find_task(app, "II.2").row.status == "not_started"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert "Đã làm lại II.2: tình trạng trở lại «Đang triển khai»" in notified
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert find_task(app, "II.2").row.status == "done"
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert notified[-1] == "Không còn thay đổi nào để làm lại."
        await pilot.press("u")
        await settle(pilot)
        assert find_task(app, "II.2").row.status == "in_progress"
    with _store(seed_db) as store:
        assert [h["origin"] for h in store.history(row_id)] == ["app", "app", "undo", "undo", "redo", "redo", "undo"]


async def test_ctrl_z_is_undo_too_and_says_when_nothing_is_left(seed_db, make_app):
    row_id = _change_status_twice(seed_db)
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        with _store(seed_db) as store:
            assert store.get_row(row_id).status == "in_progress"
        for _ in range(2):
            app.screen.action_undo()
        await settle(pilot)
        assert notified[-1] == "Không còn thay đổi nào để hoàn tác."
    with _store(seed_db) as store:
        assert store.get_row(row_id).status == "not_started"


async def test_secondary_screens_open_with_their_keys(seed_db, make_app):
    from cdstui.tui.screens.export import ExportScreen
    from cdstui.tui.screens.help import HelpScreen
    from cdstui.tui.screens.history import HistoryScreen
    from cdstui.tui.screens.indicators import IndicatorsScreen
    from cdstui.tui.screens.overview import OverviewScreen
    from cdstui.tui.screens.settings import SettingsScreen

    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        move_to(app, "II.1")
        for key, screen_type in (
            ("i", IndicatorsScreen),
            ("o", OverviewScreen),
            ("question_mark", HelpScreen),
            ("h", HistoryScreen),
            ("comma", SettingsScreen),
            ("e", ExportScreen),
        ):
            await pilot.press(key)
            assert isinstance(app.screen, screen_type), key
            app.pop_screen()
            await pilot.pause()
            assert isinstance(app.screen, PlanScreen)


async def test_history_needs_a_task(seed_db, make_app):
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert plan_table(app).current.kind == "section"
        await pilot.press("h")
        assert isinstance(app.screen, PlanScreen)
        assert "Hãy chọn một nhiệm vụ." in notified


async def test_q_quits(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_ctrl_q_quits(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_plan_chooser_switches_plan(seed_db, make_app, tmp_path):
    from tests.tui.synthetic import synthetic_plan
    from cdstui.domain.model import ImportReport

    with _store(seed_db) as store:
        store.import_plan(ImportReport(plan=synthetic_plan(30)))
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = app.ctx.plan_id
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.ctx.plan_id != first
        assert "99-KH/TEST" in app.sub_title
        assert sum(vr.kind == "task" for vr in plan_table(app).rows) == 30


async def test_switching_to_a_plan_without_tasks_opens_it_and_points_to_its_indicators(two_plans_db, make_app):
    """Issue 11 item 1: p, ↓, Enter onto seed 002 (indicators, no task) crashed the app."""
    from cdstui.tui.screens.indicators import IndicatorsScreen

    app = make_app(two_plans_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p", "down", "enter")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, PlanScreen)
        assert app.ctx.plan_id == 2 and plan_table(app).rows == []
        assert "Kế hoạch này không có nhiệm vụ, chỉ có 24 chỉ tiêu: nhấn i để xem" in screen_text(app)
        await pilot.press("s", "enter", "down", "space")  # the list's keys on an empty list: nothing happens
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorsScreen) and len(app.screen.indicators()) == 24


async def test_plan_chooser_with_one_plan_says_so(seed_db, make_app):
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, PlanScreen)
        assert "Cơ sở dữ liệu chỉ có một kế hoạch." in notified


async def test_small_and_large_terminals_render(seed_db, make_app):
    for size in ((80, 24), (200, 60)):
        app = make_app(seed_db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            table = plan_table(app)
            lines = [table.render_line(y).text for y in range(table.scrollable_content_region.height)]
            assert any("Nhiệm vụ đột phá" in line for line in lines)
            assert all(len(line) <= size[0] for line in lines)
            svg = app.export_screenshot()
            assert "Thời" in svg and "Tình" in svg


async def test_what_a_small_terminal_keeps(seed_db, make_app):
    """Issue 11 item 15: at 80×24 the status line lost the overdue count (and the footer
    ? and q, see test_key_footer); at 100×30 the Chủ trì column went."""
    app = make_app(seed_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#status-bar").render())
        assert status.startswith("Báo cáo Kế hoạch Năm 2026 — quá hạn 5 ngày") and "· 15 quá hạn" in status
        assert len(status) <= 78  # fitted, not cut
        assert "lead" not in [c.key for c in plan_table(app).columns()]
    app = make_app(seed_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Chủ trì" in str(app.screen.query_one("#column-header").render())
        lead = find_task(app, "II.1").row.lead
        assert plan_table(app).cells(find_task(app, "II.1"))["lead"].plain == lead


async def test_light_theme_renders(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "textual-light"
        await settle(pilot)
        table = plan_table(app)
        line = table.render_line(1)
        assert "Theo Quyết định" in line.text


async def test_muted_text_reads_in_both_themes(seed_db, make_app):
    """Muted text (lead agency, "Chưa triển khai") is a theme colour with
    transparency: drawn blended over the list's background, never plain white."""
    from textual.color import Color

    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await settle(pilot)
            task = find_task(app, "II.2")  # not under the cursor
            lead = table.cells(task)["lead"].style
            background = Color.from_rich_color(table.rich_style.bgcolor)
            foreground = Color.from_rich_color(lead.color)
            contrast = abs(foreground.brightness - background.brightness)
            assert 0.25 < contrast < 0.9, (theme, lead.color, table.rich_style.bgcolor)


async def test_switching_theme_redraws_the_lines(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        dark = table.render_line(1)
        app.theme = "textual-light"
        await settle(pilot)
        light = table.render_line(1)
        assert light.text == dark.text
        assert list(light)[0].style.bgcolor != list(dark)[0].style.bgcolor


async def test_brackets_in_text_are_not_markup(tmp_path, make_app):
    from cdstui.domain.model import ImportReport, Plan, Row, Table
    from cdstui.store import Store

    path = tmp_path / "b.db"
    rows = [
        Row(kind="section", code="I", title="Mục [bold]một[/bold]"),
        Row(kind="task", code="1", path=["I"], title="Việc [red]đỏ[/] và [link=x]", lead="[b]Công an[/b]", deadline="12/2026"),
    ]
    with Store.open(path) as store:
        store.import_plan(ImportReport(plan=Plan(number="1/KH", year=2026, tables=[Table(title="T", kind="tasks", rows=rows)])))
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        text = "\n".join(table.render_line(y).text for y in range(3))
        assert "Việc [red]đỏ[/] và [link=x]" in text
        assert "Mục [bold]một[/bold]" in text


async def test_changed_since_last_report_marks_and_filter(seed_db, make_app):
    with _store(seed_db) as store:
        pid = store.plan_ids()[0]
        plan = store.load_plan(pid)
        first = next(r for r in plan.tasks() if r.path == ["II"] and r.code == "1")
        store.update_row(first.id, {"status": "in_progress"})
        record_submission(store, pid, "2026-Q3", "ba-ngoi_32-KH-DU_2026-Q3.xlsx", progress_snapshot(store, pid))
        later = next(r for r in plan.tasks() if r.path == ["II"] and r.code == "2")
        store.update_row(later.id, {"result": "Đã ban hành kế hoạch"})
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        changed = [vr.code for vr in table.rows if vr.changed]
        assert changed == ["II.2"]
        assert table.cells(find_task(app, "II.2"))["mark"].plain == "•"
        assert "· 1 thay đổi" in str(app.screen.query_one("#status-bar").render())
        app.screen.set_filter("changed")
        await settle(pilot)
        assert [table.rows[i].code for i in table.matches] == ["II.2"]


async def test_changes_undone_or_typed_back_are_not_changes_since_the_last_report(seed_db, make_app):
    """Issue 11 item 13: the count (and the filter) kept undone changes."""
    with _store(seed_db) as store:
        pid = store.plan_ids()[0]
        tasks = {(tuple(r.path), r.code): r for r in store.load_plan(pid).tasks()}
        ii1, ii2, ii3 = tasks[(("II",), "1")], tasks[(("II",), "2")], tasks[(("II", "3"), "3.1")]
        store.update_row(ii1.id, {"status": "in_progress"})
        record_submission(store, pid, "2026-Q3", "q3.xlsx", progress_snapshot(store, pid))
        store.update_row(ii1.id, {"status": "done"})  # and undone below: as sent again
        undo_last(store, pid)
        store.update_row(ii2.id, {"note": "tạm"})  # typed, then typed back
        store.update_row(ii2.id, {"note": ""})
        store.update_row(ii3.id, {"completion": "40%"})  # the one real change
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        assert [vr.code for vr in table.rows if vr.changed] == ["II.3.1"]
        assert str(app.screen.query_one("#status-bar").render()).endswith("· 1 thay đổi")
        app.screen.set_filter("changed")
        await settle(pilot)
        assert [table.rows[i].code for i in table.matches] == ["II.3.1"]


async def test_one_task_total_in_the_header_the_overview_and_the_plan_chooser(two_plans_db, make_app):
    """Issue 11 item 13: 41 in the header, 42 in the overview and the chooser (I.1 is "Không giao")."""
    from textual.widgets import OptionList

    from cdstui.tui.screens.overview import OverviewScreen
    from cdstui.tui.widgets.choice_modal import ChoiceModal

    app = make_app(two_plans_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "0/41 nhiệm vụ hoàn thành" in str(app.screen.query_one("#status-bar").render())
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen) and app.screen.summary.total.total == 41
        total_row = app.screen.query_one("#overview-sections").get_row("total")
        assert (total_row[1].plain, total_row[5].plain) == ("41", "1")  # Tổng số, Không giao apart
        await pilot.press("escape", "p")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        first = app.screen.query_one(OptionList).get_option_at_index(0)
        assert "· 41 nhiệm vụ (+1 không giao)" in str(first.prompt)


async def test_filter_lists_tasks_still_without_a_result(seed_db, make_app):
    from cdstui.domain.labels import row_number

    with _store(seed_db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        with_result = next(r for r in plan.tasks() if r.path == ["II"] and r.code == "1")
        store.update_row(with_result.id, {"result": "Kế hoạch số 12/KH-UBND ngày 10/3/2026"})
        expected = {
            row_number(r.path, r.code)
            for r in plan.tasks()
            if r.id != with_result.id and r.status != "not_assigned"
        }
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.set_filter("no_result")
        table = plan_table(app)
        shown = {table.rows[i].code for i in table.matches}
        assert shown == expected and "II.1" not in shown and "I.1" not in shown
        assert f"· {len(expected)} chưa có KQ ·" in str(app.screen.query_one("#status-bar").render())  # short: the line is full


async def test_a_big_plan_shows_its_first_screen_then_the_whole_plan(tmp_path, make_app, monkeypatch):
    """A plan too big to read before the first paint: its first screenful is drawn at
    once (no roll-ups yet), the rest arrives from a thread; a status changed meanwhile
    is not undone by rows read before the change."""
    import threading

    from cdstui.domain.progress import next_status
    from tests.tui.synthetic import make_synthetic_db

    db = tmp_path / "big.db"
    make_synthetic_db(db, 1000)
    first_read = threading.Event()
    release = threading.Event()
    original = PlanScreen._read

    def read_then_wait(self, plan_id, keep_row_id, seq):
        loaded = original(self, plan_id, keep_row_id, seq)
        if not first_read.is_set():
            first_read.set()
            release.wait(10)  # the first full read arrives last, after a change
        return loaded

    monkeypatch.setattr(PlanScreen, "_read", read_then_wait)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = plan_table(app)
        assert table.partial and 0 < len(table.rows) <= 60
        section = table.rows[0]
        assert section.kind == "section" and table.cells(section)["status"].plain == "…"
        await pilot.press("down", "down")
        task = table.current
        assert task.kind == "task"
        new_status = next_status(task.row.status)
        await pilot.press("s")  # written at once, while the whole plan is still being read
        with Store.open(db) as store:
            assert store.get_row(task.row_id).status == new_status
        await pilot.pause()
        await app.workers.wait_for_complete()  # the second read, started by the change
        await pilot.pause()
        release.set()  # now the first, older read posts its rows: they must be dropped
        await settle(pilot)
        assert not table.partial
        assert sum(vr.kind == "task" for vr in table.rows) == 1000
        assert table.current.row_id == task.row_id
        assert table.current.row.status == new_status
        section = table.rows[0]
        assert table.cells(section)["status"].plain.startswith("Xong 0/")
        status_text = str(app.screen.query_one("#status-bar").render())
        assert "· 0/1000 xong ·" in status_text
