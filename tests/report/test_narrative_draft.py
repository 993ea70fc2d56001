"""``report_narrative_draft``: the draft the app's narrative screen shows is the one the
Word export would store, for the same report type, period and scope."""

from __future__ import annotations

from cdstui.report.export import export_report, narrative_key, report_narrative_draft
from cdstui.settings import Settings
from cdstui.store import Store
from cdstui.store.narratives import load_narrative
from tests.report.conftest import TODAY


def test_the_draft_is_the_one_the_word_export_stores(progressed_db, tmp_path):
    with Store.open(progressed_db) as store:
        pid = store.plan_ids()[0]
        draft = report_narrative_draft(store, pid, "2026-Q3", today=TODAY)
        assert (draft.period.code, draft.key, draft.scope) == ("2026-Q3", "", "in_period")
        results = "\n".join(s.text for s in draft.narrative.sections if s.key.startswith("results."))
        assert "Ban hành 80 chương trình, kế hoạch" in results  # from the journal's entries of Q3
        assert load_narrative(store, pid, "2026-Q3") is None  # nothing stored by the draft itself
        export_report(store, pid, "2026-Q3", today=TODAY, output=tmp_path, format="docx")
        stored = load_narrative(store, pid, "2026-Q3")
        assert stored.draft.to_dict() == draft.narrative.to_dict()


def test_another_report_type_is_stored_under_its_name(progressed_db):
    with Store.open(progressed_db) as store:
        pid = store.plan_ids()[0]
        draft = report_narrative_draft(store, pid, "2026-9M", today=TODAY, report_type="KHCN-CĐS")
        assert (draft.report_type, draft.key, draft.scope) == ("KHCN-CĐS", "KHCN-CĐS", "cumulative")
        plan_settings = Settings().for_plan(store.load_plan(pid))
        assert narrative_key(plan_settings, plan_settings.report_types[0]) == ""
        assert narrative_key(plan_settings, plan_settings.report_type("DTI")) == "DTI"
