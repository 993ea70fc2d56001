"""Persistence: the SQLite store (sqlite-utils), its schema and migrations."""

from cdstui.store.store import ImportOutcome, PlanInfo, Store, StoreError

__all__ = ["ImportOutcome", "PlanInfo", "Store", "StoreError"]
