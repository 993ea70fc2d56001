"""Cài đặt: the report's issuer block, signer, recipients, export folder, backups, due dates.

Reads and writes ``ctx.settings_path`` through ``cdstui.settings`` (the file
is written atomically). The report's words (ward, issuer, place, signer,
recipients) are the open plan's own: shown as ``Settings.for_plan`` works
them out (its document's ward for another ward's plan) and saved into its
``[plans.<id>]`` table; the export folder, the backups and the due days are
the file's, for every plan. Every field is checked before anything is written;
a refused value (31/2 among them) gets a Vietnamese message under its field.
Leaving follows the rule of ``tui.form``: Esc saves and goes back when every
field is valid.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static, TextArea

from cdstui.domain.periods import ReportSchedule
from cdstui.domain.text import nfc
from cdstui.settings import PLAN_KEYS, Settings, load_settings, save_settings
from cdstui.tui.actions import bindings
from cdstui.tui.form import FormScreen
from cdstui.tui.messages import DataChanged
from cdstui.tui.widgets.key_footer import KeyFooter

# (field id, label, hint)
TEXT_FIELDS = (
    ("ward", "Tên phường", "ví dụ: Ba Ngòi"),
    ("issuer", "Cơ quan ban hành (góc trên bên trái)", "ví dụ: UBND PHƯỜNG BA NGÒI"),
    ("place", "Địa danh ở dòng ngày tháng", "ví dụ: Ba Ngòi"),
    ("signer_authority", "Thẩm quyền ký", "ví dụ: TM. ỦY BAN NHÂN DÂN"),
    ("signer_deputy", "Ký thay (để trống nếu không có)", "ví dụ: KT. CHỦ TỊCH"),
    ("signer_title", "Chức vụ người ký", "ví dụ: PHÓ CHỦ TỊCH"),
    ("signer_name", "Họ và tên người ký", "ví dụ: Nguyễn Văn A"),
    ("export_dir", "Thư mục lưu báo cáo xuất ra", "ví dụ: exports"),
)
REQUIRED = {
    "ward": "Tên phường không được để trống.",
    "issuer": "Cơ quan ban hành không được để trống.",
    "export_dir": "Thư mục lưu báo cáo không được để trống.",
}
_WHOLE = re.compile(r"^\d+$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s*/\s*(\d{1,2})$")


def parse_positive(text: str, message: str) -> tuple[int | None, str | None]:
    value = text.strip()
    if not _WHOLE.match(value) or int(value) < 1:
        return None, message
    return int(value), None


def parse_day(text: str) -> tuple[int | None, str | None]:
    value = text.strip()
    if not _WHOLE.match(value) or not 1 <= int(value) <= 31:
        return None, "Ngày phải là số nguyên từ 1 đến 31."
    return int(value), None


def parse_day_month(text: str) -> tuple[tuple[int, int] | None, str | None]:
    match = _DAY_MONTH.match(text.strip())
    if not match:
        return None, "Nhập theo dạng ngày/tháng, ví dụ 25/5."
    day, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        return None, "Tháng phải từ 1 đến 12."
    if not 1 <= day <= 31:
        return None, "Ngày phải từ 1 đến 31."
    if day > calendar.monthrange(2024, month)[1]:  # a leap year: 29/2 is a date
        return None, f"Ngày {day}/{month} không có thật: tháng {month} không có ngày {day}."
    return (day, month), None


class SettingsScreen(FormScreen, Screen):
    """Edit the report settings (the exit rule of ``tui.form``)."""

    CSS_PATH = "settings.tcss"

    BINDINGS = bindings("settings")

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.load_error: str | None = None
        try:
            self.settings = load_settings(ctx.settings_path)
        except ValueError as exc:
            self.settings = Settings()
            self.load_error = str(exc)
        self.plan = self._open_plan()
        self.shown: dict | None = None  # the values as the form showed them (what "unsaved" is measured from)

    def _open_plan(self):
        ctx = self.ctx
        if ctx.plan_id is None:
            return None
        if ctx.plan is not None and ctx.plan.id == ctx.plan_id:
            return ctx.plan
        return ctx.store.load_plan(ctx.plan_id)

    def compose(self) -> ComposeResult:
        # the open plan's report words (its own, else its document's), the file's for the rest
        s = self.settings.for_plan(self.plan) if self.plan is not None else self.settings
        sch = s.schedule
        yield Static(Text(f"Cài đặt — {self.ctx.settings_path}", style="bold"), id="settings-title")
        with VerticalScroll(id="settings-body"):
            if self.plan is not None:
                which = f"Kế hoạch {self.plan.number}" if self.plan.number else "kế hoạch đang mở"
                yield Label(f"Báo cáo — của {which}", classes="field-group")
            else:
                yield Label("Báo cáo", classes="field-group")
            for key, label, hint in TEXT_FIELDS:
                yield from self._field(key, label, Input(getattr(s, key), placeholder=hint, id=key, compact=True))
            yield from self._field(
                "recipients",
                "Nơi nhận (mỗi dòng một nơi)",
                TextArea("\n".join(s.recipients), id="recipients", soft_wrap=True, compact=True),
            )
            yield Label("Sao lưu", classes="field-group")
            yield from self._field(
                "backup_keep", "Số bản sao lưu giữ lại", Input(str(s.backup_keep), placeholder="ví dụ: 20", id="backup_keep", compact=True)
            )
            yield Label("Hạn nộp báo cáo", classes="field-group")
            yield from self._field(
                "quarter_day", "Báo cáo quý: ngày (tháng cuối quý)", Input(str(sch.quarter_day), placeholder="ví dụ: 15", id="quarter_day", compact=True)
            )
            yield from self._field(
                "half", "Báo cáo 6 tháng: ngày/tháng", Input(f"{sch.half_day}/{sch.half_month}", placeholder="ví dụ: 25/5", id="half", compact=True)
            )
            yield from self._field(
                "year", "Báo cáo năm: ngày/tháng", Input(f"{sch.year_day}/{sch.year_month}", placeholder="ví dụ: 20/11", id="year", compact=True)
            )
        yield Static(id="settings-status")
        yield KeyFooter()

    def _field(self, key: str, label: str, control) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label(label, classes="field-label")
            with Vertical(classes="field-control"):
                yield control
                yield Static(id=f"{key}-error", classes="field-error")

    def on_mount(self) -> None:
        if self.load_error:
            self._status(
                f"Không đọc được tệp cài đặt: {self.load_error}. Đang hiện giá trị mặc định; lưu sẽ ghi đè tệp.",
                "error",
            )
        else:
            self._status("Sửa rồi nhấn ctrl+s để lưu; Esc lưu và quay lại.", "")
        self.shown, _errors = self.typed()
        self.query_one("#ward", Input).focus()

    # -- reading the form --------------------------------------------------
    def _value(self, key: str) -> str:
        if key == "recipients":
            return self.query_one("#recipients", TextArea).text
        return self.query_one(f"#{key}", Input).value

    def collect(self) -> tuple[Settings | None, dict[str, str]]:
        """The settings the form holds, or the errors that refuse them (field id -> message)."""
        values, errors = self.typed()
        if errors:
            return None, errors
        if self.plan is None:
            return replace(self.settings, **values), {}
        flat = replace(self.settings, **{k: v for k, v in values.items() if k not in PLAN_KEYS})
        return flat.with_plan_values(self.plan, {k: v for k, v in values.items() if k in PLAN_KEYS}), {}

    def typed(self) -> tuple[dict, dict[str, str]]:
        """The values the fields hold (field id -> value), and the errors refusing some."""
        errors: dict[str, str] = {}
        values: dict = {}
        for key, _label, _hint in TEXT_FIELDS:
            text = nfc(self._value(key)).strip()
            if key in REQUIRED and not text:
                errors[key] = REQUIRED[key]
            values[key] = text
        recipients = [nfc(line).strip() for line in self._value("recipients").splitlines()]
        values["recipients"] = [line for line in recipients if line]
        keep, error = parse_positive(
            self._value("backup_keep"), "Số bản sao lưu phải là số nguyên dương (ví dụ 20)."
        )
        if error:
            errors["backup_keep"] = error
        values["backup_keep"] = keep
        quarter_day, error = parse_day(self._value("quarter_day"))
        if error:
            errors["quarter_day"] = error
        half, error = parse_day_month(self._value("half"))
        if error:
            errors["half"] = error
        year, error = parse_day_month(self._value("year"))
        if error:
            errors["year"] = error
        if not errors:
            values["schedule"] = ReportSchedule(
                quarter_day=quarter_day, half_day=half[0], half_month=half[1], year_day=year[0], year_month=year[1]
            )
        return values, errors

    def _show_errors(self, errors: dict[str, str]) -> None:
        for widget in self.query(".field-error"):
            key = (widget.id or "").removesuffix("-error")
            message = errors.get(key, "")
            widget.update(Text(message))
            widget.set_class(bool(message), "-shown")

    def _status(self, message: str, kind: str) -> None:
        status = self.query_one("#settings-status", Static)
        status.update(Text(message))
        status.set_class(kind == "error", "-error")
        status.set_class(kind == "ok", "-ok")

    @property
    def dirty(self) -> bool:
        values, errors = self.typed()
        return bool(errors) or values != self.shown

    # -- actions -------------------------------------------------------------
    def save(self, *, force: bool = False) -> bool:
        """Write the settings when they changed (``force``: even when not, over a file that could
        not be read); False, with the messages under the fields, when one is refused."""
        settings, errors = self.collect()
        self._show_errors(errors)
        if errors:
            self._status(f"Chưa lưu: {len(errors)} ô chưa hợp lệ (xem thông báo dưới từng ô).", "error")
            first = next(iter(errors))
            self.query_one(f"#{first}").focus()
            return False
        if not self.dirty and not force:
            return True
        try:
            save_settings(settings, self.ctx.settings_path)
        except OSError as exc:
            self._status(f"Không lưu được {self.ctx.settings_path}: {exc.strerror or exc}", "error")
            return False
        self.settings = settings
        self.shown, _errors = self.typed()
        self.load_error = None
        self._status(f"Đã lưu cài đặt vào {self.ctx.settings_path}.", "ok")
        self.notify("Đã lưu cài đặt.")
        self.post_message(DataChanged(self.ctx.plan_id, None))
        return True

    def action_save(self) -> None:
        self.save(force=True)

    # -- the plan's report types (issue 12): a screen of their own, saved as they change --
    def action_report_types(self) -> None:
        from cdstui.tui.screens.report_types import ReportTypesScreen

        if self.ctx.plan_id is None:
            self._status("Chưa có kế hoạch nào: chưa có loại báo cáo để sửa.", "error")
            return
        self.app.push_screen(ReportTypesScreen(self.ctx))

    def on_screen_resume(self) -> None:
        """Back from the report types: the plans' tables as now written, so that saving
        this form keeps them."""
        try:
            self.settings = replace(self.settings, plans=load_settings(self.ctx.settings_path).plans)
        except ValueError:
            pass  # the form's own save says what is wrong with the file
