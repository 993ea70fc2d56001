"""The progress log through the Pilot: n on the plan list, the entry form, the
editor's log (edit, remove, open a file), undo and redo, recurring status."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, Select, TextArea
from textual.widgets.select import InvalidSelectValueError

from cdstui.domain.entries import Evidence
from cdstui.store import Store
from cdstui.store.entries import add_entry, list_entries
from cdstui.tui.screens.editor import EditorScreen
from cdstui.tui.screens.plan import PlanScreen
from cdstui.tui.widgets.confirm import ConfirmModal
from cdstui.tui.widgets.entry_form import MSG_EMPTY, EntryForm
from cdstui.tui.widgets.journal import JournalList

from tests.test_system_open import fake_viewer, recorded
from tests.tui.conftest import find_task, move_to, open_editor, record_notifications, settle, type_into


def entries_of(db: Path, row_id: int):
    with Store.open(db) as store:
        return list_entries(store, row_id), store.get_row(row_id)


def seed_entries(db: Path, code_row: int, tmp_path: Path) -> Path:
    """Two entries on a row: one in September with a document and its file, one in October."""
    scan = tmp_path / "Kế hoạch 12.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    doc = Evidence("12/KH-UBND", date(2026, 2, 15), "UBND phường", "về chuyển đổi số năm 2026", str(scan))
    with Store.open(db) as store:
        add_entry(store, code_row, "Ban hành kế hoạch", day=date(2026, 9, 15), docs=[doc])
        add_entry(store, code_row, "Tổ chức hội nghị triển khai", day=date(2026, 10, 2))
    return scan


async def editor_with_log(pilot, db: Path, tmp_path: Path) -> int:
    """The editor of II.1 with the two entries of ``seed_entries``; its row id."""
    await settle(pilot)
    row_id = find_task(pilot.app, "II.1").row_id
    seed_entries(db, row_id, tmp_path)
    await open_editor(pilot, "II.1")
    return row_id


async def open_entry_form(pilot, code: str = "II.1") -> int:
    """The entry form of ``code``, opened by n on the plan list; the task's row id."""
    await settle(pilot)
    row_id = move_to(pilot.app, code)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, EntryForm)
    return row_id


def fill_doc(form: EntryForm, i: int, **fields: str) -> None:
    for name, value in fields.items():
        type_into(form.query_one(f"#doc-{i}-{name}", Input), value)


async def undone_and_redone(pilot, db: Path, row_id: int, before: list[str], after: list[str]) -> None:
    """u on the plan list puts the log back as ``before``, then ctrl+y as ``after`` (Kết quả follows)."""
    assert isinstance(pilot.app.screen, PlanScreen)
    for key, texts in (("u", before), ("ctrl+y", after)):
        await pilot.press(key)
        await settle(pilot)
        entries, row = entries_of(db, row_id)
        assert [e.text for e in entries] == texts
        assert (row.result or "") == "\n".join(texts)


async def focus_journal(pilot) -> JournalList:
    journal = pilot.app.screen.query_one(JournalList)
    journal.focus()
    await settle(pilot)
    return journal


# -- adding ------------------------------------------------------------------------


async def test_n_adds_an_entry_with_its_document_and_file_in_one_key(seed_db, make_app, tmp_path):
    scan = tmp_path / "scan QĐ.pdf"
    scan.write_bytes(b"%PDF-1.4")
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_entry_form(pilot)
        form = app.screen
        assert form.query_one("#entry-date", Input).value == "25/11/2026"  # today by default
        type_into(form.query_one("#entry-text", TextArea), "Đã ban hành quyết định kiện toàn tổ công nghệ số")
        fill_doc(form, 0, number="246/QĐ-UBND", date="2026-11-20", issuer="UBND phường", summary="kiện toàn", file=str(scan))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert find_task(app, "II.1").row.result == "Đã ban hành quyết định kiện toàn tổ công nghệ số"
    (entry,), row = entries_of(seed_db, row_id)
    assert entry.date == date(2026, 11, 25) and entry.origin == "app"
    (doc,) = entry.docs
    assert (doc.number, doc.date, doc.issuer, doc.summary) == ("246/QĐ-UBND", date(2026, 11, 20), "UBND phường", "kiện toàn")
    assert doc.file.startswith("evidence/")
    assert (seed_db.parent / doc.file).read_bytes() == b"%PDF-1.4"  # copied beside the database
    assert row.result == entry.text


async def test_a_second_document_is_added_with_ctrl_n(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_entry_form(pilot)
        form = app.screen
        type_into(form.query_one("#entry-date", Input), "")
        fill_doc(form, 0, number="12/KH-UBND")
        await pilot.press("ctrl+n")
        await settle(pilot)
        fill_doc(form, 1, number="57-NQ/TW", date="22/12/2024")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
    (entry,), _row = entries_of(seed_db, row_id)
    assert [(d.number, d.date) for d in entry.docs] == [("12/KH-UBND", None), ("57-NQ/TW", date(2024, 12, 22))]
    assert entry.text == ""


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("#entry-date", "31/02/2026", "Ngày không hợp lệ"),
        ("#doc-0-date", "hôm qua", "Ngày của văn bản 1 không hợp lệ"),
        ("#doc-0-file", "/khong/co/tep.pdf", "Không tìm thấy tệp"),
    ],
)
async def test_a_bad_date_or_a_missing_file_keeps_the_form_open_with_a_message(seed_db, make_app, field, typed, message):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_entry_form(pilot)
        form = app.screen
        type_into(form.query_one("#entry-text", TextArea), "Hội nghị")
        widget = form.query_one(field, Input)
        widget.value = ""
        type_into(widget, typed)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        assert message in str(form.query_one("#entry-error").render())
    assert entries_of(seed_db, row_id)[0] == []


async def test_an_empty_entry_is_refused_and_an_untouched_form_leaves_without_writing(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_entry_form(pilot)
        await pilot.press("escape")  # nothing typed: nothing to save
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await open_entry_form(pilot)
        form = app.screen
        type_into(form.query_one("#entry-date", Input), "")  # a change, but no text and no document
        form.query_one("#entry-date", Input).value = "01/10/2026"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form and MSG_EMPTY in str(form.query_one("#entry-error").render())
    assert entries_of(seed_db, row_id)[0] == []


async def test_quitting_with_unsaved_typing_asks_and_cancel_keeps_it(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_entry_form(pilot)
        form = app.screen
        type_into(form.query_one("#entry-text", TextArea), "Đang soạn")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")  # Hủy
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#entry-text", TextArea).text == "Đang soạn"


@pytest.mark.parametrize(("answer", "kept"), [("enter", ["Đang soạn"]), ("right enter", [])])
async def test_quitting_with_unsaved_typing_luu_or_khong_luu(seed_db, make_app, answer, kept):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_entry_form(pilot)
        type_into(app.screen.query_one("#entry-text", TextArea), "Đang soạn")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press(*answer.split())  # "Lưu" has the focus; → "Không lưu"
        await pilot.pause()
        assert not app.is_running
    assert [e.text for e in entries_of(seed_db, row_id)[0]] == kept


# -- the editor's log ------------------------------------------------------------------


async def test_the_editor_shows_the_log_newest_first_with_its_documents(seed_db, make_app, tmp_path):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 50)) as pilot:
        await editor_with_log(pilot, seed_db, tmp_path)
        journal = app.screen.query_one(JournalList)
        assert [e.date for e in journal.entries] == [date(2026, 10, 2), date(2026, 9, 15)]
        shown = [str(item.query_one("Static").render()) for item in journal.children]
        assert shown[0].startswith("02/10/2026\nTổ chức hội nghị triển khai")
        assert shown[1].startswith("15/09/2026\nBan hành kế hoạch")
        for words in ("12/KH-UBND", "15/02/2026", "UBND phường", "về chuyển đổi số năm 2026", "evidence/"):
            assert words in shown[1]
        # the Kết quả field is the whole log, oldest first: nothing of it lost
        assert app.screen.query_one("#result", TextArea).text == "Ban hành kế hoạch\nTổ chức hội nghị triển khai"


async def test_an_entry_edited_from_the_log_then_undone_and_redone(seed_db, make_app, tmp_path):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 50)) as pilot:
        row_id = await editor_with_log(pilot, seed_db, tmp_path)
        journal = await focus_journal(pilot)
        journal.index = 1  # the September entry
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryForm)
        assert form.query_one("#entry-date", Input).value == "15/09/2026"
        assert form.query_one("#doc-0-number", Input).value == "12/KH-UBND"
        type_into(form.query_one("#entry-text", TextArea), " số 12")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.query_one("#result", TextArea).text == "Ban hành kế hoạch số 12\nTổ chức hội nghị triển khai"
        assert [e.text for e in app.screen.query_one(JournalList).entries][1] == "Ban hành kế hoạch số 12"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        entries, _row = entries_of(seed_db, row_id)
        assert entries[0].text == "Ban hành kế hoạch số 12" and entries[0].docs[0].file.startswith("evidence/")
        await undone_and_redone(
            pilot, seed_db, row_id,
            ["Ban hành kế hoạch", "Tổ chức hội nghị triển khai"], ["Ban hành kế hoạch số 12", "Tổ chức hội nghị triển khai"],
        )


async def test_removing_an_entry_asks_first_and_undo_brings_it_back(seed_db, make_app, tmp_path):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 50)) as pilot:
        row_id = await editor_with_log(pilot, seed_db, tmp_path)
        await focus_journal(pilot)  # the newest entry highlighted
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "02/10/2026: Tổ chức hội nghị triển khai" in app.screen.question
        await pilot.press("escape")  # Hủy: nothing removed
        await settle(pilot)
        assert len(entries_of(seed_db, row_id)[0]) == 2
        await pilot.press("x")
        await settle(pilot)
        await pilot.click("#remove")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert [e.text for e in editor.query_one(JournalList).entries] == ["Ban hành kế hoạch"]
        assert editor.query_one("#result", TextArea).text == "Ban hành kế hoạch"
        entries, row = entries_of(seed_db, row_id)
        assert [e.text for e in entries] == ["Ban hành kế hoạch"] and row.result == "Ban hành kế hoạch"
        await pilot.press("escape")
        await settle(pilot)
        await undone_and_redone(pilot, seed_db, row_id, ["Ban hành kế hoạch", "Tổ chức hội nghị triển khai"], ["Ban hành kế hoạch"])


async def test_an_entry_added_with_n_is_undone_and_redone(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        row_id = await open_entry_form(pilot)
        type_into(app.screen.query_one("#entry-text", TextArea), "Hội nghị")
        await pilot.press("escape")
        await settle(pilot)
        assert [e.text for e in entries_of(seed_db, row_id)[0]] == ["Hội nghị"]
        await undone_and_redone(pilot, seed_db, row_id, [], ["Hội nghị"])
        assert find_task(app, "II.1").row.result == "Hội nghị"  # the list read it again


async def test_typing_in_the_result_is_saved_before_an_entry_is_added(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 50)) as pilot:
        row_id = await open_editor(pilot, "II.1")
        type_into(app.screen.query_one("#result", TextArea), "Đã khảo sát")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, EntryForm)
        type_into(app.screen.query_one("#entry-text", TextArea), "Đã tập huấn")
        # the text typed in Kết quả is dated by the store's clock: the entry the same day, after it
        app.screen.query_one("#entry-date", Input).value = date.today().isoformat()
        await pilot.press("escape")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen) and not editor.dirty
        assert editor.query_one("#result", TextArea).text == "Đã khảo sát\nĐã tập huấn"
        assert [e.text for e in editor.query_one(JournalList).entries] == ["Đã tập huấn", "Đã khảo sát"]
    entries, row = entries_of(seed_db, row_id)
    assert [(e.date, e.text) for e in entries] == [(date.today(), "Đã khảo sát"), (date.today(), "Đã tập huấn")]
    assert row.result == "Đã khảo sát\nĐã tập huấn"


# -- evidence files ------------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="xdg-open is the viewer on Linux")
async def test_o_opens_the_evidence_file_with_the_system_viewer(seed_db, make_app, tmp_path, monkeypatch):
    record = tmp_path / "opened.txt"
    fake_viewer(tmp_path / "bin", record)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    app = make_app(seed_db)
    async with app.run_test(size=(120, 50)) as pilot:
        row_id = await editor_with_log(pilot, seed_db, tmp_path)
        journal = await focus_journal(pilot)
        await pilot.press("o")  # the newest entry has no file
        await settle(pilot)
        assert not record.exists()
        journal.index = 1
        await pilot.press("o")
        await settle(pilot)
    kept = entries_of(seed_db, row_id)[0][0].docs[0].file
    assert recorded(record) == str((seed_db.parent / kept).resolve())


async def test_a_missing_evidence_file_is_a_message_not_a_crash(seed_db, make_app, tmp_path):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 50)) as pilot:
        row_id = await editor_with_log(pilot, seed_db, tmp_path)
        (seed_db.parent / entries_of(seed_db, row_id)[0][0].docs[0].file).unlink()  # moved away by hand
        notified = record_notifications(app)
        journal = await focus_journal(pilot)
        journal.index = 1
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert any("Không tìm thấy tệp" in m for m in notified)


# -- status of recurring work ----------------------------------------------------------------


async def test_s_on_recurring_work_passes_through_tiep_tuc_duy_tri(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        task = next(vr for vr in app.screen.table.rows if vr.kind == "task" and vr.row.deadline == "Thường xuyên")
        move_to(app, task.code)
        seen = []
        for _ in range(4):
            await pilot.press("s")
            await settle(pilot)
            seen.append(find_task(app, task.code).row.status)
        assert seen == ["in_progress", "ongoing", "done", "not_started"]
        move_to(app, "II.1")  # not recurring: never "ongoing"
        for _ in range(3):
            await pilot.press("s")
            await settle(pilot)
            assert find_task(app, "II.1").row.status != "ongoing"


async def test_the_editor_offers_tiep_tuc_duy_tri_only_to_recurring_work(seed_db, make_app):
    app = make_app(seed_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        task = next(vr for vr in app.screen.table.rows if vr.kind == "task" and vr.row.deadline == "Cả năm")
        await open_editor(pilot, task.code)
        app.screen.query_one("#status", Select).value = "ongoing"  # one of its choices
        await pilot.press("escape")
        await settle(pilot)
        assert find_task(app, task.code).row.status == "ongoing"
        await open_editor(pilot, "II.1")
        select = app.screen.query_one("#status", Select)
        select.value = "done"
        with pytest.raises(InvalidSelectValueError):  # not one of its choices
            select.value = "ongoing"
