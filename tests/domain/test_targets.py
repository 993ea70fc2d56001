"""Indicator targets: reading them, judging achieved values, the province's summary wording."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdstui.domain.targets import Target, evaluate, parse_number, parse_target, read_actual, summary_phrase

# text as issued -> (comparator, value, percent)
TARGET_CASES = [
    # seed 002's indicator table
    ("100%", ">=", 100.0, True),
    ("95%", ">=", 95.0, True),
    ("14%", ">=", 14.0, True),
    ("9,8%", ">=", 9.8, True),
    ("10%", ">=", 10.0, True),
    ("trên 50%", ">", 50.0, True),
    ("trên 80%", ">", 80.0, True),
    ("tối thiểu 90%", ">=", 90.0, True),
    # DOMAIN.md examples and symbols
    ("≥ 2%", ">=", 2.0, True),
    (">= 2%", ">=", 2.0, True),
    ("≥2%", ">=", 2.0, True),
    ("=> 2%", ">=", 2.0, True),
    ("≥ 50", ">=", 50.0, False),
    ("> 5", ">", 5.0, False),
    ("≤ 5%", "<=", 5.0, True),
    ("<= 5%", "<=", 5.0, True),
    ("< 3", "<", 3.0, False),
    ("= 100%", "=", 100.0, True),
    ("100", ">=", 100.0, False),
    # words, in any case, with or without diacritics
    ("Trên 50%", ">", 50.0, True),
    ("TRÊN 50%", ">", 50.0, True),
    ("tren 50%", ">", 50.0, True),
    ("TỐI THIỂU 90%", ">=", 90.0, True),
    ("toi thieu 90%", ">=", 90.0, True),
    ("ít nhất 80%", ">=", 80.0, True),
    ("không thấp hơn 70%", ">=", 70.0, True),
    ("không dưới 70%", ">=", 70.0, True),
    ("từ 90% trở lên", ">=", 90.0, True),
    ("90% trở lên", ">=", 90.0, True),
    ("5% trở xuống", "<=", 5.0, True),
    ("tối đa 5%", "<=", 5.0, True),
    ("không quá 3 ngày", "<=", 3.0, False),
    ("không vượt quá 10%", "<=", 10.0, True),
    ("dưới 10%", "<", 10.0, True),
    ("đạt 95%", ">=", 95.0, True),
    ("Đạt 95%", ">=", 95.0, True),
    ("đạt trên 80%", ">", 80.0, True),
    ("hơn 60%", ">", 60.0, True),
    ("95 %", ">=", 95.0, True),
    ("95 phần trăm", ">=", 95.0, True),
    # a target phrase followed by words, or an indicator sentence (seed 000 bullets)
    ("100% …", ">=", 100.0, True),
    ("100% văn bản được duy trì trao đổi dưới dạng điện tử", ">=", 100.0, True),
    ("Trên 50% doanh nghiệp vừa và nhỏ trên địa bàn sử dụng nền tảng số.", ">", 50.0, True),
    ("Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử trên 80%.", ">", 80.0, True),
    ("Tỷ lệ người dân, doanh nghiệp hài lòng về giải quyết TTHC đạt 95%.", ">=", 95.0, True),
    ("Đạt ít nhất 80% tỷ lệ hồ sơ trực tuyến/tổng số hồ sơ tiếp nhận.", ">=", 80.0, True),
    # dates, document numbers and years are not values
    ("Năm 2026 đạt 95%", ">=", 95.0, True),
    ("Đến 31/12/2026 đạt 100%", ">=", 100.0, True),
    ("50 điểm theo Quyết định 1407/QĐ-UBND", ">=", 50.0, False),
    # Vietnamese numbers
    ("1.234", ">=", 1234.0, False),
    ("≥ 1.500 tài khoản", ">=", 1500.0, False),
    ("1.234,5", ">=", 1234.5, False),
    ("0.5%", ">=", 0.5, True),
    ("-2%", ">=", -2.0, True),
]

QUALITATIVE = [
    "",
    "   ",
    "Tiên tiến, hiện đại",
    "Theo lộ trình của Tỉnh",
    "Theo Quyết định 1407/QĐ-UBND",
    "Nhóm dẫn đầu năm 2026",
]


@pytest.mark.parametrize(("text", "comparator", "value", "percent"), TARGET_CASES)
def test_parse_target(text, comparator, value, percent):
    target = parse_target(text)
    assert (target.comparator, target.value, target.percent) == (comparator, pytest.approx(value), percent)
    assert target.text == text
    assert target.is_numeric


@pytest.mark.parametrize("text", QUALITATIVE)
def test_qualitative_targets(text):
    target = parse_target(text)
    assert target.comparator is None
    assert target.value is None
    assert target.percent is False
    assert not target.is_numeric


def test_target_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "tối thiểu 90%")
    target = parse_target(decomposed)
    assert target.text == "tối thiểu 90%"
    assert (target.comparator, target.value) == (">=", 90.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9,8%", 9.8),
        ("95", 95.0),
        ("96%", 96.0),
        ("96,5 %", 96.5),
        ("1.234", 1234.0),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("10.000", 10000.0),
        ("0.96", 0.96),
        ("0,96", 0.96),
        ("1.5", 1.5),
        ("1.23", 1.23),
        ("-2,5", -2.5),
        ("−3", -3.0),
        ("Đạt 96%", 96.0),
        ("đạt 96%.", 96.0),
        ("Năm 2026 đạt 96%", 96.0),
        ("Đạt", None),
        ("Chưa đạt", None),
        ("", None),
        (None, None),
        ("1,234,567", None),  # two decimal commas: ambiguous, not read
        ("1.23,4", None),  # a decimal dot and a decimal comma: ambiguous
        ("30/9/2025", None),  # a date only
    ],
)
def test_parse_number(text, expected):
    if expected is None:
        assert parse_number(text) is None
    else:
        assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("100%", "100%", True),
        ("100%", "100", True),
        ("100%", "99,9%", False),
        ("95%", "96%", True),
        ("95%", "96,5 %", True),
        ("95%", "94", False),
        ("9,8%", "9,8%", True),
        ("9,8%", "9,79", False),
        ("≥ 2%", "2%", True),
        ("≥ 2%", "1,5%", False),
        ("trên 50%", "50%", False),
        ("trên 50%", "50,1%", True),
        ("tối thiểu 90%", "90%", True),
        ("tối thiểu 90%", "89%", False),
        ("≥ 50", "50", True),
        ("≥ 50", "49", False),
        ("≥ 1.500", "1.500", True),
        ("≥ 1.500", "1.499", False),
        ("tối đa 5%", "5%", True),
        ("tối đa 5%", "6%", False),
        ("dưới 10%", "10%", False),
        ("dưới 10%", "9%", True),
        ("= 100%", "100%", True),
        ("= 100%", "99%", False),
        # a percentage target and a plain fraction: taken as written, no guessing
        ("90%", "0,96", False),
        # achieved values without a number: the officer's call
        ("95%", "Đạt", None),
        ("95%", "Chưa đạt", None),
        ("95%", "", None),
        ("95%", None, None),
        ("95%", "Đạt 96%", True),
        # qualitative targets: never decided here
        ("Tiên tiến, hiện đại", "Đạt", None),
        ("Tiên tiến, hiện đại", "100%", None),
        ("", "100%", None),
    ],
)
def test_evaluate(target, actual, expected):
    assert evaluate(target, actual) is expected
    assert evaluate(parse_target(target), actual) is expected


def _vn(x: float) -> str:
    """Format as an officer would type it: decimal comma, no thousands separator."""
    return f"{x:.2f}".replace(".", ",")


_values = st.floats(min_value=-1000, max_value=100000, allow_nan=False, allow_infinity=False).map(
    lambda x: round(x, 2)
)


@given(target=_values, a=_values, b=_values, percent=st.booleans())
def test_at_least_is_monotonic(target, a, b, percent):
    low, high = sorted((a, b))
    suffix = "%" if percent else ""
    text = f"≥ {_vn(target)}{suffix}"
    if evaluate(text, _vn(low) + suffix):
        assert evaluate(text, _vn(high) + suffix) is True


@given(target=_values, a=_values, b=_values)
def test_at_most_is_antitone(target, a, b):
    low, high = sorted((a, b))
    text = f"tối đa {_vn(target)}%"
    if evaluate(text, _vn(high)):
        assert evaluate(text, _vn(low)) is True


@given(target=_values, actual=_values)
def test_strictly_above_and_at_most_are_opposite(target, actual):
    above = evaluate(f"trên {_vn(target)}%", _vn(actual))
    at_most = evaluate(f"không quá {_vn(target)}%", _vn(actual))
    assert above is (not at_most)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_parse_number_reads_vietnamese_formatting(whole, cents):
    grouped = f"{whole:,}".replace(",", ".")  # thousands dots
    assert parse_number(grouped) == whole
    assert parse_number(f"{grouped},{cents:02d}%") == pytest.approx(whole + cents / 100)


def test_target_is_frozen():
    target = parse_target("100%")
    with pytest.raises(AttributeError):
        target.value = 5  # type: ignore[misc]
    assert target == Target("100%", ">=", 100.0, True)


@pytest.mark.parametrize(
    ("met", "not_met", "total", "expected"),
    [
        (22, 1, 23, "23 chỉ tiêu, trong đó: 22 đạt và vượt; 01 chưa đạt"),
        (9, 0, 9, "9 chỉ tiêu, trong đó: 09 đạt và vượt; 00 chưa đạt"),
        (20, 1, 23, "23 chỉ tiêu, trong đó: 20 đạt và vượt; 01 chưa đạt; 02 chưa đánh giá"),
        (0, 0, 12, "12 chỉ tiêu, trong đó: 00 đạt và vượt; 00 chưa đạt; 12 chưa đánh giá"),
        (100, 12, 112, "112 chỉ tiêu, trong đó: 100 đạt và vượt; 12 chưa đạt"),
        (0, 0, 0, "0 chỉ tiêu"),
    ],
)
def test_summary_phrase(met, not_met, total, expected):
    assert summary_phrase(met, not_met, total) == expected


@pytest.mark.parametrize(("met", "not_met", "total"), [(5, 5, 9), (-1, 0, 3), (0, -1, 3)])
def test_summary_phrase_refuses_impossible_counts(met, not_met, total):
    with pytest.raises(ValueError, match="chỉ tiêu"):
        summary_phrase(met, not_met, total)


# --- achieved values (issue 11 item 12) ----------------------------------------


@pytest.mark.parametrize(
    "typed, kept, value",
    [("50%", "50%", 50.0), ("99,5%", "99,5%", 99.5), ("100 %", "100%", 100.0), ("99.5 %", "99,5%", 99.5), ("96", "96%", 96.0)],
)
def test_percentages_are_read_the_same_way_however_typed(typed, kept, value):
    actual = read_actual(typed, "100%", "%")
    assert (actual.text, actual.value, actual.percent, actual.error) == (kept, value, True, None)


@pytest.mark.parametrize("typed", ["abc", "Đạt 96%", "96%abc", "-5%", "1,234,5%"])
def test_what_cannot_be_a_percentage_is_refused(typed):
    assert read_actual(typed, "≥ 90%", "%").error


def test_above_100_percent_is_kept_with_a_warning():
    actual = read_actual("120%", "100%", "%")
    assert actual.error is None and actual.text == "120%" and "vượt 100%" in actual.warning


def test_a_percentage_unit_alone_makes_a_percentage_indicator():
    assert read_actual("abc", "", "%").error
    assert read_actual("abc", "", "Tỷ lệ").error


def test_other_units_need_a_number_only_for_a_numeric_target():
    assert read_actual("abc", "≥ 50", "người").error
    assert read_actual("52 người", "≥ 50", "người").value == 52.0
    assert read_actual("Tốt", "Tiên tiến, hiện đại", "").error is None
    assert read_actual("  ", "100%", "%").text is None
