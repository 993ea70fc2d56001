"""Trợ giúp: every key of the app, in Vietnamese, grouped."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from cdstui.tui.actions import ACTION_BY_ID, bindings
from cdstui.tui.widgets.key_footer import KeyFooter

# The help's groups, and the actions each lists in order (keys and words come
# from the actions table; an action listed with its pair, "↑ / ↓", is not
# listed again: its partner's row says it).
HELP_LAYOUT: tuple[tuple[str, tuple[str, ...]], ...] = (
    # two columns: the groups side by side are of about the same height
    ("Nhiệm vụ", ("plan.open", "plan.status", "plan.history", "plan.undo", "plan.redo", "editor.save", "editor.edit_plan")),
    ("Tiến độ", ("plan.add_entry", "editor.add_entry", "journal.edit", "journal.remove", "journal.open", "entry_form.add_doc")),
    (
        "Màn hình",
        (
            "plan.indicators", "plan.overview", "plan.export", "plan.narrative", "plan.settings", "plan.calendar",
            "plan.choose", "plan.import", "indicators.edit", "plan.help",
        ),
    ),
    (
        "Tìm kiếm và lọc",
        ("plan.search", "search.submit", "search.clear", "plan.filter", "plan.toggle", "plan.fold_all"),
    ),
    ("Di chuyển", ("plan.up", "plan.page_up", "plan.home", "app.focus_next")),
    ("Chung", ("app.palette", "history.back", "plan.quit")),
)

# (group, ((keys, what they do), …)) as the help screen shows them
KEY_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = tuple(
    (group, tuple((ACTION_BY_ID[i].keys_shown, ACTION_BY_ID[i].help) for i in ids)) for group, ids in HELP_LAYOUT
)

NOTE = (
    "Phím tắt không dùng ctrl+enter hay các tổ hợp với alt vì chúng không ổn định "
    "trên cửa sổ dòng lệnh của Windows. Khi đang gõ trong một ô, các phím chữ "
    "được gõ vào ô, không kích hoạt lệnh."
)


def group_table(title: str, keys: tuple[tuple[str, str], ...]) -> Table:
    table = Table(title=Text(title, style="bold"), title_justify="left", show_header=False, expand=True, box=None, padding=(0, 1))
    table.add_column("Phím", style="bold", no_wrap=True, ratio=None)
    table.add_column("Tác dụng", ratio=1)
    for key, what in keys:
        table.add_row(Text(key, style="bold"), Text(what))
    return table


class HelpScreen(Screen):
    """Keys of the app."""

    CSS_PATH = "help.tcss"

    BINDINGS = bindings("help")

    def __init__(self, ctx=None) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Static(Text("Trợ giúp — các phím của cdstui", style="bold"), id="help-title")
        with VerticalScroll(id="help-body"):
            with Grid(id="help-grid"):
                for title, keys in KEY_GROUPS:
                    yield Static(group_table(title, keys), classes="help-group")
            yield Static(Text(NOTE, style="italic"), id="help-note")
        yield KeyFooter()
