"""Search (``/``) and filters (``f``) on the plan screen, through the Pilot."""

from __future__ import annotations

from datetime import date

from textual import events
from textual.widgets import OptionList

from cdstui.domain.text import fold
from cdstui.store import Store
from cdstui.tui.screens.plan import PlanScreen
from cdstui.tui.widgets.choice_modal import ChoiceModal
from cdstui.tui.widgets.search_bar import SearchBar

from tests.tui.conftest import find_task, plan_table, record_notifications, screen_text, settle, type_into
from tests.tui.recording import RecordedTerminal


def shown_tasks(app):
    table = plan_table(app)
    return [table.rows[i] for i in table.shown if table.rows[i].kind == "task"]


async def search_for(pilot, text: str) -> SearchBar:
    """``/`` opens the search; ``text`` goes into the field as typed."""
    await settle(pilot)
    await pilot.press("slash")
    bar = pilot.app.screen.query_one(SearchBar)
    assert pilot.app.focused is bar
    type_into(bar, text)
    await pilot.pause()
    return bar


async def test_search_without_diacritics_then_enter(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "ha tang so")
        table = plan_table(app)
        tasks = shown_tasks(app)
        assert tasks and all("ha tang so" in vr.search_text for vr in tasks)
        assert any("hạ tầng số" in vr.row.title for vr in tasks)
        # ancestors stay, so the tree reads as printed
        for vr in tasks:
            for a in vr.ancestors:
                assert a in table.shown
        await pilot.press("enter")
        assert app.focused is table
        assert "hạ tầng số" in table.current.row.title.lower()
        assert table.current.index == table.matches[0]
        line = str(app.screen.query_one("#filter-line").render())
        assert "ha tang so" in line


async def test_search_dang_uy_finds_dang_uy_with_marks(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "dang uy")
        tasks = shown_tasks(app)
        assert tasks
        for vr in tasks:
            text = " ".join([vr.row.title, vr.row.lead, vr.row.partners, vr.row.result, vr.row.note])
            assert "đảng ủy" in text.lower() or "đảng uỷ" in text.lower()


async def test_search_is_case_insensitive_and_matches_result_and_note(seed_db, make_app):
    with Store.open(seed_db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        task = next(r for r in plan.tasks() if r.code == "2" and r.path == ["II"])
        store.update_row(task.id, {"result": "Đã ban hành Kế hoạch số 1407/KH-UBND ngày 30/9/2025", "note": "Ghi chú riêng"})
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        bar = await search_for(pilot, "1407/KH-ubnd")
        assert [vr.row_id for vr in shown_tasks(app)] == [task.id]
        bar.clear()
        type_into(bar, "GHI CHU RIENG")
        await pilot.pause()
        assert [vr.row_id for vr in shown_tasks(app)] == [task.id]


async def test_escape_clears_the_search(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        everything = len(table.shown)
        await search_for(pilot, "ha tang so")
        assert len(table.shown) < everything
        await pilot.press("escape")
        assert len(table.shown) == everything
        assert app.focused is table
        assert not app.screen.query_one(SearchBar).has_class("-open")


async def test_escape_on_the_list_clears_a_kept_search(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        everything = len(table.shown)
        await search_for(pilot, "ha tang so")
        await pilot.press("enter")
        kept = table.current.row_id
        await pilot.press("escape")
        assert len(table.shown) == everything
        assert table.current.row_id == kept


async def test_keys_do_not_fire_while_typing_a_search(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "")
        plan_table(app).move_to_row_id(find_task(app, "II.1").row_id)
        keys = ("s", "space", "q", "h", "i", "o", "e", "u", "p", "f", "comma", "minus", "question_mark")
        for key in keys:  # typed fast: one after the other, no waiting between them
            app.post_message(events.Key(key, {"space": " ", "comma": ",", "minus": "-", "question_mark": "?"}.get(key, key)))
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.query_one(SearchBar).value == "s qhioeupf,-?"
    with Store.open(seed_db) as store:
        assert store.plan_history(store.plan_ids()[0]) == {}


async def test_search_with_no_match_says_so(seed_db, make_app):
    app = make_app(seed_db)
    notified = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "khong co gi nhu the nay")
        await pilot.press("enter")
        assert shown_tasks(app) == []
        assert any("Không tìm thấy" in message for message in notified)
        # the list says it, not a blank list
        assert "Không có nhiệm vụ nào khớp «khong co gi nhu the nay»" in screen_text(app)


def option_labels(modal: ChoiceModal) -> list[str]:
    options = modal.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_filter_overdue_through_its_key_and_back(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        modal = app.screen
        assert isinstance(modal, ChoiceModal)
        labels = option_labels(modal)
        assert labels[0] == "Tất cả (bỏ lọc)"
        assert {"Quá hạn", "Đến hạn trong 30 ngày", "Chưa có kết quả cho báo cáo", "Thay đổi từ lần báo cáo trước"} <= set(labels)
        assert "Chủ trì: Công an phường" in labels
        modal.query_one(OptionList).highlighted = labels.index("Quá hạn")
        await pilot.press("enter")
        tasks = shown_tasks(app)
        assert tasks and all(vr.overdue for vr in tasks)
        everything = [vr for vr in plan_table(app).rows if vr.kind == "task" and vr.overdue]
        assert len(tasks) == len(everything)
        assert "Lọc: Quá hạn" in str(app.screen.query_one("#filter-line").render())
        app.screen.set_filter("none")  # back to everything
        assert len(shown_tasks(app)) == sum(vr.kind == "task" for vr in plan_table(app).rows)


async def test_filter_by_status_and_lead(seed_db, make_app):
    with Store.open(seed_db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        ii1 = next(r for r in plan.tasks() if r.path == ["II"] and r.code == "1")
        store.update_row(ii1.id, {"status": "in_progress"})
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.set_filter("status:in_progress")
        assert [vr.code for vr in shown_tasks(app)] == ["II.1"]
        assert "Lọc: Tình trạng: Đang triển khai" in str(app.screen.query_one("#filter-line").render())
        app.screen.set_filter("lead:Công an phường")
        tasks = shown_tasks(app)
        assert tasks and all("Công an phường" in vr.row.lead for vr in tasks)


async def test_filter_due_within_30_days(seed_db, make_app):
    app = make_app(seed_db, today=date(2026, 12, 5))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.set_filter("due_soon")
        tasks = shown_tasks(app)
        assert tasks and all(vr.due_soon for vr in tasks)


def test_folded_text_is_precomputed_once(seed_db):
    """The search reads a folded copy of each task made at load, not the rows."""
    from cdstui.tui.widgets.plan_rows import build_view_rows, visible_rows

    with Store.open(seed_db) as store:
        plan = store.load_plan(store.plan_ids()[0])
    rows = build_view_rows(plan, date(2026, 11, 25))
    for vr in rows:
        if vr.kind == "task":
            assert vr.search_text == fold(vr.search_text)
    shown, matches = visible_rows(rows, set(), "Hạ Tầng Số")
    assert matches and all("ha tang so" in rows[i].search_text for i in matches)


async def test_ctrl_z_in_the_search_field_does_not_undo(seed_db, make_app):
    with Store.open(seed_db) as store:
        plan = store.load_plan(store.plan_ids()[0])
        ii1 = next(r for r in plan.tasks() if r.path == ["II"] and r.code == "1")
        store.update_row(ii1.id, {"status": "in_progress"}, origin="app")  # what ctrl+z would undo
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "ke hoach")
        await pilot.press("ctrl+z")
        await settle(pilot)
    with Store.open(seed_db) as store:
        assert store.get_row(ii1.id).status == "in_progress"


async def test_search_line_shows_as_the_search_opens_and_goes_with_it(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = app.screen.query_one("#filter-line")
        assert not line.has_class("-active")
        await pilot.press("slash")
        assert line.has_class("-active") and "Tìm:" in str(line.render())
        await pilot.press("enter")  # nothing typed: the search closes
        assert not line.has_class("-active")


async def test_a_keystroke_shows_the_letter_and_the_filtered_list_in_one_frame(seed_db, make_app):
    """What the terminal receives after a key: one frame, holding the field's text, the
    list filtered by it and the search line (each widget sends its own repaint; the
    screen must not draw the letter alone and the list a frame later)."""
    app = make_app(seed_db)
    terminal = RecordedTerminal(app, size=(120, 40))

    async def type_keys(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", "h", "a")
        await settle(pilot)
        table = plan_table(app)
        for key, query in (("space", "ha "), ("t", "ha t"), ("a", "ha ta"), ("n", "ha tan")):
            terminal.frames.clear()
            await pilot.press(key)
            await pilot.pause()
            assert len(terminal.frames) == 1, terminal.frames
            frame = terminal.frames[0]
            assert query in frame  # the field
            assert f"Tìm: «{query.strip()}» · {len(table.matches)} nhiệm vụ khớp" in frame  # the search line
            lines = [table.render_line(y).text.rstrip() for y in range(len(table.shown))]
            assert all(line in frame for line in lines[:6])  # the list, filtered
        assert table.matches and all("ha tan" in table.rows[i].search_text for i in table.matches)

    await terminal.run(type_keys)


async def test_letters_typed_right_after_slash_land_in_the_search(seed_db, make_app):
    """Typed fast (or pasted), "/ha" reaches the app in one go: the letters that
    arrive before the search field has the focus go into it, not to the list's keys."""
    from cdstui.tui.screens.history import HistoryScreen

    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key, char in (("slash", "/"), ("h", "h"), ("a", "a"), ("space", " "), ("t", "t")):
            app.post_message(events.Key(key, char))  # all queued before any is handled
        await settle(pilot)
        assert not isinstance(app.screen, HistoryScreen)  # "h" did not open the history
        bar = app.screen.query_one(SearchBar)
        assert bar.value == "ha t"
        assert plan_table(app).search_query == "ha t"
