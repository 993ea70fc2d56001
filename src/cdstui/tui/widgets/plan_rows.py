"""The rows the plan screen shows, computed once per load (no Textual here).

``build_view_rows(plan, today)`` flattens the plan's task tables into
``ViewRow`` items with everything the list needs to draw and filter quickly:
the full TT code path ("III.4.2.1"), the depth, the parent and ancestors,
the parsed due date and its overdue / due-soon marks, the folded search text
and, for sections and groups, the rolled-up progress (done/total).
``visible_rows`` applies folding, the search query and a filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable

from cdstui.domain.deadlines import due_date
from cdstui.domain.model import Plan, Row, Table
from cdstui.domain.progress import is_due_within, is_overdue
from cdstui.domain.text import fold

# Fields the search looks into (issue 3): title, lead, partners, result, note.
SEARCH_FIELDS = ("title", "lead", "partners", "result", "note")


@dataclass
class ViewRow:
    index: int
    row: Row
    kind: str  # "table" | "section" | "group" | "task"
    depth: int
    code: str  # full code path as shown: "III.4.2.1"
    parent: int | None
    ancestors: tuple[int, ...]
    title: str = ""
    due: date | None = None
    overdue: bool = False
    due_soon: bool = False
    # folded text of the searched fields; None until indexed (see index_search_text)
    search_text: str | None = None
    done: int = 0
    total: int = 0
    overdue_count: int = 0
    changed: bool = False

    @property
    def is_container(self) -> bool:
        return self.kind in ("table", "section", "group")

    @property
    def row_id(self) -> int | None:
        return self.row.id


def join_code(parent_code: str, parent_own: str, own: str) -> str:
    """The code path of a row from its parent's: "III" + "4.2.1" -> "III.4.2.1".

    A child whose own code already extends its parent's ("4.2" under "4")
    replaces it; otherwise the codes are joined with a dot.
    """
    if not own:
        return parent_code
    if not parent_code:
        return own
    if parent_own and own.startswith(parent_own + "."):
        base = parent_code[: len(parent_code) - len(parent_own)]
        return base + own
    return f"{parent_code}.{own}"


def split_agencies(lead: str) -> list[str]:
    """ "Văn phòng Đảng ủy phường; Ủy ban MTTQ" -> the agencies, one each."""
    parts = [p.strip(" ;,.\n") for p in lead.replace("\n", ";").split(";")]
    return [p for p in parts if p]


def build_view_rows(
    plan: Plan, today: date, changed_ids: Iterable[int] = (), *, index: bool = True
) -> list[ViewRow]:
    """Flatten the plan's task tables into view rows (document order).

    With ``index=False`` the tasks' folded search text is left for
    ``index_search_text`` (the app draws the list first, then indexes).
    """
    changed = set(changed_ids)
    year = plan.year or today.year
    out: list[ViewRow] = []
    task_tables = [t for t in plan.tables if t.kind == "tasks"]
    for table in task_tables:
        table_index: int | None = None
        if len(task_tables) > 1:  # several tables: each is a row above its own rows
            table_index = len(out)
            out.append(_table_view_row(table_heading(table) or "Bảng nhiệm vụ", table_index))
        by_key: dict[tuple[str, ...], int] = {}  # (*path, code) -> index of that row
        for row in table.rows:
            if row.kind not in ("section", "group", "task"):
                continue
            vr = _view_row(row, out, _parent_index(row, by_key, table_index))
            if row.code:
                by_key[(*row.path, row.code)] = vr.index
            if row.kind == "task":
                refresh_task(vr, year, today, index=index)
                vr.changed = row.id in changed
            else:
                vr.search_text = fold(row.title)
            out.append(vr)
    rollup(out)
    return out


def table_heading(table: Table) -> str:
    """ "Phụ lục II — DANH MỤC NHIỆM VỤ …": the appendix a table is printed in, and its
    title; the table's own title when it is not in a labelled appendix."""
    title = table.appendix.title or table.title
    label = table.appendix.label
    return f"{label} — {title}" if label and title else label or title


def _table_view_row(title: str, index: int) -> ViewRow:
    return ViewRow(
        index=index,
        row=Row(kind="section", title=title),
        kind="table",
        depth=0,
        code="",
        parent=None,
        ancestors=(),
        title=title,
        search_text="",
    )


def _parent_index(row: Row, by_key: dict[tuple[str, ...], int], table_index: int | None) -> int | None:
    """The row's parent: its path's row, or the nearest one up the path when a
    parent is missing from the table; else the table's own row (if any)."""
    for cut in range(len(row.path), 0, -1):
        parent = by_key.get(tuple(row.path[:cut]))
        if parent is not None:
            return parent
    return table_index


def _view_row(row: Row, out: list[ViewRow], parent: int | None) -> ViewRow:
    """The view row of ``row``, placed under ``parent`` (an index into ``out``)."""
    if parent is None:
        code, ancestors, depth = row.code, (), 0
    else:
        p = out[parent]
        code = join_code(p.code, p.row.code if p.kind != "table" else "", row.code)
        ancestors, depth = (*p.ancestors, parent), p.depth + 1
    return ViewRow(
        index=len(out),
        row=row,
        kind=row.kind,
        depth=depth,
        code=code,
        parent=parent,
        ancestors=ancestors,
        title=row.title,
    )


def refresh_task(vr: ViewRow, year: int, today: date, *, index: bool = True) -> None:
    """Recompute a task's due marks and search text after its row changed."""
    row = vr.row
    vr.title = row.title
    vr.due = due_date(row.deadline, year)
    vr.overdue = is_overdue(vr.due, row.status, today)
    vr.due_soon = not vr.overdue and is_due_within(vr.due, row.status, today)
    vr.search_text = task_search_text(row) if index else None


def task_search_text(row: Row, cache: dict[str, str] | None = None) -> str:
    """The folded text that search looks into: title, lead, partners, result, note."""
    parts = []
    for name in SEARCH_FIELDS:
        value = getattr(row, name) or ""
        if cache is None or name == "title":
            parts.append(fold(value))
            continue
        folded = cache.get(value)
        if folded is None:
            folded = cache[value] = fold(value)
        parts.append(folded)
    return "\n".join(parts)


def index_search_text(rows: list[ViewRow]) -> None:
    """Fold the searched text of every task not indexed yet (repeated cells folded once)."""
    cache: dict[str, str] = {}
    for vr in rows:
        if vr.search_text is None:
            vr.search_text = task_search_text(vr.row, cache)


def rollup(rows: list[ViewRow]) -> None:
    """done/total (and overdue) of every container, from its tasks.

    Tasks marked "không giao" count in neither.
    """
    for vr in rows:
        if vr.is_container:
            vr.done = vr.total = vr.overdue_count = 0
    for vr in rows:
        if vr.kind != "task" or vr.row.status == "not_assigned":
            continue
        is_done = vr.row.status == "done"
        for a in vr.ancestors:
            anc = rows[a]
            anc.total += 1
            anc.done += is_done
            anc.overdue_count += vr.overdue


# --- filters ----------------------------------------------------------------


@dataclass(frozen=True)
class RowFilter:
    """A filter of the task list: a label for the status line and a test."""

    key: str
    label: str
    test: Callable[[ViewRow], bool] = field(compare=False)


def status_filter(status: str, label: str) -> RowFilter:
    return RowFilter(f"status:{status}", f"Tình trạng: {label}", lambda vr: vr.row.status == status)


def lead_filter(agency: str) -> RowFilter:
    key = fold(agency)
    return RowFilter(
        f"lead:{agency}",
        f"Chủ trì: {agency}",
        lambda vr: any(fold(a) == key for a in split_agencies(vr.row.lead)),
    )


OVERDUE_FILTER = RowFilter("overdue", "Quá hạn", lambda vr: vr.overdue)
DUE_SOON_FILTER = RowFilter("due_soon", "Đến hạn trong 30 ngày", lambda vr: vr.due_soon)
CHANGED_FILTER = RowFilter("changed", "Thay đổi từ lần báo cáo trước", lambda vr: vr.changed)


def lacks_result(vr: ViewRow) -> bool:
    """A task still without a result for the next report (not-assigned rows need none)."""
    return vr.kind == "task" and vr.row.status != "not_assigned" and not vr.row.result.strip()


NO_RESULT_FILTER = RowFilter("no_result", "Chưa có kết quả cho báo cáo", lacks_result)


def lead_agencies(rows: list[ViewRow]) -> list[str]:
    """Distinct lead agencies of the tasks, most frequent first."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for vr in rows:
        if vr.kind != "task":
            continue
        for a in split_agencies(vr.row.lead):
            k = fold(a)
            counts[k] = counts.get(k, 0) + 1
            names.setdefault(k, a)
    return [names[k] for k in sorted(counts, key=lambda k: (-counts[k], k))]


def visible_rows(
    rows: list[ViewRow],
    folded: set[int],
    query: str = "",
    row_filter: RowFilter | None = None,
    within: list[int] | None = None,
    *,
    containers: list[ViewRow] | None = None,
    tasks: list[ViewRow] | None = None,
) -> tuple[list[int], list[int]]:
    """Indexes to show, and the indexes of the tasks that matched.

    Without a query or filter: every row whose ancestors are all unfolded.
    With one: the matching tasks plus their ancestor rows (folding ignored,
    so nothing that matches is hidden), and sections or groups whose own
    title matches. ``within`` limits the tasks looked at (the matches of a
    shorter query that this one extends); ``containers`` and ``tasks`` are
    the rows of each kind, when the caller keeps them.
    """
    needle = fold(query).strip()
    if not needle and row_filter is None:
        if not folded:
            return [vr.index for vr in rows], []
        shown = [vr.index for vr in rows if not any(a in folded for a in vr.ancestors)]
        return shown, []
    matches: list[int] = []
    keep: set[int] = set()
    test = row_filter.test if row_filter is not None else None
    if needle and test is None:
        for vr in containers if containers is not None else (v for v in rows if v.is_container):
            if needle in (vr.search_text or ""):
                keep.add(vr.index)
                keep.update(vr.ancestors)
    if within is not None:
        candidates = [rows[i] for i in within]
    else:
        candidates = tasks if tasks is not None else [vr for vr in rows if vr.kind == "task"]
    for vr in candidates:
        if needle:
            text = vr.search_text
            if text is None:
                text = vr.search_text = task_search_text(vr.row)
            if needle not in text:
                continue
        if test is not None and not test(vr):
            continue
        matches.append(vr.index)
        keep.add(vr.index)
        keep.update(vr.ancestors)
    return sorted(keep), matches
