"""Settings of a ward's cdstui, kept in a TOML file beside the database.

The file (``cdstui.toml``) holds the report's issuer block, signer and
recipients, where exports go, how many backups to keep, and the dates reports
are due (``[schedule]``). A missing file means the defaults; a key missing
from the file takes its default; unknown keys are ignored. A file that is not
valid TOML, or a key of the wrong type, is refused with a message naming the
file and the key.

Example::

    ward = "Ba Ngòi"
    signer_name = "Nguyễn Văn A"
    recipients = ["Sở Khoa học và Công nghệ (b/c);", "Lưu: VT."]

    [schedule]
    quarter_day = 10
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from cdstui.domain.periods import ReportSchedule
from cdstui.domain.text import nfc
from cdstui.paths import SETTINGS_FILE, settings_path_for

__all__ = ["Settings", "SETTINGS_FILE", "load_settings", "save_settings", "settings_path_for"]

_HEADER = "# Cài đặt cdstui (báo cáo chuyển đổi số của phường). Tệp UTF-8, cú pháp TOML.\n\n"


def _default_recipients() -> list[str]:
    return [
        "Sở Khoa học và Công nghệ (b/c);",
        "TT. Đảng ủy, HĐND, UBND phường;",
        "Lưu: VT.",
    ]


@dataclass
class Settings:
    ward: str = "Ba Ngòi"
    issuer: str = "UBND PHƯỜNG BA NGÒI"  # issuer block, top left of the report
    place: str = "Ba Ngòi"  # for "Ba Ngòi, ngày … tháng … năm …"
    signer_authority: str = "TM. ỦY BAN NHÂN DÂN"
    signer_deputy: str = "KT. CHỦ TỊCH"  # may be ""
    signer_title: str = "PHÓ CHỦ TỊCH"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=_default_recipients)
    export_dir: str = "exports"
    report_template: str = ""  # a ward's own .docx for the Word report (relative to the database's folder)
    backup_keep: int = 20
    schedule: ReportSchedule = field(default_factory=ReportSchedule)


def _bad(path: Path, key: str, what: str) -> ValueError:
    return ValueError(f"{path}: khóa '{key}' {what}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _read_schedule(path: Path, table: Any) -> ReportSchedule:
    if not isinstance(table, dict):
        raise _bad(path, "schedule", "phải là một bảng [schedule]")
    values = {f.name: table[f.name] for f in fields(ReportSchedule) if f.name in table}
    for name, value in values.items():
        try:
            ReportSchedule(**{name: value})  # ReportSchedule knows the valid ranges
        except ValueError as exc:
            raise _bad(path, f"schedule.{name}", f"không hợp lệ: {exc}") from None
    return ReportSchedule(**values)


def _from_toml(path: Path, data: dict[str, Any]) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in data:
            continue
        value = data[f.name]
        default = getattr(defaults, f.name)
        if f.name == "schedule":
            values[f.name] = _read_schedule(path, value)
        elif isinstance(default, str):
            if not isinstance(value, str):
                raise _bad(path, f.name, f"phải là chuỗi ký tự (đang là {value!r})")
            values[f.name] = nfc(value).strip()
        elif isinstance(default, list):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise _bad(path, f.name, f"phải là danh sách chuỗi ký tự (đang là {value!r})")
            values[f.name] = [nfc(v).strip() for v in value]
        elif _is_int(default):
            if not _is_int(value) or value < 0:
                raise _bad(path, f.name, f"phải là số nguyên không âm (đang là {value!r})")
            values[f.name] = value
    return Settings(**values)


def load_settings(path: Path) -> Settings:
    """Read the settings file; defaults when it does not exist.

    Raises ValueError (in Vietnamese, naming the file and the key) when the
    file cannot be read, is not valid TOML, or holds a value of the wrong type.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ValueError(f"{path}: không đọc được tệp cài đặt ({exc.strerror or exc})") from exc
    import tomllib  # only when there is a file to read (not before the app's first screen)

    try:
        # utf-8-sig: Notepad may put a BOM in front.
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: tệp cài đặt không phải UTF-8 ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: tệp cài đặt sai cú pháp TOML ({exc})") from exc
    return _from_toml(path, data)


def save_settings(settings: Settings, path: Path) -> None:
    """Write the settings atomically: a temporary file in the same folder, then os.replace."""
    import tomli_w

    path = Path(path)
    data = asdict(settings)
    text = _HEADER + tomli_w.dumps(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
