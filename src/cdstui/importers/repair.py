"""The shared table repair: raw grids of cells -> appendix tables of the model.

Every format reader (text, Word, Excel) turns its document into ``RawTable``
fragments — one grid per table fragment as found, with the source line/row of
each grid row — and hands them to ``build_tables``. This module then does all
the work that DOMAIN.md describes for the appendix tables:

* maps columns by their header text, never by position, combining a two-row
  header column by column (seed 004);
* joins the fragments of one table split by page breaks (same header, even
  with a footnote paragraph between) and drops the header rows repeated after
  a page break;
* joins a row broken by a page break (its continuation has an empty TT cell)
  to the row above, column by column — except a full row right after a
  section, which is a task without a number;
* tells a task table from an indicator table by what its header names
  (``domain.headers``), and skips (and tells) a table that is neither;
* classifies rows (section, group, task, indicator) and builds their path:
  Roman numerals of any size are sections, "-" and "+" rows the children of
  the numbered item above them;
* keeps the appendix a table is printed in (its label, title and note), a
  new appendix starting a new table even with the same header;
* swaps "Thời gian hoàn thành" and "Kết quả" back where they were swapped;
* reads filled progress columns (completion, result, status).

Every repair is told to the user in ``ImportReport.repairs``; tables that are
not plan tables go to ``ImportReport.skipped_tables``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cdstui.domain.deadlines import looks_like_deadline
from cdstui.domain.headers import MAX_HEADER_CELL, NEITHER_KIND, column_field, header_words, table_kind
from cdstui.domain.labels import row_number
from cdstui.domain.model import Appendix, ImportReport, Row, Table
from cdstui.domain.progress import completion_percent, parse_status
from cdstui.domain.summary import roman_value
from cdstui.domain.text import clean_cell, join_continuation

__all__ = [
    "RawTable",
    "Header",
    "SkippedTable",
    "column_field",
    "find_header",
    "build_tables",
]

# How many rows at the top of a fragment may come before its header row
# (a title row inside a Word table).
HEADER_SCAN = 3
_MAX_HEADER_CELL = MAX_HEADER_CELL
_TEXT_FIELDS = ("title", "lead", "partners", "deadline", "output", "note", "unit", "target", "result")

_ROMAN = re.compile(r"(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LETTER = re.compile(r"[A-Z]")
# The marks of the rows listed under a numbered item ("-", "+"): its children, without a number.
_BULLETS = frozenset("-+–•*")
_NUMERIC = re.compile(r"\d+(\.\d+)*")
_SUBITEM = re.compile(r"[a-zđ]")
_NUMBERING_CELL = re.compile(r"\(?\d{1,2}\)?")
_NOT_ASSIGNED = re.compile(r"\bkhong (duoc )?(giao|phan cong)\b")


@dataclass
class RawTable:
    """One table fragment as found in a document.

    ``rows`` are the cells as strings (HTML and all); ``lines`` the 1-based
    source line (or table row) of each row; ``where`` formats a row number for
    messages ("Dòng {}", "Bảng 2, hàng {}"); ``text_lines`` is True when those
    numbers are lines of a text file (they then go into ``InputError.line``);
    ``merged_above`` holds the (row index, column) of cells that continue a
    vertically merged cell; ``heading`` is what the prose above it names
    (appendix label, title, "(Kèm theo …)" note); ``joins`` what to put
    between a cell and the cell above when its row is joined to the row above
    (a page break), where a reader knows better than one space ("\n" before a
    new item, "" inside a cut word: a PDF's geometry tells).
    """

    rows: list[list[str]]
    lines: list[int]
    title: str = ""
    where: str = "Dòng {}"
    text_lines: bool = True
    merged_above: set[tuple[int, int]] = field(default_factory=set)
    heading: Appendix | None = None
    joins: dict[tuple[int, int], str] = field(default_factory=dict)

    def at(self, index: int) -> str:
        return self.where.format(self.lines[index])


@dataclass
class Header:
    """A table header: one or two rows, mapped to fields column by column."""

    rows: int  # how many grid rows the header takes (numbering row included)
    fields: list[str | None]
    labels: list[str]
    keys: list[tuple[str, ...]]  # each header row, normalized, to spot repeats

    def column(self, name: str) -> int | None:
        return self.fields.index(name) if name in self.fields else None

    def label(self, name: str) -> str:
        col = self.column(name)
        return self.labels[col] if col is not None else name


@dataclass
class SkippedTable:
    """A table that is not a plan table: where it is, and why."""

    where: str
    reason: str
    line: int | None  # the header's line in a text file

    @property
    def note(self) -> str:
        return f"{self.where}: {self.reason}"


_words = header_words


def _key(cells: list[str]) -> tuple[str, ...]:
    key = [_words(c) for c in cells]
    while key and not key[-1]:
        key.pop()
    return tuple(key)


def _is_numbering_row(cells: list[str]) -> bool:
    """The "(1) (2) (3) …" row printed under some headers."""
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) >= 3 and all(_NUMBERING_CELL.fullmatch(c) for c in filled)


def _continues_header(cells: list[str], code_col: int) -> bool:
    """A second header row: empty TT cell, every filled cell names a column."""
    if code_col < len(cells) and cells[code_col].strip():
        return False
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(column_field(c) not in (None, "code") for c in filled)


def find_header(rows: list[list[str]], scan: int | None = None) -> tuple[int, Header] | None:
    """Find the header among the first ``scan`` rows (all rows when None).

    A header row has a TT/STT cell. A following row with an empty TT cell whose
    cells all name columns is its second row (seed 004: "Nhiệm vụ, giải pháp |
    Chủ trì | Thời gian" under "Phụ lục kèm theo …"); the two combine column by
    column, the lower row winning where it names a field.
    """
    limit = len(rows) if scan is None else min(scan, len(rows))
    for index in range(limit):
        top = rows[index]
        fields = [column_field(c) for c in top]
        if "code" not in fields:
            continue
        width = max(len(r) for r in rows[index : index + 3])
        top = top + [""] * (width - len(top))
        fields += [None] * (width - len(fields))
        labels = [clean_cell(c) for c in top]
        keys = [_key(top)]
        used = 1
        nxt = rows[index + 1] if index + 1 < len(rows) else None
        if nxt is not None and _continues_header(nxt, fields.index("code")):
            nxt = nxt + [""] * (width - len(nxt))
            for col, cell in enumerate(nxt):
                lower = column_field(cell)
                if lower:
                    fields[col], labels[col] = lower, clean_cell(cell)
                elif not labels[col]:
                    labels[col] = clean_cell(cell)
            keys.append(_key(nxt))
            used = 2
        if index + used < len(rows) and _is_numbering_row(rows[index + used]):
            keys.append(_key(rows[index + used]))
            used += 1
        seen: set[str] = set()
        for col, name in enumerate(fields):
            if name in seen:
                fields[col] = None  # the first column of a kind wins
            elif name:
                seen.add(name)
        return index, Header(rows=used, fields=fields, labels=labels, keys=keys)
    return None


# --- grouping fragments into tables -------------------------------------------


@dataclass
class _Line:
    cells: list[str]
    where: str
    line: int
    merged: set[int]  # columns continuing a vertically merged cell
    joins: dict[int, str] = field(default_factory=dict)  # column -> separator when joined to the row above


@dataclass
class _Logical:
    header: Header | None
    key: tuple[str, ...]  # the (first) header row, normalized
    header_text: str
    title: str
    where: str
    line: int | None
    width: int
    rows: list[_Line] = field(default_factory=list)
    appendix: Appendix = field(default_factory=Appendix)


def _new_appendix(frag: RawTable) -> bool:
    """Whether a fragment starts an appendix of its own: a "PHỤ LỤC" line or a
    "(Kèm theo …)" line above it, even when its header is the one of the table before."""
    return frag.heading is not None and bool(frag.heading.label or frag.heading.note)


def _appendix(frag: RawTable, title: str) -> Appendix:
    if not _new_appendix(frag):
        return Appendix()
    assert frag.heading is not None
    return Appendix(label=frag.heading.label, title=title, note=frag.heading.note)


def _looks_like_code(text: str) -> bool:
    code = _normalize_code(clean_cell(text))
    return not code or _code_type(code) != "other"  # a bullet mark is a code here


def _continues(current: _Logical | None, first: list[str]) -> bool:
    """Whether a fragment without a header row goes on with the table above it."""
    if current is None or len(first) > current.width:
        return False
    if current.header is None:
        return False
    code_col = current.header.column("code")
    return _looks_like_code(first[code_col] if code_col < len(first) else "")


def _group(fragments: list[RawTable]) -> list[_Logical]:
    """Group fragments into tables: a fragment with the header of the table
    above, or without a header but with rows that fit it, goes on with it."""
    tables: list[_Logical] = []
    for frag in fragments:
        if not frag.rows:
            continue
        current = tables[-1] if tables else None
        found = find_header(frag.rows, HEADER_SCAN)
        if found:
            start, header = found
            if current is not None and current.key == header.keys[0] and not _new_appendix(frag):
                # The same header again: the table goes on after a page break.
                # Its header rows stay in, to be dropped (and told) in order.
                data_from = start
            else:
                data_from = start + header.rows
                above = " ".join(clean_cell(" ".join(r)) for r in frag.rows[:start]).strip()
                title = frag.title or " ".join(above.split())
                current = _Logical(
                    header=header,
                    key=header.keys[0],
                    header_text=" | ".join(" ".join(label.split()) for label in header.labels),
                    title=title,
                    where=frag.at(start),
                    line=frag.lines[start] if frag.text_lines else None,
                    width=len(header.fields),
                    appendix=_appendix(frag, title),
                )
                tables.append(current)
        elif not _new_appendix(frag) and _continues(current, frag.rows[0]):
            data_from = 0
        else:
            # Not a plan table (no TT/STT column). A repeat of the same header
            # after a page break still belongs to it.
            data_from = 1
            key = _key(frag.rows[0])
            if current is None or current.header is not None or current.key != key or _new_appendix(frag):
                current = _Logical(
                    header=None,
                    key=key,
                    header_text=" | ".join(" ".join(clean_cell(x).split()) for x in frag.rows[0] if x.strip()),
                    title=frag.title,
                    where=frag.at(0),
                    line=frag.lines[0] if frag.text_lines else None,
                    width=len(frag.rows[0]),
                    appendix=_appendix(frag, frag.title),
                )
                tables.append(current)
        assert current is not None
        for index in range(data_from, len(frag.rows)):
            merged = {c for (r, c) in frag.merged_above if r == index}
            joins = {c: sep for (r, c), sep in frag.joins.items() if r == index}
            current.rows.append(_Line(frag.rows[index], frag.at(index), frag.lines[index], merged, joins))
    return tables


# --- building one table -----------------------------------------------------------


@dataclass
class _Draft:
    ctype: str  # "letter" | "roman" | "num" | "sub" | "bullet" | "other" | ""
    code: str
    path: list[str]
    values: dict[str, str]
    line: int
    where: str


def _normalize_code(text: str) -> str:
    code = " ".join(text.split()).rstrip(".)").strip()
    return code.replace(" ", "") if _NUMERIC.fullmatch(code.replace(" ", "")) else code


def _code_type(code: str) -> str:
    """The type of a TT code on its own; ``_Codes`` settles the letters that are also Roman numerals."""
    if not code:
        return ""
    if code in _BULLETS:
        return "bullet"
    if _ROMAN.fullmatch(code):
        return "roman"
    if _LETTER.fullmatch(code):
        return "letter"
    if _NUMERIC.fullmatch(code):
        return "num"
    if _SUBITEM.fullmatch(code):
        return "sub"
    return "other"


class _Codes:
    """Reads the TT codes of a table in order.

    I, V, X, L and C are Roman numerals or letters by what came before: the
    letter after the last letter section (C after B, I after H) is a letter,
    unless it comes right under that section (the first Roman section of part
    H is I); L and C are Roman only after XL… and XC… .
    """

    def __init__(self) -> None:
        self.letter = ""  # the last letter section
        self.roman = 0  # the value of the last Roman section since it
        self.previous = ""  # the code of the row before

    def read(self, code: str) -> str:
        ctype = _code_type(code)
        if ctype == "roman" and len(code) == 1:
            successor = bool(self.letter) and ord(code) == ord(self.letter) + 1
            if successor and self.previous != self.letter:
                ctype = "letter"
            elif code in "LC" and self.roman < _ROMAN_VALUES[code] - 10:
                ctype = "letter"
        if ctype == "letter":
            self.letter, self.roman = code, 0
        elif ctype == "roman":
            self.roman = roman_value(code) or 0
        self.previous = code
        return ctype


def _place(stack: list[tuple[str, str]], ctype: str, code: str) -> list[str]:
    """Path of a row from the stack of open ancestors; push the row if it can have children."""
    if ctype == "letter":
        stack.clear()
    elif ctype == "roman":
        while stack and stack[-1][0] != "letter":
            stack.pop()
    elif ctype == "num":
        parts = code.split(".")
        while stack and stack[-1][0] == "num":
            above = stack[-1][1].split(".")
            if len(above) < len(parts) and parts[: len(above)] == above:
                break
            stack.pop()
    path = [c for _, c in stack]  # a bullet row goes under the numbered item above it
    if ctype in ("letter", "roman", "num"):
        stack.append((ctype, code))
    return path


def _title_only(draft: _Draft) -> bool:
    return not any(v for k, v in draft.values.items() if k != "title")


def _verdict(text: str) -> bool | None:
    words = _words(text)
    if re.match(r"(chua|khong) dat\b", words):
        return False
    if re.match(r"(dat|vuot)\b", words):
        return True
    return None


class _Builder:
    def __init__(self, logical: _Logical, kind: str, report: ImportReport):
        self.t = logical
        self.h: Header = logical.header  # type: ignore[assignment]
        self.report = report
        self.kind = kind
        self.noun = "nhiệm vụ" if self.kind == "tasks" else "chỉ tiêu"
        if kind == "indicators" and "actual" not in self.h.fields and "result" in self.h.fields:
            # "Kết quả thực hiện" of an indicator is its achieved value
            self.h.fields[self.h.fields.index("result")] = "actual"

    def build(self) -> Table:
        drafts = self._drafts()
        rows = [self._row(i, d, drafts) for i, d in enumerate(drafts)]
        return Table(
            title=self.t.title, kind=self.kind, header=list(self.h.labels), rows=rows, appendix=self.t.appendix
        )

    def _values(self, cells: list[str]) -> dict[str, str]:
        return {
            name: cells[col]
            for col, name in enumerate(self.h.fields)
            if name and name != "code" and cells[col]
        }

    def _fit(self, line: _Line) -> list[str]:
        width = len(self.h.fields)
        cells = list(line.cells) + [""] * (width - len(line.cells))
        if len(cells) > width:
            extra = [c for c in cells[width:] if c.strip()]
            cells = cells[:width]
            if extra:
                cells[-1] = " | ".join([cells[-1], *extra]) if cells[-1].strip() else " | ".join(extra)
                self.report.warnings.append(f"{line.where}: dòng có nhiều ô hơn tiêu đề; đã ghép các ô thừa vào cột cuối.")
        return cells

    def _drafts(self) -> list[_Draft]:
        code_col = self.h.column("code")
        drafts: list[_Draft] = []
        stack: list[tuple[str, str]] = []
        codes = _Codes()
        above: list[str] = []
        in_header = False
        # a header row printed again has the header's word in its TT cell: look closer only then
        header_codes = {key[code_col] if code_col < len(key) else "" for key in self.h.keys}
        for line in self.t.rows:
            raw = self._fit(line)
            if (
                _words(raw[code_col]) in header_codes
                and all(len(c) <= _MAX_HEADER_CELL for c in raw)
                and _key(raw) in self.h.keys
            ):
                if not in_header:
                    self.report.repairs.append(f"{line.where}: bỏ tiêu đề bảng lặp lại sau ngắt trang.")
                in_header = True
                continue
            in_header = False
            cells = [clean_cell(c) for c in raw]
            if not any(cells):
                continue
            printed = _normalize_code(cells[code_col])
            for col in line.merged:
                # A vertically merged cell belongs to every numbered row it spans.
                if printed and col != code_col and not cells[col] and col < len(above):
                    cells[col] = above[col]
            above = cells
            values = self._values(cells)
            last = drafts[-1] if drafts else None
            if not printed:
                full = bool(values.get("title")) and any(values.get(k) for k in ("lead", "deadline", "target"))
                heading_above = last is not None and (last.ctype in ("letter", "roman") or _title_only(last))
                if last is not None and not (full and heading_above):
                    self._join(last, values, line)
                    continue
                if not values.get("title"):
                    self.report.warnings.append(f"{line.where}: bỏ dòng không có mã TT và tên.")
                    continue
            ctype = codes.read(printed)
            code = "" if ctype == "bullet" else printed  # a "-" or "+" row has no number of its own
            if ctype == "other":
                self.report.warnings.append(f"{line.where}: mã TT «{code}» không theo thứ tự I, 1, 1.1…; xếp như một {self.noun}.")
            path = _place(stack, ctype, code)
            drafts.append(_Draft(ctype, code, path, values, line.line, line.where))
        return drafts

    def _join(self, last: _Draft, values: dict[str, str], line: _Line) -> None:
        for name, text in values.items():
            above = last.values.get(name, "")
            sep = line.joins.get(self.h.fields.index(name), " ")
            if sep != " " and above.strip():
                last.values[name] = above.rstrip() + sep + text.lstrip()
            else:
                last.values[name] = join_continuation(above, text)
        noun = "mục" if last.ctype in ("letter", "roman") else self.noun
        label = row_number(last.path, last.code) if last.code else f"ở {last.where.lower()}"
        self.report.repairs.append(f"{line.where}: nối dòng bị ngắt trang vào {noun} {label}.")

    def _row(self, index: int, d: _Draft, drafts: list[_Draft]) -> Row:
        if d.ctype in ("letter", "roman"):
            kind = "section" if self.kind == "tasks" else "group"
        else:
            nxt = drafts[index + 1] if index + 1 < len(drafts) else None
            has_children = (
                d.ctype == "num" and nxt is not None and nxt.path[: len(d.path) + 1] == d.path + [d.code]
            )
            kind = "group" if has_children else ("task" if self.kind == "tasks" else "indicator")
        v = d.values
        row = Row(kind=kind, code=d.code, path=list(d.path), source_line=d.line)
        for name in _TEXT_FIELDS:
            setattr(row, name, v.get(name, ""))
        if self.kind == "indicators" and self.h.column("unit") is None and row.target.endswith("%"):
            row.unit = "%"  # as for the bullet indicators: a percentage target is in %
        row.completion = v.get("completion") or None
        row.actual = v.get("actual") or None
        row.verdict = _verdict(v["verdict"]) if v.get("verdict") else None
        if kind != "section":
            self._swap(row)
        if row.kind in ("task", "indicator"):
            row.status = self._status(row, v.get("status", ""))
        return row

    def _swap(self, row: Row) -> None:
        if self.h.column("deadline") is None or self.h.column("output") is None:
            return
        if looks_like_deadline(row.output) and not looks_like_deadline(row.deadline):
            row.deadline, row.output = row.output, row.deadline
            self.report.repairs.append(
                f"Mục {row_number(row.path, row.code) if row.code else '«' + row.title[:40] + '»'}: đổi chỗ cột "
                f"{self.h.label('deadline')} và {self.h.label('output')}."
            )

    @staticmethod
    def _status(row: Row, status_text: str) -> str:
        stated = parse_status(status_text)
        if stated:
            return stated
        if _NOT_ASSIGNED.search(_words(row.title)):
            return "not_assigned"
        if row.completion:
            percent = completion_percent(row.completion)
            if percent is None:
                return "in_progress"  # a phrase: "Theo tiến độ của tỉnh"
            if percent >= 100:
                return "done"
            return "in_progress" if percent > 0 else "not_started"
        return "not_started"


def build_tables(fragments: list[RawTable], report: ImportReport) -> tuple[list[Table], list[SkippedTable]]:
    """Repair the fragments into plan tables; return them and the skipped tables.

    A table's kind follows from what its header names (``table_kind``); a
    table that is neither a task nor an indicator table is skipped and told,
    by its title and header line. Repairs and warnings go into ``report``;
    the caller decides what to do with the skipped tables (list them, or fail
    when nothing usable is left).
    """
    tables: list[Table] = []
    skipped: list[SkippedTable] = []
    for logical in _group(fragments):
        header = logical.header
        shown = logical.header_text if len(logical.header_text) <= 120 else logical.header_text[:117] + "…"
        table = None
        kind = table_kind(header.fields) if header is not None else None
        if header is None:
            why = "không có cột TT/STT, không phải bảng phụ lục kế hoạch"
        elif header.column("title") is None:
            why = "không có cột tên nhiệm vụ/nội dung"
        elif kind is None:
            why = NEITHER_KIND
        else:
            table = _Builder(logical, kind, report).build()
            why = "" if table.rows else "không có dòng dữ liệu"
        if why:
            title = " ".join(logical.title.split())
            named = f" (tiêu đề «{title if len(title) <= 120 else title[:117] + '…'}»)" if title else ""
            skipped.append(SkippedTable(logical.where, f"bảng «{shown}»{named} {why}.", logical.line))
        elif table is not None:
            tables.append(table)
    report.skipped_tables.extend(s.note for s in skipped)
    return tables, skipped
