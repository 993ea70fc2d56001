"""The store: plans in, plans out, progress with history, re-import merge."""

from __future__ import annotations

import sqlite3

import pytest

from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.store import Store, StoreError
from cdstui.store.schema import SCHEMA_VERSION


def small_plan(**overrides) -> Plan:
    rows = [
        Row(kind="section", code="I", title="Nhiệm vụ đột phá"),
        Row(kind="task", code="1", path=["I"], title="Xây dựng kế hoạch chuyển đổi số", lead="Phòng Văn hóa – Xã hội", deadline="Quý I/2026"),
        Row(kind="group", code="2", path=["I"], title="Nhân lực số"),
        Row(kind="task", code="2.1", path=["I", "2"], title="Tập huấn kỹ năng số cho cán bộ [AI]", deadline="02/2026"),
        Row(kind="task", code="2.2", path=["I", "2"], title="Hạ tầng số: đầu tư trang thiết bị", deadline="Cả năm"),
    ]
    plan = Plan(number="32-KH/ĐU", title="Kế hoạch chuyển đổi số", issuer="Đảng ủy phường Ba Ngòi", ward="Ba Ngòi", year=2026,
                tables=[Table(title="DANH MỤC", kind="tasks", header=["TT", "Tên nhiệm vụ"], rows=rows)])
    for k, v in overrides.items():
        setattr(plan, k, v)
    return plan


def test_new_database_has_schema_version_wal_and_foreign_keys(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.pending_migrations() == []


def test_plan_round_trip_keeps_every_field_in_order(db_path):
    db_path.parent.mkdir()
    plan = small_plan()
    with Store.open(db_path) as store:
        outcome = store.import_plan(ImportReport(plan=plan))
        assert outcome.created
        loaded = store.load_plan(outcome.plan_id)
    assert [r.code for r in loaded.rows()] == ["I", "1", "2", "2.1", "2.2"]
    assert loaded.tables[0].rows[3].path == ["I", "2"]
    assert loaded.tables[0].rows[3].title == "Tập huấn kỹ năng số cho cán bộ [AI]"
    assert loaded.number == "32-KH/ĐU" and loaded.year == 2026


def test_load_plan_head_is_the_first_rows_in_document_order(db_path):
    db_path.parent.mkdir()
    plan = small_plan()
    plan.tables.append(Table(title="Chỉ tiêu", kind="indicators", rows=[Row(kind="indicator", title="Tỷ lệ hồ sơ trực tuyến")]))
    with Store.open(db_path) as store:
        pid = store.import_plan(ImportReport(plan=plan)).plan_id
        full = store.load_plan(pid)
        head = store.load_plan(pid, head=3)
        everything = store.load_plan(pid, head=100)
    assert [r.code for r in head.rows()] == ["I", "1", "2"]
    assert [r.id for r in head.rows()] == [r.id for r in full.rows()][:3]
    # every table is there (the later ones empty), so view rows keep their places
    assert [t.kind for t in head.tables] == ["tasks", "indicators"] and head.tables[1].rows == []
    assert [r.id for r in everything.rows()] == [r.id for r in full.rows()]


def test_text_is_stored_nfc(db_path):
    import unicodedata

    db_path.parent.mkdir()
    plan = small_plan(title=unicodedata.normalize("NFD", "Kế hoạch chuyển đổi số"))
    with Store.open(db_path) as store:
        pid = store.import_plan(ImportReport(plan=plan)).plan_id
        row = store.load_plan(pid).tasks()[0]
        store.update_row(row.id, {"result": unicodedata.normalize("NFD", "Đã ban hành kế hoạch")})
        assert store.load_plan(pid).title == "Kế hoạch chuyển đổi số"
        assert store.get_row(row.id).result == "Đã ban hành kế hoạch"


def test_update_records_history_only_for_real_changes(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as store:
        pid = store.import_plan(ImportReport(plan=small_plan())).plan_id
        task = store.load_plan(pid).tasks()[0]
        made = store.update_row(task.id, {"status": "in_progress", "completion": "50%", "note": ""})
        assert {c.field for c in made} == {"status", "completion"}
        assert store.update_row(task.id, {"status": "in_progress"}) == []
        hist = store.history(task.id)
        assert [(h["field"], h["old"], h["new"]) for h in hist] == [
            ("status", "not_started", "in_progress"),
            ("completion", None, "50%"),
        ]


def test_failed_update_leaves_database_unchanged(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as store:
        pid = store.import_plan(ImportReport(plan=small_plan())).plan_id
        tasks = store.load_plan(pid).tasks()
        before = store.load_plan(pid)
        with pytest.raises(sqlite3.IntegrityError):
            store.update_rows([(tasks[0].id, {"result": "ok"}), (tasks[1].id, {"status": "bogus"})])
        assert store.load_plan(pid) == before
        assert store.history(tasks[0].id) == []


def test_reimport_same_plan_changes_nothing(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as store:
        pid = store.import_plan(ImportReport(plan=small_plan())).plan_id
        task = store.load_plan(pid).tasks()[1]
        store.update_row(task.id, {"status": "done", "result": "Đã tập huấn 70 người"})
        before = store.load_plan(pid)
        outcome = store.import_plan(ImportReport(plan=small_plan()))
        assert not outcome.created and outcome.plan_id == pid
        assert outcome.added == [] and outcome.removed == [] and outcome.changed_fields == 0
        assert store.plan_ids() == [pid]
        assert store.load_plan(pid) == before


def test_reimport_revised_plan_keeps_progress(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as store:
        pid = store.import_plan(ImportReport(plan=small_plan())).plan_id
        tasks = {t.code: t for t in store.load_plan(pid).tasks()}
        store.update_row(tasks["2.1"].id, {"status": "done", "completion": "100%"})
        store.update_row(tasks["2.2"].id, {"result": "Đã mua 10 máy tính"})

        revised = small_plan()
        rows = revised.tables[0].rows
        rows[3].title = "Tập huấn nâng cao kỹ năng số cho cán bộ [AI]"  # reworded
        rows[4].code = "2.3"  # renumbered: matched by title
        del rows[1]  # task 1 removed
        rows.append(Row(kind="task", code="2.4", path=["I", "2"], title="Tập huấn cho người dân"))
        outcome = store.import_plan(ImportReport(plan=revised))

        assert store.plan_ids() == [pid]
        assert outcome.added == ["I.2.4 Tập huấn cho người dân"]
        assert len(outcome.removed) == 1 and "Xây dựng kế hoạch" in outcome.removed[0]
        after = {t.title: t for t in store.load_plan(pid).tasks()}
        assert after["Tập huấn nâng cao kỹ năng số cho cán bộ [AI]"].status == "done"
        assert after["Tập huấn nâng cao kỹ năng số cho cán bộ [AI]"].completion == "100%"
        assert after["Hạ tầng số: đầu tư trang thiết bị"].result == "Đã mua 10 máy tính"
        assert after["Hạ tầng số: đầu tư trang thiết bị"].code == "2.3"
        assert len(after) == 3
        # the removed task is kept with its history, hidden
        hidden = store.load_plan(pid, include_removed=True).tasks()
        assert len(hidden) == 4
        renamed = after["Tập huấn nâng cao kỹ năng số cho cán bộ [AI]"]
        assert [h["field"] for h in store.history(renamed.id)][-1] == "title"


def test_not_a_database_is_explained(tmp_path):
    bogus = tmp_path / "x.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="không phải là cơ sở dữ liệu"):
        Store.open(bogus)
