"""Counts by top section and kind of task, overdue and due-soon lists, indicators.

The groups are the plan's own top-level sections; a kind is shown only where
a section's title names it; "Không giao" tasks stand apart from every total.
"""

from __future__ import annotations

from datetime import date

import pytest

from cdstui.domain.model import Plan, Row, Table
from cdstui.domain.summary import category_of, indicator_met, roman_value, summarize

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    "code, title, expected",
    [
        ("I", "Nhiệm vụ đột phá", "breakthrough"),
        ("II", "NHIỆM VỤ TRỌNG TÂM", "focus"),
        ("III", "Nhiệm vụ thường xuyên", "regular"),
        ("III", "NHIỆM VỤ THƯỜNG XUYỀN", "regular"),  # the typo of seed 000
        ("I", "Nhiem vu dot pha", "breakthrough"),  # typed without diacritics
        # the document names no kind for these: no rule by number ("after III")
        ("V", "Dữ liệu số", ""),
        ("VI", "An toàn thông tin mạng", ""),
        ("IX", "Phát triển xã hội số", ""),
        ("XLI", "Tổ dân phố Hòa Thuận", ""),
        ("III", "Hạ tầng số", ""),
        ("A", "Phát triển kinh tế số", ""),
        ("", "", ""),
        ("VII", "Nhiệm vụ trọng tâm khác", "focus"),  # named, whatever the number
    ],
)
def test_category_of(code, title, expected):
    assert category_of(code, title) == expected


def test_category_words_are_whole_words():
    # "trọng tâmx" is not "trọng tâm"
    assert category_of("II", "Tổ chức trọng tâmx") == ""


@pytest.mark.parametrize(
    "code, value",
    [("I", 1), ("III", 3), ("IV", 4), ("IX", 9), ("xii.", 12), ("XL", 40), ("XLIX", 49), ("L", 50), ("LXX", 70),
     ("XC", 90), ("A", None), ("", None), ("IIII", None)],
)
def test_roman_value(code, value):
    assert roman_value(code) == value


def _task(code, path, title, status="not_started", deadline="", lead="UBND phường"):
    return Row(kind="task", code=code, path=path, title=title, status=status, deadline=deadline, lead=lead)


def _plan() -> Plan:
    tasks = Table(
        title="DANH MỤC CÁC NHIỆM VỤ NĂM 2026",
        kind="tasks",
        rows=[
            Row(kind="section", code="I", title="NHIỆM VỤ ĐỘT PHÁ"),
            _task("1", ["I"], "Không giao cho phường", status="not_assigned", deadline="Quý I/2026"),
            _task("2", ["I"], "Hạ tầng số", status="done", deadline="3/2026"),
            Row(kind="section", code="II", title="NHIỆM VỤ TRỌNG TÂM"),
            Row(kind="group", code="1", path=["II"], title="Nhóm"),
            _task("1.1", ["II", "1"], "Quá hạn tháng 6", status="in_progress", deadline="6/2026"),
            _task("1.2", ["II", "1"], "Quá hạn quý I", deadline="Quý I/2026"),
            _task("1.3", ["II", "1"], "Đến hạn 12/2026", deadline="12/2026"),
            Row(kind="section", code="III", title="NHIỆM VỤ THƯỜNG XUYỀN"),
            _task("1", ["III"], "Thường xuyên", deadline="Thường xuyên"),
            _task("2", ["III"], "Theo tỉnh", deadline="Theo lộ trình của Tỉnh"),
            Row(kind="section", code="V", title="DỮ LIỆU SỐ"),
            _task("1", ["V"], "Dữ liệu", status="done", deadline="10/2026"),
            _task("2", ["V"], "Đến hạn 15/12", deadline="15/12/2026"),
            _task("3", ["V"], "Xong trước hạn", status="done", deadline="12/2026"),
        ],
    )
    indicators = Table(
        title="Chỉ tiêu",
        kind="indicators",
        rows=[
            Row(kind="group", code="2.1", title="Về phát triển Chính quyền số"),
            Row(kind="indicator", code="1", path=["2.1"], title="Hài lòng", target="95%", actual="96%"),
            Row(kind="indicator", code="2", path=["2.1"], title="Hóa đơn", target="100%", actual="90%"),
            Row(kind="indicator", code="3", path=["2.1"], title="An toàn", target="Tiên tiến, hiện đại"),
            Row(kind="indicator", code="4", path=["2.1"], title="Hiện đại", target="Tiên tiến", verdict=True),
            # the officer's verdict overrides the reading of the target
            Row(kind="indicator", code="5", path=["2.1"], title="Ghi đè", target="≥ 2%", actual="3%", verdict=False),
            Row(kind="indicator", code="6", path=["2.1"], title="Chưa nhập", target="trên 50%"),
        ],
    )
    return Plan(number="32-KH/ĐU", year=2026, tables=[tasks, indicators])


def test_counts_per_section():
    s = summarize(_plan(), TODAY)
    rows = [(x.code, x.category, x.counts.total, x.counts.done, x.counts.in_progress, x.counts.not_started, x.counts.not_assigned, x.counts.overdue) for x in s.sections]
    assert rows == [
        ("I", "breakthrough", 1, 1, 0, 0, 1, 0),  # the not assigned task stands apart, never overdue
        ("II", "focus", 3, 0, 1, 2, 0, 2),
        ("III", "regular", 2, 0, 0, 2, 0, 0),
        ("V", "", 3, 2, 0, 1, 0, 0),  # "DỮ LIỆU SỐ" names no kind
    ]


def test_kinds_only_where_the_document_names_them():
    s = summarize(_plan(), TODAY)
    assert [c.key for c in s.categories] == ["breakthrough", "focus", "regular"]
    assert [c.label for c in s.categories] == ["Nhiệm vụ đột phá", "Nhiệm vụ trọng tâm", "Nhiệm vụ thường xuyên"]
    regular = s.category("regular")
    assert (regular.total, regular.done, regular.not_started) == (2, 0, 2)  # III only, not V
    assert s.category("breakthrough").not_assigned == 1
    assert (s.total.total, s.total.done, s.total.in_progress, s.total.not_started, s.total.not_assigned, s.total.overdue) == (9, 3, 1, 5, 1, 2)


def test_one_task_total_without_not_assigned():
    s = summarize(_plan(), TODAY)
    # every total is done + in progress + not started; "Không giao" is never in it
    for counts in [s.total, *(x.counts for x in s.sections), *(c.counts for c in s.categories)]:
        assert counts.total == counts.done + counts.in_progress + counts.not_started
    assert s.total.total == sum(x.counts.total for x in s.sections)
    assert s.total.done_share() == 3 / 9
    only_not_assigned = summarize(_task_plan(_task("1", [], "KG", status="not_assigned")), TODAY)
    assert (only_not_assigned.total.total, only_not_assigned.total.not_assigned) == (0, 1)
    assert only_not_assigned.total.done_share() is None


def _task_plan(*rows: Row) -> Plan:
    return Plan(year=2026, tables=[Table(title="Phụ lục I", kind="tasks", rows=list(rows))])


def test_a_plan_that_names_no_kind_has_no_kinds():
    plan = _task_plan(
        Row(kind="section", code="XL", title="Tổ dân phố Hòa Thuận"),
        _task("1", ["XL"], "Một"),
        Row(kind="section", code="XLI", title="Tổ dân phố Hòa Bình"),
        _task("1", ["XLI"], "Hai", status="done"),
    )
    s = summarize(plan, TODAY)
    assert [(x.code, x.title, x.category, x.counts.total) for x in s.sections] == [
        ("XL", "Tổ dân phố Hòa Thuận", "", 1),
        ("XLI", "Tổ dân phố Hòa Bình", "", 1),
    ]
    assert s.categories == []


def test_numbered_top_level_groups_are_the_sections():
    plan = _task_plan(
        Row(kind="group", code="1", title="Chính quyền số"),
        _task("1.1", ["1"], "Một"),
        Row(kind="group", code="2", title="Kinh tế số"),
        _task("2.1", ["2"], "Hai"),
        _task("2.2", ["2"], "Ba"),
    )
    s = summarize(plan, TODAY)
    assert [(x.code, x.title, x.counts.total) for x in s.sections] == [("1", "Chính quyền số", 1), ("2", "Kinh tế số", 2)]


def test_overdue_and_due_soon_lists():
    s = summarize(_plan(), TODAY)
    # oldest due first
    assert [(t.tt, t.row.title, t.due) for t in s.overdue] == [
        ("II.1.2", "Quá hạn quý I", date(2026, 3, 31)),
        ("II.1.1", "Quá hạn tháng 6", date(2026, 6, 30)),
    ]
    # within 30 days of 25/11: 15/12 yes; 31/12 (12/2026, Thường xuyên) no; done tasks never
    assert [(t.tt, t.due) for t in s.due_soon] == [("V.2", date(2026, 12, 15))]
    wider = summarize(_plan(), TODAY, soon_days=40)
    assert [t.tt for t in wider.due_soon] == ["V.2", "II.1.3", "III.1"]


def test_nothing_overdue_early_in_the_year():
    s = summarize(_plan(), date(2026, 1, 5))
    assert s.total.overdue == 0 and s.overdue == []


def test_indicators_met_not_met_undecided():
    s = summarize(_plan(), TODAY)
    assert s.indicators_total == 6
    assert [r.title for r in s.met] == ["Hài lòng", "Hiện đại"]
    assert [r.title for r in s.not_met] == ["Hóa đơn", "Ghi đè"]
    assert [r.title for r in s.undecided] == ["An toàn", "Chưa nhập"]
    assert (s.indicators_met, s.indicators_not_met, s.indicators_undecided) == (2, 2, 2)
    assert s.indicator_phrase() == "6 chỉ tiêu, trong đó: 02 đạt và vượt; 02 chưa đạt; 02 chưa đánh giá"


def test_indicator_met_rule():
    assert indicator_met(Row(kind="indicator", target="95%", actual="96%")) is True
    assert indicator_met(Row(kind="indicator", target="95%", actual="94,5%")) is False
    assert indicator_met(Row(kind="indicator", target="Tiên tiến", actual="Đạt")) is None
    assert indicator_met(Row(kind="indicator", target="Tiên tiến", verdict=False)) is False


def test_tasks_outside_any_section_are_counted_apart_with_no_kind():
    plan = Plan(
        year=2026,
        tables=[Table(title="T", kind="tasks", rows=[_task("1", [], "Lẻ", deadline="1/2026"), _task("2", [], "Lẻ 2", status="done")])],
    )
    s = summarize(plan, TODAY)
    assert [(x.code, x.category, x.counts.total, x.counts.overdue) for x in s.sections] == [("", "", 2, 1)]
    assert s.categories == []
    assert s.overdue[0].tt == "1"


def test_empty_plan():
    s = summarize(Plan(year=2026), TODAY)
    assert s.sections == [] and s.categories == [] and s.total.total == 0
    assert s.indicator_phrase() == "0 chỉ tiêu"


def test_seed_000_counts():
    from cdstui.importers import read_document
    from tests.conftest import SEED_000

    plan = read_document(SEED_000).plan
    s = summarize(plan, TODAY)
    assert [(x.code, x.category, x.counts.total, x.counts.not_assigned) for x in s.sections] == [
        ("I", "breakthrough", 0, 1),  # I.1 is not assigned to the ward
        ("II", "focus", 7, 0),
        ("III", "regular", 13, 0),
        ("V", "", 2, 0),
        ("VI", "", 1, 0),
        ("VII", "", 6, 0),
        ("VIII", "", 8, 0),
        ("IX", "", 4, 0),
    ]
    assert [(c.key, c.counts.total, c.counts.not_assigned) for c in s.categories] == [
        ("breakthrough", 0, 1),
        ("focus", 7, 0),
        ("regular", 13, 0),
    ]
    # 42 rows are tasks; 41 are assigned to the ward: one total everywhere
    assert len(plan.tasks()) == 42
    assert (s.total.total, s.total.not_assigned, s.total.not_started) == (41, 1, 41)
    assert s.indicators_total == 17
    assert s.indicator_phrase() == "17 chỉ tiêu, trong đó: 00 đạt và vượt; 00 chưa đạt; 17 chưa đánh giá"
    # seed 000 II.2 is due 2/2026: overdue on 25/11/2026, and among the oldest
    assert "II.2" in [t.tt for t in s.overdue]
    assert s.overdue[0].due == date(2026, 2, 28)
