"""The narrative in the Word report: the opening paragraph, each section's heading and paragraphs, the closing.

Headings keep with the paragraph after them (their style); body paragraphs
are justified with a 1 cm first-line indent, as administrative documents are
typed. An empty section still prints its heading and one empty paragraph for
the officer to fill in Word.
"""

from __future__ import annotations

from cdstui.report.narrative import Narrative
from cdstui.report.word.page import S_HEADING, S_SUBHEADING
from cdstui.report.word.xml import Fragment

NORMAL = "Normal"
INDENT_CM = 1.0


def _body(frag: Fragment, text: str, *, keep_next: bool = False) -> None:
    frag.paragraph(text, NORMAL, align="justify", indent_cm=INDENT_CM, keep_next=keep_next)


def write_narrative(frag: Fragment, narrative: Narrative) -> None:
    """Opening, sections, closing (the closing keeps with the signature block after it)."""
    if narrative.opening:
        _body(frag, narrative.opening)
    for n, section in enumerate(narrative.sections, start=1):
        frag.paragraph(section.title, S_HEADING if section.level <= 1 else S_SUBHEADING)
        paragraphs = section.paragraphs or ([] if _has_children(narrative, section.key) else [""])
        for i, text in enumerate(paragraphs, start=1):
            # the last paragraph goes with the closing and the signature: never a page of signature alone
            _body(frag, text, keep_next=n == len(narrative.sections) and i == len(paragraphs))
    if narrative.closing:
        _body(frag, narrative.closing, keep_next=True)


def _has_children(narrative: Narrative, key: str) -> bool:
    """Whether a level-1 section has parts under it (II with its 1., 2., …): then no empty paragraph."""
    found = False
    for section in narrative.sections:
        if section.key == key:
            found = True
            continue
        if found:
            return section.level > 1
    return False
