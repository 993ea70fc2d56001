"""A task's progress log in the editor: its entries, newest first, each with
its documents (số/ký hiệu, ngày, cơ quan ban hành, trích yếu, tệp).

The list only shows and picks: Enter (or e) edits the highlighted entry,
Delete (or x) removes it, o opens its file; each posts ``JournalList.Picked``
and the editor does the work.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import ListItem, ListView, Static

from cdstui.domain.entries import Entry, Evidence
from cdstui.domain.labels import EVIDENCE_LABELS, ORIGIN_LABELS
from cdstui.tui.actions import bindings

EMPTY_LOG = "Chưa có mục tiến độ nào."


def newest_first(entries: list[Entry]) -> list[Entry]:
    return sorted((e for e in entries if not e.removed), key=lambda e: e.sort_key, reverse=True)


def doc_text(doc: Evidence) -> str:
    """ "Số, ký hiệu: 12/KH-UBND · Ngày ban hành: 15/02/2026 · …" (the fields it has)."""
    values = {
        "number": doc.number,
        "date": f"{doc.date:%d/%m/%Y}" if doc.date else "",
        "issuer": doc.issuer,
        "summary": doc.summary,
        "file": doc.file,
    }
    return " · ".join(f"{EVIDENCE_LABELS[k]}: {v}" for k, v in values.items() if v)


def entry_text(entry: Entry) -> Text:
    text = Text()
    text.append(f"{entry.date:%d/%m/%Y}", style="bold")
    if entry.value:
        text.append(f"  Giá trị: {entry.value}", style="bold")
    if entry.origin not in ("app", "cli"):
        text.append(f"  ({ORIGIN_LABELS.get(entry.origin, entry.origin)})", style="dim")
    text.append("\n" + (entry.text or "—"))
    for doc in entry.docs:
        text.append("\n  • " + doc_text(doc), style="italic")
    return text


class JournalList(ListView):
    """The entries of one task, newest first."""

    BINDINGS = bindings("journal")

    @dataclass
    class Picked(Message):
        """An entry to edit, remove or open (``what``: "edit", "remove", "open")."""

        entry: Entry
        what: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []

    async def show(self, entries: list[Entry]) -> None:
        """Show ``entries`` (any order, removed ones left out), keeping the highlighted one when it stays."""
        keep = self.current.id if self.current else None
        self.entries = newest_first(entries)
        await self.clear()
        if not self.entries:
            await self.append(ListItem(Static(Text(EMPTY_LOG, style="dim")), disabled=True))
            return
        await self.extend(ListItem(Static(entry_text(e))) for e in self.entries)
        ids = [e.id for e in self.entries]
        self.index = ids.index(keep) if keep in ids else 0

    @property
    def current(self) -> Entry | None:
        if self.index is None or not 0 <= self.index < len(self.entries):
            return None
        return self.entries[self.index]

    def _pick(self, what: str) -> None:
        if self.current is not None:
            self.post_message(self.Picked(self.current, what))

    def action_edit(self) -> None:
        self._pick("edit")

    def action_remove(self) -> None:
        self._pick("remove")

    def action_open_file(self) -> None:
        self._pick("open")
