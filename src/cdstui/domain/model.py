"""The plan model: plan -> tables -> rows. Pure data, no I/O, no Textual.

A plan is kept exactly as issued (NFC text, HTML tags removed, ``<br>`` as
line breaks, link targets kept). Rows form a tree by TT code and order; each
row carries the codes of its ancestors in ``path``.

Progress fields (status, completion, result, note, actual, verdict) are what
the officer types through the year; everything else is a plan field. A
task's ``result`` is the text of its dated progress entries and an
indicator's ``actual`` its latest dated value (``domain.entries``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from typing import Literal

RowKind = Literal["section", "group", "task", "indicator"]
TableKind = Literal["tasks", "indicators"]

# "ongoing" (Tiếp tục duy trì) is recurring work kept up through the year;
# it comes last so that lists made before it keep their order.
STATUSES = ("not_started", "in_progress", "done", "not_assigned", "ongoing")

# Fields of a row that come from the plan document.
PLAN_FIELDS = (
    "code",
    "title",
    "lead",
    "partners",
    "deadline",
    "output",
    "unit",
    "target",
)
# Fields the officer fills in through the year.
PROGRESS_FIELDS = ("status", "completion", "result", "note", "actual", "verdict")


@dataclass
class Row:
    """One row of an appendix table: a section, a group, a task or an indicator."""

    kind: RowKind
    code: str = ""
    path: list[str] = field(default_factory=list)
    title: str = ""
    lead: str = ""
    partners: str = ""
    deadline: str = ""
    output: str = ""
    note: str = ""
    unit: str = ""
    target: str = ""
    # progress
    status: str = "not_started"
    completion: str | None = None
    result: str = ""
    actual: str | None = None
    # the officer's own verdict for an indicator (True/False), None = let the
    # target decide (or undecided for a qualitative target)
    verdict: bool | None = None
    # where it came from, for messages (1-based line or row number)
    source_line: int | None = None
    # store id once saved
    id: int | None = None

    @property
    def is_leaf_kind(self) -> bool:
        return self.kind in ("task", "indicator")


@dataclass
class Appendix:
    """How an appendix names itself above its table, as printed.

    ``label`` "Phụ lục I" ("" when the table is not in a labelled appendix);
    ``title`` every line of the title, joined by a space; ``note`` the
    "(Kèm theo Kế hoạch số … ngày …)" line. All "" for a table in the body of
    the plan.
    """

    label: str = ""
    title: str = ""
    note: str = ""

    def __bool__(self) -> bool:
        return bool(self.label or self.title or self.note)


@dataclass
class Table:
    """One appendix table of a plan, with its header as printed.

    ``title`` is the table's full title on one line (an appendix title printed
    on two lines keeps both); ``appendix`` the appendix it is printed in.
    """

    title: str
    kind: TableKind
    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    id: int | None = None
    appendix: Appendix = field(default_factory=Appendix)

    def tasks(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "task"]

    def indicators(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "indicator"]


@dataclass
class Plan:
    """A yearly plan (Kế hoạch) as issued."""

    number: str = ""
    title: str = ""
    issuer: str = ""
    ward: str = ""
    year: int | None = None
    tables: list[Table] = field(default_factory=list)
    source: str = ""
    id: int | None = None
    # the day the plan was signed, from its place-and-date line or its
    # "(Kèm theo Kế hoạch số … ngày …)" line; None when the document has none
    date: Date | None = None
    # the plan's own sentence(s) on when reports are due ("… hằng quý (trước
    # ngày 10 của tháng cuối quý) …"); "" when it states none
    reporting: str = ""

    def rows(self):
        for t in self.tables:
            yield from t.rows

    def tasks(self) -> list[Row]:
        return [r for r in self.rows() if r.kind == "task"]

    def indicators(self) -> list[Row]:
        return [r for r in self.rows() if r.kind == "indicator"]


@dataclass
class ImportReport:
    """What an importer found and every repair it made."""

    plan: Plan
    repairs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_tables: list[str] = field(default_factory=list)
    # True when the document is a workbook exported by cdstui (agency round trip)
    is_cdstui_export: bool = False
    # plan id written in an exported workbook, when there is one
    export_plan_id: int | None = None
    export_period: str | None = None


class InputError(Exception):
    """Input that cannot be used. The message names the file and the line/row."""

    def __init__(self, message: str, *, file: str = "", line: int | None = None):
        self.file = file
        self.line = line
        self.detail = message
        where = file
        if line is not None:
            where = f"{file}, dòng {line}" if file else f"dòng {line}"
        super().__init__(f"{where}: {message}" if where else message)
