"""From a document's blocks (prose lines and raw table fragments) to a plan.

The one place where the format readers meet: each reader turns its document
into blocks in document order and calls ``assemble``; tables go through
``repair``, prose through ``prose``.
"""

from __future__ import annotations

from typing import Iterable, Union

from cdstui.domain.model import ImportReport, InputError, Plan
from cdstui.importers.limits import check_rows
from cdstui.importers.prose import ProseLine, extract_metadata, indicator_bullets, table_heading
from cdstui.importers.repair import RawTable, build_tables

__all__ = ["Block", "assemble", "NO_TABLE_MESSAGE"]

Block = Union[ProseLine, RawTable]

NO_TABLE_MESSAGE = (
    "không tìm thấy bảng phụ lục (bảng có cột TT/STT và cột tên nhiệm vụ/nội dung) "
    "hay danh sách chỉ tiêu cụ thể nào để nhập."
)


def assemble(blocks: Iterable[Block], *, file: str, source: str = "") -> ImportReport:
    """Build the plan of a document; ``file`` names it in messages.

    Raises ``InputError`` when the document holds neither a usable appendix
    table nor indicator bullets, or more table rows or lines than any plan.
    """
    report = ImportReport(plan=Plan(source=source or file))
    prose: list[ProseLine] = []
    fragments: list[RawTable] = []
    above: list[str] = []
    for block in blocks:
        if isinstance(block, RawTable):
            if block.heading is None:
                block.heading = table_heading(above)
            if not block.title:
                block.title = block.heading.title
            fragments.append(block)
            above = []
        else:
            prose.append(block)
            above.append(block.text)
    check_rows([row for f in fragments for row in f.rows], len(prose), file)
    tables, skipped = build_tables(fragments, report)
    bullets = indicator_bullets(prose)
    if bullets is not None:
        tables.append(bullets)
    if not tables:
        if skipped:
            first = skipped[0]
            if first.line is not None:  # the message then starts with "file, dòng N"
                raise InputError(f"không có bảng phụ lục dùng được: {first.reason}", file=file, line=first.line)
            raise InputError(f"không có bảng phụ lục dùng được: {first.note}", file=file)
        raise InputError(NO_TABLE_MESSAGE, file=file)
    deadlines = [r.deadline for t in tables for r in t.rows if r.kind == "task" and r.deadline]
    meta = extract_metadata((p.text for p in prose), deadlines)
    plan = report.plan
    plan.number, plan.title, plan.issuer, plan.ward, plan.year, plan.date, plan.reporting = (
        meta.number,
        meta.title,
        meta.issuer,
        meta.ward,
        meta.year,
        meta.date,
        meta.reporting,
    )
    plan.tables = tables
    return report
