"""What re-importing a document into a plan will do, worked out before any write.

``plan_merge`` compares the plan as stored (its removed rows included) with
the document and returns a ``Merge``: for every table and row, what is kept,
changed, added, removed, or restored. It reads nothing and writes nothing, so
the store computes it outside its transaction and then writes it in one
short transaction; the command line prints it before the write.

Rows are paired by ``domain.matching`` (number, then title). A row that a
document dropped earlier is kept hidden with its progress; when a later
document brings it back (same kind, a similar title) it is restored with that
progress rather than added anew. Progress carried by the document only fills
what the officer left empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cdstui.domain.labels import row_label
from cdstui.domain.matching import SIMILARITY, match_rows, match_tables, title_similarity
from cdstui.domain.model import PLAN_FIELDS, PROGRESS_FIELDS, Plan, Row, Table
from cdstui.store.base import db_value

_EMPTY_PROGRESS = (None, "", "not_started")


@dataclass
class RowWrite:
    """A stored row paired with a row of the document."""

    row_id: int
    ord: int
    new: Row
    changes: dict[str, Any]  # field -> the document's value
    old: dict[str, Any]  # field -> the stored value it replaces
    restored: bool = False  # a row removed earlier, brought back
    reworded: bool = False  # paired by its title rather than its number
    moved: bool = True  # its place, path, kind or source line change (or it comes back)


@dataclass
class TableWrite:
    """One table of the document and the stored table it updates (None: a new table)."""

    table_id: int | None
    ord: int
    table: Table | None  # None: a stored table the document no longer has
    rows: list[RowWrite] = field(default_factory=list)
    inserts: list[tuple[int, Row]] = field(default_factory=list)  # (position, row)
    removals: list[Row] = field(default_factory=list)


@dataclass
class Merge:
    plan_id: int
    plan: Plan  # the document's plan
    tables: list[TableWrite] = field(default_factory=list)
    # the plan's task and indicator rows, and how many of them the document has
    # (same number or place and a similar title)
    total: int = 0
    overlap: int = 0

    @property
    def overlaps(self) -> bool:
        """The document is a version of this plan: at least half its rows match."""
        return 2 * self.overlap >= self.total

    def _leaf_writes(self) -> list[RowWrite]:
        return [w for t in self.tables for w in t.rows if w.new.is_leaf_kind]

    @property
    def kept(self) -> list[str]:
        return [row_label(w.new) for w in self._leaf_writes() if not w.changes and not w.restored]

    @property
    def changed(self) -> list[RowWrite]:
        return [w for w in self._leaf_writes() if w.changes and not w.restored]

    @property
    def restored(self) -> list[str]:
        return [row_label(w.new) for w in self._leaf_writes() if w.restored]

    @property
    def added(self) -> list[str]:
        return [row_label(r) for t in self.tables for _j, r in t.inserts if r.is_leaf_kind]

    @property
    def removed(self) -> list[str]:
        return [row_label(r) for t in self.tables for r in t.removals if r.is_leaf_kind]


def _changes(old: Row, new: Row) -> tuple[dict[str, Any], dict[str, Any]]:
    changes: dict[str, Any] = {}
    for name in PLAN_FIELDS:
        if db_value(name, getattr(new, name)) != db_value(name, getattr(old, name)):
            changes[name] = getattr(new, name)
    for name in PROGRESS_FIELDS:
        incoming, current = getattr(new, name), getattr(old, name)
        if incoming not in _EMPTY_PROGRESS and current in _EMPTY_PROGRESS:
            if db_value(name, incoming) != db_value(name, current):
                changes[name] = incoming
    return changes, {name: getattr(old, name) for name in changes}


def _pair(old: Row, i: int | None, new: Row, j: int, *, restored: bool = False, reworded: bool = False) -> RowWrite:
    """``old`` at place ``i`` among the table's live rows (None: a removed row) and ``new`` at ``j``."""
    changes, before = _changes(old, new)
    moved = i != j or (old.path, old.kind, old.source_line) != (new.path, new.kind, new.source_line)
    return RowWrite(old.id, j, new, changes, before, restored=restored, reworded=reworded, moved=moved)


def _similar(a: Row, b: Row) -> bool:
    return a.kind == b.kind and title_similarity(a.title, b.title) >= SIMILARITY


def _merge_table(write: TableWrite, old: Table, removed_ids: set[int]) -> int:
    """Fill ``write`` for a stored table and its document table; return the
    number of stored task/indicator rows the document has."""
    new_rows = write.table.rows
    live = [r for r in old.rows if r.id not in removed_ids]
    gone = [r for r in old.rows if r.id in removed_ids]
    m = match_rows(live, new_rows)
    reworded = {j for _i, j in m.by_title}
    overlap = 0
    for i, j in m.pairs:
        write.rows.append(_pair(live[i], i, new_rows[j], j, reworded=j in reworded))
        if live[i].is_leaf_kind and _similar(live[i], new_rows[j]):
            overlap += 1
    write.removals = [live[i] for i in m.removed]
    back = match_rows(gone, [new_rows[j] for j in m.added]) if gone and m.added else None
    restored: set[int] = set()
    for i, k in back.pairs if back else ():
        j = m.added[k]
        if _similar(gone[i], new_rows[j]):
            write.rows.append(_pair(gone[i], None, new_rows[j], j, restored=True))
            restored.add(j)
    write.inserts = [(j, new_rows[j]) for j in m.added if j not in restored]
    write.rows.sort(key=lambda w: w.ord)
    return overlap


def plan_merge(plan_id: int, old: Plan, new: Plan, removed_ids: set[int]) -> Merge:
    """What importing ``new`` into the stored plan ``old`` (loaded with its
    removed rows, whose ids are ``removed_ids``) will do."""
    merge = Merge(plan_id=plan_id, plan=new)
    merge.total = sum(r.is_leaf_kind and r.id not in removed_ids for r in old.rows())
    for old_i, new_i in match_tables(old.tables, new.tables):
        if new_i is None:
            stored = old.tables[old_i]
            gone = [r for r in stored.rows if r.id not in removed_ids]
            merge.tables.append(TableWrite(stored.id, old_i, None, removals=gone))
            continue
        table = new.tables[new_i]
        if old_i is None:
            merge.tables.append(TableWrite(None, new_i, table, inserts=list(enumerate(table.rows))))
            continue
        write = TableWrite(old.tables[old_i].id, new_i, table)
        merge.overlap += _merge_table(write, old.tables[old_i], removed_ids)
        merge.tables.append(write)
    return merge
