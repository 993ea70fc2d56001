"""What the plan screen says besides the list: the report to send first, the
counts of the status line, what another program changed, what an undo brought
back, an empty plan, a plan in the chooser. (No widget here: plain values.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cdstui.domain.changes import changed_since_report
from cdstui.domain.labels import field_label, value_label
from cdstui.domain.counts import StatusCounts
from cdstui.store.submissions import changed_since_submission, latest_submission, list_submissions
from cdstui.tui.watch import changed_elsewhere, changed_fields
from cdstui.tui.widgets.plan_rows import ViewRow, lacks_result
from cdstui.tui.widgets.status_bar import Fact

if TYPE_CHECKING:
    from cdstui.domain.model import Plan
    from cdstui.domain.report_calendar import ReportDue
    from cdstui.settings import Settings
    from cdstui.store import Store
    from cdstui.store.store import PlanInfo
    from cdstui.tui.context import AppContext


@dataclass
class Countdown:
    text: str
    error: str | None = None
    short: str = ""  # for a narrow terminal



def changed_row_ids(store: Store, plan: Plan) -> set[int]:
    """Rows whose values differ from the plan's last report written (before the
    first: from the plan as imported); a change undone is no change."""
    exported = [s for s in list_submissions(store, plan.id) if s.get("file")]
    sent = None
    if exported:
        last = latest_submission(store, plan.id, exported[-1]["period"]) or {}
        snapshot = last.get("snapshot") or {}
        sent = snapshot.get("rows") if "rows" in snapshot else {k: v for k, v in snapshot.items() if isinstance(k, int)}
    return changed_since_report(plan.rows(), sent, changed_since_submission(store, plan.id))


def countdown_for(ctx: AppContext) -> Countdown:
    """ "Báo cáo Kế hoạch Năm 2026 — quá hạn 5 ngày (chưa gửi)": the most urgent
    report not sent yet (``urgent_report``), overdue before due."""
    from cdstui.domain.report_calendar import urgent_text
    from cdstui.settings import Settings, load_settings

    error = None
    try:
        settings = load_settings(ctx.settings_path)
    except ValueError as exc:
        settings, error = Settings(), str(exc)
    try:
        urgent = urgent_report(ctx, settings)
    except ValueError as exc:
        return Countdown("Không tính được kỳ báo cáo tới", error or str(exc))
    if urgent is None:
        return Countdown("Đã gửi mọi báo cáo của năm" if ctx.plan is not None else "", error)
    text = urgent_text(urgent, ctx.today)
    return Countdown(text + (" (chưa gửi)" if urgent.due < ctx.today else ""), error, short=text)


def urgent_report(ctx: AppContext, settings: Settings) -> ReportDue | None:
    """The report the header names: the journal's calendar of the plan's report
    types and its most urgent unsent report (``domain.report_calendar``)."""
    from cdstui.domain.report_calendar import most_urgent, report_calendar

    plan = ctx.plan
    if plan is None or ctx.plan_id is None:
        return None
    year = plan.year or ctx.today.year
    items = report_calendar(settings.for_plan(plan).report_types, year, list_submissions(ctx.store, ctx.plan_id))
    return most_urgent(items, ctx.today)


def empty_plan_text(plan: Plan | None) -> str:
    """What the task list says when the plan has no task: where the plan's content is instead."""
    if plan is None:
        return "Cơ sở dữ liệu chưa có kế hoạch nào. Nhập kế hoạch: ctrl+o (hoặc lệnh cdstui import TỆP)."
    indicators = len(plan.indicators())
    if indicators:
        return f"Kế hoạch này không có nhiệm vụ, chỉ có {indicators} chỉ tiêu: nhấn i để xem và nhập kết quả."
    return "Kế hoạch này chưa có nhiệm vụ nào (i: chỉ tiêu)."


ELSEWHERE_FIELDS = ("status", "completion", "result", "note", "title", "lead", "deadline")


def elsewhere_notes(old: list[ViewRow], new: list[ViewRow], shown: int = 3, told: set[int] = frozenset()) -> list[str]:
    """What another program changed in the tasks shown: "II.1 vừa được cập nhật ở nơi khác: …"
    (the tasks in ``told`` left out: the officer was told already)."""
    before = {vr.row_id: vr.row for vr in old if vr.kind == "task"}
    after = {vr.row_id: vr for vr in new if vr.kind == "task"}
    if before and len(set(before) & set(after)) < len(before) / 2:
        return ["Kế hoạch vừa được khôi phục hoặc nhập lại ở chương trình khác: đã tải lại."]
    notes = []
    for row_id, vr in after.items():
        was = before.get(row_id)
        if was is None or row_id in told:
            continue
        changed = changed_fields({f: getattr(was, f) for f in ELSEWHERE_FIELDS}, {f: getattr(vr.row, f) for f in ELSEWHERE_FIELDS})
        if changed:
            notes.append(changed_elsewhere(vr.code, changed))
    if len(notes) > shown:
        notes[shown - 1 :] = [f"… và {len(notes) - shown + 1} nhiệm vụ khác vừa được cập nhật ở nơi khác."]
    return notes


def plan_choice_label(plan: PlanInfo, tables: Plan | None = None) -> str:
    """A plan in the chooser, its tasks counted as everywhere else ("Không giao" apart);
    with the plan's tables (``tables``, read without rows), a second line: who issued
    it, its date and its appendices ("Phụ lục I, II, III")."""
    apart = f" (+{plan.not_assigned} không giao)" if plan.not_assigned else ""
    counted = f"{plan.tasks - plan.not_assigned} nhiệm vụ{apart}" if plan.tasks else f"{plan.indicators} chỉ tiêu"
    label = f"{plan.number or 'Kế hoạch'} ({plan.year or '?'}) — {plan.title[:60]} · {counted}"
    if tables is None:
        return label
    who = plan.issuer or (f"phường {plan.ward}" if plan.ward else "")
    facts = [who] if who else []
    if tables.date is not None:
        facts.append(f"ngày {tables.date:%d/%m/%Y}")
    labels = list(dict.fromkeys(t.appendix.label for t in tables.tables if t.appendix.label))
    if labels:
        facts.append(appendix_labels(labels))
    return label + ("\n   " + " · ".join(facts) if facts else "")


def appendix_labels(labels: list[str]) -> str:
    """ "Phụ lục I, II, III" of ["Phụ lục I", "Phụ lục II", "Phụ lục III"]; other labels as they are."""
    prefix = "Phụ lục "
    if len(labels) > 1 and all(label.startswith(prefix) for label in labels):
        return prefix + ", ".join(label[len(prefix) :] for label in labels)
    return ", ".join(labels)


def values_back(changes: list, codes: dict[int | None, str], shown: int = 3) -> str:
    """ "II.1: tình trạng trở lại «Chưa triển khai»" — what an undo or a redo wrote back."""
    first = changes[0].row_id
    said = "; ".join(f"{field_label(c.field).lower()} trở lại «{value_label(c.field, c.new, 40)}»" for c in changes[:shown] if c.row_id == first)
    rows = len({c.row_id for c in changes})
    more = f" (và {len(changes) - shown} thay đổi khác)" if len(changes) > shown and rows == 1 else ""
    others = f" (cùng {rows - 1} dòng khác)" if rows > 1 else ""
    return f"{codes.get(first) or f'dòng {first}'}: {said}{more}{others}"


def status_facts(rows: list[ViewRow]) -> list[Fact]:
    """The counts of the status line, each with its colour's class, its short words and its
    rank: the overdue count is never left out; the others shorten, then go, last first."""
    tasks = [vr for vr in rows if vr.kind == "task"]
    if not tasks:
        return []
    total = StatusCounts()  # the one task total (the overview's, the report's): "Không giao" apart
    for vr in tasks:
        total.add(vr.row.status, vr.overdue)
    lacking = sum(lacks_result(vr) for vr in tasks)
    soon = sum(vr.due_soon for vr in tasks)
    changed = sum(vr.changed for vr in tasks)
    facts = [
        Fact(f"{total.done}/{total.total} nhiệm vụ hoàn thành", f"{total.done}/{total.total} xong", "", 1),
        Fact(f"{lacking} chưa có kết quả", f"{lacking} chưa có KQ", "muted", 4),
        Fact(f"{total.overdue} quá hạn", "", "overdue", 0),
        Fact(f"{soon} sắp đến hạn", f"{soon} sắp hạn", "due-soon", 2),
        Fact(f"{changed} thay đổi từ lần báo cáo trước", f"{changed} thay đổi", "changed", 3),
    ]
    counts = (lacking, total.overdue, soon, changed)
    return facts[:1] + [fact for fact, count in zip(facts[1:], counts) if count]
