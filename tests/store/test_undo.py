"""History and undo through the store: one save is one step, walked back in order."""

from __future__ import annotations

import copy

import pytest

from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.store import Store
from cdstui.store.undo import can_undo, undo_last


def plan(number="32-KH/ĐU", title="Kế hoạch chuyển đổi số năm 2026") -> Plan:
    rows = [
        Row(kind="section", code="I", title="Nhiệm vụ đột phá"),
        Row(kind="task", code="1", path=["I"], title="Xây dựng kế hoạch chuyển đổi số", deadline="Quý I/2026"),
        Row(kind="task", code="2", path=["I"], title="Tập huấn kỹ năng số cho cán bộ", deadline="02/2026"),
        Row(kind="task", code="3", path=["I"], title="Đầu tư trang thiết bị", deadline="Cả năm"),
    ]
    ind = [Row(kind="indicator", code="1", title="Tỷ lệ hồ sơ trực tuyến", unit="%", target="Tiên tiến, hiện đại")]
    return Plan(
        number=number, title=title, issuer="Đảng ủy phường Ba Ngòi", year=2026,
        tables=[Table(title="DANH MỤC", kind="tasks", rows=rows), Table(title="CHỈ TIÊU", kind="indicators", rows=ind)],
    )


@pytest.fixture
def store(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        yield s


def tasks(store: Store, pid: int) -> dict[str, Row]:
    return {t.code: t for t in store.load_plan(pid).tasks()}


def progress(row: Row) -> tuple:
    return (row.status, row.completion, row.result, row.note)


def test_nothing_to_undo_in_a_fresh_plan(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    assert undo_last(store) is None
    assert undo_last(store, pid) is None
    assert not can_undo(store, pid)


def test_undo_walks_back_save_by_save_and_is_itself_recorded(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    t = tasks(store, pid)["1"]
    store.update_row(t.id, {"status": "in_progress"})
    store.update_row(t.id, {"completion": "50%"})
    store.update_row(t.id, {"result": "Đã ban hành Kế hoạch số 12/KH-UBND"})
    assert can_undo(store, pid)

    made = undo_last(store, pid)
    assert [(c.field, c.old, c.new) for c in made] == [("result", "Đã ban hành Kế hoạch số 12/KH-UBND", "")]
    assert progress(store.get_row(t.id)) == ("in_progress", "50%", "", "")

    made = undo_last(store, pid)
    assert [(c.field, c.old, c.new) for c in made] == [("completion", "50%", None)]
    assert progress(store.get_row(t.id)) == ("in_progress", None, "", "")

    made = undo_last(store, pid)
    assert [(c.field, c.new) for c in made] == [("status", "not_started")]
    assert progress(store.get_row(t.id)) == ("not_started", None, "", "")

    # undo entries are never undone: there is nothing left
    assert undo_last(store, pid) is None
    assert progress(store.get_row(t.id)) == ("not_started", None, "", "")

    hist = store.history(t.id)
    assert [(h["field"], h["origin"]) for h in hist] == [
        ("status", "app"), ("completion", "app"), ("result", "app"),
        ("result", "undo"), ("completion", "undo"), ("status", "undo"),
    ]


def test_a_multi_field_save_is_undone_as_one_step(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    t = tasks(store, pid)["2"]
    store.update_row(t.id, {"note": "Phối hợp Công an phường"})
    store.update_row(t.id, {"status": "done", "completion": "100%", "result": "Tập huấn 70 cán bộ"})

    made = undo_last(store)
    assert {c.field for c in made} == {"status", "completion", "result"}
    assert progress(store.get_row(t.id)) == ("not_started", None, "", "Phối hợp Công an phường")
    made = undo_last(store)
    assert [c.field for c in made] == ["note"]
    assert store.get_row(t.id).note == ""


def test_several_rows_saved_together_are_one_step(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    t = tasks(store, pid)
    store.update_row(t["3"].id, {"status": "in_progress"})
    store.update_rows([(t["1"].id, {"status": "done"}), (t["2"].id, {"status": "done"})])
    made = undo_last(store, pid)
    assert sorted(c.row_id for c in made) == sorted([t["1"].id, t["2"].id])
    after = tasks(store, pid)
    assert (after["1"].status, after["2"].status, after["3"].status) == ("not_started", "not_started", "in_progress")


def test_a_new_edit_after_undo_is_undone_first_then_older_ones(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    t = tasks(store, pid)["1"]
    store.update_row(t.id, {"status": "in_progress"})
    store.update_row(t.id, {"completion": "30%"})
    undo_last(store)  # 30% gone
    store.update_row(t.id, {"result": "Đang dự thảo"})
    assert [c.field for c in undo_last(store)] == ["result"]
    assert [c.field for c in undo_last(store)] == ["status"]
    assert undo_last(store) is None
    assert progress(store.get_row(t.id)) == ("not_started", None, "", "")


def test_indicator_verdict_is_restored_as_undecided(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    ind = store.load_plan(pid).indicators()[0]
    store.update_row(ind.id, {"actual": "Tiên tiến", "verdict": True})
    assert store.get_row(ind.id).verdict is True
    undo_last(store, pid)
    row = store.get_row(ind.id)
    assert row.verdict is None and row.actual is None


def test_undo_is_scoped_to_the_plan(store):
    a = store.import_plan(ImportReport(plan=plan())).plan_id
    b = store.import_plan(ImportReport(plan=plan(number="15-KH/UBND", title="Kế hoạch khác"))).plan_id
    ta, tb = tasks(store, a)["1"], tasks(store, b)["1"]
    store.update_row(ta.id, {"status": "done"})
    store.update_row(tb.id, {"status": "in_progress"})
    made = undo_last(store, a)
    assert [c.row_id for c in made] == [ta.id]
    assert store.get_row(ta.id).status == "not_started"
    assert store.get_row(tb.id).status == "in_progress"
    # without a plan: the latest save of any plan
    store.update_row(ta.id, {"note": "x"})
    assert [c.row_id for c in undo_last(store)] == [ta.id]
    assert [c.row_id for c in undo_last(store)] == [tb.id]


def test_undo_never_walks_past_an_import(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    t = tasks(store, pid)
    store.update_row(t["1"].id, {"status": "done"})
    revised = plan()
    revised.tables[0].rows[2].deadline = "03/2026"  # the province moved a deadline
    store.import_plan(ImportReport(plan=revised))
    assert store.get_row(t["2"].id).deadline == "03/2026"

    # the import's own change is the latest: it can be undone ...
    made = undo_last(store, pid)
    assert [(c.field, c.old, c.new) for c in made] == [("deadline", "03/2026", "02/2026")]
    # ... but not the officer's edit made before the import
    assert undo_last(store, pid) is None
    assert store.get_row(t["1"].id).status == "done"


def test_edits_after_an_import_are_undone_but_not_the_edits_before_it(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    t = tasks(store, pid)
    store.update_row(t["1"].id, {"status": "done"})
    store.import_plan(ImportReport(plan=plan()))  # same plan again: nothing changes
    revised = plan()
    revised.tables[0].rows[3].title = "Đầu tư trang thiết bị công nghệ thông tin"
    store.import_plan(ImportReport(plan=revised))
    store.update_row(t["3"].id, {"status": "in_progress"})
    assert [c.field for c in undo_last(store, pid)] == ["status"]
    assert [c.field for c in undo_last(store, pid)] == ["title"]
    assert store.get_row(t["3"].id).title == "Đầu tư trang thiết bị"
    assert undo_last(store, pid) is None
    assert store.get_row(t["1"].id).status == "done"


def test_a_removed_row_stays_removed(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    t = tasks(store, pid)
    revised = copy.deepcopy(plan())
    del revised.tables[0].rows[1]  # task 1 gone from the revised plan
    store.import_plan(ImportReport(plan=revised))
    assert "1" not in tasks(store, pid)
    assert undo_last(store, pid) is None  # a removal alone is not undone
    assert "1" not in tasks(store, pid)
    assert [h["field"] for h in store.history(t["1"].id)] == ["removed"]
