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
