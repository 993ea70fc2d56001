"""The actions table: every binding of the app comes from it, and names a real action."""

from __future__ import annotations

import re

import pytest
from cdstui.tui.actions import ACTION_BY_ID, ACTIONS, bindings, palette_actions
from cdstui.tui.app import CdsApp
from cdstui.tui.screens.editor import EditorScreen
from cdstui.tui.widgets.confirm import ConfirmModal
from cdstui.tui.widgets.entry_form import EntryForm
from cdstui.tui.widgets.journal import JournalList
from cdstui.tui.screens.export import ExportScreen
from cdstui.tui.screens.help import HELP_LAYOUT, HelpScreen
from cdstui.tui.screens.history import HistoryScreen
from cdstui.tui.screens.import_file import ImportScreen
from cdstui.tui.screens.indicators import IndicatorsScreen
from cdstui.tui.screens.narrative import NarrativeScreen
from cdstui.tui.screens.overview import OverviewScreen
from cdstui.tui.screens.plan import PlanScreen
from cdstui.tui.screens.settings import SettingsScreen
from cdstui.tui.widgets.choice_modal import ChoiceModal
from cdstui.tui.widgets.indicator_form import IndicatorForm
from cdstui.tui.widgets.plan_table import PlanTable
from cdstui.tui.widgets.search_bar import SearchBar
from cdstui.tui.screens.calendar import CalendarScreen, SentForm
from cdstui.tui.screens.report_types import ReportTypeForm, ReportTypesScreen

OWNERS = {
    "app": CdsApp,
    "plan": PlanScreen,
    "list": PlanTable,
    "search": SearchBar,
    "editor": EditorScreen,
    "confirm": ConfirmModal,
    "export": ExportScreen,
    "narrative": NarrativeScreen,
    "help": HelpScreen,
    "history": HistoryScreen,
    "import": ImportScreen,
    "indicators": IndicatorsScreen,
    "indicator_form": IndicatorForm,
    "overview": OverviewScreen,
    "settings": SettingsScreen,
    "choice": ChoiceModal,
    "calendar": CalendarScreen,
    "sent_form": SentForm,
    "report_types": ReportTypesScreen,
    "report_type_form": ReportTypeForm,
    "journal": JournalList,
    "entry_form": EntryForm,
}

# Keys of the plan screen the help names on their partner's row ("↑ / ↓", "? / F1", …).
DESCRIBED_WITH_A_PARTNER = {
    "plan.down", "plan.page_down", "plan.end", "plan.unfold_all", "plan.clear", "app.help", "app.quit", "app.focus_previous",
}


def test_ids_are_unique_and_every_owner_is_known():
    assert len(ACTION_BY_ID) == len(ACTIONS)
    assert {a.owner for a in ACTIONS} == set(OWNERS)


@pytest.mark.parametrize("owner", sorted(OWNERS))
def test_every_class_declares_its_bindings_from_the_table(owner):
    declared = OWNERS[owner].BINDINGS
    assert [(b.id, b.key, b.action, b.description, b.show, b.priority) for b in declared] == [
        (b.id, b.key, b.action, b.description, b.show, b.priority) for b in bindings(owner)
    ]
    assert declared, owner


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.id)
def test_every_action_runs_a_method_of_its_owner(action):
    name = re.match(r"(?:(app|screen)\.)?(\w+)", action.action)
    namespace, method = name.group(1), name.group(2)
    target = {"app": CdsApp, None: OWNERS[action.owner]}[namespace]
    assert callable(getattr(target, f"action_{method}", None)), action


def test_the_help_lists_every_key_of_the_plan_screen_once():
    listed = [i for _group, ids in HELP_LAYOUT for i in ids]
    assert len(listed) == len(set(listed)) and set(listed) <= set(ACTION_BY_ID)
    main = {a.id for a in ACTIONS if a.owner in ("app", "plan", "list", "search")}
    assert main - set(listed) == DESCRIBED_WITH_A_PARTNER
    assert all(ACTION_BY_ID[i].keys_shown and ACTION_BY_ID[i].help for i in listed)


def test_the_palette_offers_the_actions_of_the_plan_screen():
    offered = {a.id for a in palette_actions()}
    assert {"plan.search", "plan.filter", "plan.status", "plan.undo", "plan.export", "plan.open", "plan.quit"} <= offered
    assert all(a.owner in ("plan", "list", "app") and a.help for a in palette_actions())
