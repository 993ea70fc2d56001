"""Indicator targets ("Mục tiêu" of a chỉ tiêu) and whether they are met.

A target is kept as issued ("100%", "≥ 2%", "trên 80%", "tối thiểu 90%",
"9,8%", "Tiên tiến, hiện đại") and read into a comparator and a value when it
is numeric. A bare number means "at least" (DOMAIN.md: "a bare number = at
least"); "trên" is strictly above; "tối thiểu", "ít nhất", "không thấp hơn",
"từ … trở lên" are "at least"; "tối đa", "không quá" are "at most"; "dưới" is
strictly below. A target without a usable number is qualitative: the officer
decides whether it is met.

Numbers follow the Vietnamese way of writing them:

* a comma is the decimal mark: "9,8" -> 9.8;
* a dot followed by exactly three digits is a thousands separator:
  "1.234" -> 1234, "1.234.567" -> 1234567, "1.234,5" -> 1234.5;
* any other dot is a decimal mark: "0.96" -> 0.96, "1.5" -> 1.5;
* anything else ("1,234,567", "1.5,2") is ambiguous and is not read.

Within a longer text, numbers glued to a "/" (dates "30/9/2025", document
numbers "1407/KH-UBND") and years after "năm" are not values.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from cdstui.domain.text import fold, nfc

__all__ = [
    "Target",
    "ActualValue",
    "parse_target",
    "parse_number",
    "read_actual",
    "number_text",
    "evaluate",
    "summary_phrase",
]

COMPARATORS = (">=", ">", "<=", "<", "=")

# A number as typed: digits with optional "." / "," groups, and a minus sign
# that touches the digits and does not follow a word ("A-2" is not -2).
_NUMBER = re.compile(r"(?<![\w.,\-−–])(?P<sign>[-−–]?)(?P<num>\d+(?:[.,]\d+)*)")
_PERCENT_AFTER = re.compile(r"\s*(%|phần\s+trăm|phan\s+tram)", re.I)

# Comparator words that may stand right before the number, in folded form.
# Longer phrases are tried first, so "không dưới" wins over "dưới".
_PREFIX_WORDS: dict[str, str] = {
    # at least
    "toi thieu": ">=",
    "it nhat": ">=",
    "khong thap hon": ">=",
    "khong it hon": ">=",
    "khong duoi": ">=",
    "khong nho hon": ">=",
    "tu": ">=",
    "dat": ">=",
    "dat it nhat": ">=",
    "lon hon hoac bang": ">=",
    "cao hon hoac bang": ">=",
    # strictly above
    "tren": ">",
    "hon": ">",
    "lon hon": ">",
    "cao hon": ">",
    "nhieu hon": ">",
    "vuot": ">",
    "vuot tren": ">",
    # at most
    "toi da": "<=",
    "khong qua": "<=",
    "khong vuot qua": "<=",
    "khong cao hon": "<=",
    "khong lon hon": "<=",
    "khong nhieu hon": "<=",
    "khong tren": "<=",
    "nho hon hoac bang": "<=",
    "thap hon hoac bang": "<=",
    # strictly below
    "duoi": "<",
    "nho hon": "<",
    "thap hon": "<",
    "it hon": "<",
    # exactly
    "bang": "=",
    "dung": "=",
}
_PREFIX_SYMBOLS: dict[str, str] = {
    "≥": ">=",
    "⩾": ">=",
    "≧": ">=",
    ">=": ">=",
    "=>": ">=",
    "≤": "<=",
    "⩽": "<=",
    "≦": "<=",
    "<=": "<=",
    "=<": "<=",
    ">": ">",
    "<": "<",
    "=": "=",
}
_PREFIX_WORD_RE = re.compile(
    r"(?:^|[^a-z0-9])("
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_PREFIX_WORDS, key=len, reverse=True))
    + r")\s*:?\s*$"
)
_PREFIX_SYMBOL_RE = re.compile(
    "(" + "|".join(re.escape(s) for s in sorted(_PREFIX_SYMBOLS, key=len, reverse=True)) + r")\s*$"
)
_SUFFIX_RE = re.compile(r"^\s*(tro\s+len|tro\s+xuong)\b")
_YEAR_WORD_RE = re.compile(r"(?:^|[^a-z0-9])nam\s*$")


@dataclass(frozen=True)
class Target:
    """An indicator target as issued, with its numeric reading when it has one."""

    text: str  # as issued (NFC)
    comparator: str | None  # ">=", ">", "<=", "<", "=" ; None when qualitative/empty
    value: float | None
    percent: bool

    @property
    def is_numeric(self) -> bool:
        return self.comparator is not None and self.value is not None


@dataclass(frozen=True)
class _Token:
    value: float
    percent: bool
    comparator: str | None  # explicit comparator found around the number
    skip: bool  # part of a date, a document number or a year


def _to_float(raw: str) -> float | None:
    """Read a digit string with "." / "," separators by the rule in the module doc."""
    if raw.count(",") > 1:
        return None
    if "," in raw:
        whole, decimals = raw.split(",")
    else:
        whole, decimals = raw, ""
    groups = whole.split(".")
    if len(groups) > 1:
        if all(len(g) == 3 for g in groups[1:]):
            whole = "".join(groups)
        elif len(groups) == 2 and not decimals:
            whole, decimals = groups  # a decimal dot: "0.96"
        else:
            return None
    number = f"{whole}.{decimals}" if decimals else whole
    return float(number)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for m in _NUMBER.finditer(text):
        value = _to_float(m.group("num"))
        if value is None:
            continue
        before, after = text[: m.start()], text[m.end() :]
        pct = _PERCENT_AFTER.match(after)
        rest = after[pct.end() :] if pct else after
        skip = (
            before.rstrip().endswith("/")
            or after.lstrip().startswith("/")
            or bool(_YEAR_WORD_RE.search(fold(before)))
        )
        if m.group("sign"):
            value = -value
        tokens.append(
            _Token(
                value=value,
                percent=pct is not None,
                comparator=_comparator_around(before, rest),
                skip=skip,
            )
        )
    return tokens


def _comparator_around(before: str, after: str) -> str | None:
    """The comparator written right before the number, or "trở lên/xuống" after it."""
    suffix = _SUFFIX_RE.match(fold(after))
    if suffix:
        return ">=" if suffix.group(1).endswith("len") else "<="
    symbol = _PREFIX_SYMBOL_RE.search(before)
    if symbol:
        return _PREFIX_SYMBOLS[symbol.group(1)]
    word = _PREFIX_WORD_RE.search(fold(before))
    if word:
        return _PREFIX_WORDS[re.sub(r"\s+", " ", word.group(1))]
    return None


def _pick(tokens: list[_Token]) -> _Token | None:
    """The number that carries the value: one with a comparator, else a percentage, else the first."""
    usable = [t for t in tokens if not t.skip]
    for wanted in (lambda t: t.comparator is not None, lambda t: t.percent, lambda t: True):
        for token in usable:
            if wanted(token):
                return token
    return None


def parse_number(text: str | None) -> float | None:
    """The value of a number typed in Vietnamese style, found in ``text``.

    "9,8%" -> 9.8; "95" -> 95.0; "1.234" -> 1234.0; "1.234,5" -> 1234.5;
    "0.96" -> 0.96; "96,5 %" -> 96.5; "Đạt 96%" -> 96.0; "Đạt" -> None.
    When the text holds several numbers, a percentage wins over a plain
    number; dates, document numbers and years after "năm" are passed over.
    Ambiguous numbers ("1,234,567") give None.
    """
    token = _pick(_tokens(nfc(text)))
    return token.value if token else None


def parse_target(text: str | None) -> Target:
    """Read a target as issued into a comparator and a value.

    "≥ 2%" -> (">=", 2.0, percent); "trên 50%" -> (">", 50.0, percent);
    "100%" -> (">=", 100.0, percent); "≥ 50" -> (">=", 50.0, not percent);
    "Tiên tiến, hiện đại" or "" -> qualitative (None, None, False).
    """
    issued = nfc(text)
    token = _pick(_tokens(issued))
    if token is None:
        return Target(text=issued, comparator=None, value=None, percent=False)
    return Target(
        text=issued,
        comparator=token.comparator or ">=",
        value=token.value,
        percent=token.percent,
    )


# An achieved value that is only a number: "96", "99,5%", "100 %", "1.234".
_PLAIN_NUMBER = re.compile(r"^(?P<sign>[-−–]?)\s*(?P<num>\d+(?:[.,]\d+)*)\s*(?P<pct>%?)$")
_PERCENT_UNITS = frozenset({"%", "phan tram", "ty le", "ty le %"})

MSG_ACTUAL_PERCENT = "Chỉ tiêu tính theo %: nhập một số phần trăm, ví dụ 96% hoặc 99,5%."
MSG_ACTUAL_NEGATIVE = "Kết quả không được là số âm."
MSG_ACTUAL_NUMBER = "Chỉ tiêu tính bằng số: kết quả phải có một con số (ví dụ 52)."
MSG_ACTUAL_AMBIGUOUS = "Không đọc được con số: dùng dấu phẩy cho phần thập phân (ví dụ 99,5)."


@dataclass(frozen=True)
class ActualValue:
    """An achieved value as typed, read for its indicator (see ``read_actual``)."""

    text: str | None  # as it is kept: "99,5%" for a percentage; None when empty
    value: float | None  # the number read ("99,5%" -> 99.5); None when there is none
    percent: bool = False  # a percentage (its value in percent)
    error: str | None = None  # why it cannot be a value of the indicator's unit
    warning: str | None = None  # kept, but worth a second look (120% of a proportion)


def number_text(number: float) -> str:
    """A number as Vietnamese write it: 96 -> "96", 99.5 -> "99,5", 1234 -> "1234"."""
    number = round(float(number), 6)
    if number == int(number):
        return str(int(number))
    return f"{number:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def is_percent_indicator(target: Target, unit: str | None) -> bool:
    """Is the indicator counted in percent (its target "≥ 90%", or its unit "%")?"""
    return target.percent or fold(unit or "").strip() in _PERCENT_UNITS


def read_actual(text: str | None, target: Target | str | None, unit: str | None = "") -> ActualValue:
    """Read an achieved value for its indicator, and refuse what cannot be a value of its unit.

    A percentage indicator takes a number, with or without "%" and spaces:
    "96", "99,5%", "100 %" and "99.5%" are kept as "96%", "99,5%", "100%",
    "99,5%"; "abc" or "Đạt 96%" are refused, and so is a negative number;
    above 100% is kept with a warning (a proportion rarely exceeds it). A
    numeric target in another unit takes any text holding a number ("52",
    "52 người"), kept as typed; a qualitative target takes any text.
    """
    typed = nfc(text).strip()
    if not typed:
        return ActualValue(None, None)
    if not isinstance(target, Target):
        target = parse_target(target)
    if is_percent_indicator(target, unit):
        return _read_percent(typed)
    value = parse_number(typed)
    if target.is_numeric and value is None:
        return ActualValue(typed, None, error=MSG_ACTUAL_NUMBER)
    return ActualValue(typed, value)


def _read_percent(typed: str) -> ActualValue:
    plain = _PLAIN_NUMBER.match(typed)
    if plain is None:
        return ActualValue(typed, None, error=MSG_ACTUAL_PERCENT)
    value = _to_float(plain.group("num"))
    if value is None:
        return ActualValue(typed, None, error=MSG_ACTUAL_AMBIGUOUS)
    if plain.group("sign") and value:
        return ActualValue(typed, -value, percent=True, error=MSG_ACTUAL_NEGATIVE)
    kept = f"{number_text(value)}%"
    warning = None
    if value > 100:
        warning = f"{kept} vượt 100%: một tỷ lệ thường không quá 100%, hãy kiểm tra lại số liệu."
    elif 0 < value < 1 and not plain.group("pct"):
        warning = f"Ghi là {kept}; nếu ý là {number_text(value * 100)}% hãy nhập {number_text(value * 100)}."
    return ActualValue(kept, value, percent=True, warning=warning)


_EPSILON = 1e-9


def _compare(actual: float, comparator: str, value: float) -> bool:
    tolerance = _EPSILON * max(1.0, abs(value))
    if comparator == ">=":
        return actual >= value - tolerance
    if comparator == ">":
        return actual > value + tolerance
    if comparator == "<=":
        return actual <= value + tolerance
    if comparator == "<":
        return actual < value - tolerance
    if comparator == "=":
        return math.isclose(actual, value, rel_tol=0.0, abs_tol=tolerance)
    raise ValueError(f"Phép so sánh không hợp lệ: {comparator!r}")


def evaluate(target: Target | str, actual: str | None) -> bool | None:
    """Whether the achieved value meets the target; None when it cannot be told.

    None when the target is qualitative or the achieved value holds no number
    ("Đạt", "", None): then it is the officer's call. A plain number is taken
    as it is written: for a percentage target, "0,96" means 0.96 (not 96%).
    """
    if isinstance(target, str):
        target = parse_target(target)
    if not target.is_numeric:
        return None
    value = parse_number(actual)
    if value is None:
        return None
    return _compare(value, target.comparator, target.value)  # type: ignore[arg-type]


def _two_digits(n: int) -> str:
    return f"{n:02d}"


def summary_phrase(met: int, not_met: int, total: int) -> str:
    """The province's wording of an indicator tally (seed 002).

    summary_phrase(22, 1, 23) -> "23 chỉ tiêu, trong đó: 22 đạt và vượt; 01 chưa đạt".
    Counts in the "trong đó" part are written with at least two digits;
    indicators neither met nor not met are added as "; N chưa đánh giá".
    """
    if min(met, not_met, total) < 0 or met + not_met > total:
        raise ValueError(
            f"Số chỉ tiêu không hợp lệ: đạt {met}, chưa đạt {not_met}, tổng {total}"
        )
    if total == 0:
        return "0 chỉ tiêu"
    phrase = (
        f"{total} chỉ tiêu, trong đó: {_two_digits(met)} đạt và vượt; "
        f"{_two_digits(not_met)} chưa đạt"
    )
    undecided = total - met - not_met
    if undecided:
        phrase += f"; {_two_digits(undecided)} chưa đánh giá"
    return phrase
