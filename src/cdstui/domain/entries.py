"""Progress as the officer records it: dated entries with their evidence.

Each task keeps a log: an entry is a day, what was done, and the documents
that show it (số/ký hiệu, ngày, cơ quan ban hành, trích yếu, optionally a
file kept beside the database). An indicator's entries may carry a value:
its ``actual`` as of a day is its latest value dated on or before that day.

What the rest of cdstui reads from a log:

* ``log_text``: a row's "Kết quả" text, the texts of its entries in date
  order joined by "\\n" (the ``result`` of the store and of ``dump``);
* ``latest_value``: an indicator's value as of a day (its ``actual``);
* ``entries_between``: the entries a report of a period shows;
* ``cited_text``: an entry as a report prints it, its evidence cited
  ("… tại Kế hoạch số 12/KH-UBND ngày 15/02/2026").

Pure: no I/O, no store.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cdstui.domain.labels import DOCUMENT, DOCUMENT_KINDS
from cdstui.domain.text import fold, nfc

__all__ = [
    "ORIGINS",
    "Entry",
    "Evidence",
    "cited_text",
    "citation",
    "document_kind",
    "entries_between",
    "entry_line",
    "entry_origin",
    "find_citations",
    "latest_value",
    "log_text",
    "ordered",
    "parse_day",
    "report_text",
]

# Where an entry came from: typed in the app, the command line, an agency's
# filled report, a document imported with its results, an older database.
ORIGINS = ("app", "cli", "agency", "import", "migration")


@dataclass(frozen=True)
class Evidence:
    """A document that shows the work: Kế hoạch số 12/KH-UBND ngày 15/02/2026…

    ``file`` is a path relative to the database's folder ("evidence/…"), ""
    when no file is kept.
    """

    number: str = ""
    date: date | None = None
    issuer: str = ""
    summary: str = ""
    file: str = ""

    def __bool__(self) -> bool:
        return bool(self.number or self.date or self.issuer or self.summary or self.file)

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "summary": self.summary,
            "file": self.file,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Evidence":
        day = data.get("date")
        return cls(
            number=data.get("number") or "",
            date=date.fromisoformat(day) if day else None,
            issuer=data.get("issuer") or "",
            summary=data.get("summary") or "",
            file=data.get("file") or "",
        )

    def normalized(self) -> "Evidence":
        """Text NFC and trimmed; a file path with forward slashes."""
        return Evidence(
            number=nfc(self.number).strip(),
            date=self.date,
            issuer=nfc(self.issuer).strip(),
            summary=nfc(self.summary).strip(),
            file=nfc(self.file).strip().replace("\\", "/"),
        )


@dataclass(slots=True)
class Entry:
    """One dated progress entry of a task (or a dated value of an indicator)."""

    date: date
    text: str = ""
    docs: tuple[Evidence, ...] = ()
    value: str | None = None  # an indicator's value on that day; None for a plain entry
    origin: str = "app"
    id: int | None = None
    row_id: int | None = None
    removed: bool = False
    created_at: str = ""
    updated_at: str = ""

    @property
    def sort_key(self) -> tuple[date, int]:
        return (self.date, self.id or 0)

    def state(self) -> dict[str, Any]:
        """What an edit changes, as JSON-friendly data (history keeps it)."""
        return {
            "date": self.date.isoformat(),
            "text": self.text,
            "value": self.value,
            "removed": self.removed,
            "docs": [d.as_dict() for d in self.docs],
        }


def entry_origin(origin: str) -> str:
    """The entry origin of a write's history origin: "agency:<file>" -> "agency",
    "undo", "script" and the like -> "app"."""
    head = (origin or "").split(":", 1)[0]
    return head if head in ORIGINS else "app"


def _key(entry: Entry) -> tuple[date, int]:
    return (entry.date, entry.id or 0)


def ordered(entries: Iterable[Entry]) -> list[Entry]:
    """Entries in date order (the order they were written on a tie), removed ones left out."""
    return sorted((e for e in entries if not e.removed), key=_key)


def log_text(entries: Iterable[Entry]) -> str:
    """A row's "Kết quả": its entries' texts in date order, joined by "\\n"."""
    return "\n".join(e.text for e in ordered(entries) if e.text)


def _has_value(entry: Entry) -> bool:
    return entry.value is not None and entry.value != ""


def latest_value(entries: Iterable[Entry], day: date | None = None) -> str | None:
    """An indicator's value as of ``day`` (its latest value dated on or before
    it; any date when ``day`` is None); None when it has none."""
    found = None
    for entry in ordered(entries):
        if _has_value(entry) and (day is None or entry.date <= day):
            found = entry.value
    return found


def entries_between(entries: Iterable[Entry], start: date | None, end: date | None) -> list[Entry]:
    """The entries dated from ``start`` to ``end`` (both included; None: open), in date order."""
    return [e for e in ordered(entries) if (start is None or e.date >= start) and (end is None or e.date <= end)]


# "12/KH-UBND", "1407/KH-UBND" (state bodies); "32-KH/ĐU", "57-NQ/TW" (the Party).
_STATE_NUMBER = re.compile(r"^\s*\d+[a-z]?\s*/\s*([^\W\d_]+)(?:\s*-\s*\S+)?\s*$")
_PARTY_NUMBER = re.compile(r"^\s*\d+\s*-\s*([^\W\d_]+)\s*/\s*\S+\s*$")


@functools.lru_cache(maxsize=4096)
def document_kind(number: str) -> str:
    """The kind of document its number names: "12/KH-UBND" -> "Kế hoạch",
    "246-QĐ/TU" -> "Quyết định"; a number with no kind in it ("2448/SKHCN-CĐS",
    a công văn by Nghị định 30/2020) -> "Công văn"; anything else -> "Văn bản"."""
    folded = fold(nfc(number))
    m = _STATE_NUMBER.match(folded) or _PARTY_NUMBER.match(folded)
    if not m:
        return DOCUMENT
    kind = DOCUMENT_KINDS.get(m.group(1))
    if kind:
        return kind
    return DOCUMENT_KINDS["cv"] if "-" in folded else DOCUMENT


def citation(doc: Evidence, *, issuer: bool = False, summary: bool = False) -> str:
    """A document cited as reports do: "Kế hoạch số 12/KH-UBND ngày 15/02/2026"
    (then "của <issuer>" and "về <trích yếu>" when asked). A document without a
    number is named by its summary, else its file."""
    parts: list[str] = []
    if doc.number:
        parts.append(f"{document_kind(doc.number)} số {doc.number}")
    elif doc.summary and not summary:
        parts.append(doc.summary)
    elif not doc.summary and doc.file:
        parts.append(doc.file.rsplit("/", 1)[-1])
    else:
        parts.append(DOCUMENT)
    if doc.date:
        parts.append(f"ngày {doc.date:%d/%m/%Y}")
    if issuer and doc.issuer:
        parts.append(f"của {doc.issuer}")
    if summary and doc.summary:
        parts.append(f"về {doc.summary}" if doc.number else doc.summary)
    return " ".join(parts)


_LEADING_DIGITS = re.compile(r"\d+")


def _names(text: str, number: str) -> bool:
    """Does ``text`` name the document ``number`` ("… Kế hoạch số 12/KH-UBND …")?"""
    digits = _LEADING_DIGITS.match(number.strip())
    if digits and digits.group() not in text:  # most texts: no folding needed
        return False
    return fold(number) in fold(text)


@functools.lru_cache(maxsize=4096)
def _cited(doc: Evidence) -> str:
    return citation(doc)


def cited_text(entry: Entry) -> str:
    """An entry as a report prints it: its text, then "tại" its documents
    (those its text does not already name by number)."""
    text = entry.text.rstrip()
    if not entry.docs:
        return text
    docs = [_cited(d) for d in entry.docs if d and not (d.number and _names(text, d.number))]
    if not docs:
        return text
    cited = "; ".join(docs)
    if not text:
        return cited
    return f"{text.rstrip('.;,')} tại {cited}"


def report_text(entries: Iterable[Entry]) -> str:
    """A report's "Kết quả thực hiện" of a row: its entries in date order, each
    with its documents cited, one a line."""
    return "\n".join(t for t in map(cited_text, ordered(entries)) if t)


def entry_line(entry: Entry) -> str:
    """One line for history and lists: "15/09/2026: <value> — <text> (documents)"."""
    head = f"{entry.date:%d/%m/%Y}:"
    body = " — ".join(x for x in (entry.value or "", cited_text(entry)) if x)
    return f"{head} {body}".rstrip()


_KINDS_WRITTEN = "|".join(sorted({re.escape(k) for k in DOCUMENT_KINDS.values()}, key=len, reverse=True))
_CITED = re.compile(
    rf"(?<!\w)(?:{_KINDS_WRITTEN}|Văn bản)\s+số\s+(?P<number>\d+[\w.]*(?:[/-][\wĐđ.&]+)+)"
    r"(?:\s*,)?(?:\s+ngày\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4}))?",
    re.I,
)


def find_citations(text: str) -> tuple[Evidence, ...]:
    """The documents a text cites by kind and number ("Kế hoạch số 1407/KH-UBND
    ngày 30/9/2025"), each once, in order: the evidence of a result written
    before entries had documents of their own."""
    found: dict[str, Evidence] = {}
    for m in _CITED.finditer(nfc(text)):
        number = m.group("number").rstrip(".,;")
        day = None
        if m.group("y"):
            try:
                day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                day = None
        key = fold(number)
        if key not in found or (day and not found[key].date):
            found[key] = Evidence(number=number, date=day)
    return tuple(found.values())


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VN_DAY = re.compile(r"^(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})$")


def parse_day(text: str | None, what: str = "Ngày") -> date:
    """A day typed as "YYYY-MM-DD" or "dd/mm/yyyy"; ValueError (Vietnamese) otherwise."""
    value = (text or "").strip()
    try:
        if _ISO_DAY.match(value):
            return date.fromisoformat(value)
        m = _VN_DAY.match(value)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        pass
    raise ValueError(f"{what} không hợp lệ: {text!r}. Cần dạng YYYY-MM-DD (ví dụ 2026-09-15) hoặc 15/09/2026.")
