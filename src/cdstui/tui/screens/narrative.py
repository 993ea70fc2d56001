"""Nội dung báo cáo: the narrative of one report (plan, report type, period), one text area per section.

The narrative is the one stored (``store.narratives``): the officer's edit,
else the draft. When nothing is stored yet, the draft is written from the
plan and its journal as the Word export would (``report_narrative_draft``)
and stored, so that the export and this screen show the same text.

ctrl+s saves the officer's text (``save_edit``); Esc saves and leaves; the
exit rule of ``tui.form`` asks before unsaved typing is lost. ctrl+r writes a
new draft, and asks first when it would replace the officer's edits
(``NarrativeConflict``) or unsaved typing.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static, TextArea

from cdstui.domain.text import nfc
from cdstui.report.narrative import Narrative
from cdstui.settings import Settings, load_settings
from cdstui.store.base import StoreError
from cdstui.store.narratives import NarrativeConflict, StoredNarrative, load_narrative, save_edit, store_draft
from cdstui.tui.actions import bindings
from cdstui.tui.form import FormScreen
from cdstui.tui.report_choice import default_period
from cdstui.tui.screens.indicators import resolve_plan_id
from cdstui.tui.widgets.confirm import ConfirmModal
from cdstui.tui.widgets.key_footer import KeyFooter

REGENERATE_CHOICES = (("replace", "Tạo lại bản nháp", "error"), ("cancel", "Hủy", "default"))
REGENERATE_UNSAVED = "Nội dung đang gõ chưa lưu sẽ bị thay bằng bản nháp mới. Tạo lại bản nháp?"


def normalized(narrative: Narrative) -> Narrative:
    """``narrative`` as a text area gives it back: NFC, a paragraph per non-empty line."""
    return Narrative(
        sections=[s.with_text(nfc(s.text)) for s in narrative.sections],
        opening=nfc(narrative.opening).strip(),
        closing=nfc(narrative.closing).strip(),
    )


def when(stamp: str | None) -> str:
    """A stored time as the officer reads it: "29/11/2026 10:05"."""
    try:
        return datetime.fromisoformat(stamp or "").astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return stamp or ""


class NarrativeScreen(FormScreen, Screen):
    """Edit the narrative of a report; the Word export prints what is saved here."""

    CSS_PATH = "narrative.tcss"

    BINDINGS = bindings("narrative")

    def __init__(self, ctx, *, period: str | None = None, report_type: str | None = None, scope: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.plan_id = resolve_plan_id(ctx)
        self.period_code = period
        self.report_type = report_type
        self.scope = scope
        try:
            self.settings = load_settings(ctx.settings_path)
        except ValueError:
            self.settings = Settings()
        self.key = ""  # the stored narrative's report type
        self.shown: Narrative | None = None  # the narrative as stored, as the text areas started

    def compose(self) -> ComposeResult:
        yield Static(id="narrative-title")
        yield VerticalScroll(id="narrative-body")
        yield Static(id="narrative-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.plan_id is None:
            self._status("Chưa có kế hoạch nào.", "error")
            return
        self._status("Đang mở nội dung báo cáo…", "")
        self._open()

    @work(thread=True, exclusive=True, group="narrative")
    def _open(self) -> None:
        """Read (or draft and store) the narrative through a connection of the
        worker's own: a draft reads the journal of the whole plan."""
        from cdstui.store import Store

        try:
            with Store.open(self.ctx.store.path, migrate=False) as store:
                stored = self._load(store)
        except (StoreError, ValueError) as exc:
            self.app.call_from_thread(self._failed, f"Không mở được nội dung báo cáo: {exc}")
            return
        self.app.call_from_thread(self._opened, stored)

    def _failed(self, message: str) -> None:
        if self in self.app.screen_stack:
            self._status(message, "error")

    async def _opened(self, stored: StoredNarrative) -> None:
        if self not in self.app.screen_stack:
            return  # left while the narrative was read
        await self._show(stored)
        self._status("Sửa từng phần rồi nhấn ctrl+s để lưu; Esc lưu và quay lại; ctrl+r tạo lại bản nháp.", "")

    # -- the stored narrative ----------------------------------------------------
    def _draft(self, store):
        from cdstui.report.export import report_narrative_draft

        return report_narrative_draft(
            store, self.plan_id, self.period_code, today=self.ctx.today, settings=self.settings,
            report_type=self.report_type, scope=self.scope,
        )

    def _load(self, store) -> StoredNarrative:
        """The stored narrative; the draft written and stored first when there is none."""
        from cdstui.report.export import narrative_key, resolve_period

        plan = store.load_plan(self.plan_id, head=0)
        plan_settings = self.settings.for_plan(plan)
        rtype = plan_settings.report_type(self.report_type)
        if self.period_code:
            self.period = resolve_period(self.period_code, self.ctx.today, plan_settings, rtype)
        else:  # as the export dialog chooses: within the plan's year
            self.period = default_period(rtype, rtype.periods_of(plan.year or self.ctx.today.year), self.ctx.today)
        self.period_code, self.report_type, self.key = self.period.code, rtype.name, narrative_key(plan_settings, rtype)
        stored = load_narrative(store, self.plan_id, self.period_code, self.key)
        if stored is None:
            stored = store_draft(store, self.plan_id, self.period_code, self._draft(store).narrative, report_type=self.key)
        return stored

    async def _show(self, stored: StoredNarrative) -> None:
        self.shown = normalized(stored.current)
        self._title(f"đã sửa lúc {when(stored.edited_at)}" if stored.edited is not None else "bản nháp")
        body = self.query_one("#narrative-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(self._fields(self.shown))

    def _title(self, state: str) -> None:
        title = Text(f"Nội dung báo cáo — {self.report_type} — {self.period.label}", style="bold")
        title.append(f"  ({state})", style="dim")
        self.query_one("#narrative-title", Static).update(title)

    def _fields(self, narrative: Narrative) -> list:
        fields: list = [Label("Mở đầu", classes="section-title"), TextArea(narrative.opening, id="opening", soft_wrap=True, compact=True)]
        for i, section in enumerate(narrative.sections):
            fields.append(Label(section.title, classes=f"section-title level-{section.level}"))
            fields.append(TextArea(section.text, id=f"section-{i}", classes=f"level-{section.level}", soft_wrap=True, compact=True))
        fields += [Label("Kết thúc", classes="section-title"), TextArea(narrative.closing, id="closing", soft_wrap=True, compact=True)]
        return fields

    def typed(self) -> Narrative | None:
        """The narrative as the text areas hold it now (None before it is shown)."""
        if self.shown is None:
            return None
        areas = {area.id: area.text for area in self.query(TextArea)}
        sections = [s.with_text(areas.get(f"section-{i}", s.text)) for i, s in enumerate(self.shown.sections)]
        typed = Narrative(sections=sections, opening=areas.get("opening", self.shown.opening), closing=areas.get("closing", self.shown.closing))
        return normalized(typed)

    def _status(self, message: str, kind: str) -> None:
        status = self.query_one("#narrative-status", Static)
        status.update(Text(message))
        status.set_class(kind == "error", "-error")
        status.set_class(kind == "ok", "-ok")

    # -- the exit rule (tui.form) -------------------------------------------------
    @property
    def dirty(self) -> bool:
        typed = self.typed()
        return typed is not None and typed.to_dict() != self.shown.to_dict()

    def save(self) -> bool:
        if not self.dirty:
            return True
        typed = self.typed()
        try:
            save_edit(self.ctx.store, self.plan_id, self.period_code, typed, report_type=self.key)
        except StoreError as exc:
            self._status(f"Không lưu được: {exc}", "error")
            return False
        self.shown = typed
        self._title("đã sửa")
        self._status("Đã lưu nội dung báo cáo; bản Word xuất ra dùng nội dung này.", "ok")
        return True

    def action_save(self) -> None:
        if self.save():
            self.notify("Đã lưu nội dung báo cáo.")

    # -- a new draft --------------------------------------------------------------
    async def action_regenerate(self) -> None:
        if self.shown is None:
            return
        if self.dirty:
            self._ask(REGENERATE_UNSAVED)
        else:
            await self._regenerate(force=False)

    def _ask(self, question: str) -> None:
        self.app.push_screen(
            ConfirmModal(question, REGENERATE_CHOICES), lambda answer: self._regenerate(force=True) if answer == "replace" else None
        )

    async def _regenerate(self, *, force: bool) -> None:
        try:
            draft = self._draft(self.ctx.store).narrative
            stored = store_draft(self.ctx.store, self.plan_id, self.period_code, draft, report_type=self.key, force=force)
        except NarrativeConflict as exc:
            self._ask(f"{exc} Tạo lại bản nháp?")
            return
        except (StoreError, ValueError) as exc:
            self._status(f"Không tạo lại được bản nháp: {exc}", "error")
            return
        await self._show(stored)
        self._status("Đã tạo lại bản nháp từ nhật ký kết quả.", "ok")
