"""Use cases shared by the command line and the terminal app.

Opening the database (creating it with the embedded default plan on first
use) and importing a document into it. No Textual here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cdstui.domain.model import ImportReport, InputError
from cdstui.paths import default_plan_file
from cdstui.store import ImportOutcome, Store, StoreError
from cdstui.store.store import _explain


@dataclass
class ImportResult:
    report: ImportReport
    outcome: ImportOutcome


def open_database(path: str | Path, *, seed_default: bool = True, daily_backup: bool = True) -> Store:
    """Open (and migrate) the database; a new one gets the default plan.

    ``daily_backup=False`` leaves the first-of-the-day backup to the caller
    (the terminal app runs ``backup_daily`` after its first paint); the
    backup before a migration is always made here.
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
            _backup_on_open(store, daily=daily_backup)
        store.migrate()
    except sqlite3.DatabaseError as exc:
        store.close()
        raise _explain(exc, path) from exc
    except BaseException:
        store.close()
        raise
    if is_new and seed_default and not store.plan_ids():
        from cdstui.importers import read_document

        store.import_plan(read_document(default_plan_file()))
    return store


def _backup_on_open(store: Store, *, daily: bool = True) -> None:
    """Back up an existing database before a migration (a failure stops the
    opening) and on the first start of each day (a failure is noted in
    ``store.backup_error`` and does not stop the officer's work)."""
    if store.pending_migrations():
        from cdstui.store.backup import make_backup

        make_backup(store.path, "migrate")
        return
    if daily:
        backup_daily(store)


def backup_daily(store: Store) -> None:
    """The first backup of the day, if none was made today (a failure is noted
    in ``store.backup_error``). Uses its own connection: safe in a thread."""
    from cdstui.store.backup import make_backup, newest_backup_date

    if newest_backup_date(store.path) != date.today():
        try:
            make_backup(store.path, "daily")
        except StoreError as exc:
            store.backup_error = str(exc)


def import_document(store: Store, file: str | Path, *, into: int | None = None):
    """Read a document and add (or update) its plan in one transaction.

    A report workbook exported by cdstui and filled by an agency is merged
    into the plan it came from (``FilledImport``); any other document gives
    an ``ImportResult``. Raises ``InputError`` for unusable input; the
    database is then unchanged. A backup is made before anything is written.
    """
    from cdstui.importers.roundtrip import import_filled, is_cdstui_export

    if is_cdstui_export(file):
        _backup_before_import(store)
        return import_filled(store, file, plan_id=into)

    from cdstui.importers import read_document

    report = read_document(file)
    if not any(t.rows for t in report.plan.tables):
        raise InputError("không có dòng nào để nhập.", file=str(file))
    _backup_before_import(store)
    outcome = store.import_plan(report, into=into)
    return ImportResult(report, outcome)


def describe(result) -> str:
    """What an import found and did, in Vietnamese, for the CLI and the app."""
    if isinstance(result, ImportResult):
        return describe_import(result)
    from cdstui.importers.roundtrip import describe_filled

    return describe_filled(result)


def _backup_before_import(store: Store) -> None:
    if store.path.is_file():
        from cdstui.store.backup import make_backup

        make_backup(store.path, "import")


def describe_import(result) -> str:
    """What the import found and did, in Vietnamese, one fact per line."""
    report, outcome = result.report, result.outcome
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
    if outcome.created:
        lines.append(f"Đã thêm kế hoạch mới (mã {outcome.plan_id}).")
    else:
        lines.append(
            f"Đã cập nhật kế hoạch mã {outcome.plan_id}: giữ nguyên {outcome.matched} dòng, "
            f"thêm {len(outcome.added)}, gỡ {len(outcome.removed)}, sửa {outcome.changed_fields} ô."
        )
        for label in outcome.added:
            lines.append(f"  + {label}")
        for label in outcome.removed:
            lines.append(f"  - {label} (tiến độ vẫn được lưu)")
        for label in outcome.reworded:
            lines.append(f"  ~ {label}")
    return "\n".join(lines)
