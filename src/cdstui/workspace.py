"""Use cases shared by the command line and the terminal app.

Opening the database (creating it with the embedded default plan on first
use) and importing a document into it. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cdstui.domain.model import ImportReport, InputError
from cdstui.paths import default_plan_file
from cdstui.store import ImportOutcome, Store, StoreError


@dataclass
class ImportResult:
    report: ImportReport
    outcome: ImportOutcome


def open_database(path: str | Path, *, seed_default: bool = True) -> Store:
    """Open (and migrate) the database; a new one gets the default plan."""
    path = Path(path)
    is_new = not path.exists() or path.stat().st_size == 0
    if is_new:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Không tạo được thư mục {path.parent}: {exc.strerror or exc}") from exc
    store = Store.open(path)
    if is_new and seed_default and not store.plan_ids():
        from cdstui.importers import read_document

        store.import_plan(read_document(default_plan_file()))
    return store


def import_document(store: Store, file: str | Path, *, into: int | None = None) -> ImportResult:
    """Read a document and add (or update) its plan in one transaction.

    Raises ``InputError`` for unusable input; the database is then unchanged.
    """
    from cdstui.importers import read_document

    report = read_document(file)
    if not any(t.rows for t in report.plan.tables):
        raise InputError("không có dòng nào để nhập.", file=str(file))
    outcome = store.import_plan(report, into=into)
    return ImportResult(report, outcome)
