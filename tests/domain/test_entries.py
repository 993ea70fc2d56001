"""Progress entries: a dated log, its text, an indicator's value as of a day, evidence cited."""

from __future__ import annotations

from datetime import date

import pytest

from cdstui.domain.entries import (
    Entry,
    Evidence,
    cited_text,
    citation,
    document_kind,
    entries_between,
    entry_line,
    entry_origin,
    find_citations,
    latest_value,
    log_text,
    ordered,
    parse_day,
)

PLAN_12 = Evidence(number="12/KH-UBND", date=date(2026, 2, 15), issuer="UBND phường Ba Ngòi", summary="chuyển đổi số năm 2026")


def log() -> list[Entry]:
    return [
        Entry(date(2026, 9, 15), "Tập huấn 70 cán bộ", id=3),
        Entry(date(2026, 3, 10), "Ban hành kế hoạch", (PLAN_12,), id=5),
        Entry(date(2026, 9, 15), "Họp rút kinh nghiệm", id=2),
        Entry(date(2026, 6, 1), "Bản nháp đã bỏ", id=4, removed=True),
        Entry(date(2026, 7, 1), "", value="80%", id=6),
    ]


def test_the_log_reads_in_date_order_then_in_the_order_written():
    assert [e.id for e in ordered(log())] == [5, 6, 2, 3]
    assert log_text(log()) == "Ban hành kế hoạch\nHọp rút kinh nghiệm\nTập huấn 70 cán bộ"


def test_entries_of_a_range_include_both_ends():
    assert [e.id for e in entries_between(log(), date(2026, 7, 1), date(2026, 9, 30))] == [6, 2, 3]
    assert [e.id for e in entries_between(log(), None, date(2026, 6, 30))] == [5]
    assert [e.id for e in entries_between(log(), date(2026, 9, 16), None)] == []


def test_an_indicator_value_as_of_a_day_is_its_latest_dated_on_or_before_it():
    values = [
        Entry(date(2026, 3, 31), value="40%", id=1),
        Entry(date(2026, 9, 30), value="85%", id=2),
        Entry(date(2026, 6, 30), value="60%", id=3),
        Entry(date(2026, 8, 1), "ghi chú không có giá trị", id=4),
        Entry(date(2026, 9, 1), value="99%", id=5, removed=True),
    ]
    assert latest_value(values, date(2026, 3, 30)) is None
    assert latest_value(values, date(2026, 3, 31)) == "40%"
    assert latest_value(values, date(2026, 9, 29)) == "60%"
    assert latest_value(values) == "85%"


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("12/KH-UBND", "Kế hoạch"),
        ("1407/KH-UBND", "Kế hoạch"),
        ("32-KH/ĐU", "Kế hoạch"),
        ("246-QĐ/TU", "Quyết định"),
        ("57-NQ/TW", "Nghị quyết"),
        ("03/NQ-CP", "Nghị quyết"),
        ("45/BC-UBND", "Báo cáo"),
        ("15/TTr-VHXH", "Tờ trình"),
        ("2448/SKHCN-CĐS", "Công văn"),  # a number without a kind is a công văn
        ("", "Văn bản"),
        ("không số", "Văn bản"),
    ],
)
def test_the_kind_of_a_document_from_its_number(number, kind):
    assert document_kind(number) == kind


def test_a_document_is_cited_as_reports_cite_it():
    assert citation(PLAN_12) == "Kế hoạch số 12/KH-UBND ngày 15/02/2026"
    assert citation(PLAN_12, issuer=True, summary=True) == (
        "Kế hoạch số 12/KH-UBND ngày 15/02/2026 của UBND phường Ba Ngòi về chuyển đổi số năm 2026"
    )
    assert citation(Evidence(summary="Biên bản họp Tổ công nghệ số", date=date(2026, 5, 4))) == (
        "Biên bản họp Tổ công nghệ số ngày 04/05/2026"
    )
    assert citation(Evidence(file="evidence/2026-05-04_anh-hoi-nghi.jpg")) == "2026-05-04_anh-hoi-nghi.jpg"


def test_an_entry_cites_its_documents_unless_its_text_names_them():
    entry = Entry(date(2026, 9, 15), "Đã tổ chức 3 lớp tập huấn.", (PLAN_12,))
    assert cited_text(entry) == "Đã tổ chức 3 lớp tập huấn tại Kế hoạch số 12/KH-UBND ngày 15/02/2026"
    named = Entry(date(2026, 3, 10), "Đã ban hành Kế hoạch số 12/KH-UBND", (PLAN_12,))
    assert cited_text(named) == "Đã ban hành Kế hoạch số 12/KH-UBND"
    assert entry_line(entry) == "15/09/2026: Đã tổ chức 3 lớp tập huấn tại Kế hoạch số 12/KH-UBND ngày 15/02/2026"
    assert entry_line(Entry(date(2026, 9, 30), value="85%")) == "30/09/2026: 85%"


def test_citations_found_in_a_result_written_before_entries():
    text = (
        "Kế hoạch số 1407/KH-UBND ngày 30/9/2025 của UBND phường; triển khai Quyết định số 246-QĐ/TU. "
        "Thực hiện Công văn số 2448/SKHCN-CĐS ngày 23/10/2025; lại Kế hoạch số 1407/KH-UBND."
    )
    assert find_citations(text) == (
        Evidence(number="1407/KH-UBND", date=date(2025, 9, 30)),
        Evidence(number="246-QĐ/TU"),
        Evidence(number="2448/SKHCN-CĐS", date=date(2025, 10, 23)),
    )
    assert find_citations("Đã tổ chức 3 lớp tập huấn") == ()


@pytest.mark.parametrize(
    ("origin", "expected"),
    [("app", "app"), ("cli", "cli"), ("agency:Công an phường.xlsx", "agency"), ("import", "import"), ("undo", "app"), ("script", "app")],
)
def test_the_origin_of_an_entry(origin, expected):
    assert entry_origin(origin) == expected


@pytest.mark.parametrize(("text", "day"), [("2026-09-15", date(2026, 9, 15)), ("15/9/2026", date(2026, 9, 15)), (" 01/02/2026 ", date(2026, 2, 1))])
def test_a_day_as_typed(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["2026-02-30", "30/02/2026", "15-09-2026", "hôm qua", "", None])
def test_a_bad_day_is_refused_in_vietnamese(text):
    with pytest.raises(ValueError, match="không hợp lệ.*YYYY-MM-DD"):
        parse_day(text)
