"""The words cdstui shows the officer: field names, status and verdict words,
and how a row is named. One place, so that the app, the report, the history
and the messages of an import all say the same thing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.domain.model import Row

STATUS_LABELS = {
    "not_started": "Chưa triển khai",
    "in_progress": "Đang triển khai",
    "done": "Hoàn thành",
    "not_assigned": "Không giao",
    "ongoing": "Tiếp tục duy trì",  # recurring work ("Thường xuyên", "Cả năm")
}
# What a report says of a task due after the period's end: derived, never stored.
NOT_DUE = "not_due"
NOT_DUE_LABEL = "Chưa đến hạn"

# How much of the year a report covers.
SCOPE_LABELS = {"in_period": "trong kỳ", "cumulative": "lũy kế", "auto": "theo kỳ"}

# Where a progress entry came from.
ORIGIN_LABELS = {
    "app": "Ứng dụng",
    "cli": "Dòng lệnh",
    "agency": "Cơ quan chủ trì",
    "import": "Nhập tài liệu",
    "migration": "Chuyển từ phiên bản cũ",
}

# An evidence document's fields, as cited ("số/ký hiệu, ngày, cơ quan ban hành, trích yếu").
EVIDENCE_LABELS = {
    "number": "Số, ký hiệu",
    "date": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "summary": "Trích yếu",
    "file": "Tệp đính kèm",
}
# The kind of a document by the abbreviation in its number ("12/KH-UBND" is a Kế hoạch).
DOCUMENT_KINDS = {
    "kh": "Kế hoạch",
    "bc": "Báo cáo",
    "qd": "Quyết định",
    "cv": "Công văn",
    "tb": "Thông báo",
    "ct": "Chỉ thị",
    "nq": "Nghị quyết",
    "hd": "Hướng dẫn",
    "ttr": "Tờ trình",
    "kl": "Kết luận",
    "ctr": "Chương trình",
    "bb": "Biên bản",
    "da": "Đề án",
    "qc": "Quy chế",
    "gm": "Giấy mời",
}
DOCUMENT = "Văn bản"  # a document of no known kind

# A report on the calendar.
REPORT_STATE_LABELS = {
    "sent": "Đã nộp",
    "overdue": "Trễ hạn",
    "open": "Chưa nộp",
    "not_due": "Chưa đến hạn",
}

# Category of a top-level section, for sums by category.
CATEGORY_LABELS = {
    "breakthrough": "Nhiệm vụ đột phá",
    "focus": "Nhiệm vụ trọng tâm",
    "regular": "Nhiệm vụ thường xuyên",
    "other": "Khác",
}

# A row's fields as the officer reads them (history, undo, conflicts, forms).
FIELD_LABELS = {
    "code": "Số thứ tự",
    "title": "Tên nhiệm vụ",
    "lead": "Cơ quan chủ trì",
    "partners": "Cơ quan phối hợp",
    "deadline": "Thời gian hoàn thành",
    "output": "Kết quả dự kiến",
    "unit": "Đơn vị",
    "target": "Chỉ tiêu",
    "status": "Tình trạng",
    "completion": "Mức độ hoàn thành",
    "result": "Kết quả thực hiện",
    "note": "Ghi chú",
    "actual": "Kết quả thực hiện",
    "verdict": "Đánh giá",
    "removed": "Bỏ khỏi kế hoạch",
    "entry": "Nhật ký kết quả",  # a dated progress entry added, edited or removed
}
# Where an indicator's field has a name of its own.
_INDICATOR_FIELD_LABELS = {"title": "Nội dung chỉ tiêu"}

MET = "Đạt"
NOT_MET = "Chưa đạt"
VERDICT_LABELS = {True: MET, False: NOT_MET, None: "Chưa đánh giá"}
# The verdict left to the target (the officer gave none).
VERDICT_AUTO_LABEL = "Tự động theo chỉ tiêu"


def status_label(status: str) -> str:
    """Vietnamese label of a status code (the derived "not_due" included); an
    unknown code is returned as it is."""
    if status == NOT_DUE:
        return NOT_DUE_LABEL
    return STATUS_LABELS.get(status, status)


def scope_label(scope: str) -> str:
    """ "trong kỳ" or "lũy kế"."""
    return SCOPE_LABELS.get(scope, scope)


def field_label(field: str, kind: str = "task") -> str:
    """A field's name for a row of ``kind``; an unknown field is returned as it is."""
    if kind == "indicator" and field in _INDICATOR_FIELD_LABELS:
        return _INDICATOR_FIELD_LABELS[field]
    return FIELD_LABELS.get(field, field)


def value_label(field: str, value: object, width: int = 60) -> str:
    """A field's value as the officer reads it in a message: "Hoàn thành", "Đạt", "(trống)"."""
    if field == "status" and isinstance(value, str) and value:
        return status_label(value)
    if field == "verdict":
        return VERDICT_AUTO_LABEL if value is None else VERDICT_LABELS[bool(value)]
    text = " ".join(str(value if value is not None else "").split())
    if not text:
        return "(trống)"
    return text if len(text) <= width else text[: width - 1] + "…"


def verdict_label(met: bool | None) -> str:
    """"Đạt", "Chưa đạt" or "Chưa đánh giá"."""
    return VERDICT_LABELS[met]


_NUMBER = re.compile(r"\d+(\.\d+)*")


def row_number(path: list[str], code: str) -> str:
    """A row's full number as the app shows it: "II.5", "III.4.2.1", "A.VII.5".

    Sections (Roman numerals, letters) head the number; numbered groups are
    left out, since a task's own code already carries them ("4.2.1" under
    group "4.2"). A section's own number is its code.
    """
    heads = [p for p in path if not _NUMBER.fullmatch(p)]
    return ".".join(heads + [code]) if code else ".".join(heads)


def row_label(row: "Row", width: int = 60) -> str:
    """A row named in one line: its full number and title, cut to ``width``."""
    title = row.title if len(row.title) <= width else row.title[: width - 1] + "…"
    return f"{row_number(row.path, row.code)} {title}".strip()
