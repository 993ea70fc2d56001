"""Search (``/``) and filters (``f``) on the plan screen, through the Pilot."""

from __future__ import annotations

from cdstui.domain.text import fold
from cdstui.store import Store
from cdstui.tui.screens.plan import PlanScreen
from cdstui.tui.widgets.choice_modal import ChoiceModal
from cdstui.tui.widgets.search_bar import SearchBar

from tests.tui.conftest import plan_table, select_code, settle


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def shown_tasks(app):
    table = plan_table(app)
    return [table.rows[i] for i in table.shown if table.rows[i].kind == "task"]


async def test_search_without_diacritics_then_enter(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBar)
        await type_text(pilot, "ha tang so")
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
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dang uy")
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
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "1407/KH-ubnd")
        assert [vr.row_id for vr in shown_tasks(app)] == [task.id]
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "GHI CHU RIENG")
        assert [vr.row_id for vr in shown_tasks(app)] == [task.id]


async def test_escape_clears_the_search(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = plan_table(app)
        everything = len(table.shown)
        await pilot.press("slash")
        await type_text(pilot, "ha tang so")
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
        await pilot.press("slash")
        await type_text(pilot, "ha tang so")
        await pilot.press("enter")
        kept = table.current.row_id
        await pilot.press("escape")
        assert len(table.shown) == everything
        assert table.current.row_id == kept


async def test_keys_do_not_fire_while_typing_a_search(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select_code(pilot, "II.1")
        await pilot.press("slash")
        await type_text(pilot, "s q h i o e u p f")
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.query_one(SearchBar).value == "s q h i o e u p f"
    with Store.open(seed_db) as store:
        assert store.plan_history(store.plan_ids()[0]) == {}


async def test_search_with_no_match_says_so(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "khong co gi nhu the nay")
        await pilot.press("enter")
        assert shown_tasks(app) == []
        assert any("Không tìm thấy" in n.message for n in app._notifications)


async def choose_filter(pilot, label_start: str) -> None:
    await pilot.press("f")
    await settle(pilot)
    modal = pilot.app.screen
    assert isinstance(modal, ChoiceModal)
    from textual.widgets import OptionList

    options = modal.query_one(OptionList)
    for i in range(options.option_count):
        if str(options.get_option_at_index(i).prompt).startswith(label_start):
            options.highlighted = i
            break
    else:
        raise AssertionError(f"no filter {label_start}")
    await pilot.press("enter")
    await settle(pilot)


async def test_filter_overdue(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose_filter(pilot, "Quá hạn")
        tasks = shown_tasks(app)
        assert tasks and all(vr.overdue for vr in tasks)
        everything = [vr for vr in plan_table(app).rows if vr.kind == "task" and vr.overdue]
        assert len(tasks) == len(everything)
        assert "Lọc: Quá hạn" in str(app.screen.query_one("#filter-line").render())
        # back to everything
        await choose_filter(pilot, "Tất cả")
        assert len(shown_tasks(app)) == sum(vr.kind == "task" for vr in plan_table(app).rows)


async def test_filter_by_status_and_lead(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select_code(pilot, "II.1")
        await pilot.press("s")
        await choose_filter(pilot, "Tình trạng: Đang triển khai")
        assert [vr.code for vr in shown_tasks(app)] == ["II.1"]
        await choose_filter(pilot, "Chủ trì: Công an phường")
        tasks = shown_tasks(app)
        assert tasks and all("Công an phường" in vr.row.lead for vr in tasks)


async def test_filter_due_within_30_days(seed_db, make_app):
    from datetime import date

    app = make_app(seed_db, today=date(2026, 12, 5))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await choose_filter(pilot, "Đến hạn trong 30 ngày")
        tasks = shown_tasks(app)
        assert tasks and all(vr.due_soon for vr in tasks)


async def test_changed_since_report_filter_only_when_the_store_knows(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        from textual.widgets import OptionList

        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        has = any(label.startswith("Thay đổi từ lần báo cáo trước") for label in labels)
        assert has


def test_folded_text_is_precomputed_once(seed_db):
    """The search reads a folded copy of each task made at load, not the rows."""
    from datetime import date

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
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select_code(pilot, "II.1")
        row_id = plan_table(app).current.row_id
        await pilot.press("s", "slash")
        await type_text(pilot, "ke hoach")
        await pilot.press("ctrl+z")
        await settle(pilot)
    with Store.open(seed_db) as store:
        assert store.get_row(row_id).status == "in_progress"


async def test_search_line_shows_as_the_search_opens_and_goes_with_it(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = app.screen.query_one("#filter-line")
        assert not line.has_class("-active")
        await pilot.press("slash")
        await pilot.pause()
        assert line.has_class("-active") and "Tìm:" in str(line.render())
        await pilot.press("enter")  # nothing typed: the search closes
        await pilot.pause()
        assert not line.has_class("-active")


async def test_a_keystroke_shows_the_letter_and_the_filtered_list_in_one_frame(seed_db, make_app):
    """The field, the list, its scrollbar and the search line repaint in the same frame
    (each widget would otherwise send its repaint from its own queue, a frame apart)."""
    app = make_app(seed_db)
    frames: list[str] = []
    display = app._display

    def counted(screen, update):
        display(screen, update)
        frames.append(",".join(sorted(type(w).__name__ for w in screen._dirty_widgets)))

    app._display = counted
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await type_text(pilot, "ha")
        await settle(pilot)
        table = plan_table(app)
        for ch in " tang":
            frames.clear()
            await pilot.press("space" if ch == " " else ch)
            await pilot.pause()
            # one frame, holding the field and the list
            assert len(frames) == 1, frames
            assert "SearchBar" in frames[0] and "PlanTable" in frames[0]
        assert table.matches and all("ha tang" in table.rows[i].search_text for i in table.matches)


async def test_letters_typed_right_after_slash_land_in_the_search(seed_db, make_app):
    """Typed fast (or pasted), "/ha" reaches the app in one go: the letters that
    arrive before the search field has the focus go into it, not to the list's keys."""
    from textual import events

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
