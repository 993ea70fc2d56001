"""The home screen: the plan's task tables as printed, search, filters, keys."""

from __future__ import annotations

import asyncio
import gc
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from cdstui.domain.labels import STATUS_LABELS
from cdstui.domain.model import Plan
from cdstui.domain.progress import is_recurring, next_status
from cdstui.store.base import StaleWrite
from cdstui.tui.actions import bindings
from cdstui.tui.messages import ChangedElsewhere, DataChanged, PlanSwitched
from cdstui.tui.screens.plan_words import (
    changed_row_ids,
    countdown_for,
    elsewhere_notes,
    empty_plan_text,
    plan_choice_label,
    status_facts,
    values_back,
)
from cdstui.tui.watch import changed_elsewhere, check_for_changes
from cdstui.tui.widgets.column_header import ColumnHeader
from cdstui.tui.widgets.key_footer import KeyFooter
from cdstui.tui.widgets.plan_rows import (
    CHANGED_FILTER,
    DUE_SOON_FILTER,
    NO_RESULT_FILTER,
    OVERDUE_FILTER,
    RowFilter,
    ViewRow,
    build_view_rows,
    index_search_text,
    lead_agencies,
    lead_filter,
    refresh_task,
    rollup,
    status_filter,
    table_heading,
)
from cdstui.tui.widgets.plan_table import PlanTable
from cdstui.tui.widgets.search_bar import SearchBar
from cdstui.tui.widgets.status_bar import Fact, StatusBar
from cdstui.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from cdstui.tui.context import AppContext


# Plans up to this many tasks are loaded on the UI thread before the first paint;
# a bigger one shows its first screenful at once and loads the rest in a thread.
SYNC_LOAD_MAX_TASKS = 400


@dataclass
class PlanLoaded(Message):
    """A worker finished reading the plan (posted from the thread)."""

    plan: Plan | None
    rows: list[ViewRow]
    keep_row_id: int | None
    error: str | None = None
    seq: int = 0  # which reload() asked for it: an older one's rows are stale


class PlanScreen(Screen):
    """The plan as printed, with its progress."""

    BINDINGS = bindings("plan")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.plan: Plan | None = None
        self.row_filter: RowFilter | None = None
        self._loading = False
        self._load_seq = 0
        self._countdown = Fact("")
        self._search_bar: SearchBar | None = None
        self._elsewhere = False  # reloading because another program wrote: say what changed
        self._told: set[int] = set()  # tasks whose change was said already (a refused write)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the officer types a search, the screen's keys stay quiet: they are
        the search's letters ("q", "s", "/" and ctrl+z included)."""
        return not isinstance(self.focused, SearchBar)

    # -- layout -----------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield StatusBar(id="status-bar")
        table = PlanTable(id="plan-table")
        yield ColumnHeader(table, id="column-header")
        yield table
        yield Static(id="filter-line")
        # the search field (an Input, the biggest style sheet of the screen) is
        # mounted when the search first opens, not before the first paint
        yield KeyFooter()

    @property
    def table(self) -> PlanTable:
        return self.query_one(PlanTable)

    @property
    def search_bar(self) -> SearchBar | None:
        """The search field, once the search has been opened."""
        return self._search_bar

    def on_mount(self) -> None:
        self.query_one(StatusBar).show("Đang tải kế hoạch…", [])
        self.table.focus()
        # A plan of a ward (tens of tasks) is read before the first paint; a
        # big one (thousands) in a worker thread, the screen drawn meanwhile.
        tasks = self.ctx.task_count
        if tasks is not None and tasks <= SYNC_LOAD_MAX_TASKS:
            self.reload(sync=True)
        else:
            self._show_head()
            # the thread starts once the first screen is painted: started
            # before, it would share the interpreter with the first paint
            self.call_after_refresh(self.reload)

    # -- loading ------------------------------------------------------------
    def reload(self, keep_row_id: int | None = None, *, sync: bool = False) -> None:
        """Read the plan again: in a worker thread, or at once (``sync``) for a small plan."""
        self._loading = True
        self._load_seq += 1
        if sync:
            self._plan_loaded(self._read(self.ctx.plan_id, keep_row_id, self._load_seq))
        else:
            self._load(self.ctx.plan_id, keep_row_id, self._load_seq)

    def _show_head(self) -> None:
        """The first screenful of a big plan, read at once; the roll-ups come with the rest."""
        if self.ctx.plan_id is None:
            return
        self._loading = True
        try:
            head = self.ctx.store.load_plan(self.ctx.plan_id, head=max(self.app.size.height, 24))
        except Exception:  # noqa: BLE001 - the full load reports what is wrong
            return
        self.table.set_rows(build_view_rows(head, self.ctx.today, index=False), partial=True)

    # A fixed description: without one, Textual repr()s the arguments on the UI thread.
    @work(thread=True, exclusive=True, group="plan-load", description="plan-load")
    def _load(self, plan_id: int | None, keep_row_id: int | None, seq: int) -> None:
        self.post_message(self._read(plan_id, keep_row_id, seq))

    def _read(self, plan_id: int | None, keep_row_id: int | None, seq: int) -> PlanLoaded:
        """Load the plan and build its rows (no widget touched: safe in a thread)."""
        from cdstui.store import Store

        ctx = self.ctx
        if plan_id is None:
            return PlanLoaded(None, [], None, error=None, seq=seq)
        # Thousands of rows make tens of thousands of objects, none of them
        # garbage: the collector's full passes over the whole app would only
        # slow the load down, so it waits until the rows are built.
        collecting = gc.isenabled()
        gc.disable()
        try:
            with Store.open(ctx.store.path, migrate=False) as store:  # its own connection: safe in a thread
                plan = store.load_plan(plan_id)
                changed = changed_row_ids(store, plan)
            rows = build_view_rows(plan, ctx.today, changed, index=False)
        except Exception as exc:  # noqa: BLE001 - shown to the officer, not a traceback
            return PlanLoaded(None, [], None, error=str(exc), seq=seq)
        finally:
            if collecting:
                gc.enable()
        return PlanLoaded(plan, rows, keep_row_id, seq=seq)

    # A fixed description: without one, Textual repr()s every row (thousands) on the UI thread.
    @work(thread=True, exclusive=True, group="plan-index", description="plan-index")
    def _index(self, rows: list[ViewRow]) -> None:
        """Fold the searched text after the list is drawn; a search typed before
        this ends folds the rows it needs itself."""
        index_search_text(rows)

    @on(PlanLoaded)
    def _plan_loaded(self, message: PlanLoaded) -> None:
        if message.seq != self._load_seq:
            return  # read before a later change: the later reload brings the rows
        self._loading = False
        if message.error:
            self.notify(f"Không đọc được kế hoạch: {message.error}", severity="error", timeout=10)
        self.plan = self.ctx.plan = message.plan
        self._show_plan_name(message.plan)
        if message.plan is None and message.error is None:
            self.notify("Cơ sở dữ liệu chưa có kế hoạch nào. Dùng lệnh: cdstui import TỆP", timeout=10)
        self.table.empty_text = empty_plan_text(message.plan)
        if self._elsewhere and message.error is None:
            self._elsewhere = False
            for note in elsewhere_notes(self.table.rows, message.rows, told=self._told):
                self.notify(note, severity="warning", timeout=10)
            self._told.clear()
        self.table.set_rows(message.rows, keep_row_id=message.keep_row_id)
        rows = message.rows
        self.call_after_refresh(lambda: self._index(rows))
        self.call_after_refresh(self._show_countdown)
        self._show_status()
        self._show_filter_line()
        self.query_one(ColumnHeader).refresh()

    def _show_plan_name(self, plan: Plan | None) -> None:
        """ "Kế hoạch 32-KH/ĐU năm 2026" on the title line."""
        if plan is None:
            self.app.sub_title = "Chưa có kế hoạch"
            return
        ident = f"Kế hoạch {plan.number}" if plan.number else "Kế hoạch"
        year = f" năm {plan.year}" if plan.year else ""
        tables = [t for t in plan.tables if t.kind == "tasks"]
        # one task table: its appendix on the title line (several: each table's own row says it)
        appendix = f" · {table_heading(tables[0])}" if len(tables) == 1 and tables[0].appendix.label else ""
        self.app.sub_title = f"{ident}{year}{appendix}"
        self.title = self.app.title
        self.sub_title = self.app.sub_title

    def _show_countdown(self) -> None:
        """The next report due, from the settings file: read once the plan is on screen."""
        countdown = countdown_for(self.ctx)
        if countdown.error:
            self.notify(countdown.error, severity="warning", timeout=10)
        self._countdown = Fact(countdown.text, countdown.short)
        self._show_status()

    def _show_status(self) -> None:
        self.query_one(StatusBar).show(self._countdown, status_facts(self.table.rows))

    def _show_filter_line(self) -> None:
        line = self.query_one("#filter-line", Static)
        table = self.table
        parts = []
        if self.row_filter is not None:
            parts.append(f"Lọc: {self.row_filter.label}")
        if table.search_query.strip():
            parts.append(f"Tìm: «{table.search_query.strip()}»")
        if parts:
            parts.append(f"{len(table.matches)} nhiệm vụ khớp")
            hint = "Esc: xóa tìm kiếm" if table.search_query.strip() else "f: đổi bộ lọc"
            line.update(Text(" · ".join(parts) + f"   ({hint})"), layout=False)
            line.set_class(True, "-active")
        elif self.search_bar is not None and self.search_bar.has_class("-open"):
            # shown as the search opens, so the first letter typed does not move the list
            line.update(Text("Tìm: gõ vài chữ, không cần dấu   (Enter: đến nhiệm vụ đầu tiên khớp · Esc: đóng)"), layout=False)
            line.set_class(True, "-active")
        else:
            line.update("", layout=False)
            line.set_class(False, "-active")

    # -- messages from below and from other screens ---------------------------
    def on_resize(self) -> None:
        self.query_one(ColumnHeader).refresh()

    @on(PlanTable.RowActivated)
    def _open_task(self, event: PlanTable.RowActivated) -> None:
        """A double click on a task."""
        if event.view_row is not None:
            self.open_task(event.view_row)

    def open_task(self, vr: ViewRow) -> None:
        """The task editor, pushed at once: the keys typed after Enter wait for it
        (Textual reads no further key until a pushed screen is mounted)."""
        from cdstui.tui.screens.editor import EditorScreen

        if vr.row_id is not None:
            self.app.push_screen(EditorScreen(self.ctx, vr.row_id, code=vr.code))

    @on(SearchBar.Changed)
    async def _search_changed(self, event: SearchBar.Changed) -> None:
        self.table.set_query(event.value)
        self._show_filter_line()
        # The field, the list, its scrollbar and the search line each send
        # their repaint to this screen from their own queue, and the screen
        # draws a frame as soon as its queue is empty: the typed letter could
        # show alone, the list a frame later. Handing the event loop over once
        # (a yield, not a wait) lets them all send their repaints before this
        # handler returns: one frame shows them together (see test_search).
        await asyncio.sleep(0)

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        table = self.table
        if not event.value.strip():
            event.input.close()
            self._show_filter_line()
        elif not table.first_match():
            self.notify("Không tìm thấy nhiệm vụ nào.", severity="warning")
        table.focus()

    @on(SearchBar.Cleared)
    def _search_cleared(self) -> None:
        self.table.set_query("")
        self._show_filter_line()
        self.table.focus()

    def data_changed(self, message: DataChanged) -> None:
        """Called by the app when any screen wrote to the store."""
        keep = self.table.current.row_id if self.table.current else None
        self.reload(keep_row_id=keep)

    def on_changed_elsewhere(self, message: ChangedElsewhere) -> None:
        """Another program wrote to the database (tui.watch): read the plan again
        and say which tasks changed; a plan gone with a restore gives way to the first."""
        plans = self.ctx.store.plan_ids()
        if self.ctx.plan_id not in plans:
            self.notify("Kế hoạch đang mở không còn trong cơ sở dữ liệu (vừa được khôi phục ở nơi khác).", severity="warning")
            if plans:
                self.post_message(PlanSwitched(plans[0]))
                return
            self.ctx.plan_id = None
        self._elsewhere = True
        self.data_changed(DataChanged(self.ctx.plan_id))

    # -- actions --------------------------------------------------------------
    def _selected_task(self) -> ViewRow | None:
        vr = self.table.current
        if vr is None or vr.kind != "task" or vr.row_id is None:
            self.notify("Hãy chọn một nhiệm vụ.", severity="warning")
            return None
        return vr

    def action_open(self) -> None:
        """Enter: open the task; on a section or group, fold or unfold it."""
        vr = self.table.current
        if vr is None:
            return
        if vr.is_container:
            self.table.toggle_fold()
        else:
            self.open_task(vr)

    async def action_quit(self) -> None:
        await self.app.run_action("quit")

    def action_clear_filters(self) -> None:
        if not self.table.filtering:
            return
        if self.search_bar is not None:
            self.search_bar.value = ""
            self.search_bar.close()
        self.row_filter = None
        self.table.row_filter = None
        self.table.set_query("")
        self._show_filter_line()
        self.table.focus()

    async def action_search(self) -> None:
        """ "/": the search field, focused before the next key is read, so that
        "/ha tang" typed fast (or pasted) lands in it whole and in order. (The
        field is mounted on the first "/", not before the first paint; the key
        is handled as it is read, and Textual reads the next one once this
        action, the mount included, is done.)"""
        bar = self._search_bar
        if bar is None:
            bar = self._search_bar = SearchBar(id="search", classes="-open")
            await self.mount(bar, before=self.query_one(KeyFooter))
        bar.open()
        self.set_focus(bar)
        self._show_filter_line()
        self.refresh_bindings()

    def action_cycle_status(self) -> None:
        vr = self._selected_task()
        if vr is None:
            return
        if vr.row.status != "not_assigned":
            self._cycle_status(vr)
            return
        # "Không giao" is set on purpose (the task is not the ward's): asked before it goes
        from cdstui.tui.widgets.confirm import ConfirmModal

        question = f"{vr.code} đang là «{STATUS_LABELS['not_assigned']}» (không giao cho phường). Đổi sang «{STATUS_LABELS[next_status('not_assigned')]}»?"
        choices = (("change", "Đổi", "primary"), ("cancel", "Giữ nguyên", "default"))
        self.app.push_screen(ConfirmModal(question, choices), lambda answer: self._cycle_status(vr) if answer == "change" else None)

    def _cycle_status(self, vr: ViewRow) -> None:
        row = vr.row
        year = self.plan.year if self.plan and self.plan.year else self.ctx.today.year
        new = next_status(row.status, recurring=is_recurring(row.deadline, year))  # recurring: "Tiếp tục duy trì" too
        # the status shown is the one replaced: the store refuses the write when
        # another program changed it (or the row is another one after a restore)
        expected = {"status": row.status, "code": row.code, "title": row.title}
        check_for_changes(self.app, self.ctx)
        try:
            self.ctx.store.update_row(vr.row_id, {"status": new}, origin="app", expected=expected, plan_id=self.ctx.plan_id)
        except StaleWrite as exc:
            self._refused(vr, exc)
            return
        except Exception as exc:  # noqa: BLE001
            self.notify(f"Không lưu được: {exc}", severity="error", timeout=10)
            return
        vr.row.status = new
        refresh_task(vr, year, self.ctx.today)
        self.notify(f"{vr.code}: {STATUS_LABELS[new]}", timeout=2)
        if self._loading:
            # the rows being read may predate this change: read them again
            self.reload(keep_row_id=vr.row_id)
        else:
            rollup(self.table.rows)
            self._show_status()
        self.table.update_row(vr.index)

    def _refused(self, vr: ViewRow, exc: StaleWrite) -> None:
        """A write from an old picture of the task, refused: say what the task holds now, read again."""
        row = exc.row
        if exc.current and row is not None and (row.code, row.title) == (vr.row.code, vr.row.title):
            note = changed_elsewhere(vr.code, exc.current) + " Chưa lưu gì; xem lại rồi thử lại."
        else:
            note = f"{vr.code}: {exc}"
        self._told.add(vr.row_id)
        self.notify(note, severity="warning", timeout=15)
        self.reload(keep_row_id=vr.row_id)

    # store.undo brings the progress entries' module (store.entries), which the
    # first paint does not need: imported on the first undo or redo
    def action_undo(self) -> None:
        from cdstui.store.undo import undo_last

        self._step_back_or_forth(undo_last, "hoàn tác", "u")

    def action_redo(self) -> None:
        from cdstui.store.undo import redo_last

        self._step_back_or_forth(redo_last, "làm lại", "ctrl+y")

    def _step_back_or_forth(self, step, verb: str, key: str) -> None:
        """Undo (``undo_last``) or redo (``redo_last``), and say which values came back."""
        if check_for_changes(self.app, self.ctx):
            self.notify(
                f"Dữ liệu vừa được cập nhật ở chương trình khác; kế hoạch đang được tải lại. Xem lại rồi nhấn {key} lần nữa.",
                severity="warning",
            )
            return
        try:
            changes = step(self.ctx.store, self.ctx.plan_id) if self.ctx.plan_id is not None else None
        except Exception as exc:  # noqa: BLE001 - shown to the officer, not a traceback
            self.notify(f"Không {verb} được: {exc}", severity="error", timeout=10)
            return
        if not changes:
            self.notify(f"Không còn thay đổi nào để {verb}.")
            return
        codes = {vr.row_id: vr.code for vr in self.table.rows}
        self.notify(f"Đã {verb} {values_back(changes, codes)}", timeout=6)
        self.reload(keep_row_id=changes[0].row_id)

    def action_filter(self) -> None:
        choices: list[tuple[str, str]] = [("none", "Tất cả (bỏ lọc)")]
        choices += [(f"status:{s}", f"Tình trạng: {label}") for s, label in STATUS_LABELS.items()]
        choices += [("overdue", "Quá hạn"), ("due_soon", "Đến hạn trong 30 ngày")]
        choices.append(("no_result", NO_RESULT_FILTER.label))
        choices.append(("changed", CHANGED_FILTER.label))
        agencies = lead_agencies(self.table.rows)
        choices += [(f"lead:{a}", f"Chủ trì: {a}") for a in agencies]
        current = self.row_filter.key if self.row_filter else "none"
        from cdstui.tui.widgets.choice_modal import ChoiceModal  # not needed before the first paint

        def chosen(key: str | None) -> None:
            if key is None:
                return
            self.set_filter(key)

        self.app.push_screen(ChoiceModal("Lọc nhiệm vụ theo", choices, current), chosen)

    def set_filter(self, key: str) -> None:
        """Apply a filter by key: "none", "status:done", "overdue", "due_soon", "changed", "lead:…"."""
        row_filter: RowFilter | None
        if key == "none":
            row_filter = None
        elif key.startswith("status:"):
            status = key.split(":", 1)[1]
            row_filter = status_filter(status, STATUS_LABELS.get(status, status))
        elif key.startswith("lead:"):
            row_filter = lead_filter(key.split(":", 1)[1])
        else:
            row_filter = {
                "overdue": OVERDUE_FILTER,
                "due_soon": DUE_SOON_FILTER,
                "changed": CHANGED_FILTER,
                "no_result": NO_RESULT_FILTER,
            }[key]
        self.row_filter = row_filter
        self.table.set_filter(row_filter)
        if row_filter is not None and self.table.matches:
            self.table.first_match()
        self._show_filter_line()
        self.table.focus()

    def action_fold_all(self) -> None:
        self.table.fold_all()

    def action_unfold_all(self) -> None:
        self.table.unfold_all()

    def action_history(self) -> None:
        vr = self._selected_task()
        if vr is None:
            return
        from cdstui.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.ctx, vr.row_id))

    def action_add_entry(self) -> None:
        """n: a progress entry for the selected task, in one key (the form writes it and says so)."""
        from cdstui.tui.widgets.entry_form import EntryForm

        vr = self._selected_task()
        if vr is not None:
            self.app.push_screen(EntryForm(self.ctx, vr.row))

    def action_indicators(self) -> None:
        from cdstui.tui.screens.indicators import IndicatorsScreen

        self.app.push_screen(IndicatorsScreen(self.ctx))

    def action_overview(self) -> None:
        from cdstui.tui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen(self.ctx))

    def action_export(self) -> None:
        from cdstui.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.ctx))

    def action_narrative(self) -> None:
        from cdstui.tui.screens.narrative import NarrativeScreen

        self.app.push_screen(NarrativeScreen(self.ctx))

    def action_settings(self) -> None:
        from cdstui.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen(self.ctx))

    def action_help(self) -> None:
        from cdstui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self.ctx))

    def action_choose_plan(self) -> None:
        plans = self.ctx.store.list_plans()
        if len(plans) < 2:
            self.notify("Cơ sở dữ liệu chỉ có một kế hoạch.")
            return
        # each plan's tables without their rows: its date and appendix labels
        choices = [(str(p.id), plan_choice_label(p, self.ctx.store.load_plan(p.id, head=0))) for p in plans]

        from cdstui.tui.widgets.choice_modal import ChoiceModal

        def chosen(key: str | None) -> None:
            if key is not None and int(key) != self.ctx.plan_id:
                self.post_message(PlanSwitched(int(key)))

        self.app.push_screen(ChoiceModal("Chọn kế hoạch", choices, str(self.ctx.plan_id)), chosen)

    def action_import_file(self) -> None:
        from cdstui.tui.screens.import_file import ImportScreen

        def imported(plan_id: int | None) -> None:
            if plan_id is None:
                return
            if plan_id != self.ctx.plan_id:
                self.post_message(PlanSwitched(plan_id))
            else:
                self.data_changed(DataChanged(plan_id))

        self.app.push_screen(ImportScreen(self.ctx), imported)

    # -- the calendar of reports (issue 12) ------------------------------------
    def action_calendar(self) -> None:
        from cdstui.tui.screens.calendar import CalendarScreen

        if self.ctx.plan_id is None:
            self.notify("Cơ sở dữ liệu chưa có kế hoạch nào.", severity="warning")
            return
        self.app.push_screen(CalendarScreen(self.ctx))

    @on(PlanSwitched)
    def _switch_plan(self, message: PlanSwitched) -> None:
        self.ctx.plan_id = message.plan_id
        self.ctx.plan = None
        self.ctx.task_count = None
        self.row_filter = None
        self.table.set_filter(None)
        if self.search_bar is not None:
            self.search_bar.value = ""
            self.search_bar.close()
        self.table.set_query("")
        self.table.folded.clear()
        self.table.loaded = False
        self.reload()
