"""The export use case: submissions and their reproduction, safe writing, the command line."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from cdstui.report import workbook as workbook_module
from cdstui.report.export import ExportResult, PeriodError, ReportError, export_report
from cdstui.settings import Settings, save_settings, settings_path_for
from cdstui.store import Store
from cdstui.store.entries import add_entry
from cdstui.store.submissions import latest_submission, list_submissions
from tests.report.conftest import TODAY, dump, run, task_by_title


def sheet_values(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    out = {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in book.worksheets
           if ws.title != "_cdstui"}
    book.close()
    return out


def db_state(db: Path) -> str:
    with Store.open(db) as store:
        rows = store.db.execute("SELECT * FROM rows ORDER BY id").fetchall()
        subs = store.db.execute("SELECT * FROM submissions ORDER BY id").fetchall()
        hist = store.db.execute("SELECT COUNT(*) FROM history").fetchone()
    return hashlib.sha256(repr((rows, subs, hist)).encode()).hexdigest()


def test_export_records_a_submission_with_a_snapshot(progressed_db, tmp_path):
    with Store.open(progressed_db) as store:
        pid = store.plan_ids()[0]
        result = export_report(store, pid, "2026-Q3", today=TODAY, output=tmp_path / "q3.xlsx")
        assert isinstance(result, ExportResult)
        assert result.period == "2026-Q3" and not result.reproduced
        assert (result.tasks, result.indicators) == (42, 17)
        sub = latest_submission(store, pid, "2026-Q3")
        assert sub["file"] == str(tmp_path / "q3.xlsx")
        rows = sub["snapshot"]["rows"]
        assert len(rows) == 42 + 17
        done = task_by_title(store, pid, "Xây dựng Kế hoạch chuyên đổi số phường Ba Ngòi")
        assert rows[done.id]["status"] == "done" and rows[done.id]["completion"] == "100%"


def test_exporting_a_submitted_period_again_reproduces_it_unless_refresh(progressed_db, tmp_path, capsys):
    with Store.open(progressed_db) as store:
        pid = store.plan_ids()[0]
        first = export_report(store, pid, "2026-Q3", today=TODAY, output=tmp_path / "first.xlsx")
        task = task_by_title(store, pid, "Triển khai hệ thống giám sát tầm cao")
        store.update_row(task.id, {"status": "done", "completion": "100%"})
        add_entry(store, task.id, "Đã lắp 12 camera", day=date(2026, 9, 25))  # work of the quarter, logged late
        again = export_report(store, pid, "2026-Q3", today=date(2026, 10, 30), output=tmp_path / "again.xlsx")
        assert again.reproduced and again.submission_id is None
        assert len(list_submissions(store, pid)) == 1
        fresh = export_report(
            store, pid, "2026-Q3", today=date(2026, 10, 30), output=tmp_path / "fresh.xlsx", refresh=True
        )
        assert not fresh.reproduced and len(list_submissions(store, pid)) == 2
    assert sheet_values(first.path) == sheet_values(again.path)
    fresh_values = sheet_values(fresh.path)
    assert fresh_values != sheet_values(first.path)
    assert any("Đã lắp 12 camera" in row for row in fresh_values["Phụ lục I"])
    assert dump(capsys, progressed_db)["plans"][0]["submissions"][0]["period"] == "2026-Q3"


def test_cli_says_when_it_reproduces(progressed_db, capsys):
    args = ("export", "--db", progressed_db, "--period", "2026-Q3", "--today", TODAY)
    code, out1, err = run(capsys, *args)
    assert code == 0, err
    code, out2, err = run(capsys, *args)
    assert code == 0 and out1 == out2
    assert "tái tạo" in err and "--refresh" in err
    code, out3, err = run(capsys, *args, "--refresh")
    assert code == 0 and "tái tạo" not in err


def test_default_period_is_the_next_report_due(progressed_db):
    with Store.open(progressed_db) as store:
        result = export_report(store, store.plan_ids()[0], None, today=date(2026, 9, 1))
    assert result.period == "2026-Q3"  # due 15/9
    assert result.path.name == "ba-ngoi_32-KH-DU_2026-Q3.xlsx"


def test_bad_period_is_bad_usage(progressed_db, capsys):
    with Store.open(progressed_db) as store:
        with pytest.raises(PeriodError):
            export_report(store, store.plan_ids()[0], "2026-Q5", today=TODAY)
    code, out, err = run(capsys, "export", "--db", progressed_db, "--period", "quy 5")
    assert code == 2 and out == "" and "Kỳ báo cáo không hợp lệ" in err


def test_unknown_plan_is_bad_usage(progressed_db, capsys):
    code, out, err = run(capsys, "export", "--db", progressed_db, "--plan", "99", "--period", "2026-Q3")
    assert code == 2 and out == ""


def test_settings_name_the_issuer_signer_and_export_folder(progressed_db, capsys, tmp_path):
    settings = Settings(
        ward="Cam Linh", issuer="UBND phường Cam Linh", place="Cam Linh", signer_name="Nguyễn Văn A",
        export_dir=str(tmp_path / "gui-so"),
    )
    save_settings(settings, settings_path_for(progressed_db))
    code, out, err = run(capsys, "export", "--db", progressed_db, "--period", "2026-H1", "--today", TODAY)
    assert code == 0, err
    path = Path(out.strip())
    assert path == tmp_path / "gui-so" / "cam-linh_32-KH-DU_2026-H1.xlsx"
    ws = openpyxl.load_workbook(path)["Tổng hợp"]
    assert ws["A1"].value == "UBND PHƯỜNG CAM LINH"
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Nguyễn Văn A" in values
    assert "Cam Linh, ngày 20 tháng 9 năm 2026" in values
    assert any(isinstance(v, str) and v.endswith("6 THÁNG ĐẦU NĂM 2026") for v in values)


def test_export_folder_is_created(progressed_db, tmp_path):
    target = tmp_path / "new" / "deeper" / "r.xlsx"
    with Store.open(progressed_db) as store:
        result = export_report(store, store.plan_ids()[0], "2026-Q3", today=TODAY, output=target)
    assert result.path == target and target.is_file()
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_locked_target_gets_a_new_name(progressed_db, tmp_path, monkeypatch):
    """Windows refuses to replace a file open in Excel: the report goes beside it, and says so."""
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"held open by Excel")
    real_replace = workbook_module._replace

    def replace(src, dst):
        if Path(dst) == target:
            raise PermissionError(13, "The process cannot access the file", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(workbook_module, "_replace", replace)
    with Store.open(progressed_db) as store:
        result = export_report(store, store.plan_ids()[0], "2026-Q3", today=TODAY, output=target)
        assert latest_submission(store, store.plan_ids()[0], "2026-Q3")["file"] == str(tmp_path / "r-2.xlsx")
    assert result.path == tmp_path / "r-2.xlsx" and result.locked == target
    assert target.read_bytes() == b"held open by Excel"
    assert openpyxl.load_workbook(result.path)["Tổng hợp"]["A1"].value == "UBND PHƯỜNG BA NGÒI"
    assert any("đang mở" in n for n in result.notes)


def test_unwritable_folder_gives_a_clear_message_and_leaves_the_database(progressed_db, tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the export folder should be")
    before = db_state(progressed_db)
    with Store.open(progressed_db) as store:
        with pytest.raises(ReportError) as info:
            export_report(store, store.plan_ids()[0], "2026-Q3", today=TODAY, output=blocker / "r.xlsx")
    assert "thư mục" in str(info.value) and "Cơ sở dữ liệu không thay đổi" in str(info.value)
    code, out, err = run(capsys, "export", "--db", progressed_db, "--period", "2026-Q3", "-o", blocker / "x" / "r.xlsx")
    assert code == 1 and out == ""
    assert err.startswith("cdstui: ") and "\n" not in err.strip() and str(blocker) in err
    assert db_state(progressed_db) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder(progressed_db, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with Store.open(progressed_db) as store:
            with pytest.raises(ReportError, match="chỉ đọc"):
                export_report(store, store.plan_ids()[0], "2026-Q3", today=TODAY, output=folder / "r.xlsx")
    finally:
        folder.chmod(0o700)


def test_full_disk_gives_a_clear_message(tmp_path, monkeypatch):
    import errno
    import io

    from openpyxl import Workbook

    class FullDiskFile(io.FileIO):
        """The temporary file on a disk that is full: every write fails."""

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    real_open_temp = workbook_module._open_temp

    def open_temp_on_full_disk(folder, stem):
        handle, tmp = real_open_temp(folder, stem)
        handle.close()
        return FullDiskFile(tmp, "wb"), tmp

    monkeypatch.setattr(workbook_module, "_open_temp", open_temp_on_full_disk)
    with pytest.raises(ReportError, match="ổ đĩa đã đầy"):
        workbook_module.save_workbook(Workbook(), tmp_path / "out" / "r.xlsx")
    assert list((tmp_path / "out").iterdir()) == []  # the temporary file is gone too


def test_report_package_does_not_import_openpyxl_at_start_up():
    code = (
        "import sys; import cdstui.report.export, cdstui.importers.roundtrip, cdstui.report.look; "
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_output_folder_gets_the_default_name(progressed_db, tmp_path, capsys):
    folder = tmp_path / "gui"
    folder.mkdir()
    code, out, err = run(capsys, "export", "--db", progressed_db, "--period", "2026-Q4", "-o", folder, "--today", TODAY)
    assert code == 0, err
    assert Path(out.strip()) == folder / "ba-ngoi_32-KH-DU_2026-Q4.xlsx"
