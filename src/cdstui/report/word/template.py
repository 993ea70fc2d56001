"""A ward's own Word template for the report.

A ward may give a .docx of its own (the ``report_template`` setting): its
styles, page setup, top block and signature are then kept, and cdstui only
fills in what changes from report to report. The template marks where:

* a paragraph holding only ``{{NỘI DUNG}}``: the narrative (opening,
  sections, closing sentence) goes there;
* a paragraph holding only ``{{PHỤ LỤC}}``: the appendices go there, in a
  landscape section of their own. It must come after the signature, in the
  template's last section; without it the appendices go at the end;
* anywhere in a paragraph or table cell, these fields are replaced:
  ``{{NGÀY}}`` the place-and-date line ("Ba Ngòi, ngày 20 tháng 9 năm 2026"),
  ``{{TRÍCH YẾU}}`` the report's subject, ``{{KỲ}}`` the period ("Quý
  III/2026"), ``{{KÍNH GỬI}}`` the addressee.

Markers are matched after joining a paragraph's runs (Word splits typed text
into runs at will); a replaced paragraph keeps its first run's look.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from docx.oxml.ns import qn

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document

BODY_MARK = "{{NỘI DUNG}}"
APPENDIX_MARK = "{{PHỤ LỤC}}"
FIELDS = ("{{NGÀY}}", "{{TRÍCH YẾU}}", "{{KỲ}}", "{{KÍNH GỬI}}")


class TemplateError(ValueError):
    """A template that cannot be used; the message (Vietnamese) names the file."""


def open_template(path: Path) -> "Document":
    from docx import Document

    try:
        return Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any unreadable file is bad input
        raise TemplateError(f"{path}: không mở được mẫu báo cáo Word ({exc}).") from exc


def _paragraphs(element: Any) -> Iterator[Any]:
    """Every ``w:p`` under ``element``, in tables too."""
    return element.iter(qn("w:p"))


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def find_marker(doc: "Document", mark: str) -> Any | None:
    """The body paragraph holding only ``mark`` (an lxml element), or None."""
    for p in doc.element.body.iterchildren(qn("w:p")):
        if _text(p).strip() == mark:
            return p
    return None


def fill_fields(doc: "Document", values: dict[str, str]) -> None:
    """Replace the ``{{…}}`` fields of every paragraph (body, tables, headers and footers)."""
    parts = [doc.element.body] + [s.header.part.element for s in doc.sections] + [s.footer.part.element for s in doc.sections]
    for part in parts:
        for p in _paragraphs(part):
            texts = list(p.iter(qn("w:t")))
            joined = "".join(t.text or "" for t in texts)
            if "{{" not in joined:
                continue
            replaced = joined
            for field, value in values.items():
                replaced = replaced.replace(field, value)
            if replaced != joined:
                texts[0].text = replaced
                texts[0].set(qn("xml:space"), "preserve")
                for t in texts[1:]:
                    t.text = ""
