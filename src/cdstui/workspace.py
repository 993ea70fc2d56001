"""Use cases shared by the command line and the terminal app.

Opening the database (creating it with the embedded default plan on first
use) and importing a document into it. No Textual here.

An import is planned before it is written (``plan_import``: read the
document, match it against the database, refuse a document that does not
match the plan it was aimed at) and then run (``run_import``: a backup, then
one short transaction), so that the command line can say what will change
before it changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cdstui.domain.labels import field_label, row_label
from cdstui.domain.model import ImportReport, InputError
from cdstui.paths import default_plan_file
from cdstui.store import ImportOutcome, PreparedImport, Store, StoreError
from cdstui.store.base import explain

Warn = Callable[[str], None]


@dataclass
class ImportResult:
    report: ImportReport
    outcome: ImportOutcome


@dataclass
class ImportJob:
    """A document read and matched, nothing written yet."""

    file: Path
    prepared: PreparedImport | None  # None: a report workbook filled by an agency (round trip)
    into: int | None = None


def open_database(
    path: str | Path, *, seed_default: bool = True, daily_backup: bool = True, warn: Warn | None = None
) -> Store:
    """Open (and migrate) the database; a new one gets the default plan.

    ``daily_backup=False`` leaves the first-of-the-day backup to the caller
    (the terminal app runs ``backup_daily`` after its first paint); the
    backup before a migration is always made here. ``warn`` hears what went
    wrong without stopping the work (a failed daily backup).
    """
    path = Path(path)
    is_new = not path.exists() or path.stat().st_size == 0
    if is_new:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Không tạo được thư mục {path.parent}: {exc.strerror or exc}") from exc
    store = Store.open(path, migrate=False)
    try:
        if not is_new:
            _backup_on_open(store, daily=daily_backup, warn=warn)
        store.migrate()
    except sqlite3.DatabaseError as exc:
        store.close()
        raise explain(exc, path) from exc
    except BaseException:
        store.close()
        raise
    if is_new and seed_default and not store.plan_ids():
        from cdstui.importers import read_document

        store.import_plan(read_document(default_plan_file()))
    return store


def _backup_on_open(store: Store, *, daily: bool, warn: Warn | None) -> None:
    """Back up an existing database before a migration (a failure stops the
    opening) and on the first start of each day (a failure is told to
    ``warn`` and does not stop the officer's work)."""
    if store.pending_migrations():
        from cdstui.store.backup import make_backup

        make_backup(store.path, "migrate", warn=warn)
        return
    if daily:
        problem = backup_daily(store.path)
        if problem and warn is not None:
            warn(problem)


def backup_daily(db_path: str | Path) -> str | None:
    """The first backup of the day, if none was made today. Returns what went
    wrong (the backup failed, an old one could not be deleted), else None.
    Uses its own connection: safe in a thread."""
    from cdstui.store.backup import make_backup, newest_backup_date

    if newest_backup_date(db_path) == date.today():
        return None
    notes: list[str] = []
    try:
        make_backup(db_path, "daily", warn=notes.append)
    except StoreError as exc:
        notes.append(str(exc))
    return " ".join(notes) or None


def plan_import(store: Store, file: str | Path, *, into: int | None = None, replace: bool = False) -> ImportJob:
    """Read a document and match it against the database; write nothing.

    With ``into`` (a plan id), a document of which fewer than half the plan's
    tasks and indicators match (number and title) is refused with an
    ``InputError`` giving the overlap, unless ``replace``. Raises
    ``InputError`` for unusable input.
    """
    from cdstui.importers.limits import check_size
    from cdstui.importers.roundtrip import is_cdstui_export

    file = Path(file)
    check_size(file)  # before anything is unzipped, the check for our own workbook included
    if is_cdstui_export(file):
        return ImportJob(file, None, into)

    from cdstui.importers import read_document

    report = read_document(file)
    if not any(t.rows for t in report.plan.tables):
        raise InputError("không có dòng nào để nhập.", file=str(file))
    prepared = store.prepare_import(report, into=into)
    merge = prepared.merge
    if into is not None and not replace and merge is not None and not merge.overlaps:
        raise InputError(
            f"tài liệu không khớp với kế hoạch mã {into}: chỉ {merge.overlap}/{merge.total} dòng khớp "
            "(nhiệm vụ và chỉ tiêu, theo số thứ tự và tên). Không nhập gì. Nếu đúng là muốn thay kế hoạch "
            "bằng tài liệu này (các dòng bị gỡ vẫn giữ tiến độ), chạy lại với --replace.",
            file=str(file),
        )
    return ImportJob(file, prepared, into)


def run_import(store: Store, job: ImportJob, *, warn: Warn | None = None):
    """Back the database up, then write the planned import in one transaction.

    A report workbook exported by cdstui and filled by an agency is merged
    into the plan it came from (``FilledImport``); any other document gives
    an ``ImportResult``. The database is unchanged when this raises.
    """
    _backup_before_import(store, warn)
    if job.prepared is None:
        from cdstui.importers.roundtrip import import_filled

        return import_filled(store, job.file, plan_id=job.into)
    return ImportResult(job.prepared.report, store.apply_import(job.prepared))


def import_document(store: Store, file: str | Path, *, into: int | None = None, replace: bool = False, warn: Warn | None = None):
    """Read a document and add (or update) its plan: ``plan_import`` then ``run_import``."""
    return run_import(store, plan_import(store, file, into=into, replace=replace), warn=warn)


def _backup_before_import(store: Store, warn: Warn | None) -> None:
    if store.path.is_file():
        from cdstui.store.backup import make_backup

        make_backup(store.path, "import", warn=warn)


def describe(result) -> str:
    """What an import found and did, in Vietnamese, for the CLI and the app."""
    if isinstance(result, ImportResult):
        return describe_import(result)
    from cdstui.importers.roundtrip import describe_filled

    return describe_filled(result)


def describe_document(report: ImportReport) -> str:
    """What the document holds and every repair made reading it, one fact per line."""
    plan = report.plan
    lines = [f"Tệp: {plan.source or '?'}"]
    ident = " ".join(x for x in (f"Kế hoạch {plan.number}" if plan.number else "Kế hoạch", f"năm {plan.year}" if plan.year else "") if x)
    lines.append(f"{ident}: {plan.title}" if plan.title else ident)
    for t in plan.tables:
        sections = [r.code for r in t.rows if r.kind == "section"]
        groups = sum(r.kind == "group" for r in t.rows)
        what = f"{len(t.tasks())} nhiệm vụ" if t.kind == "tasks" else f"{len(t.indicators())} chỉ tiêu"
        lines.append(
            f"Bảng «{t.title or 'không tên'}»: {what}"
            + (f", mục {', '.join(sections)}" if sections else "")
            + (f", {groups} nhóm" if groups else "")
        )
    lines.append(f"Tổng cộng: {len(plan.tasks())} nhiệm vụ, {len(plan.indicators())} chỉ tiêu.")
    for s in report.skipped_tables:
        lines.append(f"Bỏ qua bảng: {s}")
    for r in report.repairs:
        lines.append(f"Sửa: {r}")
    for w in report.warnings:
        lines.append(f"Lưu ý: {w}")
    return "\n".join(lines)


def describe_preview(job: ImportJob) -> str:
    """What a merge into an existing plan will keep, change, add, remove and
    restore ("" when the document makes a new plan)."""
    merge = job.prepared.merge if job.prepared is not None else None
    if merge is None:
        return ""
    kept, changed, added, removed, restored = merge.kept, merge.changed, merge.added, merge.removed, merge.restored
    lines = [
        f"So với kế hoạch mã {merge.plan_id}: {merge.overlap}/{merge.total} dòng khớp.",
        f"Sẽ giữ nguyên {len(kept)} dòng, sửa {len(changed)}, thêm {len(added)}, gỡ {len(removed)}"
        + (f", khôi phục {len(restored)}" if restored else "")
        + ".",
    ]
    for write in changed:
        fields = ", ".join(field_label(name, write.new.kind).lower() for name in write.changes)
        lines.append(f"  ~ {row_label(write.new)} ({fields})")
    lines += [f"  + {label}" for label in added]
    lines += [f"  - {label} (tiến độ vẫn được lưu)" for label in removed]
    lines += [f"  ↺ {label} (khôi phục cùng tiến độ đã lưu)" for label in restored]
    return "\n".join(lines)


def describe_outcome(outcome: ImportOutcome) -> str:
    """What the import did, in one line."""
    if outcome.created:
        return f"Đã thêm kế hoạch mới (mã {outcome.plan_id})."
    return (
        f"Đã cập nhật kế hoạch mã {outcome.plan_id}: giữ nguyên {outcome.matched} dòng, "
        f"thêm {len(outcome.added)}, gỡ {len(outcome.removed)}, sửa {outcome.changed_fields} ô"
        + (f", khôi phục {len(outcome.restored)}" if outcome.restored else "")
        + "."
    )


def describe_import(result: ImportResult) -> str:
    """What the import found and did, in Vietnamese, one fact per line."""
    return describe_document(result.report) + "\n" + describe_outcome(result.outcome)
