"""The header vocabulary: every word a plan prints for a column, and what a header's columns make."""

from __future__ import annotations

import pytest

from cdstui.domain.headers import SYNONYMS, column_field, table_kind
from cdstui.domain.text import fold

ALL_SYNONYMS = [(field, word) for field, words in SYNONYMS.items() for word in words]


def _no_diacritics(text: str) -> str:
    """As typed without an input method: marks dropped, đ -> d, the case kept."""
    return "".join(f if c.islower() else f.upper() for c, f in zip(text, fold(text)))


@pytest.mark.parametrize("field, word", ALL_SYNONYMS)
def test_every_synonym_in_any_case_with_or_without_diacritics(field, word):
    for variant in (word, word.upper(), word.lower(), word.title(), _no_diacritics(word), _no_diacritics(word).upper()):
        assert column_field(variant) == field, variant


@pytest.mark.parametrize(
    "text, field",
    [
        ("ĐVT", "unit"),
        ("DVT", "unit"),
        ("Đơn vị tính (ĐVT)", "unit"),
        ("NỘI DUNG CÁC CHỈ TIÊU", "title"),
        ("Chỉ tiêu năm 2026", "target"),
        ("Kế hoạch năm 2026", "target"),
        ("CQ chủ trì", "lead"),
        ("Cơ quan, đơn vị\nchủ trì", "lead"),
        ("TG hoàn thành", "deadline"),
        ("Thời gian thực hiện/hoàn thành", "deadline"),
        ("Kết quả thực hiện (chi tiết, minh chứng)", "result"),
        ("Đánh giá (Đạt / Chưa đạt)", "verdict"),
        ("Số TT", "code"),
        ("S T T", None),  # not a word any plan prints
        ("Kinh phí (triệu đồng)", None),
        ("Nguồn kinh phí", None),
        ("Đồng chí phụ trách", None),
        ("Lĩnh vực", None),
        ("x" * 81, None),  # too long for a header: data
    ],
)
def test_abbreviations_and_words_that_name_no_column(text, field):
    assert column_field(text) == field


@pytest.mark.parametrize(
    "fields, kind",
    [
        # the indicator appendix of another ward: unit + target, with a lead column beside them
        (["code", "title", "unit", "target", "lead", "note"], "indicators"),
        # the same columns in another order
        (["note", "lead", "target", "code", "unit", "title"], "indicators"),
        # a task appendix: lead + deadline, whatever else stands beside them
        (["code", "title", "deadline", "lead", "partners", "output", "note"], "tasks"),
        (["code", "title", "lead", "deadline", "completion", "result"], "tasks"),
        # seed 002: a target column alone
        (["code", "title", "target"], "indicators"),
        # short of a pair, any column only a task table has
        (["code", "title", "lead"], "tasks"),
        (["code", "title", "actual", "verdict"], "indicators"),
        # neither: nothing but notes and unknown columns, or no title
        (["code", "title", None, None, "note"], None),
        (["code", "lead", "deadline"], None),
    ],
)
def test_table_kind_follows_the_columns_not_their_order(fields, kind):
    assert table_kind(fields) == kind
