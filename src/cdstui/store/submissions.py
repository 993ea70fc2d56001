"""Submissions: reports made for a period, with the progress as exported.

A submission keeps the period, its report type, the time its file was made,
the file name and a snapshot (JSON) of every exported row's progress, so
that exporting the same period again can reproduce what was sent. It also
remembers the last history entry at that moment: "changed since the last
submission" is every history entry after it. The officer marks a report
sent (``mark_sent``: the day and the recipients); a report sent without a
file made here is a submission without a file, which nothing reproduces.

Functions take the ``Store`` and use its public methods only.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from cdstui.domain.text import fold, nfc
from cdstui.store.base import StoreError, now_iso

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.store.store import Store

SNAPSHOT_FIELDS = ("status", "completion", "result", "note", "actual", "verdict")


def _int_keys(pairs: list[tuple[str, Any]]) -> dict:
    """JSON object hook: a mapping keyed by row ids gets its int keys back."""
    if pairs and all(isinstance(k, str) and k.isdigit() for k, _ in pairs):
        return {int(k): v for k, v in pairs}
    return dict(pairs)


def _plan_exists(store: "Store", plan_id: int) -> None:
    if store.conn.execute("SELECT 1 FROM plans WHERE id = ?", [plan_id]).fetchone() is None:
        raise StoreError(f"Không có kế hoạch số {plan_id} trong cơ sở dữ liệu.")


def record_submission(
    store: "Store", plan_id: int, period: str, file: str, snapshot: dict, *, report_type: str = ""
) -> int:
    """Record that the report of ``period`` (of ``report_type``; "" for the
    plan's own) was written to ``file``; return its id.

    ``snapshot`` must be JSON-serialisable; mappings keyed by row id (int)
    come back from :func:`latest_submission` with int keys.
    """
    text = json.dumps(snapshot, ensure_ascii=False, sort_keys=False)
    with store.transaction():
        _plan_exists(store, plan_id)
        last = store.conn.execute("SELECT COALESCE(MAX(id), 0) FROM history").fetchone()[0]
        cur = store.conn.execute(
            "INSERT INTO submissions (plan_id, period, at, file, snapshot, history_id, report_type) VALUES (?,?,?,?,?,?,?)",
            [plan_id, nfc(period), now_iso(), nfc(str(file)), text, last, nfc(report_type).strip()],
        )
        return cur.lastrowid


_COLS = "id, period, at, file, report_type, sent_at, sent_to"


def _row_dict(rec: tuple, snapshot: str | None = None) -> dict:
    out = {
        "id": rec[0],
        "period": rec[1],
        "at": rec[2],
        "file": rec[3],
        "type": rec[4],
        "sent_at": rec[5],
        "sent_to": json.loads(rec[6] or "[]"),
    }
    if snapshot is not None:
        out["snapshot"] = json.loads(snapshot, object_pairs_hook=_int_keys)
    return out


def _of_type(report_type: str | None, stored: str) -> bool:
    """Is a submission of type ``stored`` one of ``report_type`` (None: any)? One
    made before report types ("") is of the plan's own report."""
    if report_type is None:
        return True
    # the report types' module (its calendar rules) is not needed to read the
    # submissions at the app's start, which asks for no report type
    from cdstui.domain.report_types import PLAN_REPORT_TYPE

    return fold(nfc(report_type) or PLAN_REPORT_TYPE).strip() == fold(stored or PLAN_REPORT_TYPE).strip()


def latest_submission(store: "Store", plan_id: int, period: str, *, report_type: str | None = None) -> dict | None:
    """The last submission of ``period`` with a file (of ``report_type`` when
    given): id, period, at, file, type, sent_at, sent_to, snapshot."""
    for rec in store.conn.execute(
        f"SELECT {_COLS}, snapshot FROM submissions WHERE plan_id = ? AND period = ? AND file != '' ORDER BY id DESC",
        [plan_id, nfc(period)],
    ):
        if _of_type(report_type, rec[4]):
            return _row_dict(rec[:7], rec[7])
    return None


def list_submissions(store: "Store", plan_id: int) -> list[dict]:
    """Every submission of the plan, oldest first: id, period, at, file, type,
    sent_at (ISO day or None), sent_to (a list)."""
    return [
        _row_dict(rec)
        for rec in store.conn.execute(f"SELECT {_COLS} FROM submissions WHERE plan_id = ? ORDER BY id", [plan_id])
    ]


def mark_sent(
    store: "Store",
    plan_id: int,
    period: str,
    *,
    report_type: str = "",
    sent_at: date,
    sent_to: list[str],
    submission_id: int | None = None,
) -> int:
    """Mark the report of ``period`` (and ``report_type``) sent on ``sent_at``
    to ``sent_to``: the given submission, else its latest one, else a new
    submission without a file (a report sent from elsewhere). Returns the
    submission's id."""
    recipients = [nfc(r).strip() for r in sent_to if nfc(r).strip()]
    with store.transaction():
        _plan_exists(store, plan_id)
        if submission_id is None:
            for rec in store.conn.execute(
                "SELECT id, report_type FROM submissions WHERE plan_id = ? AND period = ? ORDER BY id DESC",
                [plan_id, nfc(period)],
            ):
                if _of_type(report_type, rec[1]):
                    submission_id = rec[0]
                    break
        if submission_id is None:
            last = store.conn.execute("SELECT COALESCE(MAX(id), 0) FROM history").fetchone()[0]
            submission_id = store.conn.execute(
                "INSERT INTO submissions (plan_id, period, at, file, snapshot, history_id, report_type) "
                "VALUES (?, ?, ?, '', '{}', ?, ?)",
                [plan_id, nfc(period), now_iso(), last, nfc(report_type).strip()],
            ).lastrowid
        found = store.conn.execute(
            "UPDATE submissions SET sent_at = ?, sent_to = ? WHERE id = ? AND plan_id = ?",
            [sent_at.isoformat(), json.dumps(recipients, ensure_ascii=False), submission_id, plan_id],
        ).rowcount
        if not found:
            raise StoreError(f"Không có lần xuất báo cáo số {submission_id} của kế hoạch số {plan_id}.")
        return submission_id


def unmark_sent(store: "Store", submission_id: int) -> None:
    """The officer marked a report sent by mistake: it is unsent again."""
    with store.transaction():
        store.conn.execute("UPDATE submissions SET sent_at = NULL, sent_to = '[]' WHERE id = ?", [submission_id])


def changed_since_submission(store: "Store", plan_id: int) -> dict[int, list[dict]]:
    """Row id -> history entries (id, at, field, old, new, origin) after the
    plan's last submission (of any period); every row with history if none."""
    rec = store.conn.execute(
        "SELECT history_id FROM submissions WHERE plan_id = ? ORDER BY id DESC LIMIT 1", [plan_id]
    ).fetchone()
    return store.plan_history(plan_id, after=rec[0] if rec else 0)


def progress_snapshot(store: "Store", plan_id: int) -> dict[int, dict]:
    """Row id -> {status, completion, result, note, actual, verdict} for every
    task and indicator of the plan (removed rows left out): the usual
    snapshot part of a submission."""
    plan = store.load_plan(plan_id)
    return {
        row.id: {name: getattr(row, name) for name in SNAPSHOT_FIELDS}
        for row in plan.rows()
        if row.kind in ("task", "indicator")
    }
