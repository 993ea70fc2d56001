"""Counts of a plan's progress: per top section, per kind of task, indicators.

Used by the app's overview and by the report's "Tổng hợp" sheet. Pure: takes
a loaded ``Plan`` and the day to count overdue tasks as of; no I/O.

The groups are the plan's own top-level sections, as written (a task table's
top-level rows: I, II… or A, B…, or numbered groups); tasks outside any
section are counted apart under an empty code. A kind of task
(``labels.CATEGORY_LABELS`` keys) is given only where the document names it
for that section, in its title: "đột phá" → breakthrough, "trọng tâm" →
focus, "thường xuyên" → regular (diacritics and case ignored, so the typo
"THƯỜNG XUYỀN" counts). A section whose title names none has no kind, and
no group is made up for it.

One task total everywhere: ``StatusCounts.total`` counts the tasks assigned
to the ward; "Không giao" tasks are counted apart (``not_assigned``) and are
never part of a total or of a rate's denominator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from cdstui.domain.counts import StatusCounts
from cdstui.domain.deadlines import due_date
from cdstui.domain.labels import CATEGORY_LABELS, row_number
from cdstui.domain.model import Plan, Row
from cdstui.domain.progress import is_due_within, is_overdue
from cdstui.domain.text import fold

__all__ = [
    "CATEGORY_ORDER",
    "StatusCounts",
    "SectionSummary",
    "CategorySummary",
    "TaskDue",
    "Summary",
    "category_of",
    "roman_value",
    "indicator_met",
    "summarize",
]

CATEGORY_ORDER = ("breakthrough", "focus", "regular")

_TITLE_WORDS = (
    ("dot pha", "breakthrough"),
    ("trong tam", "focus"),
    ("thuong xuyen", "regular"),
)
_ROMAN = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(code: str) -> int | None:
    """The value of a Roman section number ("IX" -> 9, "ix." -> 9); None when not Roman."""
    text = (code or "").strip().rstrip(".").upper()
    if not text or not _ROMAN.match(text):
        return None
    total = 0
    for ch, nxt in zip(text, text[1:] + " "):
        value = _ROMAN_VALUES[ch]
        total += -value if nxt != " " and _ROMAN_VALUES[nxt] > value else value
    return total


def category_of(section_code: str, section_title: str) -> str:
    """The kind of task a top section's title names: "breakthrough", "focus", "regular", or "".

    category_of("I", "Nhiệm vụ đột phá") -> "breakthrough";
    category_of("III", "NHIỆM VỤ THƯỜNG XUYỀN") -> "regular";
    category_of("VI", "An toàn thông tin mạng") -> "" (the document names no kind);
    the code does not decide: category_of("V", "Dữ liệu số") -> "".
    """
    words = " ".join(re.sub(r"[^\w]+", " ", fold(section_title)).split())
    for phrase, category in _TITLE_WORDS:
        if re.search(rf"(?<![a-z0-9]){phrase}(?![a-z0-9])", words):
            return category
    return ""


def indicator_met(row: Row) -> bool | None:
    """Whether an indicator is met: the officer's verdict when given, else the target's reading.

    None when neither tells (a qualitative target without a verdict, or no
    achieved value yet).
    """
    if row.verdict is not None:
        return row.verdict
    # the targets' reader is for indicators only: the app's status line counts
    # tasks (StatusCounts) before its first paint without it
    from cdstui.domain.targets import evaluate

    return evaluate(row.target, row.actual)


@dataclass
class SectionSummary:
    """One top section of a task table, as printed ("I", "Nhiệm vụ đột phá")."""

    code: str  # "" for the tasks outside any section
    title: str
    category: str  # the kind its title names, "" when it names none
    table: str  # title of the table it belongs to
    counts: StatusCounts = field(default_factory=StatusCounts)


@dataclass
class CategorySummary:
    key: str  # "breakthrough" | "focus" | "regular"
    label: str  # "Nhiệm vụ đột phá", …
    counts: StatusCounts = field(default_factory=StatusCounts)


@dataclass
class TaskDue:
    """A task with a due date, for the overdue and due-soon lists."""

    row: Row
    due: date
    tt: str  # "III.4.2.1": top section code, then the task's own code


@dataclass
class Summary:
    sections: list[SectionSummary] = field(default_factory=list)
    # only the kinds the document names for a section, in CATEGORY_ORDER
    categories: list[CategorySummary] = field(default_factory=list)
    total: StatusCounts = field(default_factory=StatusCounts)
    overdue: list[TaskDue] = field(default_factory=list)  # by due date, then plan order
    due_soon: list[TaskDue] = field(default_factory=list)  # open tasks due within 30 days
    indicators_total: int = 0
    indicators_met: int = 0
    indicators_not_met: int = 0
    met: list[Row] = field(default_factory=list)
    not_met: list[Row] = field(default_factory=list)
    undecided: list[Row] = field(default_factory=list)

    @property
    def indicators_undecided(self) -> int:
        return self.indicators_total - self.indicators_met - self.indicators_not_met

    def indicator_phrase(self) -> str:
        """ "17 chỉ tiêu, trong đó: 05 đạt và vượt; 01 chưa đạt; 11 chưa đánh giá"."""
        from cdstui.domain.targets import summary_phrase  # indicators only, as in indicator_met

        return summary_phrase(self.indicators_met, self.indicators_not_met, self.indicators_total)

    def category(self, key: str) -> StatusCounts:
        for c in self.categories:
            if c.key == key:
                return c.counts
        return StatusCounts()


def summarize(plan: Plan, today: date, *, soon_days: int = 30) -> Summary:
    """Count the plan's tasks per top section and kind, and its indicators."""
    summary = Summary()
    by_category = {key: CategorySummary(key, CATEGORY_LABELS[key]) for key in CATEGORY_ORDER}
    named: set[str] = set()
    order = 0
    keyed_due: list[tuple[date, int, TaskDue]] = []
    keyed_soon: list[tuple[date, int, TaskDue]] = []
    for table in plan.tables:
        sections: dict[str, SectionSummary] = {}
        for row in table.rows:
            order += 1
            if table.kind == "tasks" and not row.path and row.kind in ("section", "group"):
                section = SectionSummary(row.code, row.title, category_of(row.code, row.title), table.title)
                sections[row.code] = section
                summary.sections.append(section)
                named.add(section.category)
            elif row.kind == "indicator":
                _count_indicator(summary, row)
            elif row.kind == "task":
                top = row.path[0] if row.path else ""
                section = sections.get(top)
                if section is None:
                    # tasks outside any section: counted apart, with no kind
                    section = sections[top] = SectionSummary(top, "", "", table.title)
                    summary.sections.append(section)
                due = due_date(row.deadline, plan.year)
                overdue = is_overdue(due, row.status, today)
                section.counts.add(row.status, overdue)
                if section.category:
                    by_category[section.category].counts.add(row.status, overdue)
                summary.total.add(row.status, overdue)
                task = TaskDue(row, due, row_number(row.path, row.code)) if due is not None else None
                if task is not None and overdue:
                    keyed_due.append((due, order, task))
                elif task is not None and is_due_within(due, row.status, today, soon_days):
                    keyed_soon.append((due, order, task))
    summary.categories = [c for c in by_category.values() if c.key in named]
    summary.overdue = [t for _d, _o, t in sorted(keyed_due, key=lambda k: (k[0], k[1]))]
    summary.due_soon = [t for _d, _o, t in sorted(keyed_soon, key=lambda k: (k[0], k[1]))]
    return summary


def _count_indicator(summary: Summary, row: Row) -> None:
    summary.indicators_total += 1
    met = indicator_met(row)
    if met is True:
        summary.indicators_met += 1
        summary.met.append(row)
    elif met is False:
        summary.indicators_not_met += 1
        summary.not_met.append(row)
    else:
        summary.undecided.append(row)
