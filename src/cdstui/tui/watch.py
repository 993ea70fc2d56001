"""Noticing that another program wrote to the database while the app is open.

SQLite's ``PRAGMA data_version`` (``Store.data_version()``) moves when another
connection commits: an agency workbook imported from the command line, a
restore by another tool, the app's own export worker. The app looks on focus,
on every change of screen, before every write and about once a second while
idle; when it moved, every open screen gets ``ChangedElsewhere`` and reads the
database again (the plan list says which tasks changed, a form keeps the
officer's typing). The writes themselves carry the values they replace, so
that a write from an old picture is refused by the store even between two looks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cdstui.domain.labels import field_label, value_label
from cdstui.store.base import same_value
from cdstui.tui.messages import ChangedElsewhere

if TYPE_CHECKING:
    from textual.app import App

    from cdstui.tui.context import AppContext

POLL_SECONDS = 1.0


def check_for_changes(app: App, ctx: AppContext) -> bool:
    """Has another program written since the app last looked? Then every open
    screen is told to read again (True)."""
    try:
        version = ctx.store.data_version()
    except Exception:  # noqa: BLE001 - the store is closing with the app: nothing to read again
        return False
    if ctx.data_version is None:
        ctx.data_version = version
        return False
    if version == ctx.data_version:
        return False
    ctx.data_version = version
    for screen in app.screen_stack:
        screen.post_message(ChangedElsewhere())
    return True


def changed_fields(before: dict[str, object], now: dict[str, object]) -> dict[str, object]:
    """The fields whose stored value is no longer the one the form started from."""
    return {name: now[name] for name in before if name in now and not same_value(name, before[name], now[name])}


def changed_elsewhere(where: str, changed: dict[str, object], kind: str = "task") -> str:
    """ "II.1 vừa được cập nhật ở nơi khác: tình trạng «Hoàn thành»."."""
    what = "; ".join(f"{field_label(name, kind).lower()} «{value_label(name, value)}»" for name, value in changed.items())
    return f"{where} vừa được cập nhật ở nơi khác: {what}." if what else f"{where} vừa được cập nhật ở nơi khác."
