"""`cdstui export --format xlsx|docx|both`: the files written, one submission, the same period."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from cdstui.store import Store
from cdstui.store.submissions import list_submissions
from tests.report.conftest import TODAY, run


def test_xlsx_stays_the_default(progressed_db, capsys, tmp_path):
    code, out, err = run(capsys, "export", "--db", progressed_db, "--period", "2026-Q3", "--today", TODAY)
    assert code == 0, err
    assert [Path(line).suffix for line in out.splitlines()] == [".xlsx"]


def test_both_writes_the_two_for_one_period_and_records_one_submission(progressed_db, capsys, tmp_path):
    code, out, err = run(
        capsys, "export", "--db", progressed_db, "--today", TODAY, "--format", "both", "-o", tmp_path / "bao-cao.xlsx"
    )
    assert code == 0, err
    paths = [Path(line) for line in out.splitlines()]
    assert paths == [tmp_path / "bao-cao.xlsx", tmp_path / "bao-cao.docx"]
    # no --period: the period due next (Q3 before 15/9? Q4 after) is the same in both
    title = openpyxl.load_workbook(paths[0])["Tổng hợp"]["A5"].value
    subject = [p.text for p in docx.Document(str(paths[1])).paragraphs if p.text.startswith("Kết quả thực hiện")][0]
    period = title.rsplit("— ", 1)[1]
    assert subject.lower().endswith(period.lower())
    with Store.open(progressed_db) as store:
        submissions = list_submissions(store, store.plan_ids()[0])
    assert len(submissions) == 1 and submissions[0]["file"] == str(paths[0])


def test_docx_alone_into_the_export_folder(progressed_db, capsys, tmp_path):
    code, out, err = run(capsys, "export", "--db", progressed_db, "--period", "2026-Q3", "--today", TODAY, "--format", "docx")
    assert code == 0, err
    assert out.splitlines() == [str(tmp_path / "exports" / "ba-ngoi_32-KH-DU_2026-Q3.docx")]
    with Store.open(progressed_db) as store:
        (submission,) = list_submissions(store, store.plan_ids()[0])
    assert submission["file"].endswith(".docx")


def test_a_word_report_is_not_an_agencys_form(progressed_db, capsys):
    code, out, err = run(
        capsys, "export", "--db", progressed_db, "--period", "2026-Q3", "--lead", "Công an phường", "--format", "docx"
    )
    assert code == 1 and out == "" and "chỉ xuất dạng Excel" in err


def test_an_unknown_format_is_bad_usage(progressed_db, capsys):
    with pytest.raises(SystemExit) as info:
        run(capsys, "export", "--db", progressed_db, "--format", "pdf")
    assert info.value.code == 2 and "docx" in capsys.readouterr().err


def test_a_missing_template_is_named(progressed_db, capsys):
    from cdstui.settings import Settings, save_settings, settings_path_for

    save_settings(Settings(report_template="khong-co.docx"), settings_path_for(progressed_db))
    code, out, err = run(capsys, "export", "--db", progressed_db, "--period", "2026-Q3", "--format", "docx")
    assert code == 1 and "khong-co.docx" in err and "report_template" in err
    with Store.open(progressed_db) as store:
        assert list_submissions(store, store.plan_ids()[0]) == []
