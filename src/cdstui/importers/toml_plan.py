"""The plan file: a plan (with its progress) as readable TOML.

Schema (UTF-8)::

    [plan]
    number = "32-KH/ĐU"
    title = "…"
    issuer = "Đảng ủy phường Ba Ngòi"
    ward = "Ba Ngòi"
    year = 2026                     # omitted when unknown
    date = 2026-02-09               # the day it was signed; omitted when unknown
    reporting = "…"                 # its sentence on when reports are due; omitted when none

    [[tables]]
    title = "DANH MỤC CÁC NHIỆM VỤ NĂM 2026"
    kind = "tasks"                  # or "indicators"
    header = ["TT", "Tên nhiệm vụ, giải pháp", …]

    [tables.appendix]               # omitted for a table in the body of the plan
    label = "Phụ lục"               # each key omitted when empty
    title = "DANH MỤC CÁC NHIỆM VỤ NĂM 2026"
    note = "(Kèm theo Kế hoạch số 32-KH/ĐU, ngày 09 tháng 02 năm 2026 của Đảng ủy phường Ba Ngòi)"

    [[tables.rows]]
    kind = "task"                   # section | group | task | indicator
    code = "4.2.1"
    path = ["III", "4", "4.2"]
    title = "…"
    lead = "…"                      # every other field is omitted when empty:
    deadline = "02/2026"            # partners, output, note, unit, target,
    source_line = 187               # status (not_started), completion, result,
                                    # actual, verdict

``kind``, ``code``, ``path`` and ``title`` are always written; a missing key
reads back as its default (None for completion/actual/verdict/source_line),
so reading a written file gives exactly the same ``Plan``. Reading validates
every table and row as the app checks what the officer types (kinds of rows
by the kind of table, statuses, completion 0–100% or a phrase, a year in
1900–2100) and names the file, the table, the row and the key at fault.

The embedded default plan ``data/ba-ngoi_32-KH-DU_2026.toml`` is built from
seed 000 with::

    python -m cdstui.importers.convert build-default
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from cdstui.domain.model import STATUSES, Appendix, ImportReport, InputError, Plan, Row, Table
from cdstui.domain.progress import validate_completion
from cdstui.importers.files import decode_text, read_bytes
from cdstui.importers.limits import check_rows

__all__ = ["write_plan_toml", "read_plan_toml", "plan_to_toml", "plan_from_toml"]

ROW_KINDS = ("section", "group", "task", "indicator")
TABLE_KINDS = ("tasks", "indicators")
# The rows each kind of table holds, as the importers build them (``repair``).
ROW_KINDS_BY_TABLE = {"tasks": ("section", "group", "task"), "indicators": ("group", "indicator")}
YEARS = (1900, 2100)
MAX_SOURCE_LINE = 2**31 - 1
_ALWAYS = ("kind", "code", "path", "title")
_TEXT = ("lead", "partners", "deadline", "output", "note", "unit", "target", "result")
_OPTIONAL_TEXT = ("completion", "actual")
_ROW_KEYS = (*_ALWAYS, *_TEXT, "status", *_OPTIONAL_TEXT, "verdict", "source_line")
_PLAN_TEXT = ("number", "title", "issuer", "ward")
_APPENDIX_KEYS = ("label", "title", "note")

_PREAMBLE = (
    "# cdstui plan file: a yearly plan (Kế hoạch) and its appendix tables, as issued.\n"
    "# Written by cdstui; keep it UTF-8. Schema: src/cdstui/importers/toml_plan.py.\n\n"
)


# --- writing -------------------------------------------------------------------


def _row_dict(row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": row.kind, "code": row.code, "path": list(row.path), "title": row.title}
    for name in _TEXT:
        value = getattr(row, name)
        if value:
            out[name] = value
    if row.status != "not_started":
        out["status"] = row.status
    for name in _OPTIONAL_TEXT:
        value = getattr(row, name)
        if value is not None:
            out[name] = value
    if row.verdict is not None:
        out["verdict"] = row.verdict
    if row.source_line is not None:
        out["source_line"] = row.source_line
    # "result" reads best after the plan fields; order keys as _ROW_KEYS
    return {k: out[k] for k in _ROW_KEYS if k in out}


def _table_dict(table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {"title": table.title, "kind": table.kind, "header": list(table.header)}
    appendix = {k: getattr(table.appendix, k) for k in _APPENDIX_KEYS if getattr(table.appendix, k)}
    if appendix:
        out["appendix"] = appendix
    out["rows"] = [_row_dict(r) for r in table.rows]
    return out


def plan_to_toml(plan: Plan) -> str:
    """The plan as TOML text."""
    import tomli_w

    head: dict[str, Any] = {name: getattr(plan, name) for name in _PLAN_TEXT}
    if plan.year is not None:
        head["year"] = plan.year
    if plan.date is not None:
        head["date"] = plan.date
    if plan.reporting:
        head["reporting"] = plan.reporting
    doc = {"plan": head, "tables": [_table_dict(t) for t in plan.tables]}
    return _PREAMBLE + _compact_arrays(tomli_w.dumps(doc, multiline_strings=True))


# tomli-w writes every array one item a line; a short array of plain strings
# (a path, a header) reads better on one line.
_STRING_ARRAY = re.compile(r'^(?P<key>[A-Za-z_]+) = \[\n(?P<items>(?:    "(?:[^"\\\n]|\\.)*",\n)+)\]$', re.M)
_MAX_LINE = 120


def _compact_arrays(text: str) -> str:
    def one_line(m: re.Match[str]) -> str:
        items = [item.strip().rstrip(",") for item in m.group("items").splitlines()]
        line = f"{m.group('key')} = [{', '.join(items)}]"
        return line if len(line) <= _MAX_LINE else m.group(0)

    return _STRING_ARRAY.sub(one_line, text)


def write_plan_toml(plan: Plan, path: str | Path) -> None:
    """Write the plan file atomically (a temporary file, then ``os.replace``)."""
    from cdstui.paths import write_file_atomically

    write_file_atomically(Path(path), plan_to_toml(plan).encode("utf-8"))


# --- reading -------------------------------------------------------------------


class _Invalid(Exception):
    pass


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"{what} phải là chuỗi văn bản")
    return value


def _year(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Invalid("[plan] year phải là số nguyên")
    if not YEARS[0] <= value <= YEARS[1]:
        raise _Invalid(f"[plan] year {_short(value)} phải là một năm từ {YEARS[0]} đến {YEARS[1]}")
    return value


def _short(value: Any) -> str:
    """A value as written, cut short for a message (a 20-digit year, a long title)."""
    if isinstance(value, (list, dict)):  # never repr a structure: it may nest deep
        return "một mảng" if isinstance(value, list) else "một bảng"
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _date(value: Any) -> date | None:
    """A TOML date (2026-02-09) or the same as text; None when absent."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise _Invalid(f"[plan] date {_short(value)} không phải ngày (YYYY-MM-DD)") from None
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise _Invalid("[plan] date phải là một ngày (YYYY-MM-DD)")
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise _Invalid(f"[plan] date {value.isoformat()} phải là một ngày từ năm {YEARS[0]} đến {YEARS[1]}")
    return value


def _table_of(data: Any, keys: tuple[str, ...], where: str, shape: str) -> dict[str, Any]:
    """``data`` as a TOML table of only these keys; else ``_Invalid`` naming ``where``."""
    if not isinstance(data, dict):
        raise _Invalid(f"{where}: phải là một bảng {shape}")
    unknown = sorted(set(data) - set(keys))
    if unknown:
        raise _Invalid(f"{where}: khóa không hợp lệ {', '.join(unknown)} (các khóa dùng được: {', '.join(keys)})")
    return data


def _row_from(data: Any, where: str, table_kind: str) -> Row:
    data = _table_of(data, _ROW_KEYS, where, "[[tables.rows]]")
    kind = data.get("kind")
    if kind not in ROW_KINDS:
        raise _Invalid(f"{where}: loại dòng {_short(kind)} không hợp lệ (cần một trong: {', '.join(ROW_KINDS)})")
    allowed = ROW_KINDS_BY_TABLE[table_kind]
    if kind not in allowed:
        raise _Invalid(
            f"{where}: bảng loại {table_kind!r} không có dòng loại {kind!r} (cần một trong: {', '.join(allowed)})"
        )
    if "title" not in data:
        raise _Invalid(f"{where}: thiếu khóa title")
    row = Row(kind=kind)
    row.title = _text(data["title"], f"{where}: title")
    row.code = _text(data.get("code", ""), f"{where}: code")
    where = f"{where} (mã {row.code})" if row.code else where
    path = data.get("path", [])
    if not isinstance(path, list) or not all(isinstance(p, str) for p in path):
        raise _Invalid(f"{where}: path phải là danh sách chuỗi")
    row.path = list(path)
    for name in _TEXT:
        setattr(row, name, _text(data.get(name, ""), f"{where}: {name}"))
    _progress_from(data, row, where)
    if "source_line" in data:
        line = data["source_line"]
        if not isinstance(line, int) or isinstance(line, bool) or not 1 <= line <= MAX_SOURCE_LINE:
            raise _Invalid(f"{where}: source_line phải là số nguyên dương (đến {MAX_SOURCE_LINE})")
        row.source_line = line
    return row


def _progress_from(data: dict[str, Any], row: Row, where: str) -> None:
    """Status, completion, actual and verdict, checked as the app checks what the officer types."""
    status = data.get("status", "not_started")
    if status not in STATUSES:
        raise _Invalid(f"{where}: trạng thái {_short(status)} không hợp lệ (cần một trong: {', '.join(STATUSES)})")
    row.status = status
    for name in _OPTIONAL_TEXT:
        if name in data:
            setattr(row, name, _text(data[name], f"{where}: {name}"))
    if row.completion is not None:
        completion, error = validate_completion(row.completion)
        if error:
            raise _Invalid(f"{where}: completion {_short(row.completion)}: {error}")
        row.completion = completion
    if "verdict" in data:
        if not isinstance(data["verdict"], bool):
            raise _Invalid(f"{where}: verdict phải là true hoặc false")
        row.verdict = data["verdict"]


def _table_from(data: Any, index: int) -> Table:
    where = f"bảng thứ {index}"
    data = _table_of(data, ("title", "kind", "header", "appendix", "rows"), where, "[[tables]]")
    kind = data.get("kind")
    if kind not in TABLE_KINDS:
        raise _Invalid(f"{where}: loại bảng {_short(kind)} không hợp lệ (cần một trong: {', '.join(TABLE_KINDS)})")
    header = data.get("header", [])
    if not isinstance(header, list) or not all(isinstance(h, str) for h in header):
        raise _Invalid(f"{where}: header phải là danh sách chuỗi")
    rows = data.get("rows", [])
    if not isinstance(rows, list):
        raise _Invalid(f"{where}: rows phải là danh sách [[tables.rows]]")
    return Table(
        title=_text(data.get("title", ""), f"{where}: title"),
        kind=kind,
        header=list(header),
        rows=[_row_from(r, f"{where}, dòng thứ {j}", kind) for j, r in enumerate(rows, start=1)],
        appendix=_appendix_from(data.get("appendix", {}), where),
    )


def _appendix_from(data: Any, where: str) -> Appendix:
    data = _table_of(data, _APPENDIX_KEYS, f"{where}: appendix", "[tables.appendix]")
    return Appendix(**{k: _text(data.get(k, ""), f"{where}: appendix {k}") for k in _APPENDIX_KEYS})


def plan_from_toml(data: dict[str, Any], file: str) -> Plan:
    """Build and validate a plan from parsed TOML; ``InputError`` names what is wrong."""
    try:
        head = data.get("plan")
        if not isinstance(head, dict):
            raise _Invalid("thiếu bảng [plan]")
        unknown = sorted(set(head) - {*_PLAN_TEXT, "year", "date", "reporting"})
        if unknown:
            raise _Invalid(f"[plan]: khóa không hợp lệ {', '.join(unknown)}")
        plan = Plan(source=file)
        for name in _PLAN_TEXT:
            setattr(plan, name, _text(head.get(name, ""), f"[plan] {name}"))
        plan.year = _year(head.get("year"))
        plan.date = _date(head.get("date"))
        plan.reporting = _text(head.get("reporting", ""), "[plan] reporting")
        tables = data.get("tables", [])
        if not isinstance(tables, list):
            raise _Invalid("tables phải là danh sách [[tables]]")
        unknown = sorted(set(data) - {"plan", "tables"})
        if unknown:
            raise _Invalid(f"khóa không hợp lệ ở gốc tệp: {', '.join(unknown)}")
        rows = [t.get("rows") for t in tables if isinstance(t, dict)]
        check_rows([row for r in rows if isinstance(r, list) for row in r], 0, file)
        plan.tables = [_table_from(t, i) for i, t in enumerate(tables, start=1)]
    except _Invalid as exc:
        raise InputError(f"tệp kế hoạch không hợp lệ: {exc}.", file=file) from None
    if not plan.tables:
        raise InputError("tệp kế hoạch không có bảng nào ([[tables]]).", file=file)
    return plan


def read_plan_toml(path: str | Path) -> ImportReport:
    """Read a plan file into an ``ImportReport`` (no repairs: the file is already clean)."""
    path = Path(path)
    text = decode_text(read_bytes(path), path.name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+)", str(exc))
        raise InputError(f"tệp TOML không hợp lệ: {exc}.", file=path.name, line=int(m.group(1)) if m else None) from exc
    except RecursionError:
        # tomllib reads nested arrays and inline tables recursively
        raise InputError(
            "tệp TOML không hợp lệ: mảng hoặc bảng lồng nhau quá sâu.", file=path.name, line=_deep_line(text)
        ) from None
    return ImportReport(plan=plan_from_toml(data, path.name))


_DEEP = 64  # a plan file nests three levels


def _deep_line(text: str) -> int | None:
    """The line where brackets first nest deeper than any plan file, for the message (strings skipped roughly)."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for char in re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*', "", line):
            depth += char in "[{"
            depth -= char in "]}"
            if depth > _DEEP:
                return number
    return None
