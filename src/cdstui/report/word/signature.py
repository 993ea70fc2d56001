"""The end of the Word report: "Nơi nhận:" and its list on the left, the one signature on the right.

One borderless table of one row that never splits across pages, so that
the signature never stands alone at the top of a page without the list
beside it. "Nơi nhận:" is 12 pt bold italic and its list 11 pt; the
signature lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") are
bold, with room for the signature and seal before the signer's name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdstui.report.look import RECIPIENTS_HEAD
from cdstui.report.word.page import S_RECIPIENTS, S_RECIPIENTS_HEAD, S_SIGNATURE, text_width_mm
from cdstui.report.word.xml import Fragment, Run, cell_xml, paragraph_xml, row_xml, table_xml

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.settings import Settings

SEAL_LINES = 4  # empty lines for the signature and the seal


def recipient_lines(recipients: list[str]) -> list[str]:
    """ "- Sở Khoa học và Công nghệ (b/c);" each; the last ends "- Lưu: VT." as issued."""
    return [r if r.startswith("-") else f"- {r}" for r in recipients]


def write_signature(frag: Fragment, settings: "Settings") -> None:
    left_mm = 75
    width = int(text_width_mm() * 1440 / 25.4)
    widths = [int(left_mm * 1440 / 25.4), width - int(left_mm * 1440 / 25.4)]
    left = paragraph_xml([Run(RECIPIENTS_HEAD, bold=True, italic=True)], S_RECIPIENTS_HEAD, before=12, after=0)
    left += "".join(paragraph_xml(line, S_RECIPIENTS, before=0, after=0) for line in recipient_lines(settings.recipients))
    lines = [line.upper() for line in (settings.signer_authority, settings.signer_deputy, settings.signer_title) if line]
    right = "".join(paragraph_xml([Run(line, bold=True)], S_SIGNATURE, before=12 if i == 0 else 0, after=0) for i, line in enumerate(lines))
    right += "".join(paragraph_xml("", S_SIGNATURE, before=0, after=0) for _ in range(SEAL_LINES))
    if settings.signer_name:
        right += paragraph_xml([Run(settings.signer_name, bold=True)], S_SIGNATURE, before=0, after=0)
    frag.raw(table_xml(widths, [row_xml(cell_xml(widths[0], left) + cell_xml(widths[1], right))], borders=False))
