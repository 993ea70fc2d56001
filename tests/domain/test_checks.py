"""Before an export: warnings the officer can answer, each naming its row."""

from __future__ import annotations

from datetime import date

import pytest

from cdstui.domain.checks import consistency_warnings, unit_problem
from cdstui.domain.entries import Entry, Evidence
from cdstui.domain.model import Plan, Row, Table


def plan() -> Plan:
    rows = [
        Row(kind="section", code="II", title="Nhiệm vụ trọng tâm"),
        Row(kind="task", code="1", path=["II"], status="done", completion="80%", result="x", id=1),
        Row(kind="task", code="2", path=["II"], status="done", completion=None, result="x", id=2),
        Row(kind="task", code="3", path=["II"], status="not_started", completion="30%", id=3),
        Row(kind="task", code="4", path=["II"], status="done", completion="100%", id=4),
        Row(kind="task", code="5", path=["II"], status="done", completion="100%", result="Tập huấn", id=5),
        Row(kind="task", code="6", path=["II"], status="done", completion="Theo tiến độ của tỉnh", id=6),
        Row(kind="task", code="7", path=["II"], status="in_progress", completion="50%", id=7),
    ]
    indicators = [
        Row(kind="indicator", code="1", path=["I"], unit="%", target="≥ 80%", actual="Đạt", id=11),
        Row(kind="indicator", code="2", path=["I"], unit="%", target="100%", actual="120%", id=12),
        Row(kind="indicator", code="3", path=["I"], unit="người", target="≥ 50", actual="95%", id=13),
        Row(kind="indicator", code="4", path=["I"], unit="người", target="≥ 50", actual="62", id=14),
        Row(kind="indicator", code="5", path=["I"], unit="", target="Tiên tiến, hiện đại", actual="Tiên tiến", id=15),
        Row(kind="indicator", code="6", path=["I"], unit="% Tổng chi NSNN", target="≥ 2%", actual="2,3%", id=16),
    ]
    return Plan(tables=[Table("T", "tasks", rows=rows), Table("C", "indicators", rows=indicators)])


PROOF = Evidence(number="12/KH-UBND", date=date(2026, 2, 15))
ENTRIES = {
    1: [Entry(date(2026, 3, 1), "x", (PROOF,))],
    2: [Entry(date(2026, 3, 1), "x", (PROOF,))],
    5: [Entry(date(2026, 3, 1), "Tập huấn")],  # no document
    6: [Entry(date(2026, 3, 1), "y", (PROOF,)), Entry(date(2026, 4, 1), "bỏ", removed=True)],
    4: [Entry(date(2026, 3, 1), "bỏ", (PROOF,), removed=True)],  # only a removed entry
}


def test_every_kind_of_warning_names_its_row():
    found = [(w.number, w.kind) for w in consistency_warnings(plan(), ENTRIES)]
    assert found == [
        ("II.1", "done_incomplete"),
        ("II.2", "done_without_completion"),
        ("II.3", "completion_not_started"),
        ("II.4", "done_without_entry"),
        ("II.5", "done_without_evidence"),
        ("I.1", "value_not_of_unit"),
        ("I.2", "value_not_of_unit"),
        ("I.3", "value_not_of_unit"),
    ]
    first = consistency_warnings(plan(), ENTRIES)[0]
    assert first.row_id == 1 and str(first) == "II.1: «Hoàn thành» nhưng mức độ hoàn thành là 80%"


def test_without_the_log_a_done_task_is_judged_by_its_text():
    kinds = {(w.number, w.kind) for w in consistency_warnings(plan())}
    assert ("II.4", "done_without_entry") in kinds and ("II.6", "done_without_entry") in kinds
    assert not any(k == "done_without_evidence" for _n, k in kinds)


@pytest.mark.parametrize(
    ("value", "unit", "target", "problem"),
    [
        ("95%", "%", "100%", None),
        ("95", "%", "100%", None),
        ("Đạt", "%", "≥ 80%", "không phải số phần trăm"),
        ("120%", "%", "100%", "ngoài 0–100%"),
        ("9,8%", "", "≥ 9%", None),
        ("nhiều", "", "≥ 9%", "không phải số phần trăm"),
        ("62", "người", "≥ 50", None),
        ("95%", "người", "≥ 50", "là phần trăm"),
        ("khoảng năm chục", "người", "≥ 50", "không phải một số"),
        ("Tiên tiến", "", "Tiên tiến, hiện đại", None),
        ("", "%", "100%", None),
        (None, "%", "100%", None),
    ],
)
def test_a_value_of_its_unit(value, unit, target, problem):
    found = unit_problem(value, unit, target)
    assert (found is None) if problem is None else (problem in found)
