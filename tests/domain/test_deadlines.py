"""Deadlines as issued -> due dates (DOMAIN.md, "Deadlines")."""

from __future__ import annotations

from datetime import date

import pytest

from cdstui.domain.deadlines import Deadline, looks_like_deadline, parse_deadline

Y = 2026

CASES = [
    # quarters: Roman and Arabic
    ("Quý I/2026", "date", date(2026, 3, 31)),
    ("Quý II/2026", "date", date(2026, 6, 30)),
    ("Quý III/2026", "date", date(2026, 9, 30)),
    ("Quý IV/2026", "date", date(2026, 12, 31)),
    ("Quý 1/2026", "date", date(2026, 3, 31)),
    ("quý 4/2026", "date", date(2026, 12, 31)),
    ("Quy I/2026", "date", date(2026, 3, 31)),  # typed without diacritics
    ("Quý I năm 2026", "date", date(2026, 3, 31)),
    ("Quý II", "date", date(2026, 6, 30)),  # the plan year
    # months -> last day
    ("2/2026", "date", date(2026, 2, 28)),
    ("02/2026", "date", date(2026, 2, 28)),
    ("3/2026", "date", date(2026, 3, 31)),
    ("03/2026", "date", date(2026, 3, 31)),
    ("4/2026", "date", date(2026, 4, 30)),
    ("5/2026", "date", date(2026, 5, 31)),
    ("6/2026", "date", date(2026, 6, 30)),
    ("12/2026", "date", date(2026, 12, 31)),
    ("2/2028", "date", date(2028, 2, 29)),
    ("tháng 3/2026", "date", date(2026, 3, 31)),
    ("Tháng 02 năm 2026", "date", date(2026, 2, 28)),
    ("THÁNG 11/2026", "date", date(2026, 11, 30)),
    # a full date
    ("15/3/2026", "date", date(2026, 3, 15)),
    ("Trước ngày 20/11/2026", "date", date(2026, 11, 20)),
    ("ngày 25 tháng 5 năm 2026", "date", date(2026, 5, 25)),
    # recurring through the year
    ("Cả năm", "recurring", date(2026, 12, 31)),
    ("Thực hiện thường xuyên", "recurring", date(2026, 12, 31)),
    ("Thường xuyên", "recurring", date(2026, 12, 31)),
    ("thuong xuyen", "recurring", date(2026, 12, 31)),
    ("Tổ chức thường xuyên trong năm", "recurring", date(2026, 12, 31)),
    ("Hàng năm", "recurring", date(2026, 12, 31)),
    ("Trong năm 2026", "recurring", date(2026, 12, 31)),
    ("Trong năm 2027", "recurring", date(2027, 12, 31)),  # the year in the text wins
    # set by the province: no date
    ("Theo lộ trình của Tỉnh", "province", None),
    ("Theo lộ trình của tỉnh", "province", None),
    ("Theo lộ trình triển khai của tỉnh", "province", None),
    ("Theo lộ trình triển khai của Tỉnh", "province", None),
    ("Theo lộ trình triển khai Sở, ngành", "province", None),
    ("Theo chỉ đạo của tỉnh", "province", None),
    ("Theo hướng dẫn của Sở Khoa học và Công nghệ", "province", None),
    ("Theo hướng dẫn của Sở …", "province", None),
    ("Sau khi Kế hoạch của tỉnh ban hành", "province", None),
    ("Theo tiến độ của tỉnh", "province", None),
    # ranges -> end of the last year
    ("2022 - 2025", "range", date(2025, 12, 31)),
    ("2022 – 2025", "range", date(2025, 12, 31)),
    ("2026-2030", "range", date(2030, 12, 31)),
    ("Giai đoạn 2026 - 2030", "range", date(2030, 12, 31)),
    # a bare year
    ("2026", "date", date(2026, 12, 31)),
    ("Năm 2026", "date", date(2026, 12, 31)),
    # nothing / not understood
    ("", "none", None),
    ("   ", "none", None),
    ("Kế hoạch; văn bản triển khai; báo cáo", "unknown", None),
    ("Văn bản triển khai", "unknown", None),
    ("Sớm nhất có thể", "unknown", None),
    ("13/2026", "unknown", None),
    ("31/2/2026", "unknown", None),
]


@pytest.mark.parametrize("text, kind, due", CASES)
def test_parse_deadline(text, kind, due):
    assert parse_deadline(text, Y) == Deadline(kind, due, text.strip())


@pytest.mark.parametrize(
    "text, kind",
    [("Thường xuyên", "recurring"), ("Cả năm", "recurring"), ("Quý II", "unknown")],
)
def test_without_plan_year_no_date_is_invented(text, kind):
    assert parse_deadline(text) == Deadline(kind, None, text)


def test_text_is_kept_as_issued_in_nfc():
    nfd = "Quy\u0301 I/2026"
    result = parse_deadline(nfd, Y)
    assert result.text == "Quý I/2026"
    assert result.due == date(2026, 3, 31)


# Every deadline text of the seeds' tables (000: Thời gian hoàn thành, incl. the
# swapped section IX where they sit under Kết quả; 004: Thời gian).
SEED_DEADLINES = {
    "Quý I/2026": date(2026, 3, 31),
    "Quý II/2026": date(2026, 6, 30),
    "Quý III/2026": date(2026, 9, 30),
    "Quý IV/2026": date(2026, 12, 31),
    "2/2026": date(2026, 2, 28),
    "02/2026": date(2026, 2, 28),
    "03/2026": date(2026, 3, 31),
    "3/2026": date(2026, 3, 31),
    "4/2026": date(2026, 4, 30),
    "5/2026": date(2026, 5, 31),
    "6/2026": date(2026, 6, 30),
    "12/2026": date(2026, 12, 31),
    "Cả năm": date(2026, 12, 31),
    "Thường xuyên": date(2026, 12, 31),
    "Theo lộ trình triển khai của Tỉnh": None,
    "Theo lộ trình của tỉnh": None,
    "Theo lộ trình của Tỉnh": None,
    "Theo lộ trình triển khai của tỉnh": None,
    "Theo lộ trình triển khai Sở, ngành": None,
    "Theo chỉ đạo của tỉnh": None,
    "2022 - 2025": date(2025, 12, 31),
    "2022 – 2025": date(2025, 12, 31),
}


@pytest.mark.parametrize("text, due", sorted(SEED_DEADLINES.items()))
def test_seed_deadlines(text, due):
    parsed = parse_deadline(text, Y)
    assert parsed.due == due
    assert parsed.kind != "unknown"
    assert looks_like_deadline(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch; văn bản triển khai; báo cáo",
        "Kế hoạch; văn bản triển khai",
        "Kế hoạch; Văn bản triển khai; Báo cáo",
        "Văn bản triển khai",
        "Hoàn thành nhiệm vụ",
        "Dự án hoàn thành",
        "",
        "Rà soát, phê duyệt hồ sơ … " * 10 + "12/2026",  # a sentence, not a deadline
    ],
)
def test_outputs_do_not_look_like_deadlines(text):
    assert not looks_like_deadline(text)


@pytest.mark.parametrize("text", ["3/2026", "Theo lộ trình của Tỉnh", "02/2026", "Quý II", "Cả năm", "2022 - 2025"])
def test_deadlines_look_like_deadlines(text):
    assert looks_like_deadline(text)
