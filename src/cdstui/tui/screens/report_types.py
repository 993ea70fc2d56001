"""Loại báo cáo: the open plan's report types (name, recipients, periods, due
rule, scope, columns), edited, added and removed.

Each change is written at once into the plan's ``[plans.<id>]`` table of the
settings file (``settings.save_settings``: a temporary file renamed into
place). A type is checked whole before anything is written: a refused value
gets a Vietnamese message in the form and the file stays as it was.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, TextArea

from cdstui.domain.labels import field_label
from cdstui.domain.report_types import PERIOD_TOKENS, REPORT_COLUMNS, DueRule, ReportType
from cdstui.domain.text import fold, nfc
from cdstui.tui.actions import bindings
from cdstui.tui.screens.list_detail import ListDetailScreen
from cdstui.tui.messages import DataChanged
from cdstui.tui.text_fit import clip
from cdstui.tui.widgets.modal_form import ModalForm

if TYPE_CHECKING:
    from cdstui.settings import PlanSettings
    from cdstui.tui.context import AppContext

PERIOD_WORDS = {
    "month": "hằng tháng",
    "quarter": "hằng quý",
    "Q1": "quý I",
    "Q2": "quý II",
    "Q3": "quý III",
    "Q4": "quý IV",
    "H1": "6 tháng",
    "9M": "9 tháng",
    "year": "năm",
}
RULE_WORDS = {
    "following_month": "ngày {day} của tháng sau kỳ",
    "last_month": "ngày {day} của tháng cuối kỳ",
}
SCOPE_WORDS = {
    "auto": "theo kỳ (quý, tháng: trong kỳ; 6 tháng, 9 tháng, năm: lũy kế)",
    "in_period": "trong kỳ",
    "cumulative": "lũy kế từ 1/1",
}
_SPLIT = re.compile(r"[,;\s]+")


def periods_text(periods: list[str]) -> str:
    return ", ".join(PERIOD_WORDS.get(p, p) for p in periods)


def due_text(due: DueRule) -> str:
    """ "ngày 10 của tháng sau kỳ; năm: 15/01" """
    text = RULE_WORDS[due.rule].format(day=due.day)
    fixed = "; ".join(f"{PERIOD_WORDS.get(key, key)}: {value}" for key, value in due.dates.items())
    return f"{text}; {fixed}" if fixed else text


def _tokens(text: str, known: tuple[str, ...], what: str) -> list[str]:
    """Tokens typed with any case, separated by commas or spaces; ValueError naming an unknown one."""
    by_fold = {fold(t): t for t in known}
    out, bad = [], []
    for word in _SPLIT.split(text.strip()):
        if not word:
            continue
        token = by_fold.get(fold(word))
        (out if token else bad).append(token or word)
    if bad:
        raise ValueError(f"{what} không hợp lệ: {', '.join(bad)} (dùng: {', '.join(known)}).")
    if not out:
        raise ValueError(f"Cần ít nhất một {what.lower()} (dùng: {', '.join(known)}).")
    return list(dict.fromkeys(out))


def _dates(text: str) -> dict[str, str]:
    """ "H1=25/05, year=15/01" -> {"H1": "25/05", "year": "15/01"}."""
    out: dict[str, str] = {}
    for part in re.split(r"[,;]", text):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValueError(f"Hạn cố định «{part.strip()}» cần dạng kỳ=ngày/tháng, ví dụ H1=25/05.")
        out[_date_key(key.strip())] = value.strip()
    return out


def _date_key(key: str) -> str:
    """A fixed date's period: a token ("H1", "year", "M07") or a period code ("2026-Q3")."""
    from cdstui.domain.periods import parse_period

    tokens = {fold(t): t for t in (*PERIOD_TOKENS, *(f"M{m:02d}" for m in range(1, 13)))}
    if fold(key) in tokens:
        return tokens[fold(key)]
    try:
        return parse_period(key).code
    except ValueError:
        raise ValueError(
            f"Kỳ «{key}» của hạn cố định không hợp lệ (dùng: {', '.join(PERIOD_TOKENS)}, M01…M12 hoặc mã kỳ như 2026-Q3)."
        ) from None


def parse_report_type(
    name: str, recipients: str, periods: str, rule: str, day: str, dates: str, scope: str, columns: str
) -> ReportType:
    """A report type from the form's texts; ValueError (Vietnamese) naming what is wrong."""
    value = day.strip()
    if not value.isdigit() or not 1 <= int(value) <= 31:
        raise ValueError(f"Ngày nộp phải là số nguyên từ 1 đến 31 (đang là «{value}»).")
    due = DueRule(rule=rule, day=int(value), dates=_dates(dates))
    return ReportType(
        name=nfc(name).strip(),
        recipients=[line.strip() for line in recipients.splitlines() if line.strip()],
        periods=_tokens(periods, PERIOD_TOKENS, "Kỳ báo cáo"),
        due=due,
        scope=scope,
        columns=_tokens(columns, REPORT_COLUMNS, "Cột"),
    )


def plan_settings_of(ctx: AppContext) -> tuple[PlanSettings | None, str | None]:
    """The open plan's settings (its report types among them) and why the file
    could not be read, if it could not (the defaults are used then)."""
    from cdstui.settings import Settings, load_settings

    if ctx.plan_id is None:
        return None, None
    plan = ctx.store.load_plan(ctx.plan_id, head=0)
    try:
        return load_settings(ctx.settings_path).for_plan(plan), None
    except ValueError as exc:
        return Settings().for_plan(plan), str(exc)


def save_report_types(ctx: AppContext, types: list[ReportType]) -> str | None:
    """Write ``types`` as the open plan's report types; the message refusing it, or None."""
    from cdstui.settings import load_settings, save_settings

    try:
        settings = load_settings(ctx.settings_path)
    except ValueError as exc:
        return f"Chưa lưu: tệp cài đặt có lỗi, sửa tệp trước ({exc})."
    plan = ctx.store.load_plan(ctx.plan_id, head=0)
    chosen = settings.for_plan(plan)
    chosen.report_types = list(types)
    try:
        save_settings(settings.with_plan(plan, chosen), ctx.settings_path)
    except OSError as exc:
        return f"Không lưu được {ctx.settings_path}: {exc.strerror or exc}"
    return None


class ReportTypesScreen(ListDetailScreen):
    """The plan's report types, one line each."""

    BINDINGS = bindings("report_types")
    columns = (("name", "Tên", 14), ("to", "Nơi nhận", 28), ("periods", "Kỳ", 28), ("due", "Hạn nộp", 40))
    dropped_first = ("to", "periods")

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.types: list[ReportType] = []

    @property
    def current_index(self) -> int | None:
        table = self.table
        return min(table.cursor_row, len(self.types) - 1) if self.types and table.cursor_row >= 0 else None

    def reload(self, keep: int | None = None) -> None:
        settings, error = plan_settings_of(self.ctx)
        self.types = list(settings.report_types) if settings else []
        heading = Text("Loại báo cáo của kế hoạch", style="bold")
        heading.append(f" — {self.ctx.settings_path}", style="dim")
        if error:
            heading.append(f"\nKhông đọc được tệp cài đặt: {error}", style="red")
        self.show_title(heading)
        table = self.table
        table.clear()
        for i, rtype in enumerate(self.types):
            values = {
                "name": rtype.name,
                "to": ", ".join(rtype.recipients),
                "periods": periods_text(rtype.periods),
                "due": due_text(rtype.due),
            }
            table.add_row(*(clip(values[key], width) for key, _heading, width in self.shown), key=str(i))
        if keep is not None and self.types:
            table.move_cursor(row=min(keep, len(self.types) - 1))
        self.show_detail()

    def activate(self) -> None:
        self.action_edit()

    def show_detail(self) -> None:
        index = self.current_index
        if index is None:
            self.show_detail_text(Text("Chưa có loại báo cáo nào: nhấn a để thêm."))
            return
        rtype = self.types[index]
        text = Text(rtype.name, style="bold")
        for label, value in (
            ("Nơi nhận", "; ".join(rtype.recipients) or "(chưa ghi)"),
            ("Kỳ", periods_text(rtype.periods)),
            ("Hạn nộp", due_text(rtype.due)),
            ("Phạm vi", SCOPE_WORDS[rtype.scope]),
            ("Cột", ", ".join(field_label(c) for c in rtype.columns)),
        ):
            text.append(f"\n{label}: ", style="dim")
            text.append(value)
        self.show_detail_text(text)

    # -- actions -------------------------------------------------------------
    def action_edit(self) -> None:
        index = self.current_index
        if index is None:
            return
        self.app.push_screen(ReportTypeForm(self.types[index], self._names(but=index), write=lambda t: self._store(t, index)))

    def action_add(self) -> None:
        self.app.push_screen(ReportTypeForm(None, self._names(), write=lambda t: self._store(t, None)))

    def _names(self, but: int | None = None) -> set[str]:
        return {fold(t.name) for i, t in enumerate(self.types) if i != but}

    def _store(self, rtype: ReportType, index: int | None) -> str | None:
        """Save the type typed in the form; the message refusing it, or None."""
        types = list(self.types)
        if index is None:
            types.append(rtype)
            index = len(types) - 1
        else:
            renamed = fold(types[index].name) != fold(rtype.name)
            if renamed:
                self.notify(
                    f"Loại báo cáo «{types[index].name}» đổi tên thành «{rtype.name}»: các lần xuất và gửi đã ghi "
                    f"với tên cũ không còn hiện ở loại này trong lịch báo cáo.",
                    severity="warning",
                    timeout=10,
                )
            types[index] = rtype
        return self._save(types, index, f"Đã lưu loại báo cáo «{rtype.name}».")

    def _save(self, types: list[ReportType], keep: int, done: str) -> str | None:
        error = save_report_types(self.ctx, types)
        if error:
            return error
        self.notify(done)
        self.post_message(DataChanged(self.ctx.plan_id))
        self.reload(keep)
        return None

    def action_remove(self) -> None:
        from cdstui.tui.widgets.confirm import ConfirmModal

        index = self.current_index
        if index is None:
            return
        rtype = self.types[index]
        if len(self.types) == 1:
            self.notify("Kế hoạch cần ít nhất một loại báo cáo: không xóa được loại cuối cùng.", severity="warning")
            return
        question = f"Xóa loại báo cáo «{rtype.name}»? Các lần xuất báo cáo đã ghi vẫn giữ nguyên."
        choices = (("remove", "Xóa", "error"), ("cancel", "Giữ nguyên", "default"))

        def answered(answer: str | None) -> None:
            if answer == "remove":
                error = self._save([t for i, t in enumerate(self.types) if i != index], index, f"Đã xóa loại báo cáo «{rtype.name}».")
                if error:
                    self.notify(error, severity="error", timeout=10)

        self.app.push_screen(ConfirmModal(question, choices), answered)


class ReportTypeForm(ModalForm[ReportType]):
    """One report type's fields."""

    BINDINGS = bindings("report_type_form")

    DEFAULT_CSS = """
    ReportTypeForm #type-fields {
        height: auto;
        max-height: 32;
    }
    """

    def __init__(self, rtype: ReportType | None, taken: set[str], *, write) -> None:
        super().__init__(write)
        self.rtype = rtype or ReportType(name="Báo cáo mới")
        self.heading = "Thêm loại báo cáo" if rtype is None else f"Sửa loại báo cáo «{rtype.name}»"
        self.taken = taken

    def fields(self) -> ComposeResult:
        t, field = self.rtype, self.field
        with VerticalScroll(id="type-fields"):
            yield from field("Tên", Input(t.name, id="type-name", compact=True))
            yield from field("Nơi nhận (mỗi dòng một nơi)", TextArea("\n".join(t.recipients), id="type-recipients", compact=True))
            yield from field("Kỳ (month, quarter, Q1…Q4, H1, 9M, year)", Input(", ".join(t.periods), id="type-periods", compact=True))
            rules = [(words.format(day="N"), rule) for rule, words in RULE_WORDS.items()]
            yield from field("Hạn nộp", Select(rules, value=t.due.rule, allow_blank=False, id="type-rule", compact=True))
            yield from field("Ngày N (1–31)", Input(str(t.due.day), id="type-day", compact=True))
            dates = ", ".join(f"{k}={v}" for k, v in t.due.dates.items())
            yield from field("Hạn cố định (kỳ=ngày/tháng, ví dụ H1=25/05, year=15/01)", Input(dates, id="type-dates", compact=True))
            scopes = [(words, scope) for scope, words in SCOPE_WORDS.items()]
            yield from field("Phạm vi", Select(scopes, value=t.scope, allow_blank=False, id="type-scope", compact=True))
            yield from field(f"Cột ({', '.join(REPORT_COLUMNS)})", Input(", ".join(t.columns), id="type-columns", compact=True))

    def on_mount(self) -> None:
        self.query_one("#type-name", Input).focus()

    def collect(self) -> tuple[ReportType | None, str]:
        """The type as typed, or the message refusing it."""
        q = self.query_one
        try:
            rtype = parse_report_type(
                q("#type-name", Input).value,
                q("#type-recipients", TextArea).text,
                q("#type-periods", Input).value,
                str(q("#type-rule", Select).value),
                q("#type-day", Input).value,
                q("#type-dates", Input).value,
                str(q("#type-scope", Select).value),
                q("#type-columns", Input).value,
            )
        except ValueError as exc:
            return None, str(exc)
        if fold(rtype.name) in self.taken:
            return None, f"Đã có loại báo cáo tên «{rtype.name}»: chọn tên khác."
        return rtype, ""
