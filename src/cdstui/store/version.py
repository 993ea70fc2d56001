"""The schema version this code writes (``PRAGMA user_version``).

Kept apart from ``schema`` so that opening an up-to-date database does not
import sqlite-utils; ``schema`` checks that its migrations agree.
"""

SCHEMA_VERSION = 3
