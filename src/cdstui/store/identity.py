"""Which plan in the database a document is: its content fingerprint.

A plan document with a number is known by its number, issuer and year. One
without a number (a ward's plan that was never numbered, a table pasted on
its own) is known by its content: the fingerprint is a hash of everything
the document says, progress left out (it changes through the year), so that
importing the same document again finds the plan it made.
"""

from __future__ import annotations

import hashlib
import json

from cdstui.domain.model import PLAN_FIELDS, Plan
from cdstui.domain.text import nfc


def _text(value: object) -> str:
    return " ".join(nfc(str(value or "")).split())


def plan_fingerprint(plan: Plan) -> str:
    """A hex digest of the plan's title, issuer, year, tables and rows as the
    document gives them (NFC, runs of spaces folded); "" for a plan without rows."""
    if not any(t.rows for t in plan.tables):
        return ""
    content = {
        "title": _text(plan.title),
        "issuer": _text(plan.issuer),
        "year": plan.year,
        "tables": [
            [
                table.kind,
                _text(table.title),
                [[row.kind, [_text(p) for p in row.path], *(_text(getattr(row, f)) for f in PLAN_FIELDS)] for row in table.rows],
            ]
            for table in plan.tables
        ],
    }
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
