"""`dump` gains entries, report types and sent reports; only additions (CONTRACT.md, issue 12)."""

from __future__ import annotations

import json
from datetime import date

from cdstui.cli import main
from cdstui.domain.labels import row_number
from cdstui.store import Store
from tests.conftest import SEED_000, SEED_004


def dump(capsys, db) -> dict:
    code = main(["dump", "--db", str(db)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)["plans"][0]


def rows(plan: dict) -> dict[str, dict]:
    return {row_number(r["path"], r["code"]): r for t in plan["tables"] for r in t["rows"] if r["kind"] in ("task", "indicator")}


def test_a_report_that_carries_results_dumps_them_as_entries(capsys, tmp_path):
    db = tmp_path / "a.db"
    assert main(["import", str(SEED_004), "--db", str(db)]) == 0
    capsys.readouterr()
    plan = dump(capsys, db)
    by_number = rows(plan)
    # a 2025 report without a date: its results are dated at the end of 2025
    day = date(2025, 12, 31) if date.today().year > 2025 else date.today()
    with_result = [r for r in by_number.values() if r["result"]]
    assert len(with_result) > 20
    for row in with_result:
        assert [e["text"] for e in row["entries"]] == [row["result"]]
        assert row["entries"][0]["date"] == day.isoformat() and row["entries"][0]["origin"] == "import"
    assert all(r["entries"] == [] for r in by_number.values() if not r["result"] and r["actual"] is None)
    cited = [d for r in with_result for d in r["entries"][0]["docs"]]
    assert {"number": "1407/KH-UBND", "date": "2025-09-30", "issuer": "", "summary": "", "file": ""} in cited


def test_the_contract_keys_stay_and_ongoing_is_dumped(capsys, tmp_path):
    db = tmp_path / "a.db"
    assert main(["import", str(SEED_000), "--db", str(db)]) == 0
    capsys.readouterr()
    with Store.open(db) as store:
        recurring = next(r for r in store.load_plan(1).tasks() if r.deadline == "Cả năm")
        store.update_row(recurring.id, {"status": "ongoing"})
    plan = dump(capsys, db)
    assert {"id", "number", "title", "issuer", "year", "tables", "submissions", "report_types"} <= set(plan)
    assert [t["name"] for t in plan["report_types"]] == ["Kế hoạch", "KHCN-CĐS", "DTI", "NQ57"]
    row = next(r for r in rows(plan).values() if r["status"] == "ongoing")
    assert row["deadline"] == "Cả năm" and row["overdue"] is False
    assert all(isinstance(r["entries"], list) for r in rows(plan).values())
