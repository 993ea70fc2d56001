"""Submissions: what was sent for a period, reproducible; what changed since."""

from __future__ import annotations

import json

import pytest

from cdstui.cli import main
from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.store import Store, StoreError
from cdstui.store.submissions import (
    changed_since_submission,
    latest_submission,
    list_submissions,
    mark_sent,
    progress_snapshot,
    record_submission,
    unmark_sent,
)
from cdstui.store.schema import SCHEMA_VERSION


def plan(number="32-KH/ĐU", title="Kế hoạch chuyển đổi số năm 2026") -> Plan:
    rows = [
        Row(kind="section", code="II", title="Nhiệm vụ trọng tâm"),
        Row(kind="task", code="1", path=["II"], title="Rà soát thủ tục hành chính", deadline="Quý I/2026"),
        Row(kind="task", code="2", path=["II"], title="Số hóa hồ sơ", deadline="12/2026"),
    ]
    ind = [Row(kind="indicator", code="1", title="Tỷ lệ hồ sơ trực tuyến", unit="%", target="≥ 80%")]
    return Plan(
        number=number, title=title, year=2026,
        tables=[Table(title="DANH MỤC", kind="tasks", rows=rows), Table(title="CHỈ TIÊU", kind="indicators", rows=ind)],
    )


@pytest.fixture
def store(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        yield s


def test_schema_has_the_second_migration(store):
    assert SCHEMA_VERSION >= 2
    assert store.pending_migrations() == []
    assert "submissions" in store.db.table_names()


def test_submission_is_recorded_and_its_snapshot_comes_back(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    t1, t2 = store.load_plan(pid).tasks()
    store.update_row(t1.id, {"status": "done", "completion": "100%", "result": "Đã rà soát 45 thủ tục"})
    snapshot = progress_snapshot(store, pid)
    assert snapshot[t1.id] == {
        "status": "done", "completion": "100%", "result": "Đã rà soát 45 thủ tục",
        "note": "", "actual": None, "verdict": None,
    }
    assert set(snapshot) == {r.id for r in store.load_plan(pid).rows() if r.kind in ("task", "indicator")}
    sid = record_submission(store, pid, "2026-Q1", "ba-ngoi_32-KH-DU_quy-I-2026.xlsx", {"rows": snapshot, "today": "2026-03-14"})
    assert isinstance(sid, int)

    # the officer keeps working; the submission still holds what was sent
    store.update_row(t1.id, {"result": "Đã rà soát 50 thủ tục"})
    got = latest_submission(store, pid, "2026-Q1")
    assert got["id"] == sid and got["period"] == "2026-Q1"
    assert got["file"] == "ba-ngoi_32-KH-DU_quy-I-2026.xlsx"
    assert got["at"][:4].isdigit()
    assert got["snapshot"] == {"rows": snapshot, "today": "2026-03-14"}
    assert got["snapshot"]["rows"][t1.id]["result"] == "Đã rà soát 45 thủ tục"
    assert latest_submission(store, pid, "2026-Q2") is None


def test_latest_submission_of_a_period_and_the_listing(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    record_submission(store, pid, "2026-Q1", "a.xlsx", {"n": 1})
    record_submission(store, pid, "2026-H1", "b.xlsx", {"n": 2})
    record_submission(store, pid, "2026-Q1", "c.xlsx", {"n": 3})
    assert latest_submission(store, pid, "2026-Q1")["file"] == "c.xlsx"
    assert latest_submission(store, pid, "2026-H1")["snapshot"] == {"n": 2}
    listed = list_submissions(store, pid)
    assert [(s["period"], s["file"]) for s in listed] == [("2026-Q1", "a.xlsx"), ("2026-H1", "b.xlsx"), ("2026-Q1", "c.xlsx")]
    assert all("snapshot" not in s and s["at"] for s in listed)


def test_submission_for_an_unknown_plan_is_refused(store):
    with pytest.raises(StoreError, match="Không có kế hoạch"):
        record_submission(store, 99, "2026-Q1", "x.xlsx", {})
    assert store.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 0


def test_deleting_a_plan_deletes_its_submissions(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    record_submission(store, pid, "2026-Q1", "x.xlsx", {})
    store.delete_plan(pid)
    assert store.db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 0


def test_changed_since_the_last_submission(store):
    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    other = store.import_plan(ImportReport(plan=plan(number="15-KH/UBND", title="Khác"))).plan_id
    t1, t2 = store.load_plan(pid).tasks()
    assert changed_since_submission(store, pid) == {}

    store.update_row(t1.id, {"status": "in_progress"})
    # no submission yet: every row with history
    assert list(changed_since_submission(store, pid)) == [t1.id]

    record_submission(store, pid, "2026-Q1", "q1.xlsx", {})
    assert changed_since_submission(store, pid) == {}

    store.update_row(t2.id, {"status": "done", "completion": "100%"})
    store.update_row(store.load_plan(other).tasks()[0].id, {"status": "done"})  # another plan
    changed = changed_since_submission(store, pid)
    assert list(changed) == [t2.id]
    assert [(h["field"], h["old"], h["new"]) for h in changed[t2.id]] == [
        ("status", "not_started", "done"), ("completion", None, "100%"),
    ]
    assert all(h["at"] for h in changed[t2.id])

    # a submission of another period also counts as "the last submission"
    record_submission(store, pid, "2026-H1", "h1.xlsx", {})
    assert changed_since_submission(store, pid) == {}


def test_dump_lists_submissions(db_path, capsys):
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        pid = s.import_plan(ImportReport(plan=plan())).plan_id
        record_submission(s, pid, "2026-Q1", "ba-ngoi_32-KH-DU_quy-I-2026.xlsx", {"rows": {}})
    assert main(["dump", "--db", str(db_path), "--today", "2026-04-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    subs = data["plans"][0]["submissions"]
    assert len(subs) == 1
    assert subs[0]["period"] == "2026-Q1" and subs[0]["file"] == "ba-ngoi_32-KH-DU_quy-I-2026.xlsx"
    assert set(subs[0]) == {"period", "at", "file", "type", "sent_at", "sent_to"}
    assert (subs[0]["type"], subs[0]["sent_at"], subs[0]["sent_to"]) == ("", None, [])


def test_a_report_is_marked_sent_with_its_day_and_recipients(store):
    from datetime import date

    pid = store.import_plan(ImportReport(plan=plan())).plan_id
    made = record_submission(store, pid, "2026-9M", "exports/9m.xlsx", {"n": 1}, report_type="KHCN-CĐS")
    record_submission(store, pid, "2026-9M", "exports/ke-hoach-9m.xlsx", {"n": 2})  # the plan's own report
    sent = mark_sent(
        store, pid, "2026-9M", report_type="khcn-cds", sent_at=date(2026, 10, 9), sent_to=["Sở Khoa học và Công nghệ", " "]
    )
    assert sent == made
    listed = {s["id"]: s for s in list_submissions(store, pid)}
    assert (listed[made]["type"], listed[made]["sent_at"], listed[made]["sent_to"]) == (
        "KHCN-CĐS", "2026-10-09", ["Sở Khoa học và Công nghệ"],
    )
    assert latest_submission(store, pid, "2026-9M", report_type="KHCN-CĐS")["snapshot"] == {"n": 1}
    assert latest_submission(store, pid, "2026-9M", report_type="")["snapshot"] == {"n": 2}
    assert latest_submission(store, pid, "2026-9M")["snapshot"] == {"n": 2}  # any type: the latest

    # a report sent from elsewhere: a submission without a file, which nothing reproduces
    other = mark_sent(store, pid, "2026-H1", report_type="DTI", sent_at=date(2026, 7, 14), sent_to=["Sở KH&CN"])
    assert latest_submission(store, pid, "2026-H1") is None
    assert [(s["period"], s["file"], s["sent_at"]) for s in list_submissions(store, pid) if s["id"] == other] == [
        ("2026-H1", "", "2026-07-14")
    ]
    unmark_sent(store, made)
    assert {s["id"]: s["sent_at"] for s in list_submissions(store, pid)}[made] is None
    with pytest.raises(StoreError, match="Không có lần xuất"):
        mark_sent(store, pid, "2026-Q1", sent_at=date(2026, 4, 1), sent_to=[], submission_id=999)
