"""The narrative of a report: its sections of prose, and a first draft of them.

A report's body (seed 004, the ward reports) follows one outline:

    I.   Công tác lãnh đạo, chỉ đạo
    II.  Kết quả thực hiện          (one part per top-level section of the plan)
    III. Đánh giá chung             (1. mặt đạt được, 2. tồn tại, hạn chế, 3. nguyên nhân)
    IV.  Nhiệm vụ trọng tâm thời gian tới
    V.   Đề xuất, kiến nghị

A ``Narrative`` is that outline as a flat list of sections, each with a
stable ``key``, a title, a level (1 for a Roman part, 2 for a numbered part
under it) and paragraphs: one text area per section in the app, one heading
and its paragraphs in the Word report. It goes to and from JSON for the store.

``draft_narrative`` writes the first draft from the plan and its progress.
What each task contributes to part II comes from one function, a
``ResultLines`` (``lines_from_result`` reads today's "Kết quả" field); a
journal of dated entries with their evidence plugs in as another such
function, with nothing else to change.

Pure: no I/O, no python-docx.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Callable

from cdstui.domain.deadlines import parse_deadline
from cdstui.domain.model import Plan, Row, Table
from cdstui.domain.periods import Period
from cdstui.domain.summary import summarize

__all__ = [
    "Narrative",
    "NarrativeSection",
    "ResultLines",
    "draft_narrative",
    "lines_from_result",
    "next_range",
]

# What a task contributes to "II. Kết quả thực hiện" for a period: its sentences.
ResultLines = Callable[[Row, Period], list[str]]

KEY_LEADERSHIP = "leadership"
KEY_RESULTS = "results"
KEY_ASSESSMENT = "assessment"
KEY_ACHIEVED = "assessment.achieved"
KEY_SHORTCOMINGS = "assessment.shortcomings"
KEY_CAUSES = "assessment.causes"
KEY_NEXT = "next"
KEY_PROPOSALS = "proposals"


@dataclass
class NarrativeSection:
    key: str  # stable: "leadership", "results.II", "assessment.causes"…
    title: str  # as printed: "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "1. Những mặt đạt được"
    paragraphs: list[str] = field(default_factory=list)
    level: int = 1  # 1: a Roman part; 2: a numbered part under it

    @property
    def text(self) -> str:
        """The paragraphs as one text, a line each (what a text area shows)."""
        return "\n".join(self.paragraphs)

    def with_text(self, text: str) -> "NarrativeSection":
        """This section with ``text`` as its paragraphs (one per non-empty line)."""
        return replace(self, paragraphs=[line.strip() for line in text.splitlines() if line.strip()])


@dataclass
class Narrative:
    """The body of a report: an opening paragraph, the sections, a closing sentence."""

    sections: list[NarrativeSection] = field(default_factory=list)
    opening: str = ""
    closing: str = ""

    def section(self, key: str) -> NarrativeSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def to_dict(self) -> dict:
        return {
            "opening": self.opening,
            "closing": self.closing,
            "sections": [
                {"key": s.key, "title": s.title, "level": s.level, "paragraphs": list(s.paragraphs)}
                for s in self.sections
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Narrative":
        sections = [
            NarrativeSection(
                key=str(s.get("key", "")),
                title=str(s.get("title", "")),
                paragraphs=[str(p) for p in s.get("paragraphs", [])],
                level=int(s.get("level", 1)),
            )
            for s in data.get("sections", [])
        ]
        return cls(sections=sections, opening=str(data.get("opening", "")), closing=str(data.get("closing", "")))


# --- the draft ------------------------------------------------------------------------------


def lines_from_result(row: Row, period: Period) -> list[str]:
    """A task's sentences from its "Kết quả" field: one per line, list dashes dropped."""
    return [line.strip().lstrip("-+•").strip() for line in (row.result or "").splitlines() if line.strip(" -+•")]


def next_range(period: Period) -> tuple[date, date]:
    """The time after ``period`` that "thời gian tới" speaks of: the next quarter, the rest
    of the year after six months, the next year after a year, the next month after a month."""
    start = period.end + timedelta(days=1)
    if period.kind == "year":
        return start, date(start.year, 12, 31)
    if period.kind == "half":
        return start, date(period.end.year, 12, 31)
    months = 1 if period.kind == "month" else 3
    month = start.month + months - 1
    year = start.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return start, date(year, month, calendar.monthrange(year, month)[1])


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(" ;,")
    return text if text.endswith((".", "!", "?", "./.")) else text + "."


def _as_heading(title: str) -> str:
    """A section's title under a numbered part, as issued (capitals kept: they may be names)."""
    title = " ".join(title.split())
    return title[:1].upper() + title[1:]


def _count_phrase(assigned: list[Row]) -> str:
    """ "07 nhiệm vụ, trong đó: hoàn thành 01; chưa triển khai 06"."""
    done, doing, waiting = (sum(t.status == s for t in assigned) for s in ("done", "in_progress", "not_started"))
    parts = [f"{len(assigned):02d} nhiệm vụ"]
    detail = []
    if done:
        detail.append(f"hoàn thành {done:02d}")
    if doing:
        detail.append(f"đang triển khai {doing:02d}")
    if waiting:
        detail.append(f"chưa triển khai {waiting:02d}")
    return parts[0] + (", trong đó: " + "; ".join(detail) if detail else "")


def _results_part(tasks: list[Row], period: Period, results: ResultLines) -> list[str]:
    """The paragraphs of one top-level section in part II."""
    assigned = [t for t in tasks if t.status != "not_assigned"]
    if not assigned:
        return ["Không có nhiệm vụ giao cho địa phương trong mục này."]
    paragraphs = [_sentence("Mục này có " + _count_phrase(assigned))]
    for task in assigned:
        lines = results(task, period)
        if lines:
            paragraphs.append(_sentence(f"- {task.title.rstrip(' .;')}: " + "; ".join(l.rstrip(" .;") for l in lines)))
    return paragraphs


# A task table with more top-level sections than this (one per residential group…)
# is one part of II, a line per section, rather than a part per section.
MAX_PARTS_PER_TABLE = 12


def _top_sections(table: Table) -> list[tuple[str, str, list[Row]]]:
    """(code, title, tasks) per top-level section of a task table, as printed."""
    out: dict[str, tuple[str, str, list[Row]]] = {}
    for row in table.rows:
        if not row.path and row.kind in ("section", "group"):
            out.setdefault(row.code, (row.code, row.title, []))
        elif row.kind == "task":
            top = row.path[0] if row.path else ""
            if top not in out:
                out[top] = (top, table.title if not top else top, [])
            out[top][2].append(row)
    return [value for value in out.values() if value[2]]


def _results_sections(plan: Plan, period: Period, results: ResultLines) -> list[NarrativeSection]:
    """The parts of "II. Kết quả thực hiện": one per top-level section of the plan."""
    out: list[NarrativeSection] = []
    for t_index, table in enumerate(plan.tables):
        if table.kind != "tasks":
            continue
        sections = _top_sections(table)
        if len(sections) > MAX_PARTS_PER_TABLE:
            lines = []
            for code, title, tasks in sections:
                assigned = [t for t in tasks if t.status != "not_assigned"]
                lines.append(_sentence(f"- {_as_heading(title)}: {_count_phrase(assigned)}"))
            title = table.appendix.title or table.title
            out.append(NarrativeSection(f"{KEY_RESULTS}.table{t_index + 1}", f"{len(out) + 1}. {_as_heading(title)}", lines, 2))
            continue
        for code, title, tasks in sections:
            heading = f"{len(out) + 1}. {_as_heading(title)}" if title else f"{len(out) + 1}. Mục {code}"
            key = f"{KEY_RESULTS}.{code or t_index + 1}"
            out.append(NarrativeSection(key, heading, _results_part(tasks, period, results), 2))
    return out


def _next_tasks(plan: Plan, period: Period) -> list[str]:
    start, end = next_range(period)
    lines = []
    for row in plan.tasks():
        if row.status in ("done", "not_assigned"):
            continue
        deadline = parse_deadline(row.deadline, plan.year)
        if deadline.kind != "recurring" and deadline.due is not None and start <= deadline.due <= end:
            lead = f" ({row.lead.rstrip(' ;.')}; hạn {row.deadline})" if row.lead else f" (hạn {row.deadline})"
            lines.append(row.title.rstrip(" .;") + lead)
    return [f"{i}. {_sentence(line)}" for i, line in enumerate(lines, start=1)]


def _assessment(plan: Plan, today: date) -> tuple[list[str], list[str]]:
    """(achieved, shortcomings) paragraphs from the counts of the plan."""
    summary = summarize(plan, today)
    total = summary.total
    achieved = []
    if total.total:
        share = round(100 * total.done / total.total)
        achieved.append(
            _sentence(
                f"Đã hoàn thành {total.done:02d}/{total.total:02d} nhiệm vụ ({share}%); "
                f"{total.in_progress:02d} nhiệm vụ đang triển khai"
            )
        )
    if summary.indicators_total:
        achieved.append(_sentence("Về chỉ tiêu: " + summary.indicator_phrase()))
    shortcomings = []
    if summary.overdue:
        codes = ", ".join(t.tt for t in summary.overdue[:12]) + (", …" if len(summary.overdue) > 12 else "")
        shortcomings.append(_sentence(f"Còn {len(summary.overdue):02d} nhiệm vụ đã quá hạn nhưng chưa hoàn thành ({codes})"))
    if summary.not_met:
        shortcomings.append(_sentence("Chỉ tiêu chưa đạt: " + "; ".join(r.title.rstrip(" .;") for r in summary.not_met)))
    return achieved, shortcomings


def draft_narrative(
    plan: Plan,
    period: Period,
    *,
    today: date,
    issuer: str = "",
    results: ResultLines = lines_from_result,
) -> Narrative:
    """A first draft of the report's narrative, for the officer to finish.

    ``issuer`` names who reports ("UBND phường Ba Ngòi"); ``results`` what
    each task says in part II (see ``ResultLines``).
    """
    who = issuer or plan.issuer or "Ủy ban nhân dân phường"
    cited = f"Kế hoạch số {plan.number}" if plan.number else "Kế hoạch"
    if plan.date:
        cited += f" ngày {plan.date.day:02d}/{plan.date.month:02d}/{plan.date.year}"
    opening = _sentence(f"Thực hiện {cited}" + (f" về {plan.title[:1].lower()}{plan.title[1:]}" if plan.title else ""))
    opening = opening.rstrip(".") + f"; {who} báo cáo kết quả thực hiện {period.label} như sau:"
    sections = [
        NarrativeSection(
            KEY_LEADERSHIP,
            "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
            [_sentence(f"{who} đã triển khai {cited}; phân công nhiệm vụ cho các cơ quan, đơn vị và định kỳ theo dõi, đôn đốc tiến độ thực hiện")],
        ),
        NarrativeSection(KEY_RESULTS, "II. KẾT QUẢ THỰC HIỆN"),
    ]
    sections += _results_sections(plan, period, results)
    achieved, shortcomings = _assessment(plan, today)
    sections += [
        NarrativeSection(KEY_ASSESSMENT, "III. ĐÁNH GIÁ CHUNG"),
        NarrativeSection(KEY_ACHIEVED, "1. Những mặt đạt được", achieved, 2),
        NarrativeSection(KEY_SHORTCOMINGS, "2. Tồn tại, hạn chế", shortcomings, 2),
        NarrativeSection(KEY_CAUSES, "3. Nguyên nhân", [], 2),
        NarrativeSection(KEY_NEXT, "IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", _next_tasks(plan, period)),
        NarrativeSection(KEY_PROPOSALS, "V. ĐỀ XUẤT, KIẾN NGHỊ", []),
    ]
    closing = f"Trên đây là báo cáo kết quả thực hiện {period.label} của {who}./."
    return Narrative(sections=sections, opening=opening, closing=closing)
