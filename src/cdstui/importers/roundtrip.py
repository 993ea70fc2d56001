"""The agency round trip: read a report workbook filled by an agency back into its plan.

An exported workbook carries its identity in the hidden sheet "_cdstui"
(plan id and number, period, export time) and, per data row, the row id, its
number and title and the values as exported; each data sheet also has the
row id in a hidden column. ``import_filled`` merges what the agency changed
into the same plan — no new plan, no new rows.

Which row of the plan a row of the sheet is (an agency may insert, delete,
copy or re-sort rows, and edit or delete the hidden ids):

* its id is trusted only when the id is one this workbook exported on that
  sheet, the row still belongs to the plan, is of the sheet's kind (task or
  indicator), and the sheet's STT and title still agree with it;
* otherwise the row is looked up by STT and title among the rows exported
  on that sheet;
* a row that matches nothing for sure (no match, several, or a row of the
  plan claimed by two rows of the sheet) is skipped: nothing in it is
  written, and the summary names it. Section and group rows, blank rows and
  the closing block are not data.

Merging a matched row, field by field:

* a value the agency left as exported is ignored (a status the report
  worded "Chưa đến hạn" included);
* what the agency wrote in "Kết quả" beyond the text exported becomes a new
  progress entry of the task, dated the day of the import, origin the
  agency: the log is never overwritten (an entry already in the log is not
  added twice, so importing the same file again adds nothing);
* a value the agency changed is written, unless the database value changed
  too since the export (and differs): then the database value is kept and the
  conflict is listed;
* a text that the export had to cut to a cell's 32,767 characters is never
  written back: left as exported it is ignored, edited it is a conflict;
* status words are read leniently (``parse_status``), completion levels are
  checked (``validate_completion``); one bad cell refuses the whole file with
  a message naming the sheet and row, and nothing is written;
* every change lands in the history with origin ``agency:<file name>``, in
  one transaction.

A cdstui report that lost its hidden sheet is recognised by its look and
refused (``detect_export``): read as a plan, its summary rows would become
tasks.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from cdstui.domain.labels import MET, NOT_MET, STATUS_LABELS, field_label, row_label, status_label
from cdstui.domain.model import InputError, Row
from cdstui.domain.progress import parse_status, validate_completion
from cdstui.domain.targets import read_actual
from cdstui.domain.text import fold, nfc
from cdstui.report.columns import ID_HEADER, INDICATOR_COLUMNS, TASK_COLUMNS, Column, find_columns, headers
from cdstui.report.look import MAX_CELL_CHARS, RECIPIENTS_HEAD, cell_as_text, clean_text
from cdstui.report.sheet_indicators import TALLY_HEAD
from cdstui.report.sheet_summary import SUMMARY_HEADERS
from cdstui.report.workbook import META_MARK, META_SHEET, META_TABLE_START, REPORT_TITLE_HEAD

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.store import Store

__all__ = [
    "Conflict",
    "FilledImport",
    "SkippedRow",
    "describe_filled",
    "detect_export",
    "import_filled",
    "is_cdstui_export",
    "looks_like_report",
    "read_identity",
]

_COLUMNS = {"task": TASK_COLUMNS, "indicator": INDICATOR_COLUMNS}
_KIND_WORDS = {"task": "nhiệm vụ", "indicator": "chỉ tiêu"}
_HEADER_SEARCH_ROWS = 60


@dataclass
class Conflict:
    sheet: str
    row: int
    label: str
    field: str
    sheet_value: Any
    db_value: Any
    exported_value: Any
    reason: str = ""  # when the database value is kept for another reason than a change on both sides


@dataclass
class SkippedRow:
    """A row of the workbook of which nothing was written."""

    sheet: str
    row: int
    text: str  # the row's STT and title as in the sheet
    reason: str


@dataclass
class FilledImport:
    file: Path
    plan_id: int
    plan_number: str
    period: str
    exported_at: str
    lead: str
    tasks_changed: int = 0
    indicators_changed: int = 0
    cells_changed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed_rows: list[str] = field(default_factory=list)


# --- identity --------------------------------------------------------------------------


def is_cdstui_export(path: str | Path) -> bool:
    """Whether ``path`` is a workbook written by ``cdstui export`` (cheap: no openpyxl)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - any damaged archive is simply "not ours";
        # the importer then reports it properly (zlib.error, NotImplementedError…)
        return False
    return re.search(r'<(?:\w+:)?sheet\b[^>]*\bname="' + re.escape(META_SHEET) + '"', text) is not None


def read_identity(workbook: Any) -> dict | None:
    """The identity written in an exported workbook (an openpyxl Workbook), or None.

    Keys: plan_id (int or None), plan_number, plan_title, period, exported_at,
    date, today, lead, version.
    """
    if META_SHEET not in workbook.sheetnames:
        return None
    ws = workbook[META_SHEET]
    pairs: dict[str, str] = {}
    for row in ws.iter_rows(min_row=1, max_row=META_TABLE_START - 2, max_col=2, values_only=True):
        if row and row[0]:
            pairs[str(row[0])] = "" if row[1] is None else str(row[1])
    if pairs.get("mark") != META_MARK:
        return None
    plan_id = pairs.get("plan_id", "")
    keys = ("version", "plan_number", "plan_title", "period", "exported_at", "date", "today", "lead")
    return {"plan_id": int(plan_id) if plan_id.isdigit() else None} | {key: pairs.get(key, "") for key in keys}


def _folded_row(values: tuple) -> list[str]:
    return [" ".join(fold(cell_as_text(v)).split()) for v in values]


_REPORT_HEADERS = [
    [" ".join(fold(h).split()) for h in row] for row in (headers(TASK_COLUMNS), headers(INDICATOR_COLUMNS), SUMMARY_HEADERS)
]


def looks_like_report(workbook: Any) -> bool:
    """Whether a sheet of ``workbook`` has the look of cdstui's report: the report's title
    above a header row that is one of the report's tables' (task, indicator, summary)."""
    title_head = fold(REPORT_TITLE_HEAD)
    for ws in workbook.worksheets:
        titled = False
        for values in ws.iter_rows(max_row=_HEADER_SEARCH_ROWS, values_only=True):
            texts = [t for t in _folded_row(values) if t]
            if any(t.startswith(title_head) for t in texts):
                titled = True
            elif titled and texts and any(texts[: len(h)] == h for h in _REPORT_HEADERS):
                return True
    return False


def detect_export(workbook: Any, file: str = "") -> dict | None:
    """The identity of a workbook that cdstui exported (``read_identity``); None for any other.

    A workbook that looks like cdstui's report (``looks_like_report``) but
    lacks its hidden sheet raises ``InputError`` naming ``file``: made into a
    plan, its summary rows would become tasks.
    """
    identity = read_identity(workbook)
    if identity is None and looks_like_report(workbook):
        raise InputError(
            "đây là bản báo cáo do cdstui xuất ra nhưng đã mất trang ẩn «_cdstui» (thông tin kế hoạch và các dòng "
            "đã xuất), nên không nhập được: một bản báo cáo không phải là kế hoạch. Hãy nhập đúng tệp đã gửi cho "
            "cơ quan (mở và lưu bằng Excel vẫn giữ trang ẩn), hoặc nhập kế hoạch từ văn bản gốc.",
            file=file,
        )
    return identity


def _exported_rows(workbook: Any, file: str) -> list[dict]:
    """Per data row of the export: sheet, row, row_id, kind, code, title and the values as exported."""
    ws = workbook[META_SHEET]
    text = "".join(
        row[0] for row in ws.iter_rows(min_row=META_TABLE_START, max_col=1, values_only=True) if row and isinstance(row[0], str)
    )
    try:
        records = json.loads(text) if text else []
    except ValueError:
        raise InputError(
            "phần dữ liệu ẩn của bản xuất (trang «_cdstui») bị hỏng, nên không biết ô nào thuộc nhiệm vụ nào. "
            "Hãy điền vào đúng tệp đã nhận từ cdstui, hoặc xuất lại và gửi lại cho cơ quan.",
            file=file,
        ) from None
    out = []
    for rec in records if isinstance(records, list) else []:
        try:
            rec["row"] = int(rec["row"])
            rec["row_id"] = int(rec["row_id"])
        except (ValueError, KeyError, TypeError):
            continue
        if rec.get("kind") not in _COLUMNS or not isinstance(rec.get("sheet"), str):
            continue
        for name in ("code", "title", "status", "completion", "result", "note", "actual", "shown_verdict", "shown_status"):
            rec[name] = "" if rec.get(name) is None else str(rec[name])
        rec.setdefault("verdict", None)
        out.append(rec)
    return out


# --- reading the sheets ----------------------------------------------------------------


@dataclass
class _Line:
    """A row of a sheet's table, as read."""

    sheet: str
    number: int  # the sheet's row number
    cells: tuple
    code: str
    title: str
    raw_id: str

    @property
    def where(self) -> str:
        return f"trang «{self.sheet}», dòng {self.number}"

    def shown(self) -> str:
        title = self.title if len(self.title) <= 60 else self.title[:59] + "…"
        return " ".join(part for part in (self.code, title) if part) or "(dòng không có STT và tên)"


@dataclass
class _Table:
    """The table of one data sheet: its rows and where its columns are."""

    sheet: str
    kind: str  # "task" or "indicator"
    columns: dict[str, int]  # field -> 0-based column index
    id_col: int | None
    lines: list[_Line]


def _cell(cells: tuple, j: int | None) -> str:
    if j is None or j >= len(cells) or cells[j] is None:
        return ""
    c = cells[j]
    return cell_as_text(c.value, getattr(c, "number_format", "General"))


def _find_header(rows: list[tuple], columns: tuple[Column, ...]) -> tuple[int, dict[str, int], int | None] | None:
    """(index of the header row, field -> column index, id column index) or None."""
    for i, cells in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        texts = [fold(cell_as_text(c.value)) if c is not None else "" for c in cells]
        if "stt" not in texts:
            continue
        found, id_col = find_columns(texts, columns)
        if found:
            return i, found, id_col
    return None


def _is_closing(cells: tuple) -> bool:
    """The first row after a table: "Nơi nhận:" or the indicator tally."""
    first = next((text for text in (_cell(cells, j) for j in range(len(cells))) if text), "")
    return first == RECIPIENTS_HEAD or first.startswith(TALLY_HEAD.strip())


def _read_table(ws: Any, sheet: str, kind: str, file: str) -> _Table:
    rows = list(ws.iter_rows(min_row=1))  # from row 1: list index + 1 is the row number
    header = _find_header(rows, _COLUMNS[kind])
    if header is None:
        raise InputError(f"trang «{sheet}»: không tìm thấy dòng tiêu đề của bảng (cột STT).", file=file)
    index, columns, id_col = header
    for name in ("code", "title"):
        if name not in columns:
            label = next(c.label for c in _COLUMNS[kind] if c.field == name)
            raise InputError(
                f"trang «{sheet}»: không tìm thấy cột «{label}», nên không đối chiếu được các dòng với kế hoạch.",
                file=file,
            )
    lines = []
    for number, cells in enumerate(rows[index + 1 :], start=index + 2):
        if _is_closing(cells):
            break
        raw_id = _cell(cells, id_col)
        lines.append(_Line(sheet, number, cells, _cell(cells, columns["code"]), _cell(cells, columns["title"]), raw_id))
    return _Table(sheet, kind, columns, id_col, lines)


def _read_tables(path: Path) -> tuple[dict, list[dict], list[_Table]]:
    """The identity, the rows as exported and the data sheets' tables of a filled workbook."""
    from openpyxl import load_workbook

    name = path.name
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is bad input
        raise InputError(f"không đọc được tệp Excel: {exc}", file=name) from exc
    try:
        identity = read_identity(wb)
        if identity is None:
            raise InputError("tệp không phải bản báo cáo do cdstui xuất ra.", file=name)
        exported = _exported_rows(wb, name)
        tables = []
        for sheet in dict.fromkeys(rec["sheet"] for rec in exported):
            if sheet not in wb.sheetnames:
                raise InputError(f"thiếu trang «{sheet}» của bản xuất; hãy gửi lại đúng tệp đã nhận.", file=name)
            kinds = {rec["kind"] for rec in exported if rec["sheet"] == sheet}
            tables.append(_read_table(wb[sheet], sheet, "indicator" if kinds == {"indicator"} else "task", name))
    finally:
        wb.close()
    return identity, exported, tables


# --- which row of the plan each row of a sheet is ----------------------------------------


def _code_key(code: str) -> str:
    return " ".join(code.replace(",", ".").split()).strip(". ").casefold()


def _title_key(title: str) -> str:
    return " ".join(fold(nfc(title)).split())


def _agrees(line: _Line, code: str, title: str) -> bool:
    """The sheet's STT and title are ``code`` and ``title`` (no STT to check: the title alone)."""
    return _title_key(line.title) == _title_key(title) and (not code or _code_key(line.code) == _code_key(code))


@dataclass
class FilledRow:
    """A row of the sheet matched to its row in the database."""

    line: _Line
    columns: dict[str, int]
    exported: dict  # the record of the row as exported
    row: Row  # the row in the database


class _Matcher:
    """Finds the plan's row for each row of the sheets (see the module's docstring)."""

    def __init__(self, exported: list[dict], plan_rows: list[Row]) -> None:
        self.exported = {rec["row_id"]: rec for rec in exported}
        self.by_id = {r.id: r for r in plan_rows if r.id is not None}
        # rows exported on each sheet, by title: where a row without a trusted id is looked up
        self.by_title: dict[tuple[str, str], list[int]] = {}
        for rec in exported:
            row = self.by_id.get(rec["row_id"])
            titles = {_title_key(rec["title"])} | ({_title_key(row.title)} if row is not None else set())
            for title in titles - {""}:
                self.by_title.setdefault((rec["sheet"], title), []).append(rec["row_id"])
        self.structure = {
            (_code_key(r.code), _title_key(r.title)): r for r in plan_rows if r.kind in ("section", "group")
        }
        self.seen: set[int] = set()  # exported rows that some row of the sheets was taken for

    def expected(self, row_id: int) -> list[tuple[str, str]]:
        """The (STT, title) pairs a sheet row carrying ``row_id`` may show: as exported, as now."""
        rec, row = self.exported[row_id], self.by_id.get(row_id)
        pairs = [(rec["code"], rec["title"])] if rec["title"] else []
        if row is not None:
            # an indicator's STT is its number in the sheet when it has no code of its own
            pairs.append((row.code or rec["code"] if rec["kind"] == "indicator" else row.code, row.title))
        return pairs

    def trusted_id(self, line: _Line, kind: str) -> int | None:
        try:
            row_id = int(float(line.raw_id.replace(",", "."))) if line.raw_id else None
        except (ValueError, OverflowError):
            return None
        rec = self.exported.get(row_id) if row_id is not None else None
        if rec is None or rec["sheet"] != line.sheet or rec["kind"] != kind:
            return None
        row = self.by_id.get(row_id)
        if row is not None and row.kind != kind:
            return None
        return row_id if any(_agrees(line, c, t) for c, t in self.expected(row_id)) else None

    def by_number_and_title(self, line: _Line) -> tuple[int | None, str]:
        """The one row exported on this sheet with the line's STT and title, or None and why not."""
        ids = self.by_title.get((line.sheet, _title_key(line.title)), [])
        found = {i for i in ids if any(_agrees(line, c, t) for c, t in self.expected(i))}
        if len(found) == 1:
            return found.pop(), ""
        if found:
            self.seen |= found
            return None, f"{len(found)} dòng của bản xuất có cùng STT và tên này; không biết là dòng nào"
        if line.raw_id:
            return None, (
                f"mã dòng «{line.raw_id}» (cột ẩn {ID_HEADER}) không khớp với STT và tên của dòng, "
                "và không có dòng nào của bản xuất có STT và tên này"
            )
        return None, "không có dòng nào của bản xuất có STT và tên này (dòng thêm mới, hoặc STT, tên đã bị sửa?)"

    def not_data(self, line: _Line, table: _Table) -> str | None:
        """None for a row that is not data and holds nothing new: a section or group row as
        exported, a table's title; else why a row that matched nothing is skipped."""
        group = self.structure.get((_code_key(line.code), _title_key(line.title)))
        if group is not None:
            if all(_as_exported(group, name, _cell(line.cells, table.columns.get(name))) for name in _filled(table)):
                return None
            return "dòng mục/nhóm, không phải một nhiệm vụ hay chỉ tiêu: không nhập được tiến độ ghi ở đây"
        if not line.code and not line.raw_id and not _has_values(line, table):
            return None
        return ""

    def match(self, table: _Table, result: FilledImport) -> list[FilledRow]:
        claims: dict[int, list[_Line]] = {}
        for line in table.lines:
            if _is_blank(line, table):
                continue
            row_id = self.trusted_id(line, table.kind)
            why = ""
            if row_id is None:
                row_id, why = self.by_number_and_title(line)
            if row_id is None:
                other = self.not_data(line, table)
                if other is not None:
                    result.skipped.append(SkippedRow(line.sheet, line.number, line.shown(), other or why))
                continue
            claims.setdefault(row_id, []).append(line)
        self.seen |= set(claims)
        return self._settle(claims, table, result)

    def _settle(self, claims: dict[int, list[_Line]], table: _Table, result: FilledImport) -> list[FilledRow]:
        """One sheet row per row of the plan: a row claimed twice is applied from neither."""
        matched = []
        what = _KIND_WORDS[table.kind]
        for row_id, lines in claims.items():
            row = self.by_id.get(row_id)
            if len(lines) > 1:
                for line in lines:
                    others = ", ".join(str(o.number) for o in lines if o is not line)
                    why = f"dòng {others} cũng là {what} này; không biết dòng nào đúng"
                    result.skipped.append(SkippedRow(line.sheet, line.number, line.shown(), why))
            elif row is None:
                line = lines[0]
                result.skipped.append(SkippedRow(line.sheet, line.number, line.shown(), f"{what} này không còn trong kế hoạch"))
            else:
                matched.append(FilledRow(lines[0], table.columns, self.exported[row_id], row))
        return matched

    def warn_missing(self, tables: list[_Table], result: FilledImport) -> None:
        """Name the exported rows that no row of the sheets was taken for (deleted by the agency?)."""
        sheets = {t.sheet for t in tables}
        for rec in self.exported.values():
            if rec["sheet"] in sheets and rec["row_id"] not in self.seen:
                row = self.by_id.get(rec["row_id"])
                label = row_label(row) if row is not None else f"{rec['code']} {rec['title']}".strip()
                result.warnings.append(
                    f"không thấy dòng «{label}» (trang «{rec['sheet']}», dòng {rec['row']} khi xuất) trong tệp; "
                    "không nhập gì cho dòng này."
                )


def _filled(table: _Table) -> list[str]:
    return [c.field for c in _COLUMNS[table.kind] if c.filled]


def _as_exported(group: Row, name: str, text: str) -> bool:
    """Whether a section or group row's cell shows what the export could have written there:
    nothing, or (a group with more than a title) its result or note."""
    return not text or (name in ("result", "note") and _same_text(text, getattr(group, name)))


def _is_blank(line: _Line, table: _Table) -> bool:
    return not (line.code or line.title or line.raw_id) and not _has_values(line, table)


def _has_values(line: _Line, table: _Table) -> bool:
    return any(_cell(line.cells, table.columns.get(name)) for name in _filled(table))


def _same_text(a: Any, b: Any) -> bool:
    return nfc("" if a is None else str(a)).strip() == nfc("" if b is None else str(b)).strip()


# --- merging a matched row ---------------------------------------------------------------


def _norm_completion(text: str) -> str | None:
    value, error = validate_completion(text)
    return text.strip() or None if error else value


def _verdict_of(text: str) -> bool | None | str:
    words = " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())
    if not words:
        return None
    if words in ("chua dat", "khong dat"):
        return False
    if words in ("dat", "dat va vuot", "vuot", "da dat"):
        return True
    return "?"


class _Merge:
    """The three-way merge of one row: the sheet's value, the value as exported, the database's."""

    def __init__(self, filled: FilledRow, file: str, result: FilledImport) -> None:
        self.filled, self.file, self.result = filled, file, result
        self.changes: dict[str, Any] = {}
        self.entry = ""  # the text of a new progress entry, if the agency wrote one

    def cell(self, name: str) -> str | None:
        """The text of the row's cell in column ``name``, None when the sheet has no such column."""
        j = self.filled.columns.get(name)
        return None if j is None else _cell(self.filled.line.cells, j)

    def refuse(self, message: str) -> InputError:
        return InputError(f"{self.filled.line.where}: {message}", file=self.file)

    def conflict(self, name: str, sheet_value: Any, db: Any, base: Any, reason: str = "") -> None:
        line = self.filled.line
        self.result.conflicts.append(
            Conflict(line.sheet, line.number, row_label(self.filled.row), name, sheet_value, db, base, reason)
        )

    def field(self, name: str, sheet_value: Any, base: Any, db: Any, same: Callable[[Any, Any], bool] = lambda a, b: a == b) -> None:
        if same(sheet_value, base) or same(sheet_value, db):
            return
        if not same(db, base):
            self.conflict(name, sheet_value, db, base)
            return
        self.changes[name] = sheet_value

    def was_cut(self, name: str, text: str) -> bool:
        """Was the field's text cut to a cell's size on export? Then it is never
        written back: left as exported it is ignored, edited it is a conflict."""
        base, db = self.filled.exported[name], getattr(self.filled.row, name)
        if len(base) <= MAX_CELL_CHARS or len(clean_text(base).strip()) >= len(base.strip()):
            return False
        if not _same_text(text, clean_text(base)):
            limit = f"{MAX_CELL_CHARS:,}".replace(",", ".")
            reason = (
                f"khi xuất, ô này bị cắt còn {limit} ký tự (giới hạn của Excel) nên sửa trong tệp "
                "sẽ làm mất phần còn lại; giữ nội dung đầy đủ trong cơ sở dữ liệu"
            )
            self.conflict(name, text, db, base, reason)
        return True

    def new_entry(self) -> None:
        """ "Kết quả": what the agency wrote beyond the text exported, as a new entry."""
        text = self.cell("result")
        if text is None or self.was_cut("result", text):
            return
        base = nfc(self.filled.exported["result"]).strip()
        added = nfc(text).strip()
        if added == base:
            return
        if base and added.startswith(base):
            added = added[len(base) :].strip()
        if added:
            self.entry = added

    def text(self, name: str, *, empty_is_none: bool = False, same: Callable[[Any, Any], bool] | None = None) -> None:
        """A free-text field. One the export had to cut to a cell's size is never written back."""
        text = self.cell(name)
        if text is None or self.was_cut(name, text):
            return
        base, db = self.filled.exported[name], getattr(self.filled.row, name)
        if empty_is_none:
            self.field(name, text or None, base or None, db or None, same or _same_text)
        else:
            self.field(name, text, base, db, same or _same_text)


def _task_changes(merge: _Merge) -> None:
    rec, row = merge.filled.exported, merge.filled.row
    text = merge.cell("status")
    shown = rec.get("shown_status") or status_label(rec["status"] or "not_started")
    if text and fold(text).strip() != fold(shown).strip():
        status = parse_status(text)
        if status is None:
            raise merge.refuse(f"không hiểu tình trạng «{text}». Dùng một trong: " + ", ".join(STATUS_LABELS.values()) + ".")
        merge.field("status", status, rec["status"] or "not_started", row.status)
    text = merge.cell("completion")
    if text is not None:
        value, error = validate_completion(text)
        if error:
            raise merge.refuse(f"{error} (đang là «{text}»).")
        merge.field("completion", value, _norm_completion(rec["completion"]), _norm_completion(row.completion or ""))
    merge.new_entry()
    merge.text("note")


def _same_actual(row: Row) -> Callable[[Any, Any], bool]:
    """Two achieved values alike: as text, or as the same percentage ("100 %" written
    to the sheet as the number 1, read back as "100%")."""

    def same(a: Any, b: Any) -> bool:
        if _same_text(a, b):
            return True
        ra, rb = read_actual(a, row.target, row.unit), read_actual(b, row.target, row.unit)
        return ra.percent and rb.percent and not (ra.error or rb.error) and ra.value == rb.value

    return same


def _indicator_changes(merge: _Merge) -> None:
    rec, row = merge.filled.exported, merge.filled.row
    merge.text("actual", empty_is_none=True, same=_same_actual(row))
    text = merge.cell("verdict")
    if text is not None and not _same_text(fold(text), fold(rec["shown_verdict"])):
        verdict = _verdict_of(text)
        if verdict == "?":
            raise merge.refuse(f"cột Đánh giá chỉ nhận «{MET}» hoặc «{NOT_MET}» (đang là «{text}»).")
        merge.field("verdict", verdict, rec["verdict"], row.verdict)
    merge.text("note")


def _row_changes(filled: FilledRow, file: str, result: FilledImport) -> tuple[dict[str, Any], str]:
    """The fields of one row to write and the text of a new entry ("" for
    none); conflicts are added to ``result``."""
    merge = _Merge(filled, file, result)
    if filled.exported["kind"] == "task":
        _task_changes(merge)
    else:
        _indicator_changes(merge)
    return merge.changes, merge.entry


# --- the use case ------------------------------------------------------------------------


def import_filled(store: "Store", path: str | Path, *, plan_id: int | None = None) -> FilledImport:
    """Merge an agency-filled report workbook into its plan; raise ``InputError`` when unusable."""
    path = Path(path)
    identity, exported, tables = _read_tables(path)
    target = _resolve_plan(store, identity, path.name, plan_id)
    plan = store.load_plan(target)
    result = FilledImport(
        file=path,
        plan_id=target,
        plan_number=plan.number,
        period=identity["period"],
        exported_at=identity["exported_at"],
        lead=identity["lead"],
    )
    matcher = _Matcher(exported, list(plan.rows()))
    matched = [filled for table in tables for filled in matcher.match(table, result)]
    matcher.warn_missing(tables, result)
    logged = _logged_texts(store, target)
    updates: list[tuple[int, dict[str, Any]]] = []
    entries: list[tuple[int, str]] = []
    kinds: dict[int, str] = {}
    for filled in matched:
        changes, entry = _row_changes(filled, path.name, result)
        if entry and _log_key(entry) in logged.get(filled.row.id, set()):
            entry = ""  # already in the log (the same file imported again)
        if changes or entry:
            updates += [(filled.row.id, changes)] if changes else []
            entries += [(filled.row.id, entry)] if entry else []
            kinds[filled.row.id] = filled.row.kind
            result.changed_rows.append(f"{filled.line.sheet}, dòng {filled.line.number}: {row_label(filled.row)}")
    if updates or entries:
        _write(store, target, updates, entries, f"agency:{path.name}", result, kinds)
    return result


def _log_key(text: str) -> str:
    return " ".join(nfc(text).split())


def _logged_texts(store: "Store", plan_id: int) -> dict[int, set[str]]:
    from cdstui.store.entries import plan_entries

    return {row_id: {_log_key(e.text) for e in found} for row_id, found in plan_entries(store, plan_id).items()}


def _write(
    store: "Store",
    plan_id: int,
    updates: list[tuple[int, dict[str, Any]]],
    entries: list[tuple[int, str]],
    origin: str,
    result: FilledImport,
    kinds: dict[int, str],
) -> None:
    """The agency's changes and new entries, dated today, in one transaction (one undo step)."""
    from datetime import date

    from cdstui.store.entries import add_entry

    with store.transaction():
        made = store.update_rows(updates, origin=origin) if updates else []
        for row_id, text in entries:
            add_entry(store, row_id, text, day=date.today(), origin=origin, plan_id=plan_id)
    result.cells_changed = len(made) + len(entries)
    changed_ids = {c.row_id for c in made} | {row_id for row_id, _text in entries}
    result.tasks_changed = sum(1 for i in changed_ids if kinds.get(i) == "task")
    result.indicators_changed = sum(1 for i in changed_ids if kinds.get(i) == "indicator")


def _resolve_plan(store: "Store", identity: dict, file: str, plan_id: int | None) -> int:
    """The plan the workbook was exported from, in this database."""
    ids = store.plan_ids()
    wanted = identity.get("plan_id")
    number = identity.get("plan_number") or ""
    if plan_id is not None:
        if plan_id not in ids:
            raise InputError(f"không có kế hoạch mã {plan_id} trong cơ sở dữ liệu.", file=file)
        return plan_id
    if wanted in ids:
        current = next((p for p in store.list_plans() if p.id == wanted), None)
        if current is None or not number or fold(current.number) == fold(number):
            return wanted
    from cdstui.domain.model import Plan

    found = store.find_plan(Plan(number=number, title=identity.get("plan_title") or ""))
    if found is not None:
        return found
    raise InputError(
        f"tệp được xuất từ kế hoạch {number or '?'} (mã {wanted or '?'}), "
        "không có trong cơ sở dữ liệu này. Hãy mở đúng cơ sở dữ liệu (--db) rồi nhập lại.",
        file=file,
    )


# --- the summary -------------------------------------------------------------------------


def _show(field_name: str, value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if field_name == "status":
        return STATUS_LABELS.get(value, str(value))
    if field_name == "verdict":
        return MET if value else NOT_MET
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def _describe_conflict(c: Conflict) -> str:
    where = f"  ! {c.sheet}, dòng {c.row}, {c.label} — {field_label(c.field)}: "
    if c.reason:
        return where + f"trong tệp «{_show(c.field, c.sheet_value)}»; {c.reason}."
    return where + (
        f"trong tệp «{_show(c.field, c.sheet_value)}», trong cơ sở dữ liệu «{_show(c.field, c.db_value)}» "
        f"(lúc xuất «{_show(c.field, c.exported_value)}»)."
    )


def describe_filled(result: FilledImport) -> str:
    """What the merge did, in Vietnamese, one fact per line."""
    lines = [
        f"Tệp: {result.file.name} — bản báo cáo do cdstui xuất (kế hoạch {result.plan_number or '?'}, "
        f"mã {result.plan_id}; kỳ {result.period or '?'}"
        + (f"; cơ quan chủ trì: {result.lead}" if result.lead else "")
        + (f"; xuất lúc {result.exported_at}" if result.exported_at else "")
        + ").",
        f"Đã cập nhật tiến độ: {result.tasks_changed} nhiệm vụ, {result.indicators_changed} chỉ tiêu "
        f"({result.cells_changed} ô). Không thêm kế hoạch hay dòng mới.",
    ]
    lines += [f"  ~ {label}" for label in result.changed_rows]
    if result.skipped:
        lines.append(
            f"Không nhập {len(result.skipped)} dòng của tệp (không xác định chắc chắn được dòng nào của kế hoạch; "
            "không ghi gì từ các dòng này):"
        )
        lines += [f"  ✗ {s.sheet}, dòng {s.row}: {s.text} — {s.reason}." for s in result.skipped]
    if result.conflicts:
        lines.append(
            f"Xung đột: {len(result.conflicts)} ô đã được sửa cả trong cơ sở dữ liệu lẫn trong tệp "
            "kể từ lúc xuất, hoặc không ghi lại được; giữ giá trị trong cơ sở dữ liệu:"
        )
        lines += [_describe_conflict(c) for c in result.conflicts]
    lines += [f"Lưu ý: {w}" for w in result.warnings]
    return "\n".join(lines)
