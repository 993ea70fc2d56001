"""Re-importing a document into the plan it came from (issue 10 "Safe
re-import", issue 11 item 9): which plan it is, what the merge will do, rows
that leave and come back, and the merge written in one short transaction."""

from __future__ import annotations

import copy
import sqlite3

import pytest

from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.store import Store, StoreError


def plan(*, number="32-KH/ĐU", issuer="Đảng ủy phường Ba Ngòi", title="Kế hoạch chuyển đổi số năm 2026", drop=(), extra=()) -> Plan:
    titles = {
        "1": "Xây dựng kế hoạch chuyển đổi số",
        "2": "Tập huấn kỹ năng số cho cán bộ",
        "3": "Đầu tư trang thiết bị",
        "4": "Số hóa hồ sơ thủ tục hành chính",
    }
    titles.update(extra)
    rows = [Row(kind="section", code="I", title="Nhiệm vụ trọng tâm")]
    rows += [
        Row(kind="task", code=code, path=["I"], title=text, deadline="Quý I/2026")
        for code, text in titles.items()
        if code not in drop
    ]
    ind = [Row(kind="indicator", code="1", title="Tỷ lệ hồ sơ trực tuyến", unit="%", target="≥ 80%")]
    return Plan(
        number=number, title=title, issuer=issuer, year=2026,
        tables=[Table(title="DANH MỤC", kind="tasks", rows=rows), Table(title="CHỈ TIÊU", kind="indicators", rows=ind)],
    )


@pytest.fixture
def store(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        yield s


def by_code(store: Store, pid: int, *, removed: bool = False) -> dict[str, Row]:
    return {r.code: r for r in store.load_plan(pid, include_removed=removed).tasks()}


def test_a_removed_row_comes_back_with_its_progress_when_a_later_document_brings_it_back(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    two = by_code(store, pid)["2"]
    store.update_row(two.id, {"status": "done", "completion": "100%", "result": "Đã tập huấn 70 người"})

    gone = store.import_plan(ImportReport(plan=plan(drop={"2"})))
    assert gone.removed == ["I.2 Tập huấn kỹ năng số cho cán bộ"]
    assert "2" not in by_code(store, pid)
    kept = by_code(store, pid, removed=True)["2"]
    assert (kept.id, kept.status, kept.result) == (two.id, "done", "Đã tập huấn 70 người")

    back = store.import_plan(ImportReport(plan=plan()))
    assert back.restored == ["I.2 Tập huấn kỹ năng số cho cán bộ"] and back.added == []
    row = by_code(store, pid)["2"]
    assert (row.id, row.status, row.completion, row.result) == (two.id, "done", "100%", "Đã tập huấn 70 người")
    assert [r.code for r in store.load_plan(pid).tasks()] == ["1", "2", "3", "4"]
    fields = [(h["field"], h["old"], h["new"]) for h in store.history(two.id)]
    assert fields[-2:] == [("removed", "0", "1"), ("removed", "1", "0")]


def test_a_new_row_in_the_place_of_a_removed_one_is_not_taken_for_it(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    store.update_row(by_code(store, pid)["2"].id, {"status": "done"})
    store.import_plan(ImportReport(plan=plan(drop={"2"})))
    outcome = store.import_plan(ImportReport(plan=plan(extra={"2": "Chuyển đổi số trong trường học"})))
    assert outcome.restored == [] and outcome.added == ["I.2 Chuyển đổi số trong trường học"]
    assert by_code(store, pid)["2"].status == "not_started"


def test_a_document_without_a_number_is_known_by_its_content(store):
    untitled = plan(number="", title="")  # a table on its own: no number, no title
    first = store.import_plan(ImportReport(plan=copy.deepcopy(untitled)))
    again = store.import_plan(ImportReport(plan=copy.deepcopy(untitled)))
    assert first.created and not again.created and again.plan_id == first.plan_id
    assert store.plan_ids() == [first.plan_id]


def test_number_issuer_and_year_make_a_plan(store):
    ours = store.import_plan(ImportReport(plan=plan(number="01/KH-UBND", issuer="UBND phường Ba Ngòi"))).plan_id
    theirs = store.import_plan(ImportReport(plan=plan(number="01/KH-UBND", issuer="UBND phường Cam Nghĩa"))).plan_id
    assert theirs != ours and store.plan_ids() == [ours, theirs]
    next_year = plan(number="01/KH-UBND", issuer="UBND phường Ba Ngòi")
    next_year.year = 2027
    assert store.import_plan(ImportReport(plan=next_year)).created
    assert store.import_plan(ImportReport(plan=plan(number="01/KH-UBND", issuer="UBND phường Ba Ngòi"))).plan_id == ours


def test_a_different_plan_that_bears_the_same_title_is_not_merged_into(store):
    first = store.import_plan(ImportReport(plan=plan(number=""))).plan_id
    other = plan(number="", extra={str(i): f"Nhiệm vụ khác hẳn số {i}" for i in range(1, 5)})
    outcome = store.import_plan(ImportReport(plan=other))
    assert outcome.created and outcome.plan_id != first
    assert by_code(store, first)["1"].title == "Xây dựng kế hoạch chuyển đổi số"


def test_the_merge_is_known_before_it_is_written(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    revised = plan(drop={"4"}, extra={"3": "Đầu tư trang thiết bị công nghệ thông tin", "5": "Tuyên truyền Đề án 06"})
    before = store.load_plan(pid)
    prepared = store.prepare_import(ImportReport(plan=revised))
    merge = prepared.merge
    assert prepared.plan_id == pid and (merge.overlap, merge.total) == (4, 5) and merge.overlaps
    assert merge.added == ["I.5 Tuyên truyền Đề án 06"]
    assert merge.removed == ["I.4 Số hóa hồ sơ thủ tục hành chính"]
    assert [(w.new.code, sorted(w.changes)) for w in merge.changed] == [("3", ["title"])]
    assert len(merge.kept) == 3  # tasks 1, 2 and the indicator
    assert store.load_plan(pid) == before  # nothing written yet
    outcome = store.apply_import(prepared)
    assert outcome.added == merge.added and outcome.removed == merge.removed
    assert by_code(store, pid)["3"].title == "Đầu tư trang thiết bị công nghệ thông tin"


def test_matching_needs_no_lock_and_writing_is_one_short_transaction(store, db_path):
    """The matching reads while another program saves; only the write needs
    the lock, and when it cannot have it nothing is written."""
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    before = store.load_plan(pid)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE rows SET note = 'đang lưu' WHERE kind = 'task'")
    try:
        with Store.open(db_path, timeout_ms=100) as s:
            prepared = s.prepare_import(ImportReport(plan=plan(drop={"4"})))
            assert prepared.merge.removed == ["I.4 Số hóa hồ sơ thủ tục hành chính"]
            with pytest.raises(StoreError, match="đang được"):
                s.apply_import(prepared)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.load_plan(pid) == before


def test_a_save_between_matching_and_writing_is_not_overwritten(store, db_path):
    """The document carries progress for a task the officer had left empty;
    another window sets that task before the import writes: the import sees
    it (it matches again inside its transaction) and leaves it."""
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    with_progress = plan()
    with_progress.tables[0].rows[1].status = "in_progress"
    prepared = store.prepare_import(ImportReport(plan=with_progress))
    assert [sorted(w.changes) for w in prepared.merge.changed] == [["status"]]
    with Store.open(db_path) as window:
        window.update_row(by_code(window, pid)["1"].id, {"status": "done"})
    outcome = store.apply_import(prepared)
    assert by_code(store, pid)["1"].status == "done"
    assert outcome.changed_fields == 0


def test_rows_keep_the_documents_order_through_revisions(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    revisions = [
        plan(drop={"2"}),
        plan(extra={"0": "Nhiệm vụ mới ở đầu bảng"}),  # added last in the dict: goes to the end
        plan(drop={"1", "3"}),
        plan(),
    ]
    revisions[1].tables[0].rows.insert(1, revisions[1].tables[0].rows.pop())  # …moved to the top
    for revised in revisions:
        store.import_plan(ImportReport(plan=copy.deepcopy(revised)))
        stored = store.load_plan(pid)
        assert [(r.code, r.title) for r in stored.rows()] == [(r.code, r.title) for r in revised.rows()]
