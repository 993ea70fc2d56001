"""The plan file: write, read back the same plan; validate on read."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date
from pathlib import Path

import pytest

from cdstui.domain.model import Appendix, InputError, Plan
from cdstui.importers import read_document
from cdstui.importers.convert import DEFAULT_SEED, main
from cdstui.importers.toml_plan import plan_to_toml, write_plan_toml
from cdstui.paths import DEFAULT_PLAN_NAME
from tests.importers.builders import SEED_000, SEED_002, SEED_004

REPO = Path(__file__).resolve().parents[2]


def _without_ids(plan: Plan) -> Plan:
    plan = dataclasses.replace(plan, source="", id=None)
    plan.tables = [
        dataclasses.replace(t, id=None, rows=[dataclasses.replace(r, id=None) for r in t.rows]) for t in plan.tables
    ]
    return plan


@pytest.mark.parametrize("seed", [SEED_000, SEED_002, SEED_004], ids=lambda p: p.name[:3])
def test_round_trip_gives_the_same_plan(seed, tmp_path):
    imported = read_document(seed).plan
    path = tmp_path / "plan.toml"
    write_plan_toml(imported, path)
    again = read_document(path)
    assert _without_ids(again.plan) == _without_ids(imported)
    assert again.plan.source == "plan.toml"
    assert again.repairs == [] and again.skipped_tables == []
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_progress_and_none_values_survive(tmp_path, report_004):
    plan = _without_ids(report_004.plan)
    row = plan.tasks()[0]
    row.actual, row.verdict, row.note, row.status = "96%", False, "ghi chú\nhai dòng", "in_progress"
    path = tmp_path / "p.toml"
    write_plan_toml(plan, path)
    assert _without_ids(read_document(path).plan) == plan
    text = path.read_text(encoding="utf-8")
    assert "completion = " in text and "actual = \"96%\"" in text
    assert "id =" not in text  # None / store ids are not written
    data = tomllib.loads(text)
    section = data["tables"][0]["rows"][0]
    assert set(section) == {"kind", "code", "path", "title", "source_line"}


def test_plan_file_is_readable(report_000):
    text = plan_to_toml(report_000.plan)
    assert '[plan]\nnumber = "32-KH/ĐU"\n' in text
    assert 'path = ["III", "4", "4.2"]' in text
    assert text.startswith("# cdstui plan file")


def test_embedded_default_plan_is_seed_000():
    """data/ba-ngoi_32-KH-DU_2026.toml is what the importer makes of seed 000 (rebuild: build-default)."""
    path = REPO / "data" / DEFAULT_PLAN_NAME
    assert DEFAULT_SEED.resolve() == SEED_000.resolve()
    assert path.read_text(encoding="utf-8") == plan_to_toml(read_document(SEED_000).plan)


def test_build_default_command(tmp_path, capsys):
    out = tmp_path / "default.toml"
    assert main(["build-default", str(SEED_000), str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert read_document(out).plan.number == "32-KH/ĐU"
    assert main(["convert", str(SEED_004), str(tmp_path / "r.toml")]) == 0
    assert main(["nonsense"]) == 2


GOOD_ROW = 'kind = "task"\ncode = "1"\npath = ["I"]\ntitle = "Việc một"\n'


def _plan_file(tmp_path, rows: str, head: str = '[plan]\nnumber = "1/KH"\nyear = 2026\n') -> object:
    path = tmp_path / "bad.toml"
    path.write_text(f'{head}\n[[tables]]\ntitle = "T"\nkind = "tasks"\n\n[[tables.rows]]\n{rows}', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "rows, head, expected",
    [
        (GOOD_ROW.replace('"task"', '"tsk"'), None, "bảng thứ 1, dòng thứ 1: loại dòng 'tsk' không hợp lệ"),
        ('kind = "task"\ncode = "2"\n', None, "dòng thứ 1: thiếu khóa title"),
        (GOOD_ROW + 'status = "xong"\n', None, "(mã 1): trạng thái 'xong' không hợp lệ"),
        (GOOD_ROW + 'leed = "Phòng A"\n', None, "khóa không hợp lệ leed"),
        (GOOD_ROW + "verdict = 1\n", None, "verdict phải là true hoặc false"),
        (GOOD_ROW.replace('["I"]', '"I"'), None, "path phải là danh sách chuỗi"),
        (GOOD_ROW, '[plan]\nyear = "2026"\n', "[plan] year phải là số nguyên"),
        (GOOD_ROW, "", "thiếu bảng [plan]"),
    ],
)
def test_invalid_plan_files(tmp_path, rows, head, expected):
    path = _plan_file(tmp_path, rows, *(() if head is None else (head,)))
    with pytest.raises(InputError) as err:
        read_document(path)
    assert str(err.value).startswith("bad.toml: tệp kế hoạch không hợp lệ: ")
    assert expected in str(err.value)


def test_valid_minimal_plan_file(tmp_path):
    plan = read_document(_plan_file(tmp_path, GOOD_ROW)).plan
    assert plan.number == "1/KH" and plan.year == 2026 and plan.title == ""
    assert [(r.kind, r.code, r.path, r.title, r.status, r.completion) for r in plan.rows()] == [
        ("task", "1", ["I"], "Việc một", "not_started", None)
    ]


def test_toml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('[plan]\nnumber = "1/KH"\ntitle = \n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.line == 3
    assert str(err.value).startswith("broken.toml, dòng 3: tệp TOML không hợp lệ")


def test_plan_file_without_tables(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text('[plan]\nnumber = "1/KH"\n', encoding="utf-8")
    with pytest.raises(InputError, match="không có bảng nào"):
        read_document(path)


def _file_with(tmp_path, head: str, table: str) -> object:
    path = tmp_path / "bad.toml"
    path.write_text(f'{head}\n[[tables]]\ntitle = "T"\nkind = "tasks"\n{table}\n[[tables.rows]]\n{GOOD_ROW}', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "head, table, expected",
    [
        ('[plan]\ndate = "15/01/2026"\n', "", "[plan] date '15/01/2026' không phải ngày (YYYY-MM-DD)"),
        ("[plan]\ndate = 2026-01-15T08:00:00\n", "", "[plan] date phải là một ngày"),
        ("[plan]\ndate = 20260115\n", "", "[plan] date phải là một ngày"),
        ("[plan]\n", '[tables.appendix]\nlable = "Phụ lục I"\n', "bảng thứ 1: appendix: khóa không hợp lệ lable"),
        ("[plan]\n", 'appendix = "Phụ lục I"\n', "bảng thứ 1: appendix: phải là một bảng [tables.appendix]"),
        ("[plan]\n", "[tables.appendix]\nnote = 1\n", "appendix note phải là chuỗi văn bản"),
    ],
)
def test_invalid_date_and_appendix(tmp_path, head, table, expected):
    with pytest.raises(InputError) as err:
        read_document(_file_with(tmp_path, head, table))
    assert str(err.value).startswith("bad.toml: tệp kế hoạch không hợp lệ: ")
    assert expected in str(err.value)


def test_date_and_appendix_are_read(tmp_path):
    plan = read_document(
        _file_with(tmp_path, '[plan]\ndate = "2026-01-15"\n', '[tables.appendix]\nlabel = "Phụ lục II"\ntitle = "T"\n')
    ).plan
    assert plan.date == date(2026, 1, 15)
    assert plan.tables[0].appendix == Appendix(label="Phụ lục II", title="T", note="")
    text = plan_to_toml(plan)
    assert "date = 2026-01-15\n" in text and '[tables.appendix]\nlabel = "Phụ lục II"\ntitle = "T"\n' in text
