"""The schema this code knows: its migrations by name, and the version it
writes (``PRAGMA user_version``).

Kept apart from ``schema`` so that opening an up-to-date database does not
import sqlite-utils; ``schema`` checks that its migrations agree.
"""

MIGRATIONS = (
    "0001_initial",
    "0002_submissions_undo",
    "0003_plan_fingerprint",
    "0004_table_appendix",
    "0005_progress_entries",
    "0006_report_narratives",
)
SCHEMA_VERSION = len(MIGRATIONS)
