"""Migrations run on a database made by an earlier cdstui and lose nothing."""

from __future__ import annotations

from cdstui.store import Store
from cdstui.store.version import SCHEMA_VERSION


def test_old_database_opens_and_keeps_its_progress(old_database):
    with Store.open(old_database) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.integrity_check() == "ok"
        (pid,) = store.plan_ids()
        plan = store.load_plan(pid)
        done = [r for r in plan.tasks() if r.status == "done"]
        assert len(done) == 1 and done[0].result.startswith("Đã tổ chức 3 lớp tập huấn")
        assert any(r.actual == "95%" for r in plan.indicators())
