"""Assemble the report workbook and write it safely.

``build_workbook`` makes the sheets and a hidden sheet "_cdstui" that carries
the workbook's identity (plan, period, export time) and, per data row, the
row id and the values as exported: what ``importers.roundtrip`` needs to
merge an agency's filled copy back.

The report is signed once, as in seed 004: "Tổng hợp" comes first, with the
issuer block, the title and, at its foot, "Nơi nhận" and the signature; the
appendix sheets follow in the plan's order, one per task table and one for
the indicators, each named by its appendix label ("Phụ lục I") and headed by
its titles only. An agency's copy (``lead``) is a form: every sheet keeps
the issuer block and none is signed.

``save_workbook`` builds the file under a temporary name in the target folder
(with ``report.xlsx_writer``: openpyxl's writer, sheet rows serialised at
once) and renames it into place (``os.replace``). A target held open by Excel
(PermissionError on Windows) gets a new name (``…-2.xlsx``); a folder that
cannot be written gives a ``ReportError`` in Vietnamese.
"""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Callable

from cdstui.domain.labels import field_label
from cdstui.domain.model import Plan
from cdstui.domain.periods import Period
from cdstui.report import look
from cdstui.report.wording import accompanying_line
from cdstui.report.sheet_tasks import Layout, SheetResult, Written

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.workbook import Workbook

    from cdstui.settings import Settings

META_SHEET = "_cdstui"
META_MARK = "cdstui-export"
META_VERSION = 1
# Columns of the per-row table in the meta sheet.
META_CHUNK = 32000
META_TABLE_START = 12  # first row of the per-row table (header on the row above)
# How every sheet's title begins (the round trip recognises the report by it).
REPORT_TITLE_HEAD = "BÁO CÁO KẾT QUẢ THỰC HIỆN"


class ReportError(Exception):
    """The report could not be written; the message is for the officer (Vietnamese)."""


@dataclass
class BuiltReport:
    workbook: Any
    tasks: int = 0
    indicators: int = 0
    written: list[Written] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)

    def add(self, result: SheetResult) -> None:
        self.written += result.rows
        self.sheets.append(result.title)
        for w in result.rows:
            self.tasks += w.kind == "task"
            self.indicators += w.kind == "indicator"

    def cut_cells(self) -> list[str]:
        """Each data cell cut to a cell's size, named for the officer: sheet, row, field."""
        return [
            f"trang «{w.sheet}», dòng {w.row} ({w.values.get('code') or '?'}): {field_label(name, w.kind)}"
            for w in self.written
            for name in w.cut
        ]


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, no []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub(" ", text).strip().strip("'") or "Trang"
    base = " ".join(base.split())[:31]
    name, n = base, 2
    while name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def report_title(plan: Plan, period: Period) -> str:
    """ "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH SỐ 32-KH/ĐU — QUÝ IV/2026"."""
    plan_part = f"KẾ HOẠCH SỐ {plan.number}" if plan.number else "KẾ HOẠCH"
    return f"{REPORT_TITLE_HEAD} {plan_part} — {period.label.upper()}"


class _Assembly:
    """The workbook being assembled: its styles, the sheet names taken, the frame of every page."""

    def __init__(
        self, plan: Plan, period: Period, settings: "Settings", day: date, lead: str | None, coverage: str = ""
    ) -> None:
        from openpyxl import Workbook

        self.wb = Workbook()
        self.styles = look.Styles(self.wb)
        self.wb.remove(self.wb.active)
        self.taken: set[str] = {META_SHEET}
        self.settings, self.day, self.lead, self.period = settings, day, lead, period
        self.title = report_title(plan, period)
        self.coverage = coverage
        self.notes = [
            (f"({plan.title})" if plan.title else "", look.S_NOTE),
            (coverage, look.S_NOTE),
            (f"Phần việc của cơ quan chủ trì: {lead}" if lead else "", look.S_NOTE),
        ]

    def sheet(self, name: str) -> look.Sheet:
        return look.Sheet(self.wb.create_sheet(sheet_name(name, self.taken)), self.styles)

    def page(self, subtitle: str) -> look.Page:
        """The report's first page (or, for an agency, every page): masthead, title, signed unless a form."""
        return look.Page(self.settings, self.day, self.title, [(subtitle, look.S_SUBTITLE), *self.notes], closing=not self.lead)

    def appendix_page(self, label: str, title: str) -> look.Page:
        """An appendix sheet: "PHỤ LỤC I", its title, the line naming the report it goes with; not signed."""
        if self.lead:
            return self.page(title)
        period = f"Kết quả thực hiện: {self.period.label}"
        line = accompanying_line(self.settings.issuer, self.settings.ward, self.day)
        subtitles = [(title.upper(), look.S_SUBTITLE), (period, look.S_NOTE), (self.coverage, look.S_NOTE), (line, look.S_NOTE)]
        return look.Page(self.settings, self.day, label.upper(), subtitles, closing=False, masthead=False)


def build_workbook(
    plan: Plan,
    period: Period,
    *,
    settings: "Settings",
    day: date,
    today: date,
    lead: str | None = None,
    exported_at: str = "",
    layout: Layout | None = None,
    coverage: str = "",
) -> BuiltReport:
    """The report workbook of ``plan`` for ``period`` (only ``lead``'s rows when given).

    ``layout``: the task sheets' columns and the end of the period (tasks due
    after it read "Chưa đến hạn"); ``coverage``: the line saying which days
    the results cover.
    """
    from cdstui.report.appendices import report_appendices
    from cdstui.report.sheet_indicators import write_indicator_sheet
    from cdstui.report.sheet_tasks import write_task_sheet

    appendices = report_appendices(plan, lead)
    if not appendices:
        raise _nothing_to_report(plan, lead)
    out = _Assembly(plan, period, settings, day, lead, coverage)
    built = BuiltReport(workbook=out.wb)
    if not lead:
        from cdstui.domain.summary import summarize
        from cdstui.report.sheet_summary import write_summary_sheet

        sheet = out.sheet("Tổng hợp")
        write_summary_sheet(sheet, summarize(plan, today), out.page("TỔNG HỢP KẾT QUẢ THỰC HIỆN"))
        built.sheets.append(sheet.title)
    for appendix in appendices:
        page = out.appendix_page(appendix.label, appendix.title)
        sheet = out.sheet(appendix.label)
        if appendix.kind == "tasks":
            built.add(write_task_sheet(sheet, appendix.rows, page, today=today, year=plan.year, layout=layout))
        else:
            built.add(write_indicator_sheet(sheet, appendix.parts, page))
    _write_meta(out.wb, plan, period, lead=lead, exported_at=exported_at, day=day, today=today, written=built.written)
    out.wb.active = 0
    return built


def _nothing_to_report(plan: Plan, lead: str | None) -> ReportError:
    if lead:
        return ReportError(
            f"Không có nhiệm vụ hay chỉ tiêu nào do «{lead}» chủ trì trong kế hoạch "
            f"{plan.number or plan.title}. Hãy kiểm tra tên cơ quan."
        )
    return ReportError(f"Kế hoạch {plan.number or plan.title} chưa có nhiệm vụ hay chỉ tiêu nào để báo cáo.")


def _write_meta(
    wb: "Workbook",
    plan: Plan,
    period: Period,
    *,
    lead: str | None,
    exported_at: str,
    day: date,
    today: date,
    written: list[Written],
) -> None:
    """The hidden identity sheet: plan, period, export time; per row the values as exported."""
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"  # Excel offers no way to unhide (or delete) it by mistake
    pairs = [
        ("mark", META_MARK),
        ("version", str(META_VERSION)),
        ("plan_id", str(plan.id or "")),
        ("plan_number", plan.number),
        ("plan_title", plan.title),
        ("period", period.code),
        ("exported_at", exported_at),
        ("date", day.isoformat()),
        ("today", today.isoformat()),
        ("lead", lead or ""),
    ]
    for r, (key, value) in enumerate(pairs, start=1):
        _put_literal(ws.cell(row=r, column=1), key)
        _put_literal(ws.cell(row=r, column=2), look.clean_text(value))
    # The data rows as exported (sheet, row, id, kind, values): one JSON list,
    # cut into cells of at most 32,000 characters (a cell holds 32,767), one
    # cell per row from META_TABLE_START down.
    ws.cell(row=META_TABLE_START - 1, column=1).value = "rows (JSON)"
    records = []
    for w in written:
        record = {"sheet": w.sheet, "row": w.row, "row_id": w.row_id, "kind": w.kind}
        record.update(w.values)
        records.append(record)
    # ASCII JSON holds no control character (they are escaped): not cleaned,
    # and above all not cut to one cell's 32,767 characters
    text = json.dumps(records, ensure_ascii=True, separators=(",", ":"))
    for r, start in enumerate(range(0, len(text), META_CHUNK), start=META_TABLE_START):
        _put_literal(ws.cell(row=r, column=1), text[start : start + META_CHUNK])


def _put_literal(cell: Any, text: str) -> None:
    """Text as it is, never a formula or an error value (the value's type guess overruled)."""
    if text:
        cell.value = text
        cell.data_type = "s"


# --- safe writing -------------------------------------------------------------------------


@dataclass
class Saved:
    path: Path
    locked: Path | None = None  # the wanted path, when it was held open and a new name was used


def _replace(src: str, dst: Path) -> None:
    os.replace(src, dst)


def _alternatives(target: Path):
    for n in range(2, 100):
        yield target.with_name(f"{target.stem}-{n}{target.suffix}")


def _explain_os(exc: OSError, folder: Path) -> ReportError:
    if exc.errno == errno.ENOSPC:
        return ReportError(
            f"Không ghi được báo cáo vào {folder}: ổ đĩa đã đầy. Hãy giải phóng dung lượng "
            "hoặc chọn nơi lưu khác (-o). Cơ sở dữ liệu không thay đổi."
        )
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ReportError(
            f"Không ghi được báo cáo vào thư mục {folder}: thư mục chỉ đọc hoặc không có quyền ghi. "
            "Hãy chọn nơi lưu khác (-o) hoặc đổi thư mục xuất trong cài đặt. Cơ sở dữ liệu không thay đổi."
        )
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
        return ReportError(
            f"Không tạo được thư mục xuất {folder}: ổ đĩa hoặc thư mục không tồn tại "
            "(USB đã rút ra?). Hãy chọn nơi lưu khác (-o). Cơ sở dữ liệu không thay đổi."
        )
    return ReportError(
        f"Không ghi được báo cáo vào {folder}: {exc.strerror or exc}. Cơ sở dữ liệu không thay đổi."
    )


def save_workbook(wb: "Workbook", target: Path) -> Saved:
    """Write ``wb`` to ``target`` through a temporary file in the same folder."""
    from cdstui.report.xlsx_writer import save_xlsx  # openpyxl and lxml: only when a file is written

    return save_file(target, lambda handle: save_xlsx(wb, handle))


def save_file(target: Path, write: Callable[[IO[bytes]], None]) -> Saved:
    """Have ``write`` fill a temporary file in ``target``'s folder, then rename it into place
    (a new name beside a target held open); ``ReportError`` when the folder cannot take it."""
    target = Path(target)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise _explain_os(NotADirectoryError(errno.ENOTDIR, "not a directory"), folder) from exc
    except OSError as exc:
        raise _explain_os(exc, folder) from exc
    try:
        handle, tmp = _open_temp(folder, target.stem)
    except OSError as exc:
        raise _explain_os(exc, folder) from exc
    try:
        with handle:
            write(handle)
            handle.flush()
            try:
                os.fsync(handle.fileno())
            except OSError:  # pragma: no cover - some file systems refuse fsync
                pass
        try:
            _replace(tmp, target)
            return Saved(target)
        except PermissionError:
            # Windows: the target is open in Excel. Keep it; write beside it.
            for candidate in _alternatives(target):
                if candidate.exists():
                    continue
                try:
                    _replace(tmp, candidate)
                    return Saved(candidate, locked=target)
                except PermissionError:
                    continue
            raise ReportError(
                f"Tệp {target} đang được mở trong chương trình khác (Excel?) và không tìm được tên mới. "
                "Hãy đóng tệp rồi thử lại."
            ) from None
    except ReportError:
        _discard(tmp)
        raise
    except OSError as exc:
        _discard(tmp)
        raise _explain_os(exc, folder) from exc
    except BaseException:
        _discard(tmp)
        raise


def _open_temp(folder: Path, stem: str):
    """A new temporary file in ``folder`` (created exclusively; the umask applies, unlike mkstemp)."""
    for _ in range(100):
        name = folder / f".~{stem[:40]}.{secrets.token_hex(4)}.tmp"
        try:
            return open(name, "xb"), str(name)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
