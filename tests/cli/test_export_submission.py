"""`export` never leaves a report behind whose submission was not recorded
(issue 11, item 9): a concurrent save held the write lock, the export failed
to record and still wrote its .xlsx."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from cdstui.importers import read_document
from cdstui.report.export import export_report, export_report_at
from cdstui.store import Store, StoreError
from cdstui.store.submissions import list_submissions
from tests.conftest import SEED_000

TODAY = date(2026, 9, 20)


@pytest.fixture
def db(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        s.import_plan(read_document(SEED_000))
    return db_path


def test_a_report_that_cannot_be_recorded_is_not_left_behind(db, tmp_path):
    out = tmp_path / "bao-cao"
    out.mkdir()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program in the middle of a long save
    other.execute("UPDATE rows SET note = 'đang ghi' WHERE kind = 'task'")
    try:
        with Store.open(db, timeout_ms=100) as store:
            with pytest.raises(StoreError) as info:
                export_report(store, 1, "2026-Q3", output=out, today=TODAY)
    finally:
        other.execute("ROLLBACK")
        other.close()
    message = str(info.value)
    assert "Không ghi nhận được lần nộp báo cáo" in message and "đã được xóa" in message
    assert list(out.iterdir()) == []  # no .xlsx, no temporary file
    with Store.open(db) as store:
        assert list_submissions(store, 1) == []


def test_a_worker_thread_exports_through_its_own_connection(db, tmp_path):
    import threading

    results = []
    worker = threading.Thread(
        target=lambda: results.append(export_report_at(db, 1, "2026-Q3", output=tmp_path, today=TODAY))
    )
    worker.start()
    worker.join()
    (result,) = results
    assert result.path.is_file() and result.submission_id is not None
    with Store.open(db) as store:
        assert [s["file"] for s in list_submissions(store, 1)] == [str(result.path)]
