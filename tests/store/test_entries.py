"""Progress entries in the store: added, edited, removed, undone; evidence files;
the result and actual they make; writes of result and actual turned into entries."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from datetime import date

import pytest

from cdstui.domain.entries import Evidence
from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.store import StaleWrite, Store
from cdstui.store.entries import add_entry, edit_entry, entry_history, list_entries, plan_entries, remove_entry
from cdstui.store.undo import undo_last
from tests.conftest import db_content

PLAN_12 = Evidence(number="12/KH-UBND", date=date(2026, 2, 15), issuer="UBND phường Ba Ngòi", summary="chuyển đổi số")


def plan() -> Plan:
    rows = [
        Row(kind="section", code="II", title="Nhiệm vụ trọng tâm"),
        Row(kind="task", code="1", path=["II"], title="Xây dựng kế hoạch chuyển đổi số", deadline="Quý I/2026"),
        Row(kind="task", code="2", path=["II"], title="Tập huấn kỹ năng số", deadline="12/2026"),
    ]
    ind = [Row(kind="indicator", code="1", path=["I"], title="Tỷ lệ hồ sơ trực tuyến", unit="%", target="≥ 80%")]
    return Plan(
        number="32-KH/ĐU", title="Kế hoạch chuyển đổi số năm 2026", issuer="Đảng ủy phường Ba Ngòi", ward="Ba Ngòi",
        year=2026, tables=[Table("DANH MỤC", "tasks", rows=rows), Table("CHỈ TIÊU", "indicators", rows=ind)],
    )


@pytest.fixture
def store(db_path):
    db_path.parent.mkdir()
    with Store.open(db_path) as s:
        yield s


@pytest.fixture
def pid(store):
    return store.import_plan(ImportReport(plan=plan())).plan_id


def task(store, pid, code="1"):
    return next(r for r in store.load_plan(pid).tasks() if r.code == code)


def indicator(store, pid):
    return store.load_plan(pid).indicators()[0]


def shown(entries) -> list[tuple]:
    return [(e.date, e.text, e.value, [d.number for d in e.docs]) for e in entries]


def test_an_entry_is_added_edited_removed_and_each_step_undone(store, pid):
    t = task(store, pid)
    first = add_entry(store, t.id, "Ban hành kế hoạch", day=date(2026, 3, 10), docs=[PLAN_12], plan_id=pid)
    second = add_entry(store, t.id, "Tập huấn 70 cán bộ", day=date(2026, 9, 15))
    assert store.get_row(t.id).result == "Ban hành kế hoạch\nTập huấn 70 cán bộ"
    assert list_entries(store, t.id)[0].docs == (PLAN_12,)

    edited = edit_entry(
        store, second.id, expected_text="Tập huấn 70 cán bộ", expected_date=date(2026, 9, 15),
        text="Tập huấn 72 cán bộ", day=date(2026, 2, 1), docs=[PLAN_12],
    )
    assert edited.date == date(2026, 2, 1)
    assert store.get_row(t.id).result == "Tập huấn 72 cán bộ\nBan hành kế hoạch"  # date order
    remove_entry(store, first.id, expected_text="Ban hành kế hoạch", expected_date=date(2026, 3, 10))
    assert store.get_row(t.id).result == "Tập huấn 72 cán bộ"
    assert [e.id for e in list_entries(store, t.id, include_removed=True)] == [second.id, first.id]

    history = store.history(t.id)
    assert [(h["field"], h["old"], h["new"]) for h in history] == [
        ("entry", None, "10/03/2026: Ban hành kế hoạch tại Kế hoạch số 12/KH-UBND ngày 15/02/2026"),
        ("entry", None, "15/09/2026: Tập huấn 70 cán bộ"),
        ("entry", "15/09/2026: Tập huấn 70 cán bộ", "01/02/2026: Tập huấn 72 cán bộ tại Kế hoạch số 12/KH-UBND ngày 15/02/2026"),
        ("entry", "10/03/2026: Ban hành kế hoạch tại Kế hoạch số 12/KH-UBND ngày 15/02/2026", None),
    ]

    made = undo_last(store, pid)  # the removal
    assert [(c.field, c.new) for c in made] == [("entry", history[3]["old"])]
    assert shown(list_entries(store, t.id)) == [
        (date(2026, 2, 1), "Tập huấn 72 cán bộ", None, ["12/KH-UBND"]),
        (date(2026, 3, 10), "Ban hành kế hoạch", None, ["12/KH-UBND"]),
    ]
    undo_last(store, pid)  # the edit: text, day and documents back
    assert shown(list_entries(store, t.id)) == [
        (date(2026, 3, 10), "Ban hành kế hoạch", None, ["12/KH-UBND"]),
        (date(2026, 9, 15), "Tập huấn 70 cán bộ", None, []),
    ]
    undo_last(store, pid)
    undo_last(store, pid)
    assert list_entries(store, t.id) == [] and store.get_row(t.id).result == ""
    assert undo_last(store, pid) is None
    assert [h["origin"] for h in store.history(t.id)] == ["app"] * 4 + ["undo"] * 4


def test_an_edit_names_what_it_replaces(store, pid, db_path):
    t = task(store, pid)
    entry = add_entry(store, t.id, "Ban hành kế hoạch", day=date(2026, 3, 10))
    with Store.open(db_path) as other:  # another window changed it meanwhile
        edit_entry(other, entry.id, expected_text="Ban hành kế hoạch", expected_date=date(2026, 3, 10), text="Đã ban hành")
    before = db_content(db_path)
    with pytest.raises(StaleWrite, match="vừa được thay đổi ở chương trình khác.*Đã ban hành") as info:
        edit_entry(store, entry.id, expected_text="Ban hành kế hoạch", expected_date=date(2026, 3, 10), text="Mới")
    assert info.value.row_id == t.id and info.value.current["text"] == "Đã ban hành"
    with pytest.raises(StaleWrite):
        remove_entry(store, entry.id, expected_text="Đã ban hành", expected_date=date(2026, 3, 11))
    assert db_content(db_path) == before
    remove_entry(store, entry.id, expected_text="Đã ban hành", expected_date=date(2026, 3, 10))
    with pytest.raises(StaleWrite, match="đã bị xóa"):
        edit_entry(store, entry.id, expected_text="Đã ban hành", expected_date=date(2026, 3, 10), text="x")


def test_an_entry_for_a_row_of_another_plan_is_refused(store, pid):
    other = store.import_plan(ImportReport(plan=Plan(number="9/KH-UBND", title="Khác", tables=plan().tables))).plan_id
    with pytest.raises(StaleWrite, match="không còn thuộc kế hoạch"):
        add_entry(store, task(store, other).id, "x", plan_id=pid)
    with pytest.raises(ValueError, match="cần có nội dung"):
        add_entry(store, task(store, pid).id, "   ")


def test_a_written_result_becomes_entries_and_undo_brings_them_back_exactly(store, pid):
    t = task(store, pid)
    add_entry(store, t.id, "Ban hành kế hoạch", day=date(2026, 3, 10), docs=[PLAN_12])
    add_entry(store, t.id, "Tập huấn", day=date(2026, 6, 1))
    # the editor (before the log) saves the whole text with a line added
    store.update_row(t.id, {"result": "Ban hành kế hoạch\nTập huấn\nHọp tổng kết"})
    log = list_entries(store, t.id)
    assert [e.text for e in log] == ["Ban hành kế hoạch", "Tập huấn", "Họp tổng kết"]
    assert log[0].docs == (PLAN_12,) and log[-1].date == date.today()
    # ... then rewrites the second line and drops the third
    store.update_row(t.id, {"result": "Ban hành kế hoạch\nTập huấn 70 người"})
    assert shown(list_entries(store, t.id)) == [
        (date(2026, 3, 10), "Ban hành kế hoạch", None, ["12/KH-UBND"]),
        (date(2026, 6, 1), "Tập huấn 70 người", None, []),
    ]
    assert [h["field"] for h in store.history(t.id)][-2:] == ["result", "result"]  # what the officer saw
    made = undo_last(store, pid)
    assert [(c.field, c.old, c.new) for c in made] == [
        ("result", "Ban hành kế hoạch\nTập huấn 70 người", "Ban hành kế hoạch\nTập huấn\nHọp tổng kết")
    ]
    assert [e.text for e in list_entries(store, t.id)] == ["Ban hành kế hoạch", "Tập huấn", "Họp tổng kết"]
    store.update_row(t.id, {"result": ""})
    # no text left; the entry with a document keeps it (nothing is lost)
    assert shown(list_entries(store, t.id)) == [(date(2026, 3, 10), "", None, ["12/KH-UBND"])]
    assert store.get_row(t.id).result == ""
    undo_last(store, pid)
    assert shown(list_entries(store, t.id))[0] == (date(2026, 3, 10), "Ban hành kế hoạch", None, ["12/KH-UBND"])


@pytest.mark.parametrize(
    "texts",
    [
        ["a", "a\nb", "x\nb", "a\nb\n", "", "a\n\nb", "b\na", "a\nb\nc\nd", "a\nc"],
        ["Kết quả: 1", "Kết quả: 1 2", "Kết quả", "Kết quả: 1\n"],
    ],
)
def test_whatever_is_written_the_entries_say_exactly_that(store, pid, texts):
    t = task(store, pid)
    for text in texts:
        store.update_row(t.id, {"result": text})
        from cdstui.domain.entries import log_text

        assert log_text(list_entries(store, t.id)) == text == store.get_row(t.id).result
    for text in reversed(texts[:-1]):
        undo_last(store, pid)
        assert log_text(list_entries(store, t.id)) == text == store.get_row(t.id).result


def test_an_indicator_value_is_dated_and_read_as_of_a_day(store, pid):
    ind = indicator(store, pid)
    add_entry(store, ind.id, value="40%", day=date(2026, 3, 31))
    add_entry(store, ind.id, "Rà soát quý II", value="65%", day=date(2026, 6, 30))
    assert store.get_row(ind.id).actual == "65%"
    add_entry(store, ind.id, value="50%", day=date(2026, 5, 1))  # a late entry of an older value
    assert store.get_row(ind.id).actual == "65%"
    # the editor writes the value: it becomes today's
    store.update_row(ind.id, {"actual": "85%"})
    log = list_entries(store, ind.id)
    assert [(e.date, e.value) for e in log][-1] == (date.today(), "85%")
    store.update_row(ind.id, {"actual": None})
    assert store.get_row(ind.id).actual is None
    assert [e.text for e in list_entries(store, ind.id)] == ["Rà soát quý II"]  # its text stays
    undo_last(store, pid)
    undo_last(store, pid)
    assert store.get_row(ind.id).actual == "65%"
    assert [(e.date, e.value) for e in list_entries(store, ind.id)] == [
        (date(2026, 3, 31), "40%"), (date(2026, 5, 1), "50%"), (date(2026, 6, 30), "65%"),
    ]


def test_a_file_is_copied_beside_the_database(store, pid, tmp_path, db_path):
    source = tmp_path / "Kế hoạch số 12 KH-UBND.pdf"
    source.write_bytes(b"%PDF-1.4 ke hoach")
    t = task(store, pid)
    one = add_entry(store, t.id, "Ban hành", day=date(2026, 3, 10), docs=[Evidence("12/KH-UBND", file=str(source))])
    two = add_entry(store, t.id, "Ban hành lại", day=date(2026, 3, 10), docs=[Evidence(file=str(source))])
    name = unicodedata.normalize("NFC", "2026-03-10_Kế-hoạch-số-12-KH-UBND")
    assert one.docs[0].file == f"evidence/{name}.pdf"
    assert two.docs[0].file == f"evidence/{name}-2.pdf"  # never over another file
    stored = db_path.parent / "evidence" / f"{name}.pdf"
    assert stored.read_bytes() == b"%PDF-1.4 ke hoach"
    assert sorted(p.name for p in (db_path.parent / "evidence").iterdir()) == [f"{name}-2.pdf", f"{name}.pdf"]
    # a document already kept is not copied again
    again = add_entry(store, t.id, "Dẫn lại", docs=[Evidence(file=one.docs[0].file)])
    assert again.docs[0].file == one.docs[0].file
    assert len(list((db_path.parent / "evidence").iterdir())) == 2


def test_a_failed_write_leaves_no_file_behind(store, pid, tmp_path, db_path):
    source = tmp_path / "bien-ban.docx"
    source.write_bytes(b"PK")
    other = sqlite3.connect(db_path, isolation_level=None, timeout=0.1)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        slow = Store.open(db_path, timeout_ms=100)
        with pytest.raises(Exception):
            add_entry(slow, task(slow, pid).id, "Họp", docs=[Evidence(file=str(source))])
        slow.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [p.name for p in (db_path.parent / "evidence").iterdir()] == []
    with pytest.raises(FileNotFoundError):
        add_entry(store, task(store, pid).id, "Họp", docs=[Evidence(file=str(tmp_path / "không có.pdf"))])
    assert list_entries(store, task(store, pid).id) == []


def test_entries_of_a_plan_in_a_range(store, pid):
    t1, t2 = task(store, pid, "1"), task(store, pid, "2")
    for day in (date(2026, 6, 30), date(2026, 7, 1), date(2026, 9, 30), date(2026, 10, 1)):
        add_entry(store, t1.id, f"ngày {day}", day=day)
    add_entry(store, t2.id, "quý III", day=date(2026, 8, 8), docs=[PLAN_12])
    q3 = plan_entries(store, pid, date(2026, 7, 1), date(2026, 9, 30))
    assert {k: [e.text for e in v] for k, v in q3.items()} == {
        t1.id: ["ngày 2026-07-01", "ngày 2026-09-30"], t2.id: ["quý III"],
    }
    assert q3[t2.id][0].docs == (PLAN_12,)
    assert len(plan_entries(store, pid)[t1.id]) == 4


def test_entry_history_keeps_every_state(store, pid):
    t = task(store, pid)
    e = add_entry(store, t.id, "Một", day=date(2026, 3, 1))
    edit_entry(store, e.id, expected_text="Một", expected_date=date(2026, 3, 1), text="Hai")
    states = [(h["old"] and h["old"]["text"], h["new"]["text"]) for h in entry_history(store, t.id)]
    assert states == [(None, "Một"), ("Một", "Hai")]
    raw = store.conn.execute("SELECT new FROM entry_history ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert json.loads(raw)["date"] == "2026-03-01"


def test_a_document_that_carries_results_imports_them_as_entries_dated_at_the_plan(store):
    carried = plan()
    carried.date = date(2026, 2, 9)
    carried.tables[0].rows[1].result = "Đã ban hành Kế hoạch số 1407/KH-UBND ngày 30/9/2025"
    carried.tables[1].rows[0].actual = "72%"
    pid = store.import_plan(ImportReport(plan=carried)).plan_id
    t, ind = task(store, pid), indicator(store, pid)
    (entry,) = list_entries(store, t.id)
    assert (entry.date, entry.origin, entry.text) == (date(2026, 2, 9), "import", carried.tables[0].rows[1].result)
    assert entry.docs == (Evidence(number="1407/KH-UBND", date=date(2025, 9, 30)),)
    assert [(e.date, e.value) for e in list_entries(store, ind.id)] == [(date(2026, 2, 9), "72%")]
    assert store.get_row(t.id).result == carried.tables[0].rows[1].result  # nothing else changed

    # importing it again fills only what is empty: the other task's result becomes its entry
    again = plan()
    again.date = date(2026, 2, 9)
    again.tables[0].rows[2].result = "Đã tập huấn"
    store.import_plan(ImportReport(plan=again))
    assert [(e.date, e.origin, e.text) for e in list_entries(store, task(store, pid, "2").id)] == [
        (date(2026, 2, 9), "import", "Đã tập huấn")
    ]


def test_a_report_prints_each_entry_as_rendering_the_log_would(store, pid):
    """``plan_report_texts`` (one column read per entry) says what
    ``report_text`` of ``plan_entries`` says, after adds, edits and removals."""
    from cdstui.domain.entries import report_text
    from cdstui.store.entries import plan_report_texts

    t1, t2 = task(store, pid, "1"), task(store, pid, "2")
    a = add_entry(store, t1.id, "Tập huấn 70 cán bộ.", day=date(2026, 8, 1), docs=[PLAN_12])
    add_entry(store, t1.id, "Đã ban hành Kế hoạch số 12/KH-UBND", day=date(2026, 3, 1), docs=[PLAN_12])
    add_entry(store, t2.id, "", day=date(2026, 9, 9), docs=[Evidence(summary="Biên bản họp", date=date(2026, 9, 9))])
    gone = add_entry(store, t2.id, "Bỏ đi", day=date(2026, 9, 10))
    edit_entry(store, a.id, expected_text=a.text, expected_date=a.date, docs=[])
    remove_entry(store, gone.id, expected_text="Bỏ đi", expected_date=date(2026, 9, 10))
    store.update_row(t2.id, {"result": "Họp tổ công nghệ số"})  # a write of the whole text
    for start, end in ((None, None), (date(2026, 7, 1), date(2026, 9, 30)), (date(2026, 1, 1), date(2026, 3, 31))):
        rendered = {row_id: report_text(found) for row_id, found in plan_entries(store, pid, start, end).items()}
        assert plan_report_texts(store, pid, start, end) == {k: v for k, v in rendered.items() if v}
    assert plan_report_texts(store, pid)[t2.id] == "Biên bản họp ngày 09/09/2026\nHọp tổ công nghệ số"


def test_a_value_or_result_written_with_a_day_is_dated_that_day(store, pid):
    ind, row = indicator(store, pid), task(store, pid)
    store.update_row(ind.id, {"actual": "70%"}, day=date(2026, 9, 30))
    store.update_row(row.id, {"result": "Đã khảo sát"}, day=date(2026, 8, 15))
    assert [(e.date, e.value) for e in list_entries(store, ind.id)] == [(date(2026, 9, 30), "70%")]
    assert [(e.date, e.text) for e in list_entries(store, row.id)] == [(date(2026, 8, 15), "Đã khảo sát")]
