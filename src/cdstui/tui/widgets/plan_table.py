"""The plan's task list: a line-API widget that draws only the rows on screen.

Like toolong's LogLines, ``PlanTable`` subclasses ``ScrollView`` and
implements ``render_line``: it keeps the list of visible row indexes (after
folding, search and filter) and builds the strips of the lines in view only,
so a plan of thousands of tasks opens and filters at once. Cells are
``rich.text.Text`` (task text contains brackets; it is never parsed as markup).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cdstui.domain.labels import STATUS_LABELS
from cdstui.domain.text import fold
from cdstui.tui.actions import bindings
from cdstui.tui.component_style import component_style
from cdstui.tui.text_fit import fit, one_line
from cdstui.tui.widgets.plan_rows import RowFilter, ViewRow, visible_rows


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int


TITLE_MIN = 24  # the task's title keeps at least this many cells before Chủ trì goes
LEAD_NARROW = 12  # Chủ trì below 110 columns (100×30 keeps it)


def layout_columns(width: int, code_width: int = 12) -> list[Column]:
    """Column widths for a line ``width`` cells wide (one space between columns).

    What shrinks first as the terminal narrows: the title (to ``TITLE_MIN``
    cells), then Chủ trì (from 18 or 22 cells to 12, then it goes, below
    about 96 columns); TT narrows a little; the deadline, the due mark, the
    status and the completion always stay.
    """
    wide = width >= 110
    code_w = max(6, min(code_width, 16 if wide else 14))
    head = [
        Column("mark", "", 1),
        Column("code", "TT", code_w),
        Column("title", "Nhiệm vụ", 0),
    ]
    tail = [
        Column("deadline", "Thời hạn", 14 if wide else 10),
        Column("flag", "Hạn", 7),
        Column("status", "Tình trạng", 15),
        Column("completion", "Mức độ", 7 if wide else 6),
    ]
    lead = Column("lead", "Chủ trì", 22 if width >= 150 else 18 if wide else LEAD_NARROW)
    cols = head + [lead] + tail
    if width - _used(cols) < TITLE_MIN and not wide:
        cols = head + tail
    title_w = max(8, width - _used(cols))
    return [Column(c.key, c.label, title_w) if c.key == "title" else c for c in cols]


def _used(cols: list[Column]) -> int:
    """The cells the columns other than the title take, with the spaces between columns."""
    return sum(c.width for c in cols) + (len(cols) - 1)


class PlanTable(ScrollView, can_focus=True):
    """Sections, groups and tasks of a plan, one line each."""

    BINDINGS = bindings("list")

    COMPONENT_CLASSES = {
        "plan-table--cursor",
        "plan-table--cursor-blur",
        "plan-table--section",
        "plan-table--group",
        "plan-table--context",
        "plan-table--code",
        "plan-table--muted",
        "plan-table--not-started",
        "plan-table--in-progress",
        "plan-table--done",
        "plan-table--not-assigned",
        "plan-table--overdue",
        "plan-table--due-soon",
        "plan-table--changed",
    }

    DEFAULT_CSS = """
    PlanTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    cursor: reactive[int] = reactive(0, repaint=False, always_update=True)

    class _RowMessage(Message):
        def __init__(self, table: "PlanTable", view_row: ViewRow | None) -> None:
            super().__init__()
            self.table = table
            self.view_row = view_row

        @property
        def control(self) -> "PlanTable":
            return self.table

    class RowActivated(_RowMessage):
        """Enter on a task (sections and groups fold instead)."""

    class CursorMoved(_RowMessage):
        """The cursor is on another line (None: the list is empty)."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: list[ViewRow] = []
        self.shown: list[int] = []
        self.matches: list[int] = []
        self.folded: set[int] = set()
        self.search_query = ""
        self.row_filter: RowFilter | None = None
        self.loaded = False
        self.partial = False  # only the first screenful of a big plan so far: no roll-ups yet
        # what an empty list says once loaded (the screen knows where to point: indicators, import)
        self.empty_text = "Kế hoạch này chưa có nhiệm vụ nào."
        self._code_width = 12
        self._line_cache: LRUCache[tuple, Strip] = LRUCache(maxsize=2000)
        self._columns: list[Column] = []
        self._columns_width = -1
        self._last_search: tuple[str, RowFilter | None] = ("", None)
        self._containers: list[ViewRow] = []
        self._tasks: list[ViewRow] = []
        # while render_lines draws: the list's style, and its component styles by name
        self._frame_base: Style | None = None
        self._frame_styles: dict[str, Style] | None = None

    # -- data -------------------------------------------------------------
    def set_rows(self, rows: list[ViewRow], *, keep_row_id: int | None = None, partial: bool = False) -> None:
        """Show a freshly loaded plan; keep the cursor on ``keep_row_id`` if given.

        ``partial``: the first rows of a big plan, shown while the rest loads;
        sections and groups show no roll-up until the whole plan is set.
        """
        if keep_row_id is None and self.loaded:
            current = self.current
            keep_row_id = current.row_id if current else None
        old_folded_ids = {self.rows[i].row_id for i in self.folded if i < len(self.rows)}
        self.rows = rows
        self.shown = []  # positions into the old rows: none of them may be read against the new ones
        self._containers = [vr for vr in rows if vr.is_container]
        self._tasks = [vr for vr in rows if vr.kind == "task"]
        self._last_search = ("", None)
        self.folded = {vr.index for vr in rows if vr.row_id is not None and vr.row_id in old_folded_ids}
        self.loaded = True
        self.partial = partial
        self._line_cache.clear()
        self._code_width = max([len(vr.code) + vr.depth + 2 for vr in rows] or [6])
        self._columns_width = -1
        self._recompute(keep_row_id=keep_row_id)

    def update_row(self, index: int) -> None:
        """One row changed (status cycled): redraw it and its ancestors."""
        self._line_cache.clear()
        self.refresh()

    def set_query(self, query: str) -> None:
        self.search_query = query
        self._recompute()

    def set_filter(self, row_filter: RowFilter | None) -> None:
        self.row_filter = row_filter
        self._recompute()

    @property
    def filtering(self) -> bool:
        return bool(self.search_query.strip()) or self.row_filter is not None

    def _recompute(self, *, keep_row_id: int | None = None) -> None:
        current = self.current
        keep_index = None
        if keep_row_id is not None:
            keep_index = next((vr.index for vr in self.rows if vr.row_id == keep_row_id), None)
        elif current is not None:
            keep_index = current.index
        within = None
        needle = self.search_query.strip()
        last_needle, last_filter = self._last_search
        if needle and last_needle and needle.startswith(last_needle) and last_filter is self.row_filter and not fold_changed(last_needle, needle):
            within = self.matches  # typing on narrows the last matches
        self.shown, self.matches = visible_rows(
            self.rows,
            self.folded,
            self.search_query,
            self.row_filter,
            within,
            containers=self._containers,
            tasks=self._tasks,
        )
        self._last_search = (needle, self.row_filter)
        self._set_virtual_height(len(self.shown))
        if keep_index is not None:
            pos = self._position_of(keep_index)
            if pos is None:
                # the row went out of view: the nearest visible row before it
                pos = 0
                for p, idx in enumerate(self.shown):
                    if idx > keep_index:
                        break
                    pos = p
            self.cursor = pos
        else:
            self.cursor = min(self.cursor, max(0, len(self.shown) - 1))
        self.refresh()

    def _set_virtual_height(self, height: int) -> None:
        """Change the number of lines to scroll through, without a layout pass.

        Assigning ``virtual_size`` asks for a layout of the whole screen, which
        costs more than the rest of a search keystroke (bench/bench_tui.py).
        The list's own size never depends on its height (its scrollbar is
        always shown), so the value is set without its watchers and the
        scrollbar is given the new height, as a layout would give it.
        """
        size = Size(self.scrollable_content_region.width, height)
        if size == self.virtual_size:
            return
        if not self.is_mounted or not self.size.area:
            self.virtual_size = size  # not laid out yet: the first layout is coming anyway
            return
        self.set_reactive(PlanTable.virtual_size, size)
        self.vertical_scrollbar.window_virtual_size = height
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def _position_of(self, index: int) -> int | None:
        # visible is sorted: bisect
        import bisect

        pos = bisect.bisect_left(self.shown, index)
        if pos < len(self.shown) and self.shown[pos] == index:
            return pos
        return None

    @property
    def current(self) -> ViewRow | None:
        if not self.shown or not 0 <= self.cursor < len(self.shown):
            return None
        return self.rows[self.shown[self.cursor]]

    def move_to_index(self, index: int) -> bool:
        """Put the cursor on row ``index`` (unfolding its ancestors)."""
        if not 0 <= index < len(self.rows):
            return False
        vr = self.rows[index]
        if any(a in self.folded for a in vr.ancestors):
            self.folded.difference_update(vr.ancestors)
            self._recompute()
        pos = self._position_of(index)
        if pos is None:
            return False
        self.cursor = pos
        return True

    def move_to_row_id(self, row_id: int) -> bool:
        for vr in self.rows:
            if vr.row_id == row_id:
                return self.move_to_index(vr.index)
        return False

    def first_match(self) -> bool:
        if self.matches:
            return self.move_to_index(self.matches[0])
        return False

    # -- folding ----------------------------------------------------------
    def toggle_fold(self, index: int | None = None) -> None:
        vr = self.current if index is None else self.rows[index]
        if vr is None or not vr.is_container:
            return
        if vr.index in self.folded:
            self.folded.discard(vr.index)
        else:
            self.folded.add(vr.index)
        self._recompute(keep_row_id=None)
        pos = self._position_of(vr.index)
        if pos is not None:
            self.cursor = pos

    def fold_all(self) -> None:
        current = self.current
        self.folded = {vr.index for vr in self.rows if vr.kind in ("table", "section")}
        top = None
        if current is not None:
            chain = (*current.ancestors, current.index)
            top = next((i for i in chain if self.rows[i].kind in ("table", "section")), current.index)
        self._recompute()
        if top is not None:
            pos = self._position_of(top)
            if pos is not None:
                self.cursor = pos

    def unfold_all(self) -> None:
        self.folded.clear()
        self._recompute()

    # -- cursor -------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        if not self.shown:
            return 0
        return max(0, min(value, len(self.shown) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self._scroll_cursor_into_view()
        self.post_message(self.CursorMoved(self, self.current))

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.shown) - 1

    def action_activate(self) -> None:
        vr = self.current
        if vr is None:
            return
        if vr.is_container:
            self.toggle_fold()
        else:
            self.post_message(self.RowActivated(self, vr))

    def action_toggle(self) -> None:
        vr = self.current
        if vr is not None and vr.is_container:
            self.toggle_fold()

    def on_click(self, event: events.Click) -> None:
        y = event.y
        pos = int(self.scroll_y) + y
        if 0 <= pos < len(self.shown):
            was = self.cursor
            self.cursor = pos
            if event.chain >= 2 and was == pos:
                self.action_activate()

    # -- drawing ----------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        # the line cache is keyed by width: lines drawn before the first
        # resize event (the first frame) stay good for this size
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.shown))
        self._scroll_cursor_into_view()

    def columns(self) -> list[Column]:
        width = self.scrollable_content_region.width
        if width != self._columns_width:
            self._columns = layout_columns(width, self._code_width)
            self._columns_width = width
        return self._columns

    def header_text(self, width: int) -> Text:
        """The column titles, aligned with the lines (drawn by the screen above the list)."""
        cols = layout_columns(width, self._code_width)
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, col in enumerate(cols):
            if i:
                text.append(" ")
            text.append(fit(col.label, col.width))
        return text

    def placeholder(self) -> str:
        """What the list says when it shows no line: no match, or no task at all."""
        if not self.loaded or self.shown:
            return ""
        if self.filtering:
            query = self.search_query.strip()
            what = f"khớp «{query}»" if query else f"theo bộ lọc «{self.row_filter.label}»" if self.row_filter else ""
            return f"Không có nhiệm vụ nào {what}. Esc: bỏ tìm kiếm và bộ lọc."
        return self.empty_text

    def render_lines(self, crop: Region) -> list[Strip]:
        # The list's style and its component classes' styles are looked up once
        # for all the lines drawn together, not once per line: Textual works
        # each one out anew, walking the widget's ancestors.
        self._frame_styles = {}
        self._frame_base = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_styles = self._frame_base = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        pos = int(self.scroll_y) + y
        base = self.rich_style if self._frame_base is None else self._frame_base
        if not 0 <= pos < len(self.shown):
            if y == 1 and not self.shown:
                return self._placeholder_line(width, base)
            return Strip.blank(width, base)
        is_cursor = pos == self.cursor
        focused = self.has_focus
        index = self.shown[pos]
        # keyed by row, not position: rows that stay on screen while a search
        # is typed are not built again; by theme and base style, which a style
        # update (focus, theme switch) may change
        key = (index, width, is_cursor, focused, self.filtering, index in self.folded, self.app.theme, base)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._build_line(self.rows[self.shown[pos]], width, is_cursor, focused, base)
            self._line_cache[key] = strip
        return strip

    def _placeholder_line(self, width: int, base: Style) -> Strip:
        text = fit("  " + self.placeholder(), width)
        style = base + self._style("plan-table--muted")
        return Strip([Segment(text, style)], width)

    def _style(self, name: str) -> Style:
        styles = self._frame_styles
        if styles is None:  # a line asked for on its own (not by render_lines)
            return component_style(self, name)
        style = styles.get(name)
        if style is None:
            style = styles[name] = component_style(self, name)
        return style

    def _build_line(self, vr: ViewRow, width: int, is_cursor: bool, focused: bool, base: Style) -> Strip:
        """One line as segments: each cell cut or padded to its column (no markup, no wrapping)."""
        cols = self.columns()
        cells = self.cells(vr)
        line_style = base
        if is_cursor:
            line_style = base + self._style("plan-table--cursor" if focused else "plan-table--cursor-blur")
        if vr.kind in ("section", "table"):
            line_style = line_style + self._style("plan-table--section")
        elif vr.kind == "group":
            line_style = line_style + self._style("plan-table--group")
        if self.filtering and vr.is_container:
            line_style = line_style + self._style("plan-table--context")
        segments: list[Segment] = []
        append = segments.append
        space = Segment(" ", line_style)
        for i, col in enumerate(cols):
            if i:
                append(space)
            cell = cells.get(col.key)
            if cell is None:
                append(Segment(" " * col.width, line_style))
                continue
            style = cell.style
            # the cursor line is drawn in the cursor's colours (cells' colours are
            # unreadable on its background, in the light theme above all)
            own = isinstance(style, Style) and not is_cursor
            append(Segment(fit(cell.plain, col.width), line_style + style if own else line_style))
        total = sum(c.width for c in cols) + len(cols) - 1
        # neighbours of one style joined: half the segments for Textual to crop and filter
        strip = Strip(Segment.simplify(segments), total)
        if total != width:
            strip = strip.adjust_cell_length(width, line_style)
        return strip

    def cells(self, vr: ViewRow) -> dict[str, Text]:
        """The cells of one line, as rich Text (never markup)."""
        row = vr.row
        cells: dict[str, Text] = {}
        if vr.changed:
            cells["mark"] = Text("•", style=self._style("plan-table--changed"))
        indent = " " * vr.depth
        if vr.is_container:
            arrow = "▸ " if vr.index in self.folded and not self.filtering else "▾ "
        else:
            arrow = "  "
        code = Text(indent + arrow + vr.code, style=self._style("plan-table--code"))
        cells["code"] = code
        cells["title"] = Text(one_line(vr.title))
        if vr.kind == "task":
            cells["lead"] = Text(one_line(row.lead), style=self._style("plan-table--muted"))
            cells["deadline"] = Text(one_line(row.deadline))
            if vr.overdue:
                cells["flag"] = Text("Quá hạn", style=self._style("plan-table--overdue"))
            elif vr.due_soon:
                cells["flag"] = Text("Sắp hạn", style=self._style("plan-table--due-soon"))
            cells["status"] = Text(STATUS_LABELS.get(row.status, row.status), style=self._style(_STATUS_CLASS.get(row.status, "plan-table--muted")))
            cells["completion"] = Text(row.completion or "")
        elif self.partial:
            cells["status"] = Text("…", style=self._style("plan-table--muted"))
        else:
            if vr.total or vr.kind != "group":
                style = self._style("plan-table--done") if vr.total and vr.done == vr.total else Style()
                cells["status"] = Text(f"Xong {vr.done}/{vr.total}", style=style)
            if vr.overdue_count:
                cells["flag"] = Text(f"{vr.overdue_count} quá", style=self._style("plan-table--overdue"))
        return cells


def fold_changed(shorter: str, longer: str) -> bool:
    """True when folding the longer query does not extend the folded shorter one.

    (A combining mark typed after a letter changes the folded text before it.)
    """
    return not fold(longer).startswith(fold(shorter))


_STATUS_CLASS = {
    "not_started": "plan-table--not-started",
    "in_progress": "plan-table--in-progress",
    "done": "plan-table--done",
    "not_assigned": "plan-table--not-assigned",
}
