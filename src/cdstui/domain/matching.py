"""Match the rows of a plan already in the database with those of a revised
plan document, so that re-importing keeps every task's progress.

Rows are matched by table, path and code first, then by title similarity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from cdstui.domain.model import Row, Table
from cdstui.domain.text import fold

SIMILARITY = 0.6


@dataclass
class RowMatch:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (old index, new index)
    added: list[int] = field(default_factory=list)  # new indexes
    removed: list[int] = field(default_factory=list)  # old indexes
    by_title: list[tuple[int, int]] = field(default_factory=list)  # pairs matched by similarity


def _key(row: Row) -> tuple:
    return (row.kind in ("task", "indicator"), tuple(row.path), row.code)


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are, 0 to 1, diacritics and case aside."""
    if a == b:
        return 1.0
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return 1.0
    return SequenceMatcher(None, fa, fb, autojunk=False).ratio()


def match_rows(old: list[Row], new: list[Row]) -> RowMatch:
    """Pair old rows with new rows of the same table."""
    result = RowMatch()
    used_old: set[int] = set()
    used_new: set[int] = set()

    # 1. exact: same path and code (codes are unique within a path in practice;
    #    rows without a code fall through to titles)
    index: dict[tuple, list[int]] = {}
    for i, row in enumerate(old):
        if row.code:
            index.setdefault(_key(row), []).append(i)
    for j, row in enumerate(new):
        if not row.code:
            continue
        candidates = [i for i in index.get(_key(row), []) if i not in used_old]
        if not candidates:
            continue
        # several old rows with the same key: take the most similar title
        best = candidates[0] if len(candidates) == 1 else max(candidates, key=lambda i: title_similarity(old[i].title, row.title))
        used_old.add(best)
        used_new.add(j)
        result.pairs.append((best, j))

    # 2. same title (folded), any position
    by_title: dict[tuple, list[int]] = {}
    for i, row in enumerate(old):
        if i not in used_old:
            by_title.setdefault((row.kind, fold(row.title)), []).append(i)
    for j, row in enumerate(new):
        if j in used_new:
            continue
        candidates = [i for i in by_title.get((row.kind, fold(row.title)), []) if i not in used_old]
        if candidates:
            used_old.add(candidates[0])
            used_new.add(j)
            result.pairs.append((candidates[0], j))
            result.by_title.append((candidates[0], j))

    # 3. similar title, same kind (reworded, renumbered)
    scored = []
    for j, row in enumerate(new):
        if j in used_new:
            continue
        for i, orow in enumerate(old):
            if i in used_old or orow.kind != row.kind:
                continue
            score = title_similarity(orow.title, row.title)
            if score >= SIMILARITY:
                scored.append((score, i, j))
    for score, i, j in sorted(scored, reverse=True):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        result.pairs.append((i, j))
        result.by_title.append((i, j))

    result.added = [j for j in range(len(new)) if j not in used_new]
    result.removed = [i for i in range(len(old)) if i not in used_old]
    result.pairs.sort(key=lambda p: p[1])
    return result


def match_tables(old: list[Table], new: list[Table]) -> list[tuple[int | None, int | None]]:
    """Pair tables by kind and title, then by kind and order."""
    pairs: list[tuple[int | None, int | None]] = []
    used: set[int] = set()
    for j, t in enumerate(new):
        found = next(
            (i for i, o in enumerate(old) if i not in used and o.kind == t.kind and fold(o.title) == fold(t.title)),
            None,
        )
        if found is None:
            found = next((i for i, o in enumerate(old) if i not in used and o.kind == t.kind), None)
        if found is not None:
            used.add(found)
        pairs.append((found, j))
    pairs.extend((i, None) for i in range(len(old)) if i not in used)
    return pairs
