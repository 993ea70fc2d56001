"""The words of a plan table's header: which field a column holds, and what
kind of table its columns make.

A column is named by its header text, never by its position. The text is
folded first (diacritics dropped, đ -> d, any case, punctuation and line
breaks as spaces), so "CƠ QUAN CHỦ TRÌ", "Co quan chu tri" and "Cơ quan\\nchủ
trì" name the same column. ``SYNONYMS`` lists the words seen in real plans for
each field; ``column_field`` recognises them and their abbreviations (ĐVT,
CQ chủ trì, TG hoàn thành).

A table's kind follows from the fields its header names (``table_kind``):
unit and target columns make an indicator table, lead and deadline columns a
task table, whatever their order and whatever other columns stand beside them.
"""

from __future__ import annotations

import re
from typing import Iterable

from cdstui.domain.text import clean_cell, fold

__all__ = ["SYNONYMS", "MAX_HEADER_CELL", "header_words", "column_field", "table_kind", "NEITHER_KIND"]

# A header cell is short; longer text is data.
MAX_HEADER_CELL = 80

# The header words of each field as plans print them (tests check that every
# one is recognised; the metamorphic tests draw header variants from them).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("TT", "STT", "Số TT", "Số thứ tự"),
    "title": (
        "Nhiệm vụ",
        "Nội dung",
        "Tên nhiệm vụ",
        "Nhiệm vụ/giải pháp",
        "Nhiệm vụ, giải pháp",
        "Tên nhiệm vụ, giải pháp",
        "Nội dung các chỉ tiêu",
        "Nội dung chỉ tiêu",
        "Tên chỉ tiêu",
    ),
    "unit": ("Đơn vị", "ĐVT", "Đơn vị tính"),
    "target": ("Chỉ tiêu", "Mục tiêu", "Chỉ tiêu năm 2026", "Kế hoạch"),
    "lead": ("Cơ quan chủ trì", "Chủ trì", "Đơn vị chủ trì", "Cơ quan, đơn vị chủ trì", "Đơn vị thực hiện"),
    "partners": ("Cơ quan phối hợp", "Phối hợp", "Đơn vị phối hợp"),
    "deadline": ("Thời gian", "Thời hạn", "Thời gian hoàn thành", "Thời gian thực hiện"),
    "output": ("Kết quả", "Sản phẩm", "Kết quả dự kiến", "Sản phẩm dự kiến"),
    "note": ("Ghi chú",),
    "completion": ("Mức độ hoàn thành", "Tỷ lệ hoàn thành"),
    "result": ("Kết quả chi tiết", "Kết quả thực hiện", "Kết quả triển khai"),
    "status": ("Tình trạng", "Trạng thái"),
    "actual": ("Kết quả đạt được", "Giá trị đạt được", "Thực hiện", "Đạt được"),
    "verdict": ("Đánh giá",),
}

# (field, pattern on the folded, punctuation-free header text); the first
# match wins, so the more specific phrases come first ("Kết quả chi tiết"
# before "Kết quả", "Đơn vị chủ trì" before "Đơn vị").
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("code", r"^(s?tt|so tt|so thu tu)$"),
        ("completion", r"\b(muc do hoan thanh|ty le hoan thanh)\b"),
        ("result", r"\bket qua (chi tiet|thuc hien|trien khai)\b|^kq thuc hien$"),
        ("deadline", r"\b(thoi gian|thoi han|han hoan thanh)\b|^tg\b"),
        ("lead", r"\bchu tri\b|^(co quan |don vi |co quan don vi )thuc hien$"),
        ("partners", r"\bphoi hop\b"),
        ("note", r"\bghi chu\b"),
        ("status", r"\b(tinh trang|trang thai)\b"),
        ("verdict", r"\bdanh gia\b"),
        ("actual", r"\b(ket qua|gia tri) dat duoc\b|^(thuc hien|dat duoc)( nam \d{4})?$"),
        ("output", r"\b(ket qua|san pham)\b|^kq( du kien)?$"),
        ("title", r"\b(ten nhiem vu|nhiem vu|noi dung|giai phap|ten chi tieu)\b"),
        ("unit", r"^don vi$|\bdon vi tinh\b|^dvt$"),
        ("target", r"\b(chi tieu|muc tieu)\b|^ke hoach( nam \d{4})?$"),
    )
)

# Why a table is neither kind, for the import's message.
NEITHER_KIND = (
    "không phải bảng nhiệm vụ (cần cột Chủ trì, Thời gian…) hay bảng chỉ tiêu (cần cột Đơn vị, Chỉ tiêu…)"
)

# Columns that only a task table has, and only an indicator table has.
_TASK_ONLY = frozenset({"lead", "deadline", "partners", "output", "completion", "status", "result"})
_INDICATOR_ONLY = frozenset({"unit", "target", "actual", "verdict"})


def header_words(text: str) -> str:
    """Folded, punctuation-free, single-spaced: "Cơ quan\\nchủ trì" -> "co quan chu tri"."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(clean_cell(text))).replace("_", " ").split())


def column_field(text: str) -> str | None:
    """The field a header cell names ("Cơ quan chủ trì" -> "lead"), None if none."""
    if not text or len(text) > MAX_HEADER_CELL:
        return None
    words = header_words(text)
    for name, pattern in _RULES:
        if pattern.search(words):
            return name
    return None


def table_kind(fields: Iterable[str | None]) -> str | None:
    """"tasks", "indicators" or None from the fields a header names.

    Unit and target make an indicator table, lead and deadline a task table
    (unit and target win when a table has all four). Short of those pairs: a
    target column alone is an indicator table (seed 002: TT | Nội dung | Mục
    tiêu), any column only tasks have makes a task table, any other column
    only indicators have an indicator table. A table without a title column,
    or with nothing beside it but notes and unknown columns, is neither.
    """
    names = {f for f in fields if f}
    if "title" not in names:
        return None
    if {"unit", "target"} <= names:
        return "indicators"
    if {"lead", "deadline"} <= names:
        return "tasks"
    if "target" in names:
        return "indicators"
    if names & _TASK_ONLY:
        return "tasks"
    if names & _INDICATOR_ONLY:
        return "indicators"
    return None


