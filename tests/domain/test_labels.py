"""One vocabulary: field names, status and verdict words, and a row's number."""

from __future__ import annotations

import pytest

from cdstui.domain.labels import field_label, row_label, row_number, status_label, verdict_label
from cdstui.domain.model import STATUSES, Row


@pytest.mark.parametrize(
    "path, code, expected",
    [
        (["III", "4", "4.2"], "4.2.1", "III.4.2.1"),
        (["II"], "5", "II.5"),
        (["A", "VII"], "5", "A.VII.5"),
        ([], "1", "1"),
        (["II"], "", "II"),
        ([], "", ""),
    ],
)
def test_row_number(path, code, expected):
    assert row_number(path, code) == expected


def test_row_label_cuts_a_long_title():
    row = Row(kind="task", code="2", path=["I"], title="x" * 80)
    label = row_label(row)
    assert label.startswith("I.2 ") and label.endswith("…") and len(label) == len("I.2 ") + 60


def test_every_status_has_a_vietnamese_word():
    assert [status_label(s) for s in STATUSES] == [
        "Chưa triển khai", "Đang triển khai", "Hoàn thành", "Không giao", "Tiếp tục duy trì",
    ]
    assert status_label("not_due") == "Chưa đến hạn"  # derived in reports, never stored


def test_field_and_verdict_words():
    assert field_label("title") == "Tên nhiệm vụ"
    assert field_label("title", "indicator") == "Nội dung chỉ tiêu"
    assert field_label("unknown") == "unknown"
    assert [verdict_label(v) for v in (True, False, None)] == ["Đạt", "Chưa đạt", "Chưa đánh giá"]
