"""The narrative of each report, per plan, report type and period.

The rule: a regenerated draft never overwrites the officer's edits without
asking. So a stored narrative keeps two texts apart: the ``draft`` cdstui
wrote and the ``edited`` text the officer saved (none until then). Writing a
new draft (``store_draft``) over a narrative the officer edited raises
``NarrativeConflict`` and changes nothing; with ``force=True`` it goes in,
the edit is dropped from use and kept as ``replaced`` (one level, so that a
forced draft can still be undone by hand). Saving an edit (``save_edit``)
never touches the draft.

Narratives are stored as JSON (``Narrative.to_dict``). Functions take the
``Store`` and use its public methods only; ``report_type`` "" is the
plan's default report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cdstui.domain.text import nfc
from cdstui.report.narrative import Narrative
from cdstui.store.base import StoreError, now_iso
from cdstui.store.submissions import _plan_exists

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.store.store import Store

__all__ = ["NarrativeConflict", "StoredNarrative", "load_narrative", "save_edit", "store_draft"]


class NarrativeConflict(StoreError):
    """A new draft would replace text the officer edited: ask first, then ``force``."""


@dataclass
class StoredNarrative:
    draft: Narrative
    drafted_at: str
    edited: Narrative | None = None
    edited_at: str | None = None
    replaced: Narrative | None = None

    @property
    def current(self) -> Narrative:
        """What the report shows: the officer's text when there is one, else the draft."""
        return self.edited if self.edited is not None else self.draft


def _dumps(narrative: Narrative) -> str:
    return json.dumps(narrative.to_dict(), ensure_ascii=False)


def _loads(text: str | None) -> Narrative | None:
    return None if text is None else Narrative.from_dict(json.loads(text))


def _key(plan_id: int, report_type: str, period: str) -> list:
    return [plan_id, nfc(report_type or ""), nfc(period)]


def load_narrative(store: "Store", plan_id: int, period: str, report_type: str = "") -> StoredNarrative | None:
    """The stored narrative of a plan's report for ``period``, or None."""
    rec = store.conn.execute(
        "SELECT draft, drafted_at, edited, edited_at, replaced FROM report_narratives "
        "WHERE plan_id = ? AND report_type = ? AND period = ?",
        _key(plan_id, report_type, period),
    ).fetchone()
    if rec is None:
        return None
    return StoredNarrative(_loads(rec[0]), rec[1], _loads(rec[2]), rec[3], _loads(rec[4]))


def store_draft(
    store: "Store", plan_id: int, period: str, draft: Narrative, *, report_type: str = "", force: bool = False
) -> StoredNarrative:
    """Store a (new) draft; return the narrative as stored.

    Raises ``NarrativeConflict`` when the officer has edited the narrative and
    the new draft differs from the one stored, unless ``force``.
    """
    text = _dumps(draft)
    with store.transaction():
        _plan_exists(store, plan_id)
        rec = store.conn.execute(
            "SELECT id, draft, edited, edited_at FROM report_narratives WHERE plan_id = ? AND report_type = ? AND period = ?",
            _key(plan_id, report_type, period),
        ).fetchone()
        if rec is None:
            store.conn.execute(
                "INSERT INTO report_narratives (plan_id, report_type, period, draft, drafted_at) VALUES (?,?,?,?,?)",
                [*_key(plan_id, report_type, period), text, now_iso()],
            )
        elif rec[2] is not None and rec[1] != text and not force:
            raise NarrativeConflict(
                f"Phần thuyết minh của báo cáo kỳ {period} đã được sửa lúc {rec[3]}; bản nháp mới sẽ thay thế "
                "những chỗ đã sửa. Hãy xác nhận trước khi tạo lại bản nháp."
            )
        elif rec[2] is not None and rec[1] != text:
            store.conn.execute(
                "UPDATE report_narratives SET draft = ?, drafted_at = ?, replaced = edited, edited = NULL, "
                "edited_at = NULL WHERE id = ?",
                [text, now_iso(), rec[0]],
            )
        else:
            store.conn.execute(
                "UPDATE report_narratives SET draft = ?, drafted_at = ? WHERE id = ?", [text, now_iso(), rec[0]]
            )
    stored = load_narrative(store, plan_id, period, report_type)
    assert stored is not None
    return stored


def save_edit(store: "Store", plan_id: int, period: str, narrative: Narrative, *, report_type: str = "") -> None:
    """Save the officer's text of a narrative that has a draft (``store_draft`` first)."""
    with store.transaction():
        cur = store.conn.execute(
            "UPDATE report_narratives SET edited = ?, edited_at = ? WHERE plan_id = ? AND report_type = ? AND period = ?",
            [_dumps(narrative), now_iso(), *_key(plan_id, report_type, period)],
        )
        if cur.rowcount == 0:
            raise StoreError(f"Chưa có bản nháp thuyết minh của báo cáo kỳ {period} để lưu phần sửa.")
