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


def plan_fingerprint(plan: Plan) -> str:
    """A hex digest of the plan's title, issuer, year, tables and rows as the
    document gives them (NFC, runs of spaces folded); "" for a plan without rows."""
    if not any(t.rows for t in plan.tables):
        return ""
    content = [
        plan.title,
        plan.issuer,
        plan.year,
        [
            [table.kind, table.title, [[row.kind, row.path, *(getattr(row, f) for f in PLAN_FIELDS)] for row in table.rows]]
            for table in plan.tables
        ],
    ]
    text = " ".join(nfc(json.dumps(content, ensure_ascii=False, separators=(",", ":"))).split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
