"""``--today`` and CDSTUI_TODAY fix "today" for the overdue marks of ``dump``."""

from __future__ import annotations

import json

import pytest

from cdstui.cli import main


def task(data: dict, section: str, code: str) -> dict:
    for plan in data["plans"]:
        for table in plan["tables"]:
            for row in table["rows"]:
                if row["kind"] == "task" and row["path"][:1] == [section] and row["code"] == code:
                    return row
    raise AssertionError(f"no task {section}.{code}")


def dump(capsys, *args: str) -> dict:
    assert main(["dump", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_quarter_i_task_is_overdue_on_1_april(db_path, capsys):
    data = dump(capsys, "--db", str(db_path), "--today", "2026-04-01")
    row = task(data, "II", "1")
    assert row["deadline"] == "Quý I/2026" and row["due"] == "2026-03-31"
    assert row["status"] == "not_started"
    assert row["overdue"] is True


def test_not_overdue_before_its_due_date(db_path, capsys):
    data = dump(capsys, "--db", str(db_path), "--today", "2026-03-01")
    assert task(data, "II", "1")["overdue"] is False


def test_the_due_day_itself_is_not_overdue(db_path, capsys):
    data = dump(capsys, "--db", str(db_path), "--today", "2026-03-31")
    assert task(data, "II", "1")["overdue"] is False


def test_a_done_task_is_never_overdue(db_path, capsys):
    from cdstui.store import Store

    dump(capsys, "--db", str(db_path), "--today", "2026-03-01")  # creates the database
    with Store.open(db_path) as store:
        row_id = next(
            r.id for r in store.load_plan(store.plan_ids()[0]).tasks() if r.path[:1] == ["II"] and r.code == "1"
        )
        store.update_row(row_id, {"status": "done"})
    data = dump(capsys, "--db", str(db_path), "--today", "2026-12-31")
    assert task(data, "II", "1")["overdue"] is False


def test_every_row_carries_overdue_and_history(db_path, capsys):
    data = dump(capsys, "--db", str(db_path), "--today", "2026-04-01")
    rows = [r for p in data["plans"] for t in p["tables"] for r in t["rows"]]
    assert rows and all(isinstance(r["overdue"], bool) and r["history"] == [] for r in rows)
    assert all(r["overdue"] is False for r in rows if r["kind"] != "task")


def test_cdstui_today_in_the_environment(db_path, capsys, monkeypatch):
    monkeypatch.setenv("CDSTUI_TODAY", "2026-04-01")
    assert task(dump(capsys, "--db", str(db_path)), "II", "1")["overdue"] is True
    # --today wins over the environment
    assert task(dump(capsys, "--db", str(db_path), "--today", "2026-03-01"), "II", "1")["overdue"] is False


@pytest.mark.parametrize("bad", ["2026-13-01", "01/04/2026", "hôm nay", "2026-02-30"])
def test_a_bad_date_is_bad_usage(db_path, capsys, bad):
    assert main(["dump", "--db", str(db_path), "--today", bad]) == 2
    err = capsys.readouterr().err
    assert "YYYY-MM-DD" in err and "Traceback" not in err


def test_a_bad_cdstui_today_is_bad_usage(db_path, capsys, monkeypatch):
    monkeypatch.setenv("CDSTUI_TODAY", "mai")
    assert main(["dump", "--db", str(db_path)]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_history_appears_in_dump(db_path, capsys):
    from cdstui.store import Store

    dump(capsys, "--db", str(db_path), "--today", "2026-03-01")
    with Store.open(db_path) as store:
        row_id = next(r.id for r in store.load_plan(store.plan_ids()[0]).tasks() if r.path[:1] == ["II"] and r.code == "1")
        store.update_row(row_id, {"status": "in_progress", "completion": "50%"})
    row = task(dump(capsys, "--db", str(db_path), "--today", "2026-03-01"), "II", "1")
    assert [(h["field"], h["old"], h["new"]) for h in row["history"]] == [
        ("status", "not_started", "in_progress"), ("completion", None, "50%"),
    ]
    assert set(row["history"][0]) == {"at", "field", "old", "new"}
