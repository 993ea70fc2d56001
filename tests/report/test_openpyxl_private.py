"""openpyxl's private names: used in one module only, and checked against the installed openpyxl.

``report/xlsx_writer.py`` is the one module of cdstui that touches them (for
the writer's speed, and for the default font, which has no public setter).
Each test here fails loudly, naming what changed, when openpyxl is upgraded
past what that module was written for.
"""

from __future__ import annotations

import re
import tomllib

import openpyxl

from cdstui.report import xlsx_writer
from tests.conftest import REPO

SRC = REPO / "src" / "cdstui"
# The private names of openpyxl cdstui knows of (attributes of its objects, its modules);
# ``self._…`` is an object's own.
PRIVATE = re.compile(
    r"(?<!self)\._(?:cells|style|value|fonts|named_styles|cell_styles|comment|hyperlink|drawing|charts|images|rels|archive)\b"
    r"|openpyxl(?:\.\w+)*\._\w+"
)


def test_openpyxl_is_pinned_to_the_installed_version():
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (pin,) = [d for d in dependencies if d.startswith("openpyxl")]
    assert pin == f"openpyxl=={openpyxl.__version__}", (
        f"pyproject.toml has {pin!r}, openpyxl {openpyxl.__version__} is installed: "
        "report/xlsx_writer.py uses openpyxl's private names and was written for the pinned version"
    )


def test_the_private_names_used_are_still_there():
    missing = xlsx_writer.missing_private_names()
    assert missing == (), (
        f"openpyxl {openpyxl.__version__} no longer has {', '.join(missing)}: the report is now written by "
        "Workbook.save (correct, but slower). Adapt report/xlsx_writer.py to this openpyxl, or pin the old one."
    )


def test_no_other_module_uses_private_names_of_openpyxl():
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path == SRC / "report" / "xlsx_writer.py" or "openpyxl" not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if PRIVATE.search(line.split("#")[0]):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == [], "openpyxl's private names belong in report/xlsx_writer.py only:\n" + "\n".join(offenders)


def test_the_default_font_is_set_where_openpyxl_keeps_it(tmp_path):
    from openpyxl import Workbook, load_workbook
    from openpyxl.styles import Font

    wb = Workbook()
    xlsx_writer.set_default_font(wb, Font(name="Times New Roman", size=12))
    wb.active["A1"] = "chữ"
    wb.save(tmp_path / "font.xlsx")
    back = load_workbook(tmp_path / "font.xlsx")
    assert back.active["A1"].font.name == "Times New Roman" and back.active["A1"].font.sz == 12


def test_without_the_private_names_the_report_is_written_by_openpyxl_itself(progressed_db, tmp_path, monkeypatch):
    """An openpyxl that lacks a name: slower, never wrong (the same package as Workbook.save)."""
    from cdstui.domain.periods import parse_period
    from cdstui.report.workbook import build_workbook
    from cdstui.settings import Settings
    from cdstui.store import Store
    from tests.report.conftest import TODAY
    from tests.report.test_xlsx_writer import assert_same_package, fast_path_taken

    with Store.open(progressed_db) as store:
        plan = store.load_plan(store.plan_ids()[0])

    def make():
        return build_workbook(plan, parse_period("2026-Q3"), settings=Settings(), day=TODAY, today=TODAY).workbook

    monkeypatch.setattr(xlsx_writer, "missing_private_names", lambda: ("WorksheetWriter.xf",))
    fallback, slow = tmp_path / "fallback.xlsx", tmp_path / "openpyxl.xlsx"
    with open(fallback, "wb") as handle:
        xlsx_writer.save_xlsx(make(), handle)
    make().save(slow)
    assert not fast_path_taken(fallback, "xl/worksheets/sheet1.xml", "UBND PHƯỜNG BA NGÒI")
    assert_same_package(fallback, slow)
