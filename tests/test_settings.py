"""Settings in cdstui.toml beside the database."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from cdstui.domain.periods import ReportSchedule
from cdstui.settings import Settings, load_settings, save_settings, settings_path_for


def test_defaults():
    s = Settings()
    assert s.ward == "Ba Ngòi"
    assert s.issuer == "UBND PHƯỜNG BA NGÒI"
    assert s.place == "Ba Ngòi"
    assert (s.signer_authority, s.signer_deputy, s.signer_title, s.signer_name) == (
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "",
    )
    assert s.recipients == ["Sở Khoa học và Công nghệ (b/c);", "TT. Đảng ủy, HĐND, UBND phường;", "Lưu: VT."]
    assert s.export_dir == "exports"
    assert s.backup_keep == 20
    assert s.schedule == ReportSchedule(15, 5, 25, 11, 20)


def test_defaults_do_not_share_lists():
    a, b = Settings(), Settings()
    a.recipients.append("x")
    assert "x" not in b.recipients


def test_missing_file_gives_defaults(tmp_path):
    assert load_settings(tmp_path / "nope" / "cdstui.toml") == Settings()


def test_round_trip(tmp_path):
    path = tmp_path / "cdstui.toml"
    s = Settings(
        ward="Cam Linh",
        issuer="UBND PHƯỜNG CAM LINH",
        place="Cam Linh",
        signer_deputy="",
        signer_name="Nguyễn Văn A",
        recipients=["Sở KH&CN;", "Lưu: VT, VHXH."],
        export_dir="D:\\Báo cáo\\CĐS",
        backup_keep=5,
        schedule=ReportSchedule(quarter_day=10, half_month=6, half_day=10, year_month=12, year_day=1),
    )
    save_settings(s, path)
    assert load_settings(path) == s
    # the file is plain UTF-8 TOML that a person can read and edit
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["signer_name"] == "Nguyễn Văn A"
    assert data["schedule"]["quarter_day"] == 10


def test_save_creates_the_folder(tmp_path):
    path = tmp_path / "data" / "cdstui.toml"
    save_settings(Settings(), path)
    assert load_settings(path) == Settings()


def test_partial_file_keeps_defaults_and_ignores_unknown_keys(tmp_path):
    path = tmp_path / "cdstui.toml"
    path.write_text(
        'signer_name = "Trần Thị B"\n'
        'colour = "blue"\n'
        "backup_keep = 3\n"
        "[schedule]\n"
        "quarter_day = 10\n"
        "week_day = 2\n"
        "[extra]\n"
        "x = 1\n",
        encoding="utf-8",
    )
    s = load_settings(path)
    assert s.signer_name == "Trần Thị B"
    assert s.backup_keep == 3
    assert s.schedule == ReportSchedule(quarter_day=10)
    assert s.ward == "Ba Ngòi"
    assert s.recipients == Settings().recipients


def test_bom_and_nfd_are_accepted(tmp_path):
    import unicodedata

    path = tmp_path / "cdstui.toml"
    text = 'ward = "' + unicodedata.normalize("NFD", "Ba Ngòi") + '"\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_settings(path).ward == "Ba Ngòi"


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ("ward = 5\n", "ward"),
        ("signer_name = true\n", "signer_name"),
        ('recipients = "Lưu: VT."\n', "recipients"),
        ("recipients = [1, 2]\n", "recipients"),
        ('backup_keep = "20"\n', "backup_keep"),
        ("backup_keep = 2.5\n", "backup_keep"),
        ("backup_keep = true\n", "backup_keep"),
        ("backup_keep = -1\n", "backup_keep"),
        ('schedule = "15"\n', "schedule"),
        ('[schedule]\nquarter_day = "15"\n', "schedule.quarter_day"),
        ("[schedule]\nquarter_day = 32\n", "schedule.quarter_day"),
        ("[schedule]\nhalf_month = 13\n", "schedule.half_month"),
        ("[schedule]\nyear_day = 0\n", "schedule.year_day"),
    ],
)
def test_wrong_types_name_the_file_and_the_key(tmp_path, content, key):
    path = tmp_path / "cdstui.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_settings(path)
    message = str(info.value)
    assert str(path) in message
    assert f"'{key}'" in message


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "cdstui.toml"
    path.write_text('ward = "Ba Ngòi\n', encoding="utf-8")
    with pytest.raises(ValueError, match="TOML") as info:
        load_settings(path)
    assert str(path) in str(info.value)


def test_not_utf8_names_the_file(tmp_path):
    path = tmp_path / "cdstui.toml"
    path.write_bytes('ward = "Ba Ngòi"\n'.encode("utf-16"))
    with pytest.raises(ValueError) as info:
        load_settings(path)
    assert str(path) in str(info.value)


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "cdstui.toml"
    save_settings(Settings(), path)
    save_settings(Settings(signer_name="Lê Văn C"), path)
    assert os.listdir(tmp_path) == ["cdstui.toml"]
    assert load_settings(path).signer_name == "Lê Văn C"


def test_failed_save_keeps_the_old_file_and_no_temp_files(tmp_path):
    path = tmp_path / "cdstui.toml"
    save_settings(Settings(signer_name="Cũ"), path)
    before = path.read_bytes()
    broken = Settings()
    broken.recipients = [None]  # type: ignore[list-item]  # tomli-w cannot write None
    with pytest.raises(TypeError):
        save_settings(broken, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["cdstui.toml"]


def test_failed_replace_removes_the_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "cdstui.toml"

    def refuse(src, dst):
        raise PermissionError("locked")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        save_settings(Settings(), path)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("db", "expected"),
    [
        (Path("data/cdstui.db"), Path("data/cdstui.toml")),
        (Path("/srv/ward/ba-ngoi.db"), Path("/srv/ward/cdstui.toml")),
        (Path("cdstui.db"), Path("cdstui.toml")),
    ],
)
def test_settings_path_for(db, expected):
    assert settings_path_for(db) == expected


# --- per plan (issues 10 and 12) ---------------------------------------------------

from datetime import date  # noqa: E402

from cdstui.domain.model import Plan  # noqa: E402
from cdstui.domain.periods import parse_period  # noqa: E402
from cdstui.domain.report_types import DueRule, ReportType  # noqa: E402
from cdstui.settings import PlanSection  # noqa: E402

BA_NGOI = Plan(id=1, number="32-KH/ĐU", issuer="Đảng ủy phường Ba Ngòi", ward="Ba Ngòi", year=2026)
DONG_HAI = Plan(
    id=2, number="45/KH-UBND", issuer="Ủy ban nhân dân phường Đông Hải", ward="Đông Hải", year=2026,
    reporting="tổng hợp, báo cáo Ủy ban nhân dân phường kết quả thực hiện hằng quý (trước ngày 10 của tháng cuối quý), "
    "6 tháng (trước ngày 25/5) và năm (trước ngày 20/11).",
)


def test_a_new_database_heads_another_wards_report_with_that_ward():
    own = Settings().for_plan(DONG_HAI)
    assert (own.ward, own.issuer, own.place) == ("Đông Hải", "UBND PHƯỜNG ĐÔNG HẢI", "Đông Hải")
    assert "Ba Ngòi" not in repr(own) and "BA NGÒI" not in repr(own)
    ba_ngoi = Settings().for_plan(BA_NGOI)
    assert (ba_ngoi.ward, ba_ngoi.issuer, ba_ngoi.place) == ("Ba Ngòi", "UBND PHƯỜNG BA NGÒI", "Ba Ngòi")


def test_a_plan_takes_its_own_reporting_rule_then_the_province_streams():
    types = Settings().for_plan(DONG_HAI).report_types
    assert [t.name for t in types] == ["Kế hoạch", "KHCN-CĐS", "DTI", "NQ57"]
    assert types[0].recipients == ["Ủy ban nhân dân phường Đông Hải"]
    assert types[0].due_date(parse_period("2026-Q3")) == date(2026, 9, 10)
    assert types[0].due_date(parse_period("2026")) == date(2026, 11, 20)


def test_the_flat_file_of_the_first_version_is_read_for_each_plan(tmp_path):
    path = tmp_path / "cdstui.toml"
    path.write_text(
        'ward = "Ba Ngòi"\nissuer = "UBND PHƯỜNG BA NGÒI"\nplace = "TP. Cam Ranh"\n'
        'signer_name = "Nguyễn Văn A"\nrecipients = ["Sở KH&CN;", "Lưu: VT."]\n'
        "[schedule]\nquarter_day = 12\n",
        encoding="utf-8",
    )
    settings = load_settings(path)
    ba_ngoi, dong_hai = settings.for_plan(BA_NGOI), settings.for_plan(DONG_HAI)
    assert (ba_ngoi.issuer, ba_ngoi.place, ba_ngoi.signer_name) == ("UBND PHƯỜNG BA NGÒI", "TP. Cam Ranh", "Nguyễn Văn A")
    assert ba_ngoi.report_types[0].due_date(parse_period("2026-Q1")) == date(2026, 3, 12)  # the flat schedule
    # the other ward keeps its own name, and the officer's signer and recipients
    assert (dong_hai.issuer, dong_hai.place) == ("UBND PHƯỜNG ĐÔNG HẢI", "Đông Hải")
    assert (dong_hai.signer_name, dong_hai.recipients) == ("Nguyễn Văn A", ["Sở KH&CN;", "Lưu: VT."])
    assert dong_hai.report_types[0].due_date(parse_period("2026-Q1")) == date(2026, 3, 10)  # its text wins
    # nothing rewritten, nothing lost on a save
    save_settings(settings, path)
    assert load_settings(path) == settings


def test_a_plans_own_settings_and_report_types_are_saved_and_read_back(tmp_path):
    path = tmp_path / "cdstui.toml"
    settings = Settings()
    chosen = settings.for_plan(DONG_HAI)
    chosen.signer_name = "Trần Thị B"
    chosen.report_types = [
        ReportType(name="Báo cáo tháng", recipients=["UBND phường"], periods=["month"], scope="in_period",
                   columns=["code", "title", "status", "result"], due=DueRule("last_month", 25, {"2026-12": "15/12/2026"})),
        chosen.report_types[1],
    ]
    save_settings(settings.with_plan(DONG_HAI, chosen), path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["plans"]["2"]["number"] == "45/KH-UBND"
    assert data["plans"]["2"]["report_types"][0]["due"] == {"rule": "last_month", "day": 25, "dates": {"2026-12": "15/12/2026"}}
    again = load_settings(path)
    assert again.for_plan(DONG_HAI) == chosen
    assert again.for_plan(BA_NGOI).signer_name == ""  # another plan is not touched
    monthly = again.for_plan(DONG_HAI).report_type("bao cao thang")
    assert monthly.due_date(parse_period("2026-12")) == date(2026, 12, 15)
    assert monthly.due_date(parse_period("2026-11")) == date(2026, 11, 25)


def test_a_plans_table_is_never_applied_to_another_plan_of_that_id():
    settings = Settings(plans={2: PlanSection(number="99/KH-UBND", values={"signer_name": "Người khác"})})
    assert settings.for_plan(DONG_HAI).signer_name == ""


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('[plans.x]\nward = "A"\n', "plans.x"),
        ("[plans.1]\nward = 3\n", "plans.1.ward"),
        ('[plans.1]\nreport_types = "KHCN"\n', "plans.1.report_types"),
        ('[[plans.1.report_types]]\nname = "A"\nperiods = ["Q5"]\n', "plans.1.report_types[0]"),
        ('[[plans.1.report_types]]\nname = "A"\ndue = { rule = "weekly" }\n', "plans.1.report_types[0]"),
        ('[[plans.1.report_types]]\nname = "A"\ncolumns = ["budget"]\n', "plans.1.report_types[0]"),
    ],
)
def test_a_bad_plan_table_names_the_file_and_the_key(tmp_path, content, key):
    path = tmp_path / "cdstui.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_settings(path)
    assert str(path) in str(info.value) and f"'{key}'" in str(info.value)
