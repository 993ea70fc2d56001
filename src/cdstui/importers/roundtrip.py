"""The agency round trip: read a report workbook filled by an agency back into its plan.

An exported workbook carries its identity in the hidden sheet "_cdstui"
(plan id and number, period, export time) and, per data row, the row id and
the values as exported; each data sheet also has the row id in a hidden
column. ``import_filled`` merges what the agency changed into the same plan —
no new plan, no new rows:

* a value the agency left as exported is ignored;
* a value the agency changed is written, unless the database value changed
  too since the export (and differs): then the database value is kept and the
  conflict is listed;
* status words are read leniently (``parse_status``), completion levels are
  checked (``validate_completion``); one bad cell refuses the whole file with
  a message naming the sheet and row, and nothing is written;
* every change lands in the history with origin ``agency:<file name>``, in
  one transaction.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdstui.domain.labels import MET, NOT_MET, STATUS_LABELS, field_label, row_label
from cdstui.domain.model import InputError, Row
from cdstui.domain.progress import parse_status, validate_completion
from cdstui.domain.text import fold, nfc
from cdstui.report.look import cell_as_text
from cdstui.report.workbook import META_MARK, META_SHEET, META_TABLE_START

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.store import Store

__all__ = ["Conflict", "FilledImport", "describe_filled", "import_filled", "is_cdstui_export", "read_identity"]

# Header text (folded, prefix) -> field, per kind of sheet.
_TASK_COLUMNS = (
    ("tinh trang", "status"),
    ("muc do hoan thanh", "completion"),
    ("ket qua thuc hien", "result"),
    ("ghi chu", "note"),
)
_INDICATOR_COLUMNS = (
    ("ket qua thuc hien", "actual"),
    ("danh gia", "verdict"),
    ("ghi chu", "note"),
)
_ID_HEADER = "cdstui-id"


@dataclass
class Conflict:
    sheet: str
    row: int
    label: str
    field: str
    sheet_value: Any
    db_value: Any
    exported_value: Any


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
    return {
        "version": pairs.get("version", ""),
        "plan_id": int(plan_id) if plan_id.isdigit() else None,
        "plan_number": pairs.get("plan_number", ""),
        "plan_title": pairs.get("plan_title", ""),
        "period": pairs.get("period", ""),
        "exported_at": pairs.get("exported_at", ""),
        "date": pairs.get("date", ""),
        "today": pairs.get("today", ""),
        "lead": pairs.get("lead", ""),
    }


def _exported_rows(workbook: Any, name: str = "") -> list[dict]:
    """Per data row of the export: sheet, row, row_id, kind and the values as exported."""
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
            file=name,
        ) from None
    out = []
    for rec in records if isinstance(records, list) else []:
        try:
            rec["row"] = int(rec["row"])
            rec["row_id"] = int(rec["row_id"])
        except (ValueError, KeyError, TypeError):
            continue
        for name in ("status", "completion", "result", "note", "actual", "shown_verdict"):
            rec[name] = "" if rec.get(name) is None else str(rec[name])
        rec.setdefault("verdict", None)
        out.append(rec)
    return out


# --- reading the sheets ----------------------------------------------------------------


def _find_header(rows: list[tuple], wanted: tuple[tuple[str, str], ...]) -> tuple[int, dict[str, int], int | None] | None:
    """(index of the header row, field -> column index, id column index) or None."""
    for i, cells in enumerate(rows[:60]):
        texts = [fold(cell_as_text(c.value)) if c is not None else "" for c in cells]
        if not texts or "stt" not in texts:
            continue
        columns: dict[str, int] = {}
        id_col = None
        for j, text in enumerate(texts):
            if text == _ID_HEADER:
                id_col = j
                continue
            for prefix, name in wanted:
                if name not in columns and text.startswith(prefix):
                    columns[name] = j
                    break
        if columns:
            return i, columns, id_col
    return None


def _cell(cells: tuple, j: int | None) -> str:
    if j is None or j >= len(cells) or cells[j] is None:
        return ""
    c = cells[j]
    return cell_as_text(c.value, getattr(c, "number_format", "General"))


def _same_text(a: Any, b: Any) -> bool:
    return nfc("" if a is None else str(a)).strip() == nfc("" if b is None else str(b)).strip()


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


def import_filled(store: "Store", path: str | Path, *, plan_id: int | None = None) -> FilledImport:
    """Merge an agency-filled report workbook into its plan; raise ``InputError`` when unusable."""
    from openpyxl import load_workbook

    path = Path(path)
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
        sheets = {rec["sheet"] for rec in exported}
        found: dict[str, tuple[list[tuple], int, dict[str, int], int | None]] = {}
        for sheet in sheets:
            if sheet not in wb.sheetnames:
                raise InputError(f"thiếu trang «{sheet}» của bản xuất; hãy gửi lại đúng tệp đã nhận.", file=name)
            kinds = {rec["kind"] for rec in exported if rec["sheet"] == sheet}
            wanted = _INDICATOR_COLUMNS if kinds == {"indicator"} else _TASK_COLUMNS
            rows = list(wb[sheet].iter_rows(min_row=1))  # from row 1: list index + 1 is the row number
            header = _find_header(rows, wanted)
            if header is None:
                raise InputError(f"trang «{sheet}»: không tìm thấy dòng tiêu đề của bảng (cột STT).", file=name)
            found[sheet] = (rows, *header)
    finally:
        wb.close()

    target = _resolve_plan(store, identity, name, plan_id)
    plan = store.load_plan(target)
    by_id: dict[int, Row] = {r.id: r for r in plan.rows() if r.id is not None}
    base_by_id = {rec["row_id"]: rec for rec in exported}
    base_by_place = {(rec["sheet"], rec["row"]): rec for rec in exported}

    result = FilledImport(
        file=path,
        plan_id=target,
        plan_number=plan.number,
        period=identity["period"],
        exported_at=identity["exported_at"],
        lead=identity["lead"],
    )
    updates: list[tuple[int, dict[str, Any]]] = []
    kinds_changed: dict[int, str] = {}
    seen: set[int] = set()
    for sheet, (rows, header_index, columns, id_col) in found.items():
        for offset, cells in enumerate(rows[header_index + 1 :], start=header_index + 2):
            raw_id = _cell(cells, id_col) if id_col is not None else ""
            rec = None
            if raw_id:
                try:
                    rec = base_by_id.get(int(float(raw_id.replace(",", "."))))
                except ValueError:
                    rec = None
            elif id_col is None:
                rec = base_by_place.get((sheet, offset))
            if rec is None or rec["sheet"] != sheet or rec["row_id"] in seen:
                continue
            seen.add(rec["row_id"])
            row = by_id.get(rec["row_id"])
            where = f"trang «{sheet}», dòng {offset}"
            if row is None:
                result.warnings.append(f"{where}: dòng này không còn trong kế hoạch, bỏ qua.")
                continue
            changes = _row_changes(rec, row, cells, columns, where, name, sheet, offset, result)
            if changes:
                updates.append((row.id, changes))
                kinds_changed[row.id] = row.kind
                result.changed_rows.append(f"{sheet}, dòng {offset}: {row_label(row)}")
    if updates:
        made = store.update_rows(updates, origin=f"agency:{name}")
        result.cells_changed = len(made)
        changed_ids = {c.row_id for c in made}
        result.tasks_changed = sum(1 for i in changed_ids if kinds_changed.get(i) == "task")
        result.indicators_changed = sum(1 for i in changed_ids if kinds_changed.get(i) == "indicator")
    return result


def _row_changes(
    rec: dict,
    row: Row,
    cells: tuple,
    columns: dict[str, int],
    where: str,
    file: str,
    sheet: str,
    line: int,
    result: FilledImport,
) -> dict[str, Any]:
    """The fields of one row to write; conflicts are added to ``result``."""
    changes: dict[str, Any] = {}

    def merge(field_name: str, sheet_value: Any, base: Any, db: Any, same=lambda a, b: a == b) -> None:
        if same(sheet_value, base) or same(sheet_value, db):
            return
        if not same(db, base):
            result.conflicts.append(
                Conflict(sheet, line, row_label(row), field_name, sheet_value, db, base)
            )
            return
        changes[field_name] = sheet_value

    if rec["kind"] == "task":
        if "status" in columns:
            text = _cell(cells, columns["status"])
            if text:
                status = parse_status(text)
                if status is None:
                    raise InputError(
                        f"{where}: không hiểu tình trạng «{text}». Dùng một trong: "
                        + ", ".join(STATUS_LABELS.values())
                        + ".",
                        file=file,
                    )
                merge("status", status, rec["status"] or "not_started", row.status)
        if "completion" in columns:
            text = _cell(cells, columns["completion"])
            value, error = validate_completion(text)
            if error:
                raise InputError(f"{where}: {error} (đang là «{text}»).", file=file)
            merge("completion", value, _norm_completion(rec["completion"]), _norm_completion(row.completion or ""))
        if "result" in columns:
            merge("result", _cell(cells, columns["result"]), rec["result"], row.result, _same_text)
        if "note" in columns:
            merge("note", _cell(cells, columns["note"]), rec["note"], row.note, _same_text)
    else:
        if "actual" in columns:
            text = _cell(cells, columns["actual"])
            merge("actual", text or None, rec["actual"] or None, row.actual or None, _same_text)
        if "verdict" in columns:
            text = _cell(cells, columns["verdict"])
            if not _same_text(fold(text), fold(rec["shown_verdict"])):
                verdict = _verdict_of(text)
                if verdict == "?":
                    raise InputError(f"{where}: cột Đánh giá chỉ nhận «Đạt» hoặc «Chưa đạt» (đang là «{text}»).", file=file)
                merge("verdict", verdict, rec["verdict"], row.verdict)
        if "note" in columns:
            merge("note", _cell(cells, columns["note"]), rec["note"], row.note, _same_text)
    return changes


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


def _show(field_name: str, value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if field_name == "status":
        return STATUS_LABELS.get(value, str(value))
    if field_name == "verdict":
        return MET if value else NOT_MET
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


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
    for label in result.changed_rows:
        lines.append(f"  ~ {label}")
    if result.conflicts:
        lines.append(
            f"Xung đột: {len(result.conflicts)} ô đã được sửa cả trong cơ sở dữ liệu lẫn trong tệp "
            "kể từ lúc xuất; giữ giá trị trong cơ sở dữ liệu:"
        )
        for c in result.conflicts:
            lines.append(
                f"  ! {c.sheet}, dòng {c.row}, {c.label} — {field_label(c.field)}: "
                f"trong tệp «{_show(c.field, c.sheet_value)}», trong cơ sở dữ liệu «{_show(c.field, c.db_value)}» "
                f"(lúc xuất «{_show(c.field, c.exported_value)}»)."
            )
    for w in result.warnings:
        lines.append(f"Lưu ý: {w}")
    return "\n".join(lines)
