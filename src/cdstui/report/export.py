"""The export use case: write a period's report and record the submission.

Shared by ``cdstui export`` and the app's export screen. A report is of a
report type (the plan's own by default; ``settings.PlanSettings.report_types``)
and covers its period alone ("trong kỳ") or the year up to the period's end
("lũy kế"), as the type and the period say unless told. It shows the
progress entries dated inside that range, each citing its documents; the
status and completion as they were at the period's end (as they are now
while the period runs); a task not done that falls due after the period as
"Chưa đến hạn"; each indicator's value as of the period's end; the type's
columns; and the plan's own ward and issuer in its heading.

A full export of a period records a submission (period, report type, time,
file, snapshot of every exported row's progress). Exporting a period already submitted writes the same content
again from the snapshot (``reproduced=True``) unless ``refresh=True``. A
lead-agency copy (``lead=…``) is a form for one agency to fill, not a
submission: it is neither recorded nor reproduced.

A report file is never left behind without its submission: when recording
fails (the database in use, the disk full, ctrl+c), the file just written is
deleted and the error goes up. A thread (the app's export worker) calls
``export_report_at``, which opens its own connection.

No Textual here; openpyxl is imported only when a workbook is built.
"""

from __future__ import annotations

import copy
import gc
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from cdstui.domain.model import Plan
from cdstui.domain.periods import Period, next_due, parse_period
from cdstui.domain.report_types import PLAN_REPORT_TYPE, REPORT_COLUMNS, ReportType
from cdstui.domain.text import slug
from cdstui.report.filename import default_output, report_filename
from cdstui.report.look import MAX_CELL_CHARS
from cdstui.report.workbook import ReportError

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.report.narrative import Narrative
    from cdstui.settings import PlanSettings, Settings
    from cdstui.store import Store

__all__ = [
    "ExportResult",
    "PeriodError",
    "ReportError",
    "ReportTypeError",
    "export_report",
    "export_report_at",
    "NarrativeDraft",
    "narrative_key",
    "report_narrative_draft",
    "resolve_period",
    "SNAPSHOT_VERSION",
]

SNAPSHOT_VERSION = 1
_PROGRESS = ("status", "completion", "result", "note", "actual", "verdict")


class PeriodError(ReportError, ValueError):
    """A period code that cannot be read (bad usage: exit 2)."""


class ReportTypeError(ReportError, ValueError):
    """A report type the plan does not have (bad usage: exit 2)."""


FORMATS = ("xlsx", "docx", "both")


@dataclass
class ExportResult:
    path: Path  # the first file written (the workbook when there are two)
    period: str
    reproduced: bool  # content taken from the recorded submission
    tasks: int
    indicators: int
    submission_id: int | None = None
    locked: Path | None = None  # the wanted path was held open: written to ``path`` instead
    period_label: str = ""
    notes: list[str] = field(default_factory=list)  # what the officer should be told (Vietnamese)
    paths: list[Path] = field(default_factory=list)  # every file written, in the order of FORMATS
    report_type: str = PLAN_REPORT_TYPE
    scope: str = ""  # "in_period" or "cumulative"
    start: date | None = None  # the first day the results cover


def resolve_period(
    period_code: str | None, today: date, settings: "Settings", report_type: ReportType | None = None
) -> Period:
    """The period named, else the one whose report (of ``report_type``) is due next."""
    if period_code is None or not str(period_code).strip():
        if report_type is None:
            return next_due(today, settings.schedule)[0]
        coming = [(report_type.due_date(p), p) for y in (today.year, today.year + 1) for p in report_type.periods_of(y)]
        return min((c for c in coming if c[0] >= today), key=lambda c: c[0])[1]
    try:
        return parse_period(period_code)
    except ValueError as exc:
        raise PeriodError(str(exc)) from exc


def _plan_settings(settings: "Settings | PlanSettings | None", plan: Plan) -> "PlanSettings":
    """The plan's own settings (its ward and issuer, its report types)."""
    from cdstui.settings import Settings

    if settings is None:
        settings = Settings()
    return settings.for_plan(plan) if isinstance(settings, Settings) else settings


def _report_type(plan_settings: "PlanSettings", name: str | None) -> ReportType:
    try:
        return plan_settings.report_type(name)
    except ValueError as exc:
        raise ReportTypeError(str(exc)) from exc


def _report_of(
    store: "Store",
    plan_id: int,
    period_code: str | None,
    today: date,
    settings: "Settings | PlanSettings | None",
    report_type: str | None,
    scope: str | None,
) -> tuple[Plan, "PlanSettings", ReportType, Period, str, date]:
    """Which report is asked for: (the plan, its settings, the report type, the
    period, the scope, the first day covered)."""
    plan = store.load_plan(plan_id, head=0)
    plan_settings = _plan_settings(settings, plan)
    rtype = _report_type(plan_settings, report_type)
    period = resolve_period(period_code, today, plan_settings, rtype)
    scope = scope or rtype.scope_of(period)
    start, _end = rtype.range_of(period, scope)
    return plan, plan_settings, rtype, period, scope, start


def _coverage(scope: str, start: date, end: date) -> str:
    what = "lũy kế" if scope == "cumulative" else "trong kỳ"
    return f"Kết quả {what} từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def _as_of_period(store: "Store", plan_id: int, period: Period, start: date, today: date) -> Plan:
    """The plan as the report of ``period`` shows it: as it stood at the
    period's end, its results the entries dated from ``start`` to the end,
    each citing its documents; while the period runs, as it is now, with
    every entry from ``start`` on."""
    from cdstui.store.asof import load_report_plan

    return load_report_plan(store, plan_id, period.end if today > period.end else None, start)


def _worded(plan: Plan, period: Period) -> Plan:
    """A copy of ``plan`` whose tasks not done and due after the period read
    "Chưa đến hạn" (the Word report words the status from the row; the
    workbook does it from its layout, and keeps the real status for the round
    trip)."""
    from cdstui.domain.progress import report_status

    out = copy.copy(plan)
    out.tables = []
    for table in plan.tables:
        t = copy.copy(table)
        t.rows = [copy.copy(row) for row in table.rows]
        for row in t.rows:
            if row.kind == "task":
                row.status = report_status(row.status, row.deadline, plan.year, period.end)
        out.tables.append(t)
    return out


def _apply_snapshot(plan: Plan, snapshot: dict) -> Plan:
    """The plan as it was exported: the snapshot's rows with their progress as recorded."""
    rows = snapshot.get("rows")
    if rows is None:  # a bare {row id: progress} mapping
        rows = {k: v for k, v in snapshot.items() if isinstance(v, dict)}
    order = snapshot.get("ids") or []
    keep = {int(i) for i in order} | {int(i) for i in rows}
    plan = copy.deepcopy(plan)
    for table in plan.tables:
        table.rows = [r for r in table.rows if r.id in keep] if keep else table.rows
        for row in table.rows:
            saved = rows.get(row.id) or rows.get(str(row.id))
            if saved:
                for name in _PROGRESS:
                    if name in saved:
                        setattr(row, name, saved[name])
    return plan


def _snapshot(plan: Plan, day: date, today: date, written_ids: set[int]) -> dict:
    ids = []
    rows = {}
    for row in plan.rows():
        if row.kind in ("task", "indicator") and row.id not in written_ids:
            continue
        ids.append(row.id)
        if row.kind in ("task", "indicator"):
            rows[row.id] = {name: getattr(row, name) for name in _PROGRESS}
    return {"version": SNAPSHOT_VERSION, "date": day.isoformat(), "today": today.isoformat(), "ids": ids, "rows": rows}


def _target(output: Path | None, name: str, settings: "Settings", suffix: str = ".xlsx") -> Path:
    """Where the report goes: ``output`` (a folder takes the default ``name``), else the export
    folder; with ``suffix`` (the other format of ``both`` takes the same name)."""
    if output is None:
        target = default_output(settings.export_dir, name)
    elif Path(output).is_dir():
        target = Path(output) / name
    else:
        target = Path(output)
        if target.suffix.lower() in (".xlsx", ".docx"):
            target = target.with_suffix("")
        target = target.with_name(target.name + ".xlsx")
    return target.with_suffix(suffix).absolute()


def _cut_notes(cut: list[str], shown: int = 10) -> list[str]:
    """The warning for cells cut to Excel's size: where, and that nothing is lost."""
    if not cut:
        return []
    more = f"; và {len(cut) - shown} ô khác" if len(cut) > shown else ""
    limit = f"{MAX_CELL_CHARS:,}".replace(",", ".")
    return [
        f"{len(cut)} ô dài hơn {limit} ký tự (giới hạn của một ô Excel) bị cắt bớt trong tệp: "
        + "; ".join(cut[:shown])
        + more
        + ". Nội dung đầy đủ vẫn còn trong cơ sở dữ liệu; khi nhập lại bản cơ quan điền, phần bị cắt không ghi đè lên nó."
    ]


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold ctrl+c until the block is done, then raise it: a report written
    and not recorded (or the reverse) must not be left behind. Signals reach
    the main thread only: in a worker thread there is nothing to hold."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: pressed.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building a workbook creates one cell
    object per cell and no cycles worth collecting meanwhile, while collection
    passes over the growing heap would add up to a large share of a big export."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def export_report(
    store: "Store",
    plan_id: int,
    period_code: str | None = None,
    *,
    output: Path | None = None,
    lead: str | None = None,
    refresh: bool = False,
    today: date | None = None,
    settings: "Settings | PlanSettings | None" = None,
    format: str = "xlsx",
    report_type: str | None = None,
    scope: str | None = None,
) -> ExportResult:
    """Write the report of a plan for a period; return where it went.

    ``format``: "xlsx" (the workbook), "docx" (the Word report: narrative,
    signature, appendices) or "both", written for the same period and
    recorded as one submission. ``report_type``: the name of one of the
    plan's report types (its own by default); ``scope``: "cumulative" or
    "in_period" (None: the type's, or the period's).

    Raises ``PeriodError`` for a bad period code, ``ReportTypeError`` for a
    type the plan does not have, ``ReportError`` (Vietnamese message) when
    the file cannot be written — the database is then unchanged — and
    ``StoreError`` for a plan that does not exist.
    """
    from cdstui.report.sheet_tasks import Layout, task_columns
    from cdstui.report.workbook import build_workbook
    from cdstui.store.submissions import latest_submission

    today = today or date.today()
    plan, plan_settings, rtype, period, scope, start = _report_of(store, plan_id, period_code, today, settings, report_type, scope)
    lead = (lead or "").strip() or None
    if format not in FORMATS:
        raise ValueError(f"format: {format!r}")
    if lead and format != "xlsx":
        raise ReportError(
            "Bản Word là báo cáo có chữ ký của phường; bản cho một cơ quan chủ trì (--lead) chỉ xuất dạng Excel."
        )

    # Only a reproduction needs the previous submission (its snapshot is a
    # JSON document of every exported row): not read at all for --refresh.
    previous = None
    if not lead and not refresh:
        previous = latest_submission(store, plan_id, period.code, report_type=rtype.name)
    reproduced = bool(previous)
    plan, day, as_of, notes = _plan_written(store, plan_id, period, start, today, previous)
    name = _file_name(plan_settings, plan, period, rtype, lead)
    exported_at = datetime.now().astimezone().isoformat(timespec="seconds")
    columns = task_columns(rtype.columns)
    built = document = None
    with _gc_paused():  # tens of thousands of cells, none of them garbage until the end
        if format in ("xlsx", "both"):
            built = build_workbook(
                plan, period, settings=plan_settings, day=day, today=as_of, lead=lead, exported_at=exported_at,
                layout=Layout(columns=columns, period_end=period.end), coverage=_coverage(scope, start, period.end),
            )
        if format in ("docx", "both"):
            from cdstui.report.export_word import build_word_report

            document = build_word_report(
                store, plan_id, _worded(plan, period), period, settings=plan_settings, day=day, today=as_of,
                task_columns=None if list(rtype.columns) == list(REPORT_COLUMNS) else columns,
                report_type=narrative_key(plan_settings, rtype),
            )
        written_ids = {w.row_id for w in built.written} if built else document.row_ids
        recorded = not lead and not reproduced
        snapshot = _snapshot(plan, day, as_of, written_ids) if recorded else None
        if snapshot is not None:
            snapshot.update(type=rtype.name, scope=scope, start=start.isoformat())
        with _ctrl_c_held():  # the files and their submission: all or none
            saved = _save(built, document, output, name, plan_settings)
            submission_id = (
                _record(store, plan_id, period.code, [s.path for s in saved], snapshot, rtype.name) if recorded else None
            )
    notes += _written_notes(built, saved)
    return ExportResult(
        path=saved[0].path,
        period=period.code,
        reproduced=reproduced,
        tasks=built.tasks if built else document.tasks,
        indicators=built.indicators if built else document.indicators,
        submission_id=submission_id,
        locked=saved[0].locked,
        period_label=period.label,
        notes=notes,
        paths=[one.path for one in saved],
        report_type=rtype.name,
        scope=scope,
        start=start,
    )


def _plan_written(
    store: "Store", plan_id: int, period: Period, start: date, today: date, previous: dict | None
) -> tuple[Plan, date, date, list[str]]:
    """The plan as the report shows it, the report's day and its "today", and a
    note: a period already submitted is reproduced as it was sent (``previous``),
    any other shows the plan as it stood at the period's end."""
    if not previous:
        return _as_of_period(store, plan_id, period, start, today), today, today, []
    plan, day, as_of = _reproduced(store, plan_id, previous, today)
    note = (
        f"Kỳ {period.label} đã nộp lúc {previous.get('at', '?')}: tệp tái tạo đúng nội dung đã nộp. "
        "Dùng --refresh để xuất bản mới theo tiến độ hiện tại."
    )
    return plan, day, as_of, [note]


def _file_name(plan_settings: "PlanSettings", plan: Plan, period: Period, rtype: ReportType, lead: str | None) -> str:
    """The workbook's name; a report type other than the plan's own is named in it."""
    name = report_filename(plan_settings.ward, plan.number, period.code, lead=lead, plan_id=plan.id)
    if rtype.name != plan_settings.report_types[0].name:
        name = name[: -len(".xlsx")] + f"_{slug(rtype.name) or 'bao-cao'}.xlsx"
    return name


def _written_notes(built, saved) -> list[str]:
    """What the officer should know of the files written: cells cut to Excel's
    limit, a file held open by another program and written beside it."""
    notes = _cut_notes(built.cut_cells()) if built else []
    for one in saved:
        if one.locked is not None:
            notes.append(f"Tệp {one.locked} đang mở trong chương trình khác, nên báo cáo được ghi vào {one.path}.")
    return notes


def narrative_key(plan_settings: "PlanSettings", rtype: ReportType) -> str:
    """The report type under which a report's narrative is stored: "" for the plan's own."""
    return "" if rtype.name == plan_settings.report_types[0].name else rtype.name


@dataclass
class NarrativeDraft:
    narrative: "Narrative"
    period: Period
    report_type: str  # the type's name
    key: str  # the stored narrative's report type (``narrative_key``)
    scope: str


def report_narrative_draft(
    store: "Store",
    plan_id: int,
    period_code: str | None,
    *,
    today: date,
    settings: "Settings | PlanSettings | None" = None,
    report_type: str | None = None,
    scope: str | None = None,
) -> NarrativeDraft:
    """The draft of a report's narrative as the Word export writes it when none is
    stored: from the plan as the report shows it (the journal's entries in the
    range, each citing its documents). Nothing is stored here."""
    from cdstui.report.narrative import draft_narrative
    from cdstui.report.wording import issuer_phrase

    _plan, plan_settings, rtype, period, scope, start = _report_of(
        store, plan_id, period_code, today, settings, report_type, scope
    )
    shown = _worded(_as_of_period(store, plan_id, period, start, today), period)
    draft = draft_narrative(shown, period, today=today, issuer=issuer_phrase(plan_settings.issuer, plan_settings.ward))
    return NarrativeDraft(draft, period, rtype.name, narrative_key(plan_settings, rtype), scope)


def _reproduced(store: "Store", plan_id: int, previous: dict, today: date) -> tuple[Plan, date, date]:
    """The plan as it was exported, with the day of its date line and its "today"."""
    snapshot = previous.get("snapshot") or {}
    plan = _apply_snapshot(store.load_plan(plan_id, include_removed=True), snapshot)
    try:
        day = date.fromisoformat(snapshot.get("date") or "") if snapshot.get("date") else today
        as_of = date.fromisoformat(snapshot.get("today") or "") if snapshot.get("today") else day
    except ValueError:
        day = as_of = today
    return plan, day, as_of


def _save(built, document, output: Path | None, name: str, settings: "Settings | PlanSettings") -> list:
    """Write the workbook and/or the document; none of them stays when one fails."""
    from cdstui.report.workbook import save_workbook

    saved = []
    try:
        if built is not None:
            saved.append(save_workbook(built.workbook, _target(output, name, settings)))
        if document is not None:
            from cdstui.report.word.document import save_document

            saved.append(save_document(document.document, _target(output, name, settings, ".docx")))
    except BaseException:
        for one in saved:
            _unlink(one.path)
        raise
    return saved


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
        return True
    except OSError:  # held open already
        return False


def _record(
    store: "Store", plan_id: int, period: str, paths: list[Path], snapshot: dict, report_type: str = ""
) -> int:
    """Record the submission of the files at ``paths`` (the first one named); delete them if that fails."""
    from cdstui.store import StoreError
    from cdstui.store.submissions import record_submission

    before = _submission_ids(store, plan_id)
    try:
        return record_submission(store, plan_id, period, str(paths[0]), snapshot, report_type=report_type)
    except BaseException as exc:
        after = _submission_ids(store, plan_id)
        if None not in (before, after) and after != before:
            raise  # ctrl+c just after the commit: recorded after all, the files stay
        kept = [p for p in paths if not _unlink(p)]
        shown = ", ".join(str(p) for p in paths)
        if kept:
            what = f"tệp {', '.join(str(p) for p in kept)} chưa được ghi nhận là đã nộp; hãy xóa rồi xuất lại."
        else:
            what = f"tệp {shown} đã được xóa; hãy xuất lại."
        if isinstance(exc, StoreError):
            raise StoreError(f"Không ghi nhận được lần nộp báo cáo nên {what} ({exc})") from exc
        raise


def _submission_ids(store: "Store", plan_id: int) -> list[int] | None:
    from cdstui.store.submissions import list_submissions

    try:
        return [s["id"] for s in list_submissions(store, plan_id)]
    except Exception:  # noqa: BLE001 - the database failing already: count it unknown
        return None


def export_report_at(
    db_path: Path,
    plan_id: int,
    period_code: str | None = None,
    *,
    output: Path | None = None,
    lead: str | None = None,
    refresh: bool = False,
    today: date | None = None,
    settings: "Settings | PlanSettings | None" = None,
    format: str = "xlsx",
    report_type: str | None = None,
    scope: str | None = None,
) -> ExportResult:
    """``export_report`` through a connection of its own: for a worker thread
    (a SQLite connection belongs to the thread that opened it)."""
    from cdstui.store import Store

    with Store.open(db_path, migrate=False) as store:
        return export_report(
            store, plan_id, period_code, output=output, lead=lead, refresh=refresh, today=today, settings=settings,
            format=format, report_type=report_type, scope=scope,
        )
