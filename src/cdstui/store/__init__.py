"""Persistence: the SQLite store (sqlite-utils), its schema and migrations."""

from cdstui.store.base import StaleWrite, StoreError
from cdstui.store.store import ImportOutcome, PlanInfo, PreparedImport, Store

__all__ = ["ImportOutcome", "PlanInfo", "PreparedImport", "StaleWrite", "Store", "StoreError"]
