"""Settings of a ward's cdstui, kept in a TOML file beside the database.

The file (``cdstui.toml``) holds where exports go and how many backups to
keep, and, per plan (``[plans.<id>]``), the report's issuer block, place,
signer, recipients, Word template and report types. A missing file means the defaults; a
key missing from the file takes its default; unknown keys are ignored. A file
that is not valid TOML, or a key of the wrong type, is refused with a message
naming the file and the key.

The keys at the top of the file (ward, issuer, place, signer…, recipients,
``[schedule]``) are those of the first cdstui, which had one set for every
plan. They are still read, and ``Settings.for_plan`` works out what they mean
for each plan (nothing is lost, nothing is rewritten until saved):

* ward, issuer and place apply to the plans of the ward they name, and to
  every plan when the officer named a ward of their own there; while they
  still say "Ba Ngòi" (the old default), another ward's plan takes them from
  its own document (``domain.ward``), never from Ba Ngòi;
* signer, recipients, the Word template and ``[schedule]`` (the due dates
  of the plan's own report, when the plan's text states none) apply to
  every plan;
* a plan's own table overrides them all.

Example::

    export_dir = "exports"

    [plans.1]
    number = "32-KH/ĐU"            # the plan the table belongs to
    ward = "Ba Ngòi"
    signer_name = "Nguyễn Văn A"
    recipients = ["Sở Khoa học và Công nghệ (b/c);", "Lưu: VT."]

    [[plans.1.report_types]]
    name = "KHCN-CĐS"
    recipients = ["Sở Khoa học và Công nghệ"]
    periods = ["Q1", "H1", "9M", "year"]   # or "month", "quarter", "Q2"…
    scope = "auto"                          # or "in_period", "cumulative"
    columns = ["code", "title", "lead", "status", "completion", "result"]
    due = { rule = "following_month", day = 10, dates = { year = "15/01" } }
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdstui.domain.periods import ReportSchedule
from cdstui.domain.report_types import ReportType, default_report_types
from cdstui.domain.text import fold, nfc
from cdstui.domain.ward import report_identity
from cdstui.paths import SETTINGS_FILE, settings_path_for, write_file_atomically

if TYPE_CHECKING:  # pragma: no cover
    from cdstui.domain.model import Plan

__all__ = [
    "PLAN_KEYS",
    "PlanSection",
    "PlanSettings",
    "Settings",
    "SETTINGS_FILE",
    "load_settings",
    "plan_settings",
    "save_settings",
    "settings_path_for",
]

# What each plan has of its own (the keys of a [plans.<id>] table, report types apart).
PLAN_KEYS = (
    "ward",
    "issuer",
    "place",
    "signer_authority",
    "signer_deputy",
    "signer_title",
    "signer_name",
    "recipients",
    "report_template",
)
_FIRST_WARD = "Ba Ngòi"  # the ward every setting defaulted to before settings were per plan

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
    plans: dict[int, "PlanSection"] = field(default_factory=dict)

    def for_plan(self, plan: "Plan") -> "PlanSettings":
        """The settings of one plan: its own table, else what the file's top
        keys mean for it (see the module's doc), else its document's."""
        own = report_identity(plan.ward, plan.issuer)
        flat_ward = fold(self.ward).strip()
        # the first version's default ward names no one's plan but Ba Ngòi's
        flat_is_ours = not own.ward or flat_ward == fold(own.ward).strip() or flat_ward != fold(_FIRST_WARD)
        values: dict[str, Any] = {name: getattr(self, name) for name in PLAN_KEYS}
        if not flat_is_ours:
            values.update(ward=own.ward, issuer=own.issuer, place=own.place)
        values["recipients"] = list(values["recipients"])
        section = self.plans.get(plan.id) if plan.id is not None else None
        if section is not None and section.number and fold(section.number) != fold(plan.number):
            section = None  # a table left from another plan of that id (a restored database)
        if section is not None:
            values.update({k: (list(v) if isinstance(v, list) else v) for k, v in section.values.items()})
        types = section.report_types if section is not None and section.report_types is not None else None
        if types is None:
            types = default_report_types(plan.reporting, self.schedule, ward=values["ward"])
        return PlanSettings(
            plan_id=plan.id,
            export_dir=self.export_dir,
            backup_keep=self.backup_keep,
            schedule=self.schedule,
            report_types=[copy.deepcopy(t) for t in types],
            **values,
        )

    def with_plan(self, plan: "Plan", chosen: "PlanSettings") -> "Settings":
        """These settings with ``chosen`` kept as the plan's own (for saving)."""
        section = PlanSection(
            number=plan.number,
            values={name: copy.deepcopy(getattr(chosen, name)) for name in PLAN_KEYS},
            report_types=[copy.deepcopy(t) for t in chosen.report_types],
        )
        return replace(self, plans={**self.plans, plan.id: section})


    def with_plan_values(self, plan: "Plan", values: dict[str, Any]) -> "Settings":
        """These settings with some of the plan's own keys (``PLAN_KEYS``) set to
        ``values``; its other keys and its report types stay as they were (none of
        its own: the defaults, which follow the plan's rule and the due days)."""
        old = self.plans.get(plan.id) if plan.id is not None else None
        if old is not None and old.number and fold(old.number) != fold(plan.number):
            old = None  # a table left from another plan of that id (a restored database)
        section = PlanSection(
            number=plan.number,
            values={**(old.values if old else {}), **copy.deepcopy(values)},
            report_types=old.report_types if old else None,
        )
        return replace(self, plans={**self.plans, plan.id: section})


@dataclass
class PlanSection:
    """A plan's own table in the file: the keys it sets, its report types
    (None: the defaults), and the plan's number, so that a table is never
    applied to another plan that happens to get the same id."""

    number: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    report_types: list[ReportType] | None = None


@dataclass
class PlanSettings:
    """One plan's settings, worked out: what a report and its calendar use.

    Has every attribute the report reads from ``Settings`` (ward, issuer,
    place, signer…, recipients, export_dir, schedule), so it can stand in
    for it.
    """

    plan_id: int | None
    ward: str
    issuer: str
    place: str
    signer_authority: str
    signer_deputy: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    report_template: str
    export_dir: str
    backup_keep: int
    schedule: ReportSchedule
    report_types: list[ReportType]

    def report_type(self, name: str | None = None) -> ReportType:
        """The report type named ``name`` (forgiving case and diacritics), the
        plan's own when None; ValueError naming the types when there is none."""
        from cdstui.domain.report_types import find_report_type

        return find_report_type(self.report_types, name)


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


def _read_value(path: Path, key: str, value: Any, default: Any) -> Any:
    """A flat value checked against its default's type."""
    if isinstance(default, str):
        if not isinstance(value, str):
            raise _bad(path, key, f"phải là chuỗi ký tự (đang là {value!r})")
        return nfc(value).strip()
    if isinstance(default, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _bad(path, key, f"phải là danh sách chuỗi ký tự (đang là {value!r})")
        return [nfc(v).strip() for v in value]
    if not _is_int(value) or value < 0:
        raise _bad(path, key, f"phải là số nguyên không âm (đang là {value!r})")
    return value


def _read_plan(path: Path, key: str, table: Any) -> tuple[int, PlanSection]:
    where = f"plans.{key}"
    if not isinstance(table, dict) or not key.isdigit():
        raise _bad(path, where, "phải là một bảng [plans.<mã kế hoạch>]")
    defaults = Settings()
    section = PlanSection()
    if "number" in table:
        section.number = _read_value(path, f"{where}.number", table["number"], "")
    for name in PLAN_KEYS:
        if name in table:
            section.values[name] = _read_value(path, f"{where}.{name}", table[name], getattr(defaults, name))
    if "report_types" in table:
        types = table["report_types"]
        if not isinstance(types, list) or not all(isinstance(t, dict) for t in types):
            raise _bad(path, f"{where}.report_types", "phải là danh sách bảng [[plans.<mã>.report_types]]")
        section.report_types = []
        for i, data in enumerate(types):
            try:
                section.report_types.append(ReportType.from_dict(data))
            except (ValueError, TypeError) as exc:
                raise _bad(path, f"{where}.report_types[{i}]", f"không hợp lệ: {exc}") from None
    return int(key), section


def _from_toml(path: Path, data: dict[str, Any]) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name == "schedule":
            values[f.name] = _read_schedule(path, value)
        elif f.name == "plans":
            if not isinstance(value, dict):
                raise _bad(path, "plans", "phải là một bảng [plans]")
            values["plans"] = dict(_read_plan(path, str(k), v) for k, v in value.items())
        else:
            values[f.name] = _read_value(path, f.name, value, getattr(defaults, f.name))
    return Settings(**values)


def _to_toml(settings: Settings) -> dict[str, Any]:
    data = asdict(replace(settings, plans={}))
    del data["plans"]
    plans: dict[str, Any] = {}
    for pid, section in sorted(settings.plans.items()):
        table: dict[str, Any] = {"number": section.number, **section.values}
        if section.report_types is not None:
            table["report_types"] = [t.as_dict() for t in section.report_types]
        plans[str(pid)] = table
    if plans:
        data["plans"] = plans
    return data


def plan_settings(path: Path, plan: "Plan") -> PlanSettings:
    """The settings of ``plan`` from the settings file at ``path`` (ValueError as ``load_settings``)."""
    return load_settings(path).for_plan(plan)


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
    text = _HEADER + tomli_w.dumps(_to_toml(settings))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomically(path, text.encode("utf-8"))
