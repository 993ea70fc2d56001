"""The narrative of a report in the store: a new draft never overwrites the officer's edits unasked."""

from __future__ import annotations

import pytest

from cdstui.report.narrative import Narrative, NarrativeSection
from cdstui.store import Store, StoreError
from cdstui.store.narratives import NarrativeConflict, load_narrative, save_edit, store_draft
from tests.conftest import SEED_000, db_content


def narrative(text: str) -> Narrative:
    return Narrative([NarrativeSection("leadership", "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", [text])], opening="Thực hiện…")


@pytest.fixture
def store(tmp_path):
    from cdstui.importers import read_document

    with Store.open(tmp_path / "n.db") as store:
        store.import_plan(read_document(SEED_000))
        yield store


def test_a_draft_is_kept_per_plan_report_type_and_period(store):
    pid = store.plan_ids()[0]
    assert load_narrative(store, pid, "2026-Q3") is None
    store_draft(store, pid, "2026-Q3", narrative("Q3"))
    store_draft(store, pid, "2026-Q2", narrative("Q2"))
    store_draft(store, pid, "2026-Q3", narrative("DTI"), report_type="DTI")
    assert load_narrative(store, pid, "2026-Q3").current.sections[0].paragraphs == ["Q3"]
    assert load_narrative(store, pid, "2026-Q2").current.sections[0].paragraphs == ["Q2"]
    assert load_narrative(store, pid, "2026-Q3", "DTI").current.sections[0].paragraphs == ["DTI"]


def test_an_unedited_draft_is_simply_replaced(store):
    pid = store.plan_ids()[0]
    store_draft(store, pid, "2026-Q3", narrative("first"))
    stored = store_draft(store, pid, "2026-Q3", narrative("second"))
    assert stored.current.sections[0].paragraphs == ["second"] and stored.edited is None


def test_a_new_draft_over_an_edit_is_refused_until_forced(store):
    pid = store.plan_ids()[0]
    store_draft(store, pid, "2026-Q3", narrative("draft"))
    edited = narrative("draft")
    edited.sections[0] = edited.sections[0].with_text("Ban Chỉ đạo họp 02 lần.\nBan hành 80 văn bản.")
    save_edit(store, pid, "2026-Q3", edited)
    before = db_content(store.path)
    with pytest.raises(NarrativeConflict) as info:
        store_draft(store, pid, "2026-Q3", narrative("regenerated"))
    assert "đã được sửa" in str(info.value)
    assert db_content(store.path) == before  # nothing written
    stored = load_narrative(store, pid, "2026-Q3")
    assert stored.current.sections[0].paragraphs == ["Ban Chỉ đạo họp 02 lần.", "Ban hành 80 văn bản."]
    assert stored.draft.sections[0].paragraphs == ["draft"]  # the draft kept apart from the edit
    # the same draft again is no conflict: nothing would be lost
    store_draft(store, pid, "2026-Q3", narrative("draft"))
    assert load_narrative(store, pid, "2026-Q3").edited is not None
    # forced: the new draft is used, the edit kept aside
    stored = store_draft(store, pid, "2026-Q3", narrative("regenerated"), force=True)
    assert stored.current.sections[0].paragraphs == ["regenerated"]
    assert stored.replaced.sections[0].paragraphs == ["Ban Chỉ đạo họp 02 lần.", "Ban hành 80 văn bản."]


def test_an_edit_needs_a_draft_and_a_plan(store):
    with pytest.raises(StoreError):
        save_edit(store, store.plan_ids()[0], "2026-Q4", narrative("x"))
    with pytest.raises(StoreError):
        store_draft(store, 999, "2026-Q4", narrative("x"))


def test_narratives_go_with_their_plan(store):
    pid = store.plan_ids()[0]
    store_draft(store, pid, "2026-Q3", narrative("x"))
    store.delete_plan(pid)
    assert store.conn.execute("SELECT COUNT(*) FROM report_narratives").fetchone()[0] == 0
