"""Submissions: reports sent for a period, with the progress as exported.

A submission keeps the period, the time, the file name and a snapshot (JSON)
of every exported row's progress, so that exporting the same period again can
reproduce what was sent. It also remembers the last history entry at that
moment: "changed since the last submission" is every history entry after it.

Functions take the ``Store`` and use its public methods only.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cdstui.domain.text import nfc
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


def record_submission(store: "Store", plan_id: int, period: str, file: str, snapshot: dict) -> int:
    """Record that the report of ``period`` was written to ``file``; return its id.

    ``snapshot`` must be JSON-serialisable; mappings keyed by row id (int)
    come back from :func:`latest_submission` with int keys.
    """
    text = json.dumps(snapshot, ensure_ascii=False, sort_keys=False)
    with store.transaction():
        _plan_exists(store, plan_id)
        last = store.conn.execute("SELECT COALESCE(MAX(id), 0) FROM history").fetchone()[0]
        cur = store.conn.execute(
            "INSERT INTO submissions (plan_id, period, at, file, snapshot, history_id) VALUES (?,?,?,?,?,?)",
            [plan_id, nfc(period), now_iso(), nfc(str(file)), text, last],
        )
        return cur.lastrowid


def _row_dict(rec: tuple, *, with_snapshot: bool) -> dict:
    out = {"id": rec[0], "period": rec[1], "at": rec[2], "file": rec[3]}
    if with_snapshot:
        out["snapshot"] = json.loads(rec[4], object_pairs_hook=_int_keys)
    return out


def latest_submission(store: "Store", plan_id: int, period: str) -> dict | None:
    """The last submission of ``period`` for the plan: id, period, at, file, snapshot."""
    rec = store.conn.execute(
        "SELECT id, period, at, file, snapshot FROM submissions WHERE plan_id = ? AND period = ? "
        "ORDER BY id DESC LIMIT 1",
        [plan_id, nfc(period)],
    ).fetchone()
    return None if rec is None else _row_dict(rec, with_snapshot=True)


def list_submissions(store: "Store", plan_id: int) -> list[dict]:
    """Every submission of the plan, oldest first: id, period, at, file."""
    return [
        _row_dict(rec, with_snapshot=False)
        for rec in store.conn.execute(
            "SELECT id, period, at, file FROM submissions WHERE plan_id = ? ORDER BY id", [plan_id]
        )
    ]


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
