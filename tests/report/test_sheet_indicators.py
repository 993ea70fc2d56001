"""The indicators sheet: achieved percentages written as numbers, however they were typed."""

from __future__ import annotations

import openpyxl

from cdstui.report.export import export_report
from cdstui.settings import Settings
from cdstui.store import Store
from tests.report.conftest import TODAY


def test_percentages_typed_with_a_decimal_comma_or_a_space_are_numbers(seeded_db):
    """Issue 11 item 12: "99,5%" and "100 %" were written as text while "50%" was a number."""
    typed = ("50%", "99,5%", "100 %", "Đạt yêu cầu")
    with Store.open(seeded_db) as store:
        pid = store.plan_ids()[0]
        percent = [row for row in store.load_plan(pid).indicators() if row.unit == "%"][: len(typed)]
        store.update_rows([(row.id, {"actual": text}) for row, text in zip(percent, typed)])
        result = export_report(store, pid, "2026-Q3", today=TODAY, settings=Settings())
    book = openpyxl.load_workbook(result.path)
    try:
        # the indicators' appendix sheet, however the plan names it: the one with the text typed
        ws = next(ws for ws in book.worksheets if any(c.value == "Đạt yêu cầu" for line in ws.iter_rows() for c in line))
        cells = {}
        for line in ws.iter_rows():
            for cell in line:
                if cell.value in (0.5, 0.995, 1.0, "Đạt yêu cầu") and cell.column > 3:
                    cells.setdefault(cell.value, cell)
    finally:
        book.close()
    assert set(cells) == {0.5, 0.995, 1.0, "Đạt yêu cầu"}
    assert cells[0.5].number_format == cells[1.0].number_format == "0%"
    assert cells[0.995].data_type == "n" and cells[0.995].number_format == "0.0##%"  # shown 99.5%, not 100%
    assert cells["Đạt yêu cầu"].data_type == "s"


def test_percentages_written_as_numbers_come_back_untouched(seeded_db, capsys):
    """Written as numbers, "100 %" and "96" read back as "100%" and "96%": the same
    values, not an agency's change."""
    from tests.report.conftest import run

    with Store.open(seeded_db) as store:
        pid = store.plan_ids()[0]
        percent = [row for row in store.load_plan(pid).indicators() if row.unit == "%"][:3]
        store.update_rows([(row.id, {"actual": text}) for row, text in zip(percent, ("100 %", "99,5%", "96"))])
        path = export_report(store, pid, "2026-Q3", today=TODAY, settings=Settings()).path
    code, out, err = run(capsys, "import", path, "--db", seeded_db)
    assert code == 0, err
    assert "0 chỉ tiêu (0 ô)" in out
    with Store.open(seeded_db) as store:
        assert [store.get_row(row.id).actual for row in percent] == ["100 %", "99,5%", "96"]
