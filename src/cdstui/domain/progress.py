"""Progress fields of a task: status, completion level ("Mức độ hoàn thành"), due checks.

Statuses are the codes of ``model.STATUSES``; the Vietnamese words people
type for them (in agency-filled workbooks, or in a hurry without diacritics)
are read leniently by ``parse_status``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from cdstui.domain.deadlines import parse_deadline
from cdstui.domain.labels import NOT_DUE, STATUS_LABELS, status_label
from cdstui.domain.model import STATUSES
from cdstui.domain.text import fold, nfc

__all__ = [
    "STATUS_CYCLE",
    "next_status",
    "parse_status",
    "status_label",
    "validate_completion",
    "completion_percent",
    "consistency_offers",
    "is_overdue",
    "is_due_within",
    "is_recurring",
    "status_choices",
    "report_status",
]

# The order a key press walks through; "not_assigned" is set on purpose, not cycled into.
STATUS_CYCLE = ("not_started", "in_progress", "done")
# A recurring task ("Thường xuyên", "Cả năm") also passes through "Tiếp tục duy trì".
RECURRING_CYCLE = ("not_started", "in_progress", "ongoing", "done")

# Statuses that need no more work: never overdue, never "due soon". Recurring
# work kept up ("ongoing") is on course, however late in the year.
_CLOSED = frozenset({"done", "not_assigned", "ongoing"})


def next_status(status: str, *, recurring: bool = False) -> str:
    """not_started -> in_progress -> done -> not_started (a recurring task:
    … in_progress -> ongoing -> done …); not_assigned -> not_started;
    ongoing -> done on a task that is not recurring."""
    if status == "not_assigned":
        return "not_started"
    cycle = RECURRING_CYCLE if recurring else STATUS_CYCLE
    if status == "ongoing" and not recurring:
        return "done"
    if status not in cycle:
        raise ValueError(f"Trạng thái không hợp lệ: {status!r}")
    return cycle[(cycle.index(status) + 1) % len(cycle)]


def is_recurring(deadline: str | None, year: int | None = None) -> bool:
    """A deadline of work that goes on through the year: "Thường xuyên", "Cả năm", "Hằng năm"."""
    return bool(deadline) and parse_deadline(deadline, year).kind == "recurring"


def status_choices(deadline: str | None, year: int | None = None) -> tuple[str, ...]:
    """The statuses the officer may give a task: "Tiếp tục duy trì" only to recurring work."""
    if is_recurring(deadline, year):
        return STATUSES
    return tuple(s for s in STATUSES if s != "ongoing")


def report_status(status: str, deadline: str | None, year: int | None, period_end: date) -> str:
    """The status a report prints for a task: its status, or "not_due" ("Chưa
    đến hạn") for a task not done whose dated deadline falls after the period's
    end. Recurring work is due all year and is never "not due"."""
    if status in _CLOSED:
        return status
    parsed = parse_deadline(deadline or "", year)
    if parsed.kind in ("date", "range") and parsed.due is not None and parsed.due > period_end:
        return NOT_DUE
    return status


# Folded words -> status. Each pattern is matched at the start of the folded
# text, so trailing words are allowed ("Đang triển khai, dự kiến 6/2026")
# while a negation in front is not mistaken ("chưa hoàn thành" is not done).
_STATUS_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern + r"(?![a-z0-9])"), status)
    for pattern, status in (
        (r"khong (duoc )?(giao|phan cong)", "not_assigned"),
        (r"khong (thuc hien|ap dung)", "not_assigned"),
        (r"(tiep tuc )?duy tri", "ongoing"),
        (r"chua (trien khai|thuc hien|bat dau|tien hanh|lam)", "not_started"),
        (r"dang (trien khai|thuc hien|tien hanh|lam|xu ly)", "in_progress"),
        (r"(da )?(hoan thanh|hoan tat|xong)", "done"),
        (r"da thuc hien xong", "done"),
    )
)
_CODE_WORDS = {s.replace("_", " "): s for s in STATUSES}
_LABEL_WORDS = {fold(label): status for status, label in STATUS_LABELS.items()}
_PARTIAL_DONE = re.compile(r"^(da )?hoan thanh (dat )?(\d+) ?%")


def _fold_words(text: str) -> str:
    """Fold and reduce to words: "  Đang  triển-khai. " -> "dang trien khai"."""
    folded = fold(nfc(text))
    folded = re.sub(r"[^\w%]+", " ", folded).replace("_", " ")
    return " ".join(folded.split())


def parse_status(text: str | None) -> str | None:
    """Read a status as people type it; None when empty or not understood.

    "Chưa triển khai" -> not_started; "đang thuc hien" -> in_progress;
    "Đã hoàn thành", "xong", "hoàn thành 100%" -> done; "Không giao",
    "không được giao", "Không thực hiện" -> not_assigned; the codes
    themselves ("in_progress") are accepted. "Hoàn thành 60%" is in progress.
    """
    words = _fold_words(text or "")
    if not words:
        return None
    if words in _CODE_WORDS:
        return _CODE_WORDS[words]
    if words in _LABEL_WORDS:
        return _LABEL_WORDS[words]
    partial = _PARTIAL_DONE.match(words)
    if partial and int(partial.group(3)) < 100:
        return "in_progress"
    for pattern, status in _STATUS_PATTERNS:
        if pattern.match(words):
            return status
    return None


# --- completion level ------------------------------------------------------

_WHOLE_PERCENT = re.compile(r"^([+-]?)\s*(\d+)\s*%?$")
_DECIMAL_PERCENT = re.compile(r"^[+-]?\s*\d*[.,]\d+\s*%?$")

MSG_COMPLETION_RANGE = "Mức độ hoàn thành phải từ 0% đến 100%"
MSG_COMPLETION_WHOLE = "Mức độ hoàn thành phải là số phần trăm nguyên, ví dụ 98%"
MSG_COMPLETION_INVALID = (
    "Mức độ hoàn thành không hợp lệ: nhập một số phần trăm (ví dụ 98%) "
    "hoặc một cụm từ (ví dụ: Theo tiến độ của tỉnh)"
)


def validate_completion(text: str | None) -> tuple[str | None, str | None]:
    """Check a completion level as typed; return (normalized value, error message).

    A whole percentage 0–100 is normalized: " 98 % " -> "98%", "100" -> "100%".
    A phrase with letters is kept as typed (NFC, trimmed). Empty text gives
    (None, None): the field is cleared. Otherwise (None, message in Vietnamese):
    out of range ("120%"), a decimal ("98,5%"), a number with stray characters
    ("50%abc"), or text without a letter ("???", "-").
    """
    value = nfc(text).strip()
    if not value:
        return None, None
    whole = _WHOLE_PERCENT.match(value)
    if whole:
        number = int(whole.group(2))
        if number > 100 or (whole.group(1) == "-" and number != 0):
            return None, MSG_COMPLETION_RANGE
        return f"{number}%", None
    if _DECIMAL_PERCENT.match(value):
        return None, MSG_COMPLETION_WHOLE
    # A number with stray characters ("50%abc", "50 %%", "-5 ngày"), or no letter at all.
    if value[0].isdigit() or value[0] in "+-%.," or not any(ch.isalpha() for ch in value):
        return None, MSG_COMPLETION_INVALID
    return value, None


def completion_percent(value: str | None) -> int | None:
    """The percentage of a completion level ("98%" -> 98); None for a phrase or nothing."""
    if not value:
        return None
    normalized, error = validate_completion(value)
    if error or normalized is None or not normalized.endswith("%"):
        return None
    number = normalized[:-1]
    return int(number) if number.isdigit() else None


def consistency_offers(status: str, completion: str | None) -> tuple[str, list[tuple[str, str]]]:
    """Whether status and completion disagree: (what disagrees, the values that
    would make them agree, as (field, value) pairs to offer); ("", []) when they agree.

    100% while not "Hoàn thành" -> offer "done"; "Hoàn thành" without a level ->
    offer "100%"; "Hoàn thành" below 100% -> offer "100%" or "in_progress";
    "Chưa triển khai" above 0% -> offer "in_progress". A phrase ("Theo tiến độ
    của tỉnh") and "Không giao" are never questioned. Nothing is changed here:
    the officer chooses.
    """
    percent = completion_percent(completion)
    said = f"Mức độ {percent}%" if percent is not None else "Chưa ghi mức độ"
    state = f"tình trạng «{status_label(status)}»"
    if status == "not_assigned" or (completion and percent is None):
        return "", []
    if percent == 100 and status != "done":
        return f"{said} nhưng {state}.", [("status", "done")]
    if status == "done" and percent is None:
        return f"{said} nhưng {state}.", [("completion", "100%")]
    if status == "done" and percent < 100:
        return f"{said} nhưng {state}.", [("completion", "100%"), ("status", "in_progress")]
    if status == "not_started" and percent:
        return f"{said} nhưng {state}.", [("status", "in_progress")]
    return "", []


# --- due dates --------------------------------------------------------------


def is_overdue(due: date | None, status: str, today: date) -> bool:
    """Due date passed and the task is neither done nor not assigned."""
    return due is not None and status not in _CLOSED and due < today


def is_due_within(due: date | None, status: str, today: date, days: int = 30) -> bool:
    """Still open and due between today and ``days`` days from today, both included."""
    if due is None or status in _CLOSED:
        return False
    return today <= due <= today + timedelta(days=days)
