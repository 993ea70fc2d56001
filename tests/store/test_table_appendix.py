"""A table's appendix (label, title, note) and the plan's date, kept by the store (migration 0004)."""

from __future__ import annotations

import dataclasses
from datetime import date

from cdstui.domain.model import Appendix
from cdstui.importers import read_document
from cdstui.store import Store
from tests.importers.builders import SEED_000, WARD_DONG_HAI


def test_appendix_and_date_are_stored_and_loaded(tmp_path):
    report = read_document(WARD_DONG_HAI)
    with Store.open(tmp_path / "a.db") as store:
        pid = store.import_plan(report).plan_id
        plan = store.load_plan(pid)
    assert plan.date == date(2026, 1, 15)
    assert [t.appendix for t in plan.tables] == [t.appendix for t in report.plan.tables]
    assert [t.appendix.label for t in plan.tables] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]


def test_a_revised_document_updates_appendix_and_date(tmp_path):
    report = read_document(WARD_DONG_HAI)
    with Store.open(tmp_path / "a.db") as store:
        pid = store.import_plan(report).plan_id
        revised = read_document(WARD_DONG_HAI)
        revised.plan.date = date(2026, 2, 1)
        revised.plan.tables[0].appendix = dataclasses.replace(revised.plan.tables[0].appendix, note="(Kèm theo bản sửa đổi)")
        outcome = store.import_plan(revised, into=pid)
        assert not outcome.created and not outcome.added and not outcome.removed
        plan = store.load_plan(pid)
    assert plan.date == date(2026, 2, 1)
    assert plan.tables[0].appendix.note == "(Kèm theo bản sửa đổi)"
    assert plan.tables[1].appendix == report.plan.tables[1].appendix


def test_a_database_of_version_0_1_gains_empty_appendices(old_database):
    with Store.open(old_database) as store:
        assert "0004_table_appendix" not in store.pending_migrations()
        (pid,) = store.plan_ids()
        plan = store.load_plan(pid)
        assert plan.date is None
        assert all(t.appendix == Appendix() for t in plan.tables)
        # importing seed 000 again fills them in, and keeps the progress
        outcome = store.import_plan(read_document(SEED_000), into=pid)
        assert not outcome.added and not outcome.removed
        plan = store.load_plan(pid)
    assert plan.date == date(2026, 2, 9)
    assert plan.tables[0].appendix.label == "Phụ lục"
    assert any(r.status == "done" for r in plan.tasks())
