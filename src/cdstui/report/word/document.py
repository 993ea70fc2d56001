"""The Word report assembled: ``build_document`` and ``save_document``.

Without a template: A4 portrait, the top block, "BÁO CÁO" and the trích
yếu, "Kính gửi", the narrative, the signature beside "Nơi nhận"; then, in a
landscape section, the appendices. With a ward's template (``template``):
its own top block and signature stay, the narrative goes at its
``{{NỘI DUNG}}`` marker and the appendices at ``{{PHỤ LỤC}}``
(see ``template``).
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from cdstui.domain.model import Plan
from cdstui.domain.periods import Period
from cdstui.report.appendices import report_appendices
from cdstui.report.columns import Column
from cdstui.report.narrative import Narrative
from cdstui.report.word import page, template as tpl
from cdstui.report.word.appendix import write_appendix
from cdstui.report.word.body import write_narrative
from cdstui.report.word.signature import write_signature
from cdstui.report.word.xml import Fragment
from cdstui.report.wording import accompanying_line, date_line

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

    from cdstui.report.workbook import Saved
    from cdstui.settings import Settings

__all__ = ["addressees_of", "build_document", "report_subject", "save_document"]


def report_subject(plan: Plan, period: Period) -> str:
    """The trích yếu: "Kết quả thực hiện Kế hoạch số 32-KH/ĐU quý III/2026"."""
    plan_part = f"Kế hoạch số {plan.number}" if plan.number else "Kế hoạch"
    return f"Kết quả thực hiện {plan_part} {period.label[:1].lower()}{period.label[1:]}"


def addressees_of(recipients: Sequence[str]) -> list[str]:
    """Who "Kính gửi" names: the recipients a report goes to for their information ("(b/c)"),
    else the first one; without the list's dashes, marks and end punctuation."""
    marked = [r for r in recipients if "(b/c)" in r.replace(" ", "").lower()] or list(recipients[:1])
    out = []
    for r in marked:
        name = r.lstrip("- ").replace("(b/c)", "").replace("(B/c)", "").strip(" ;.,")
        if name and not name.lower().startswith("lưu"):
            out.append(name)
    return out


def _section_break(anchor) -> None:
    """End the section before ``anchor`` with a copy of the document's last section properties."""
    body = anchor.getparent()
    last = body.find(qn("w:sectPr"))
    breaker = parse_xml(f"<w:p {nsdecls('w')}><w:pPr/></w:p>")
    breaker[0].append(copy.deepcopy(last))
    anchor.addprevious(breaker)


def build_document(
    plan: Plan,
    period: Period,
    *,
    settings: "Settings",
    day: date,
    today: date,
    narrative: Narrative,
    task_columns: Sequence[Column] | None = None,
    indicator_columns: Sequence[Column] | None = None,
    template: Path | None = None,
    addressees: Sequence[str] | None = None,
) -> "Document":
    """The Word report of ``plan`` for ``period`` with ``narrative`` as its body."""
    from docx import Document

    appendices = report_appendices(plan)
    place = settings.place or settings.ward
    if template is not None:
        doc = tpl.open_template(template)
        page.setup_styles(doc, body=False)
        tpl.fill_fields(
            doc,
            {
                "{{NGÀY}}": date_line(place, day),
                "{{TRÍCH YẾU}}": report_subject(plan, period),
                "{{KỲ}}": period.label,
                "{{KÍNH GỬI}}": ", ".join(addressees_of(settings.recipients) if addressees is None else addressees),
            },
        )
    else:
        doc = Document()
        page.setup_styles(doc)
        page.setup_page(doc.sections[0])
        page.page_numbers(doc.sections[0])
    body = doc.element.body
    end = body.find(qn("w:sectPr"))
    body_mark = tpl.find_marker(doc, tpl.BODY_MARK) if template is not None else None
    appendix_mark = tpl.find_marker(doc, tpl.APPENDIX_MARK) if template is not None else None

    frag = Fragment()
    if template is None:
        page.top_block(frag, issuer=settings.issuer, place=place, day=day)
        page.title_block(frag, summary=report_subject(plan, period), addressees=list(addressees if addressees is not None else addressees_of(settings.recipients)))
    write_narrative(frag, narrative)
    if template is None:
        write_signature(frag, settings)
    frag.insert_before(body_mark if body_mark is not None else (appendix_mark if appendix_mark is not None else end))
    if body_mark is not None:
        body.remove(body_mark)

    if appendices:
        anchor = appendix_mark if appendix_mark is not None else end
        _section_break(anchor)
        line = accompanying_line(settings.issuer, settings.ward, day)
        for i, appendix in enumerate(appendices):
            columns = task_columns if appendix.kind == "tasks" else indicator_columns
            write_appendix(frag, appendix, accompanying=line, year=plan.year, today=today, columns=columns, first=i == 0)
        frag.insert_before(anchor)
        last = doc.sections[-1]
        page.setup_page(last, landscape=True)
        last.different_first_page_header_footer = False
    if appendix_mark is not None:
        body.remove(appendix_mark)
    return doc


def save_document(doc: "Document", target: Path) -> "Saved":
    """Write the document safely (a temporary file renamed into place; see ``workbook.save_file``)."""
    from cdstui.report.workbook import save_file

    return save_file(target, doc.save)
