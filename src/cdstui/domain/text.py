"""Vietnamese text helpers: NFC, diacritic folding for search, cell cleanup."""

from __future__ import annotations

import re
import unicodedata

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Control characters other than \t and \n (openpyxl rejects them, so do we).
# control characters (tab, line feed, carriage return kept), the non-characters
# U+FFFE/U+FFFF and lone surrogates: none belongs in a document's text, and
# XML (a workbook) cannot carry them
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def nfc(text: str | None) -> str:
    """Return ``text`` in NFC, '' for None."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text)


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", stripped).casefold()


def _fold_table() -> dict[int, str | None]:
    """Every Latin letter with marks -> its folded form; combining marks -> dropped.

    Built once from the slow definition, so ``fold`` is a single
    ``str.translate`` (search folds every row on each keystroke).
    """
    table: dict[int, str | None] = {}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        folded = _fold_slow(chr(cp))
        if folded != chr(cp):
            table[cp] = folded
    for cp in range(0x300, 0x370):  # combining marks of NFD text
        table[cp] = None
    return table


_FOLD = _fold_table()


def fold(text: str | None) -> str:
    """Fold for search: drop diacritics, đ/Đ -> d/D, casefold.

    "Đảng ủy" -> "dang uy"; "hạ tầng số" -> "ha tang so". NFC and NFD input
    fold alike.
    """
    if not text:
        return ""
    return text.translate(_FOLD).casefold()


def strip_control(text: str) -> str:
    return _CONTROL.sub("", text)


def squeeze_spaces(text: str) -> str:
    """Fold runs of spaces in each line to one; trim each line; keep line breaks."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    # drop leading/trailing empty lines, keep inner ones as they are
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


_A_TAG = re.compile(r"<a\b[^>]*?href\s*=\s*(['\"])(.*?)\1[^>]*>(.*?)</a\s*>", re.I | re.S)
_SUP = re.compile(r"<sup\b[^>]*>(.*?)</sup\s*>", re.I | re.S)
_BR = re.compile(r"<br\s*/?>", re.I)
_BLOCK_BREAK = re.compile(r"</?(p|div|ul|ol|tr)\b[^>]*>", re.I)
_LI = re.compile(r"<li\b[^>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def _link(match: re.Match) -> str:
    href = match.group(2).strip()
    label = _TAG.sub("", match.group(3)).strip()
    if not label or label == href or not href:
        return href or label
    return f"{label} ({href})"


def clean_cell(raw: str | None) -> str:
    """Clean one cell as the contract wants it.

    NFC; HTML tags removed with ``<br>``/``<p>``/``<li>`` as line breaks and
    link targets kept; ``<sup>`` digits become superscript; entities decoded;
    control characters dropped; runs of spaces folded to one.
    """
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        text = _A_TAG.sub(_link, text)
        text = _SUP.sub(lambda m: _TAG.sub("", m.group(1)).translate(_SUPERSCRIPT), text)
        text = _BR.sub("\n", text)
        text = _LI.sub("\n- ", text)
        text = _BLOCK_BREAK.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text:
        import html  # only for text that has entities (not needed to draw the app)

        text = html.unescape(text)
    text = strip_control(text)
    text = squeeze_spaces(text)
    # collapse runs of blank lines produced by block tags
    text = re.sub(r"\n{3,}", "\n\n", text)
    return unicodedata.normalize("NFC", text)


def join_continuation(first: str, second: str) -> str:
    """Join a cell broken by a page break: one space between the parts."""
    first, second = first.rstrip(), second.lstrip()
    if not first:
        return second
    if not second:
        return first
    return f"{first} {second}"


def slug(text: str) -> str:
    """ASCII, lower case, words joined by '-': "Ba Ngòi" -> "ba-ngoi"."""
    folded = fold(text)
    folded = re.sub(r"[^a-z0-9]+", "-", folded)
    return folded.strip("-")
