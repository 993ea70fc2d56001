"""Printed lines of a PDF, and what stood between them: a wrap, a line break, or nothing.

A PDF keeps no paragraphs, only positioned glyphs. ``make_lines`` groups them
into lines; ``join_lines`` reads, from the page, whether the break between
two lines of a paragraph or a cell was a wrap (one space), a real line break
(a new paragraph or item: "\\n") or a cut inside a word (nothing):

* the first word of the next line would have fitted on the line above: the
  line was ended on purpose -> "\\n"; so too a bullet glyph at the start of
  the next line, a space between the lines larger than the usual one, and, in
  justified text, a line of several words that stops short of the edge;
* a producer that writes the space a line wrapped at (LibreOffice does, where
  it fits) tells by its absence that the line was ended on purpose;
* the next line starts a "- " item or a numbering ("2.", "3.1", "a)") and the
  line above ends a sentence or clause (".", ";", ":") -> "\\n";
* a single token that fills the whole width was cut where it did not fit
  ("HĐND&U" / "BND", "ST" / "T", "22/12/202" / "4"; never a Vietnamese word,
  none is as wide as a line), or the line ends inside a word at a "/" or "-"
  ("179/2025/" / "NĐ-CP") -> nothing;
* any other break is a wrap -> one space.

Pure Python on plain records: the PDF library stays in ``pdf``.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from operator import attrgetter

from cdstui.domain.text import fold

__all__ = ["Glyph", "Line", "Frame", "make_lines", "separator", "join_lines", "usual_gap", "justified_lines", "SPACE_GAP"]

# Glyphs that print a bullet: Symbol/Wingdings private-use code points and their Unicode kin.
_BULLETS = frozenset("\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e0•▪●◦■□➢►✓")
# A gap between glyphs wider than this share of the font size is a space.
SPACE_GAP = 0.17
# A gap wider than this many font sizes splits a line into separate segments (two text columns).
_SEGMENT_GAP = 4.0
# Slack, in points, of the geometric tests.
_TOL = 0.6
# A justified line ends this close to the right edge (its glyph boxes may pass it a little) ...
_AT_EDGE = 0.5
# ... and a line that stops further from it in justified text is a paragraph's last.
_JUSTIFIED_SLACK = 1.5
# How many distinct lines of several words it takes to call a column or a page justified.
_JUSTIFIED_EVIDENCE = 6
# Share of the font size by which the space between two lines may exceed the usual one.
_PARAGRAPH_GAP = 0.4
_ITEM = re.compile(r"^(?:[-+]\s?\S|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[IVX]{1,4}\.\s)")
_CLAUSE_END = (".", ";", ":", "!", "?")
_URL_CHARS = "/-._~%?#=&+"
_OPENING = "([{“‘\"'"
# Where a line may break inside a word without a space.
_BREAKABLE = "/-–"


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class Line:
    """One printed line (or a segment of it): its text and the geometry the joins need."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word: float  # width of the first word
    first_char: float  # width of the first glyph
    single: bool  # one token, no space inside
    bullet: bool  # starts with a bullet glyph (already written as "- ")
    trailing_space: bool  # the producer wrote a space glyph after the last word


# --- lines ---------------------------------------------------------------------------

_X0, _X1, _TOP, _BOTTOM, _SIZE = (attrgetter(name) for name in ("x0", "x1", "top", "bottom", "size"))
# No character before the combining diacritical marks is a combining mark (most glyphs are tested with no lookup).
_FIRST_MARK = "\u0300"


def _clusters(glyphs: list[Glyph]) -> list[Glyph]:
    """Attach combining marks to the glyph before them (in content order), so
    that sorting by position cannot put a mark before its letter."""
    if not any([g.text >= _FIRST_MARK and unicodedata.combining(g.text[0]) for g in glyphs]):
        return glyphs  # text in precomposed letters, as most producers write it
    out: list[Glyph] = []
    for g in glyphs:
        if out and g.text >= _FIRST_MARK and unicodedata.combining(g.text[0]):
            last = out[-1]
            out[-1] = Glyph(last.text + g.text, last.x0, max(last.x1, g.x1), last.top, last.bottom, last.size)
        else:
            out.append(g)
    return out


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Group glyphs into printed lines by their vertical middle, top to bottom."""
    rows: list[list[Glyph]] = []
    bottom = None
    middles = [(g.top + g.bottom) / 2 for g in glyphs]
    for i in sorted(range(len(glyphs)), key=middles.__getitem__):
        g, middle = glyphs[i], middles[i]
        if bottom is None or middle > bottom:
            rows.append([g])
            bottom = g.bottom
        else:
            rows[-1].append(g)
            if middle < bottom < g.bottom:
                bottom = g.bottom
    return rows


def _line(glyphs: list[Glyph]) -> Line | None:
    """A Line from the glyphs of one segment, left to right; spaces from gaps."""
    visible = [g for g in glyphs if g.text.strip()]
    if not visible:
        return None
    parts: list[str] = []
    prev: Glyph | None = None
    for g in visible:
        if prev is not None and g.x0 - prev.x1 > SPACE_GAP * (g.size if g.size > prev.size else prev.size):
            parts.append(" ")
        parts.append(g.text)
        prev = g
    text = "".join(parts)
    bullet = visible[0].text in _BULLETS
    if bullet:
        text = "- " + text[1:].lstrip()
        visible = visible[1:] or visible
    return Line(
        text=text,
        x0=visible[0].x0,
        x1=max(map(_X1, visible)),
        top=min(map(_TOP, visible)),
        bottom=max(map(_BOTTOM, visible)),
        size=max(map(_SIZE, visible)),
        first_word=_first_word(visible),
        first_char=visible[0].x1 - visible[0].x0,
        single=" " not in text,
        bullet=bullet,
        trailing_space=not glyphs[-1].text.strip(),
    )


def _first_word(visible: list[Glyph]) -> float:
    """Width of what a line breaker keeps together at the start of a line: the
    first word; an opening bracket or quote with the spaces and the word after
    it ("( nếu"); a lone dash before a word ("- Không", "-Hiện": a line may
    break after a dash), but not before a number ("-100%")."""
    start = visible[0]
    if start.text in "-–+" and len(visible) > 1 and not visible[1].text[0].isdigit():
        return start.x1 - start.x0
    end = start
    seen_word = start.text[0] not in _OPENING
    for g in visible[1:]:
        if g.x0 - end.x1 > SPACE_GAP * g.size and seen_word:
            break
        seen_word = seen_word or g.text[0].isalnum()
        end = g
    return end.x1 - start.x0


def _segments(row: list[Glyph]) -> list[list[Glyph]]:
    row = sorted(row, key=_X0)
    out: list[list[Glyph]] = [[]]
    prev = None
    for g in row:
        if not g.text.strip():
            if out[-1]:
                out[-1].append(g)
            continue
        if prev is not None and g.x0 - prev.x1 > _SEGMENT_GAP * g.size:
            out.append([])
        out[-1].append(g)
        prev = g
    return [s for s in out if s]


def make_lines(glyphs: list[Glyph], split: bool = False) -> list[list[Line]]:
    """The printed lines of some glyphs, top to bottom; each as its segments
    (one, unless ``split`` and the line has wide gaps: two text columns)."""
    out: list[list[Line]] = []
    for row in _rows(_clusters(glyphs)):
        segments = _segments(row) if split else [sorted(row, key=_X0)]
        lines = [line for line in (_line(s) for s in segments) if line is not None]
        if lines:
            out.append(lines)
    return out


# --- joining lines ---------------------------------------------------------------------


@dataclass
class Frame:
    """Where the lines of a cell or a page's text may run, and their usual spacing."""

    left: float
    right: float
    gap: float | None  # usual space between two lines (None: unknown, no gap rule)
    space: float  # width of a space, as a share of the font size
    keeps_spaces: bool = False  # the producer writes the space a line wrapped at, where it fits
    justified: bool = False  # wrapped lines are stretched to the right edge


def separator(a: Line, b: Line, frame: Frame, across: str = "", tail: str = "") -> str:
    """What stood between line ``a`` and line ``b`` below it: "\n", " " or "".

    ``across``: "" on one page; "page" when ``b`` heads the next page (their
    spacing says nothing); "rows" when ``a`` ends a table row and ``b`` heads
    the next page in the same column: whether ``a`` ended early then says
    nothing either (the row may end there, the page break being in the
    source), and only the marks of a new item or a cut word count.
    ``tail`` is the last word of the text so far (a URL cut over several lines).
    """
    if b.bullet:
        return "\n"
    room = frame.right - a.x1
    if across != "rows" and b.first_word + frame.space * b.size <= room - _TOL:
        return "\n"  # the word would have fitted: the line was ended on purpose
    if not across and frame.gap is not None and (b.top - a.bottom) > frame.gap + _PARAGRAPH_GAP * min(a.size, b.size):
        return "\n"
    if frame.justified and across != "rows" and not a.single and room > _JUSTIFIED_SLACK:
        return "\n"  # justified text: only a paragraph's last line stops short of the edge
    if not a.trailing_space:
        cut = a.single and _full(a, b, frame, room)
        if len(a.text) > 1 and a.text[-1] in _BREAKABLE and not a.text[-2].isspace() and _glued(a.text, b.text):
            return ""  # broken inside a word, after a slash or a hyphen
        if frame.keeps_spaces and room >= frame.space * a.size + _TOL:
            # A wrap at a space would have left the space on the line: there was none.
            if cut:
                return ""
            if across != "rows":
                return "\n"
        elif cut and _cut_inside_token(a.text, b.text, tail or a.text):
            return ""
    if _ITEM.match(b.text) and (a.text.endswith(_CLAUSE_END) or across == "rows"):
        return "\n"
    return " "


def _glued(a: str, b: str) -> bool:
    """After a line ending in "/" or "-": whether the next word went on without a
    space. "179/2025/" + "NĐ-CP", "tin-" + "noi": yes; "Văn bản/" + "Tập huấn":
    a capitalized word starts anew."""
    word = b.split()[0] if b.split() else b
    return not (a[-1] == "/" and len(word) > 1 and word[0].isupper() and word[1:].islower())


def _full(a: Line, b: Line, frame: Frame, room: float) -> bool:
    """Line ``a`` starts at the left edge and has no room for the first glyph of ``b``."""
    return a.x0 - frame.left < b.first_char + _TOL and room < b.first_char + _TOL


def _cut_inside_token(a: str, b: str, tail: str) -> bool:
    """Whether a full one-token line was cut inside its token ("HĐND&U" / "BND",
    "22/12/202" / "4", "4.2." / "1", "tuyến/tổ" / "ng") rather than wrapped at
    a space the producer did not write. A Vietnamese word is never as wide as
    a line: where one starts the next line, or a word ends this one, the line
    was wrapped; a comma or a sentence's full stop is followed by a space."""
    last, first = a[-1], b[0]
    token = a.split()[-1]
    if "://" in tail or tail.startswith("www."):
        return first.isalnum() or first in _URL_CHARS
    if first in ",.;:)]”!?" and (last.isalnum() or last in ".)”"):
        return True  # the punctuation ending a token ("57-NQ/TW" / ", ngày", "VNeID..." / ")")
    if last == ".":
        return first.isdigit()
    if last.isdigit() and first.isdigit():
        return True
    if _word(token) or not (last.isalnum() or last == "&"):
        return False
    if first in "-/.":
        return True  # "1407/KH" / "-UBND"
    if first.islower():
        return not _word(re.split(r"[\W\d]", b, maxsplit=1)[0])
    return first.isupper() and not last.islower()


def _word(token: str) -> bool:
    """A Vietnamese word (a syllable): at most seven letters, one a vowel ("THƯỜNG", not "ST" or "HĐND&U")."""
    return token.isalpha() and len(token) <= 7 and any(v in fold(token) for v in "aeiouy")


def join_lines(lines: list[Line], frame: Frame) -> str:
    """The text of consecutive lines, wraps joined and real breaks kept."""
    if not lines:
        return ""
    text = lines[0].text
    for a, b in zip(lines, lines[1:]):
        tail = text.rsplit(None, 1)[-1] if text.strip() else ""
        text += separator(a, b, frame, tail=tail) + b.text
    return text


def usual_gap(columns: list[list[Line]]) -> float | None:
    """The median space between consecutive lines of the same runs of text."""
    gaps = [b.top - a.bottom for lines in columns for a, b in zip(lines, lines[1:]) if b.top > a.top]
    return statistics.median(gaps) if gaps else None


def justified_lines(runs: list[tuple[list[Line], float]], share: float = 0.6) -> bool:
    """Whether lines of several words (each run with its right edge) end at the
    edge, as justified text does. Distinct lines only: the same words in every
    row of a column ("Phòng Văn hóa –") would weigh as much as all the rest."""
    rooms = {line.text: right - line.x1 for lines, right in runs for line in lines if not line.single}
    at_edge = sum(abs(room) <= _AT_EDGE for room in rooms.values())
    return len(rooms) >= _JUSTIFIED_EVIDENCE and at_edge >= share * len(rooms)
