"""The columns of the report's data sheets, specified once.

The sheet writers (``sheet_tasks``, ``sheet_indicators``) lay their tables out
from these tuples, and the agency round trip (``importers.roundtrip``) finds
the same columns again in a filled workbook with ``find_columns``: by header
text, since an agency may move, insert or delete columns. The words are
``domain.labels``'s; only "STT" and the task sheet's "Nhiệm vụ/giải pháp"
are the province form's own.

Each data sheet also has a hidden column after the last one, headed
``ID_HEADER``, holding each row's id in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from cdstui.domain.labels import MET, NOT_MET, field_label
from cdstui.domain.text import fold

__all__ = [
    "Column",
    "ID_HEADER",
    "INDICATOR_COLUMNS",
    "TASK_COLUMNS",
    "find_columns",
    "headers",
    "index_of",
    "widths",
]

# The hidden column holding the row id (read back by the round trip).
ID_HEADER = "cdstui-id"
CODE_HEADER = "STT"


@dataclass(frozen=True)
class Column:
    """One column of a data sheet.

    ``label`` is what the header starts with, and what the round trip looks
    for; ``detail`` follows it in brackets. ``filled``: the agency fills it in
    and the round trip reads it back. ``fits``: its text may wrap, so it
    counts when a row's height is worked out.
    """

    field: str
    label: str
    width: float
    detail: str = ""
    filled: bool = False
    fits: bool = True

    @property
    def header(self) -> str:
        return f"{self.label} ({self.detail})" if self.detail else self.label

    def matches(self, folded_header: str) -> bool:
        """Whether a header cell's folded text names this column."""
        return folded_header.startswith(fold(self.label))


TASK_COLUMNS: tuple[Column, ...] = (
    Column("code", CODE_HEADER, 6, fits=False),
    Column("title", "Nhiệm vụ/giải pháp", 42),
    Column("lead", field_label("lead"), 16),
    Column("partners", field_label("partners"), 16),
    Column("deadline", field_label("deadline"), 13),
    Column("output", field_label("output"), 18),
    Column("status", field_label("status"), 13, filled=True, fits=False),
    Column("completion", field_label("completion"), 11, filled=True, fits=False),
    Column("result", field_label("result"), 46, detail="chi tiết, minh chứng", filled=True),
    Column("note", field_label("note"), 14, filled=True),
)

INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("code", CODE_HEADER, 6, fits=False),
    Column("title", field_label("title", "indicator"), 62),
    Column("unit", field_label("unit", "indicator"), 10, fits=False),
    Column("target", field_label("target", "indicator"), 16),
    Column("actual", field_label("actual", "indicator"), 18, filled=True),
    Column("verdict", field_label("verdict", "indicator"), 14, detail=f"{MET} / {NOT_MET}", filled=True, fits=False),
    Column("lead", field_label("lead", "indicator"), 24),
    Column("note", field_label("note", "indicator"), 24, filled=True),
)


def headers(columns: Sequence[Column]) -> tuple[str, ...]:
    return tuple(c.header for c in columns)


def widths(columns: Sequence[Column]) -> tuple[float, ...]:
    return tuple(c.width for c in columns)


def index_of(columns: Sequence[Column], field: str) -> int:
    """The 1-based sheet column of ``field``."""
    for i, column in enumerate(columns, start=1):
        if column.field == field:
            return i
    raise KeyError(field)


def find_columns(folded_headers: Sequence[str], columns: Sequence[Column]) -> tuple[dict[str, int], int | None]:
    """(field -> 0-based index, index of the id column or None) in a header row of folded texts.

    The first header naming a column wins; a column the row does not name is
    left out.
    """
    found: dict[str, int] = {}
    id_col = None
    id_key = fold(ID_HEADER)
    for j, text in enumerate(folded_headers):
        if text == id_key:
            id_col = j
            continue
        for column in columns:
            if column.field not in found and column.matches(text):
                found[column.field] = j
                break
    return found, id_col
