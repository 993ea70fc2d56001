"""The prose around the tables: plan metadata, table titles, indicator bullets.

Shared by the text and Word readers (and the Excel reader, for the cells
above a table). Input is the document's lines in order, each a ``ProseLine``;
Markdown marks (``#``, ``**``) and HTML are tolerated and stripped. A Word
heading arrives as "## text", a Word bullet as "- text".

Choices worth knowing:

* plan number: the "Số …" line at the top, as printed — seed 002's unnumbered
  draft "Số: /KH-UBND" gives "/KH-UBND" (it still tells the kind of document);
  without one, the number in "(Kèm theo Kế hoạch số …)";
* indicator targets from bullets: the percentage with the word before it that
  qualifies it ("trên", "tối thiểu", "ít nhất", …), that word in lower case:
  "Trên 50% doanh nghiệp…" -> "trên 50%", "…đạt 95%." -> "95%"; a bullet with
  no percentage has target "" (the officer fills it in if needed).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from cdstui.domain.deadlines import parse_deadline
from cdstui.domain.model import Appendix, Row, Table
from cdstui.domain.text import clean_cell, fold

__all__ = [
    "ProseLine",
    "PlanMeta",
    "plain",
    "strip_emphasis",
    "table_title",
    "table_heading",
    "extract_metadata",
    "indicator_bullets",
    "bullet_target",
    "INDICATOR_HEADER",
]

# The bullet-list indicators have no printed header; this one names their columns.
INDICATOR_HEADER = ["TT", "Nội dung chỉ tiêu", "Đơn vị tính", "Mục tiêu"]


@dataclass(frozen=True)
class ProseLine:
    """One line (paragraph) of prose and where it is (1-based line or paragraph)."""

    text: str
    line: int


@dataclass
class PlanMeta:
    number: str = ""
    title: str = ""
    issuer: str = ""
    ward: str = ""
    year: int | None = None
    date: date | None = None
    reporting: str = ""  # the sentences stating when reports are due


_HEADING_MARK = re.compile(r"^\s*#{1,6}\s*")
_BULLET = re.compile(r"^\s*(?:[-–•+▪●]|\*(?=\s))\s+")
_EMPHASIS = re.compile(r"(\*\*|__)")
_WRAPPING_STAR = re.compile(r"^\*(?!\s)(.*?)(?<!\s)\*$")
_NUMBERING = re.compile(r"^(?P<num>\d+(?:\.\d+)*|[IVXLC]+)\.?\s+(?P<rest>\S.*)$")


def strip_emphasis(text: str) -> str:
    """Drop Markdown emphasis: "**I**" -> "I", "*(Chi tiết …)*" -> "(Chi tiết …)"."""
    text = _EMPHASIS.sub("", text.replace("\\*", "*"))
    return _WRAPPING_STAR.sub(r"\1", text.strip())


def plain(text: str) -> str:
    """A prose line without Markdown marks or HTML: "## **2. Mục tiêu**" -> "2. Mục tiêu"."""
    line = _HEADING_MARK.sub("", clean_cell(text))
    return " ".join(strip_emphasis(line).split())


def _is_heading(raw: str) -> bool:
    return bool(_HEADING_MARK.match(raw))


def _bullet(text: str) -> str | None:
    """The text of a bullet line ("- 100% văn bản…" -> "100% văn bản…"), else None."""
    m = _BULLET.match(text)
    return text[m.end() :].strip() if m else None


def _skip_for_title(text: str) -> bool:
    folded = fold(text)
    return (
        (text.startswith("(") and text.endswith(")"))
        or folded.startswith(("kem theo", "(kem theo", "chi tiet tai", "(chi tiet"))
        or re.fullmatch(r"phu luc( (so )?[0-9ivxlc]+)?", folded) is not None
    )


# "PHỤ LỤC", "Phụ lục I", "PHỤ LỤC SỐ 02", "Phụ lục II: DANH MỤC …" (the title may follow).
_LABEL = re.compile(
    r"^ph[uụ]\s+l[uụ]c(?:\s+(?P<num>(?:s[oố]\s+)?(?:\d+|[IVXLC]+)))?(?![\w])\s*[.:\-–]?\s*(?P<rest>.*)$",
    re.I,
)
_NOTE = re.compile(r"^\(?\s*(?:ban\s+hành\s+)?kèm\s+theo\b", re.I)
# How far above a table its heading may start (non-blank lines).
_HEADING_SPAN = 6


def _note_lines(texts: list[str]) -> tuple[list[str], list[str]]:
    """Split heading lines into (the other lines, the "(Kèm theo …)" note's lines).

    A note broken over two lines goes on until its parenthesis closes.
    """
    rest: list[str] = []
    note: list[str] = []
    depth = 0
    for text in texts:
        if depth > 0 or _NOTE.match(text):
            note.append(text)
            depth = max(0, depth + text.count("(") - text.count(")"))
            continue
        rest.append(text)
    return rest, note


def _title_line(text: str) -> str:
    m = _NUMBERING.match(text)
    return m.group("rest") if m else text


def table_heading(lines: Iterable[str]) -> Appendix:
    """The label, title and note printed above a table, from the prose lines right above it.

    With a "PHỤ LỤC …" line among the last few lines, every line between it
    and the table is the heading: the "(Kèm theo …)" line (even broken over
    two lines) is the note, every other line belongs to the title, joined by
    a space. Without a label the title is the nearest line that is not a
    note, without its numbering ("2. Mục tiêu, chỉ tiêu cụ thể" -> "Mục tiêu,
    chỉ tiêu cụ thể"), with the line above it when it goes on in lower case.
    """
    window: list[str] = []
    after_bullet = False  # the nearest line is a bullet: a list, not a title
    for raw in reversed(list(lines)):
        text = plain(raw)
        if not text:
            continue
        if _bullet(text) is not None:
            after_bullet = not window
            break
        window.insert(0, text)
        if len(window) == _HEADING_SPAN:
            break
    labels = [i for i, t in enumerate(window) if _LABEL.match(t)]
    if labels:
        m = _LABEL.match(window[labels[-1]])
        assert m is not None
        label = "Phụ lục" + (f" {m.group('num')}" if m.group("num") else "")
        below = ([m.group("rest")] if m.group("rest") else []) + window[labels[-1] + 1 :]
        others, note = _note_lines(below)
        title = " ".join(t for t in others if not (t.startswith("(") and t.endswith(")")))
        return Appendix(label=label, title=_title_line(title) if title else "", note=" ".join(note))
    others, note = _note_lines(window)
    title = "" if after_bullet else _nearest_title(others)
    return Appendix(title=title, note=" ".join(note)) if note else Appendix(title=title)


def _nearest_title(window: list[str]) -> str:
    picked: list[str] = []
    for text in reversed(window):
        if not picked:
            if _skip_for_title(text):
                continue
            picked.insert(0, text)
        elif picked[0][:1].islower() and len(picked) < 3 and not _skip_for_title(text):
            picked.insert(0, text)  # a title broken over two lines goes on in lower case
        else:
            break
    return _title_line(" ".join(picked)) if picked else ""


def table_title(lines: Iterable[str]) -> str:
    """The title of a table from the prose lines right above it (see ``table_heading``).

    "**DANH MỤC CÁC NHIỆM VỤ NĂM 2026**" -> itself; "2. Mục tiêu, chỉ tiêu cụ
    thể" -> "Mục tiêu, chỉ tiêu cụ thể".
    """
    return table_heading(lines).title


# --- metadata ----------------------------------------------------------------

_NUMBER_LINE = re.compile(r"^(?:Số|SỐ)\s*:?\s*(?P<num>[^\s,;]*/[^\s,;]+)")
_ATTACHED = re.compile(r"^\(?\s*Kèm theo\b(?P<rest>.*?)\)?$", re.I)
_ATTACHED_NUMBER = re.compile(r"\bsố\s*:?\s*(?P<num>[^\s,;)]*/[^\s,;)]+)", re.I)
_DOC_KINDS = {"ke hoach", "bao cao", "chuong trinh", "chuong trinh hanh dong", "de an", "quyet dinh"}
_ORG = re.compile(
    r"(?P<org>(?:Ủy|Uỷ) ban nhân dân|UBND|Đảng ủy|Đảng uỷ|Hội đồng nhân dân|HĐND)\s*(?:\([^)]*\)\s*)?"
    r"(?P<unit>tỉnh|thành phố|phường|xã|đặc khu|quận|huyện|thị xã)\s+(?P<rest>.+)",
    re.I,
)
_ISSUING_VERB = re.compile(r"^(ban hành|xây dựng|báo cáo)\b", re.I)
_WARD = re.compile(r"\b(?:phường|xã|đặc khu)\s+(?P<rest>.+)", re.I)
_TITLE_YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.I)
_DATE_LINE_YEAR = re.compile(r"\bngày\b.*\btháng\b.*\bnăm\s+(\d{4})\b", re.I)


def _proper_name(text: str) -> tuple[str, str]:
    """Split "Ba Ngòi báo cáo …" into ("Ba Ngòi", "báo cáo …"): the capitalized words."""
    words = text.split()
    taken: list[str] = []
    for word in words:
        bare = word.strip(",;:.()\"“”")
        if not bare or not (bare[0].isupper() or bare[0].isdigit()):
            break
        taken.append(bare)
        if word[-1] in ",;:()\"“”":
            break
    rest = " ".join(words[len(taken) :])
    return " ".join(taken), rest


# The issuing body's name as printed at the top of a document in capitals.
_ORG_NAMES = {
    "uy ban nhan dan": "Ủy ban nhân dân",
    "dang uy": "Đảng ủy",
    "hoi dong nhan dan": "Hội đồng nhân dân",
}
_ORG_ONLY = re.compile(r"(?:(?:Ủy|Uỷ) ban nhân dân|UBND|Đảng ủy|Đảng uỷ|Hội đồng nhân dân|HĐND)", re.I)
_UNIT_FIRST = re.compile(r"(?:tỉnh|thành phố|phường|xã|đặc khu|quận|huyện|thị xã)\s+\S", re.I)


def _as_written(text: str) -> str:
    """A name printed in capitals, written as in a sentence: "BẮC SƠN" -> "Bắc Sơn"."""
    return text.title() if text.isupper() else text


def _issuer_name(m: re.Match[str], name: str) -> str:
    org, unit = m.group("org"), m.group("unit")
    if org.isupper() and unit.isupper():
        org = _ORG_NAMES.get(fold(org), org)  # "ỦY BAN NHÂN DÂN" -> "Ủy ban nhân dân"; UBND stays
        unit = unit.lower()
    return f"{org} {unit} {_as_written(name)}"


def _joined_blocks(lines: list[str]) -> list[str]:
    """The lines, with an issuer block printed on two lines ("ỦY BAN NHÂN DÂN" / "PHƯỜNG X") on one."""
    out: list[str] = []
    for i, text in enumerate(lines):
        if i + 1 < len(lines) and _ORG_ONLY.fullmatch(text) and _UNIT_FIRST.match(lines[i + 1]):
            out.append(f"{text} {lines[i + 1]}")
        else:
            out.append(text)
    return out


def _issuer(lines: list[str]) -> str:
    """The plan's issuer: named in the "(Kèm theo …)" line, in the sentence that
    issues the plan ("… phường X ban hành …"), or at the top."""
    for text in lines:
        m = _ATTACHED.match(text)
        if m and " của " in m.group("rest"):
            return m.group("rest").rsplit(" của ", 1)[1].strip(" )")
    first = ""
    for text in _joined_blocks(lines):
        for m in _ORG.finditer(text):
            name, rest = _proper_name(m.group("rest"))
            if not name:
                continue
            issuer = _issuer_name(m, name)
            if _ISSUING_VERB.match(rest):
                return issuer
            first = first or issuer
    return first


def _ward(*texts: str) -> str:
    for text in texts:
        for m in _WARD.finditer(text):
            name, _ = _proper_name(m.group("rest"))
            if name:
                return _as_written(name)
    return ""


_PLACE_DATE = re.compile(r"^[^,\d]{2,60},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b", re.I)
_NOTE_DATE = re.compile(
    r"\bngày\s+(\d{1,2})(?:\s+tháng\s+|\s*[/.-]\s*)(\d{1,2})(?:\s+năm\s+|\s*[/.-]\s*)(\d{4})\b", re.I
)


def _valid_day(m: re.Match[str] | None) -> date | None:
    if m is None:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _plan_date(lines: list[str]) -> date | None:
    """The day the plan was signed: its place-and-date line at the top ("Đông Hải,
    ngày 15 tháng 01 năm 2026"), else the date of its "(Kèm theo …)" line."""
    for text in lines[:40]:
        day = _valid_day(_PLACE_DATE.match(text))
        if day:
            return day
    for text in lines:
        m = _ATTACHED.match(text)
        day = _valid_day(_NOTE_DATE.search(m.group("rest"))) if m else None
        if day:
            return day
    return None


def _year(title: str, lines: list[str], deadlines: Iterable[str]) -> int | None:
    found = _TITLE_YEAR.findall(title)
    if found:
        return int(found[-1])
    for text in lines:
        m = _ATTACHED.match(text)
        if m:
            found = _TITLE_YEAR.findall(m.group("rest"))
            if found:
                return int(found[-1])
    years = Counter(d.due.year for d in (parse_deadline(t) for t in deadlines) if d.due)
    if years:
        return years.most_common(1)[0][0]
    for text in lines[:30]:
        m = _DATE_LINE_YEAR.search(text)
        if m:
            return int(m.group(1))
    return None


# A sentence stating when reports are due: "báo cáo … (trước ngày 15 của tháng cuối quý)".
_REPORTING = re.compile(r"\bbao cao\b.*\btruoc ngay \d|\btruoc ngay \d.*\bbao cao\b")


def extract_metadata(lines: Iterable[str], deadlines: Iterable[str] = ()) -> PlanMeta:
    """Plan number, title, issuer, ward, year, date, and the sentences on when
    reports are due, from the prose of a document.

    ``deadlines`` are the tasks' deadline texts: the year most of them fall in
    is the plan year when the title and the "(Kèm theo …)" line name none
    (seed 004, a 2025 report).
    """
    texts = [t for t in (plain(x) for x in lines) if t]
    meta = PlanMeta()
    for text in texts[:40]:
        m = _NUMBER_LINE.match(text)
        if m:
            meta.number = m.group("num")
            break
    if not meta.number:
        for text in texts:
            m = _ATTACHED.match(text)
            n = _ATTACHED_NUMBER.search(m.group("rest")) if m else None
            if n:
                meta.number = n.group("num")
                break
    for i, text in enumerate(texts[:-1]):
        if fold(text) in _DOC_KINDS:
            title = [texts[i + 1]]
            for more in texts[i + 2 : i + 4]:
                if not more[:1].islower():
                    break
                title.append(more)  # a title printed over several lines
            meta.title = " ".join(title)
            break
    meta.issuer = _issuer(texts)
    meta.date = _plan_date(texts)
    meta.ward = _ward(meta.issuer, meta.title)
    meta.year = _year(meta.title, texts, deadlines)
    meta.reporting = " ".join(t for t in texts if _REPORTING.search(fold(t)))
    return meta


# --- indicator bullets -----------------------------------------------------------

_INDICATOR_HEADING = "muc tieu chi tieu cu the"
_TARGET = re.compile(
    r"(?:(?<!\w)(?P<q>tối thiểu|ít nhất|không dưới|không thấp hơn|không quá|tối đa|trên|dưới|từ|≥|>=|≤|<=|>|<)\s*)?"
    r"(?P<n>\d+(?:[.,]\d+)?)\s*%",
    re.I,
)


def bullet_target(text: str) -> str:
    """The target a bullet states: "…trên 80%." -> "trên 80%"; none -> ""."""
    m = _TARGET.search(text)
    if not m:
        return ""
    qualifier = (m.group("q") or "").lower()
    return f"{qualifier} {m.group('n')}%" if qualifier else f"{m.group('n')}%"


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def indicator_bullets(lines: list[ProseLine]) -> Table | None:
    """The indicators listed as bullets under "… Mục tiêu, chỉ tiêu cụ thể" (seed 000).

    Each numbered sub-heading ("2.1 Về phát triển Chính quyền số") is a group,
    each bullet under it an indicator. The list ends at the next heading of the
    same or a higher level ("3. …", "III. …", or a Markdown heading without a
    number below the list's own).
    """
    start = None
    number = ""
    for i, pl in enumerate(lines):
        text = plain(pl.text)
        m = _NUMBERING.match(text)
        body = m.group("rest") if m else text
        if _words(body) == _INDICATOR_HEADING:
            start, number = i, (m.group("num") if m else "")
            break
    if start is None:
        return None
    rows: list[Row] = []
    group = ""
    for pl in lines[start + 1 :]:
        text = plain(pl.text)
        if not text:
            continue
        item = _bullet(text)
        if item is not None:
            rows.append(
                Row(
                    kind="indicator",
                    code="",
                    path=[group] if group else [],
                    title=item,
                    target=(target := bullet_target(item)),
                    unit="%" if target else "",
                    source_line=pl.line,
                )
            )
            continue
        m = _NUMBERING.match(text)
        if m:
            if number and m.group("num").startswith(number + "."):
                group = m.group("num")
                rows.append(Row(kind="group", code=group, title=m.group("rest"), source_line=pl.line))
                continue
            break
        if _is_heading(pl.text):
            break
        if rows and rows[-1].kind == "indicator" and text[0].islower():
            # a bullet broken by a page break goes on in the next paragraph
            last = rows[-1]
            last.title = f"{last.title} {text}"
            last.target = last.target or bullet_target(last.title)
            last.unit = "%" if last.target else ""
    if not any(r.kind == "indicator" for r in rows):
        return None
    title = plain(lines[start].text)
    m = _NUMBERING.match(title)
    return Table(
        title=m.group("rest") if m else title,
        kind="indicators",
        header=list(INDICATOR_HEADER),
        rows=rows,
    )
