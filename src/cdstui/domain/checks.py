"""Before an export: what in the plan does not agree with itself.

Warnings the officer can answer, never a block. Each names its row (the
full number the app shows, and the row id to jump to):

* "Hoàn thành" with a completion below 100%, or with none;
* a completion above 0% on a task still "Chưa triển khai";
* a done task with no progress entry, or whose entries cite no document;
* an indicator value that is not a value of its unit ("Đạt" where the unit
  is "%", "120%" for a share, "95%" where the unit counts people).

Pure: the caller gives the plan and its entries (``store.entries.plan_entries``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cdstui.domain.entries import Entry, ordered
from cdstui.domain.labels import row_number, status_label
from cdstui.domain.model import Plan, Row
from cdstui.domain.progress import completion_percent
from cdstui.domain.targets import parse_number, parse_target

__all__ = ["CHECK_KINDS", "Inconsistency", "consistency_warnings", "unit_problem"]

CHECK_KINDS = (
    "done_incomplete",
    "done_without_completion",
    "completion_not_started",
    "done_without_entry",
    "done_without_evidence",
    "value_not_of_unit",
)


@dataclass(frozen=True)
class Inconsistency:
    """One warning: the row (id and full number), what kind, and the sentence."""

    row_id: int | None
    number: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.number}: {self.message}" if self.number else self.message


def unit_problem(value: str | None, unit: str, target: str) -> str | None:
    """Why ``value`` is not a value of the indicator's unit, or None when it is
    (or when the unit and target say nothing a value could break)."""
    text = (value or "").strip()
    if not text:
        return None
    parsed = parse_target(target)
    number = parse_number(text)
    if "%" in unit or (not unit.strip() and parsed.percent):
        if number is None:
            return f"giá trị «{text}» không phải số phần trăm (đơn vị: {unit or '%'})"
        if not 0 <= number <= 100:
            return f"giá trị «{text}» nằm ngoài 0–100%"
        return None
    if unit.strip() and parsed.is_numeric and not parsed.percent:
        if number is None:
            return f"giá trị «{text}» không phải một số (đơn vị: {unit})"
        if "%" in text:
            return f"giá trị «{text}» là phần trăm trong khi đơn vị là «{unit}»"
    return None


def _task_problems(row: Row, entries: list[Entry] | None) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    percent = completion_percent(row.completion)
    done = status_label("done")
    if row.status == "done":
        if not (row.completion or "").strip():
            found.append(("done_without_completion", f"«{done}» nhưng chưa ghi mức độ hoàn thành"))
        elif percent is not None and percent < 100:
            found.append(("done_incomplete", f"«{done}» nhưng mức độ hoàn thành là {percent}%"))
        if entries is None:  # no log at hand: its text tells whether there is one
            if not row.result.strip():
                found.append(("done_without_entry", f"«{done}» nhưng chưa có kết quả nào trong nhật ký"))
        elif not ordered(entries):
            found.append(("done_without_entry", f"«{done}» nhưng chưa có kết quả nào trong nhật ký"))
        elif not any(any(e.docs) for e in ordered(entries)):
            found.append(("done_without_evidence", f"«{done}» nhưng chưa có văn bản minh chứng"))
    elif row.status == "not_started" and percent:
        found.append(
            ("completion_not_started", f"«{status_label('not_started')}» nhưng mức độ hoàn thành là {percent}%")
        )
    return found


def consistency_warnings(plan: Plan, entries: Mapping[int, list[Entry]] | None = None) -> list[Inconsistency]:
    """Every warning of the plan, in document order. ``entries``: row id -> its
    entries (None: judge a task's log by its "Kết quả" text alone)."""
    out: list[Inconsistency] = []
    for row in plan.rows():
        if row.kind == "task":
            problems = _task_problems(row, None if entries is None else entries.get(row.id, []))
        elif row.kind == "indicator":
            why = unit_problem(row.actual, row.unit, row.target)
            problems = [("value_not_of_unit", why)] if why else []
        else:
            continue
        number = row_number(row.path, row.code)
        out += [Inconsistency(row.id, number, kind, message) for kind, message in problems]
    return out
