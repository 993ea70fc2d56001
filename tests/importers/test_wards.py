"""Plans of other wards: the structure comes from the document, not from Ba Ngòi.

The two fixtures (tests/fixtures/wards/) carry the traps another ward's plan
brought: an indicator appendix with a lead column, Phụ lục I/II/III with
titles on two lines and "(Kèm theo …)" notes, columns in another order with
Ghi chú, "UBND PHƯỜNG …" and "Đảng ủy phường …" as issuers, sections past XL,
"-"/"+" rows under a numbered item, letter parts A/B/C, and a table that is
neither a task nor an indicator table.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from cdstui.cli import main
from cdstui.domain.labels import row_number
from cdstui.domain.model import InputError, Plan
from cdstui.domain.summary import summarize
from cdstui.importers import read_document
from cdstui.importers.toml_plan import write_plan_toml
from tests.importers.builders import WARD_BAC_SON, WARD_DONG_HAI, build_docx
from tests.importers.helpers import by_label, compared

WARDS = [WARD_DONG_HAI, WARD_BAC_SON]


@pytest.fixture(scope="module")
def dong_hai():
    return read_document(WARD_DONG_HAI)


@pytest.fixture(scope="module")
def bac_son():
    return read_document(WARD_BAC_SON)


def _codes(table, kind):
    return [row_number(r.path, r.code) for r in table.rows if r.kind == kind]


def _row(table, label):
    """The row named "I.2" in one table (the same number comes back in each appendix)."""
    return by_label(Plan(tables=[table]), label)


# --- who issued the plan, and when ------------------------------------------------


def test_metadata_of_a_ward_ubnd_plan(dong_hai):
    plan = dong_hai.plan
    assert (plan.number, plan.year, plan.date) == ("45/KH-UBND", 2026, date(2026, 1, 15))
    assert plan.issuer == "Ủy ban nhân dân phường Đông Hải"
    assert plan.ward == "Đông Hải"
    assert plan.title == "Chuyển đổi số phường Đông Hải năm 2026"


def test_metadata_of_a_ward_party_plan(bac_son):
    plan = bac_son.plan
    assert (plan.number, plan.year, plan.date) == ("18-KH/ĐU", 2026, date(2026, 1, 20))
    assert plan.issuer == "Đảng ủy phường Bắc Sơn"
    assert plan.ward == "Bắc Sơn"
    # a title printed on two lines keeps both
    assert plan.title.startswith("Thực hiện Nghị quyết số 57-NQ/TW")
    assert plan.title.endswith("chuyển đổi số quốc gia trên địa bàn phường Bắc Sơn năm 2026")


# --- the indicator appendix ------------------------------------------------------------


def test_indicator_appendix_with_a_lead_column_is_indicators(dong_hai):
    table = dong_hai.plan.tables[0]
    assert table.header == ["STT", "NỘI DUNG CÁC CHỈ TIÊU", "ĐƠN VỊ", "CHỈ TIÊU", "CƠ QUAN CHỦ TRÌ", "Ghi chú"]
    assert table.kind == "indicators"
    assert len(table.indicators()) == 17 and not table.tasks()
    assert _codes(table, "group") == ["I", "I.5", "II", "III"]
    assert not any(r.kind == "section" for r in table.rows)
    assert {r.status for r in table.indicators()} == {"not_started"}


def test_dash_rows_are_children_of_the_numbered_item(dong_hai):
    table = dong_hai.plan.tables[0]
    spending = [r for r in table.rows if r.path == ["I", "5"]]
    assert [(r.kind, r.code, r.unit, r.target) for r in spending] == [
        ("indicator", "", "% Tổng chi NSNN", "≥ 2%"),
        ("indicator", "", "% Tổng chi NSNN", "≥ 1%"),
        # after the page break, the header printed again
        ("indicator", "", "% Chi cho chuyển đổi số", "tối thiểu 10%"),
    ]
    assert spending[2].note == "Theo hướng dẫn của tỉnh"
    assert spending[2].lead == "Công an phường"


def test_units_and_targets_as_issued(dong_hai):
    table = dong_hai.plan.tables[0]
    got = {label: (_row(table, label).unit, _row(table, label).target) for label in ("I.1", "I.2", "I.4", "II.8", "II.9", "III.14")}
    assert got == {
        "I.1": ("%", "100%"),
        "I.2": ("%", "≥ 80%"),
        "I.4": ("Mức độ", "Tiên tiến, hiện đại"),
        "II.8": ("Hộ", "≥ 50"),
        "II.9": ("%", "9,5%"),
        "III.14": ("Tổ", "45"),
    }
    assert _row(table, "I.1").note == "Trừ hồ sơ thuộc phạm vi bí mật nhà nước"
    assert _row(table, "I.1").lead == "Văn phòng HĐND và UBND phường"


def test_body_indicator_table_with_unit_and_year_target(bac_son):
    table = bac_son.plan.tables[0]
    assert (table.kind, table.title) == ("indicators", "Mục tiêu, chỉ tiêu cụ thể")
    assert table.header == ["TT", "Nội dung", "ĐVT", "Chỉ tiêu năm 2026", "Cơ quan chủ trì", "Ghi chú"]
    assert _codes(table, "group") == ["1", "2", "3"]
    rows = {row_number(r.path, r.code): (r.unit, r.target) for r in table.indicators()}
    assert len(rows) == 10
    assert rows["1.4"] == ("% Tổng chi NSNN", "≥ 2%")
    assert rows["2.3"] == ("", "Tiên tiến, hiện đại")
    assert rows["3.2"] == ("%", "9,8%")
    assert {r.status for r in table.indicators()} == {"not_started"}
    assert next(r for r in table.indicators() if r.code == "3.1").lead == "Công an phường"


# --- the task appendices ----------------------------------------------------------------


def test_task_appendix_with_columns_in_another_order(dong_hai):
    table = dong_hai.plan.tables[1]
    assert table.kind == "tasks"
    assert table.header == ["STT", "Nhiệm vụ", "Thời gian hoàn thành", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm", "Ghi chú"]
    assert _codes(table, "section") == ["I", "II", "III"]
    assert len(table.tasks()) == 10
    i3 = _row(table, "I.3")
    assert (i3.deadline, i3.lead, i3.partners, i3.output, i3.note) == (
        "12/2026",
        "Công an phường",
        "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Hệ thống camera",
        "Nguồn xã hội hóa",
    )
    # "+" rows under item 2 are its tasks; item 2 is their group
    assert _row(table, "I.2").kind == "group"
    plus = [r for r in table.rows if r.path == ["I", "2"]]
    assert [(r.kind, r.code, r.deadline) for r in plus] == [("task", "", "Quý I/2026"), ("task", "", "Quý III/2026")]
    # a row broken by the page break is joined, not a task of its own
    i4 = _row(table, "I.4")
    assert i4.title.endswith("cập nhật vào kho dữ liệu điện tử của tổ chức, cá nhân")
    assert i4.output == "Dữ liệu số hóa"


def test_sections_past_xl_are_sections_without_a_warning(dong_hai):
    table = dong_hai.plan.tables[2]
    sections = [r for r in table.rows if r.kind == "section"]
    assert len(sections) == 45
    assert [s.code for s in sections][38:] == ["XXXIX", "XL", "XLI", "XLII", "XLIII", "XLIV", "XLV"]
    assert all(s.path == [] for s in sections)
    assert _row(table, "XLV.2").kind == "group"
    assert [r.title for r in table.rows if r.path == ["XLV", "2"]] == [
        "Tại chợ và các điểm kinh doanh trên địa bàn",
        "Tại nhà văn hóa tổ dân phố",
    ]
    assert _row(table, "XL.1").lead == "Tổ dân phố Ngọc Sơn"
    assert len(table.tasks()) == 95
    assert dong_hai.warnings == []


def test_letter_parts_and_roman_sections(bac_son):
    plan = bac_son.plan
    table = plan.tables[1]
    assert _codes(table, "section") == ["A", "B", "C", "C.I", "C.II", "C.III", "C.IV", "C.V", "C.VI"]
    assert len(table.tasks()) == 15
    assert [(r.kind, r.path) for r in table.rows if r.path == ["A", "1"]] == [("task", ["A", "1"])] * 2
    assert by_label(plan, "A.1").kind == "group"
    assert [r.title for r in table.rows if r.path == ["C", "IV", "1"]] == [
        "Hướng dẫn hộ kinh doanh tại chợ Bắc Sơn",
        "Hướng dẫn các hộ sản xuất sản phẩm OCOP",
    ]
    assert by_label(plan, "B.3").status == "not_assigned"
    assert by_label(plan, "C.VI.1").deadline == "Cả năm"


# --- appendix identity ------------------------------------------------------------------------


def test_each_appendix_keeps_its_label_title_and_note(dong_hai, bac_son):
    note = "(Kèm theo Kế hoạch số 45/KH-UBND ngày 15/01/2026 của Ủy ban nhân dân phường Đông Hải)"
    assert [(t.appendix.label, t.appendix.title, t.appendix.note) for t in dong_hai.plan.tables] == [
        ("Phụ lục I", "CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ NĂM 2026 CỦA PHƯỜNG ĐÔNG HẢI", note),
        ("Phụ lục II", "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ TRỌNG TÂM, THƯỜNG XUYÊN NĂM 2026 CỦA PHƯỜNG ĐÔNG HẢI", note),
        # the note of Phụ lục III is printed on two lines
        ("Phụ lục III", "NHIỆM VỤ CHUYỂN ĐỔI SỐ CỦA CÁC TỔ DÂN PHỐ NĂM 2026", note),
    ]
    # a title on two lines keeps both, in the table's title too
    assert [t.title for t in dong_hai.plan.tables] == [t.appendix.title for t in dong_hai.plan.tables]
    body, appendix = bac_son.plan.tables
    assert not body.appendix  # a table in the body of the plan is in no appendix
    assert (appendix.appendix.label, appendix.appendix.note) == (
        "Phụ lục",
        "(Kèm theo Kế hoạch số 18-KH/ĐU, ngày 20 tháng 01 năm 2026 của Đảng ủy phường Bắc Sơn)",
    )
    assert appendix.title == "DANH MỤC NHIỆM VỤ THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW TRÊN ĐỊA BÀN PHƯỜNG BẮC SƠN NĂM 2026"


def test_two_appendices_with_the_same_header_stay_two_tables(dong_hai):
    second, third = dong_hai.plan.tables[1:]
    assert second.header == third.header
    assert (len(second.rows), len(third.rows)) == (14, 145)


# --- a table that is neither kind ----------------------------------------------------------


def test_a_table_that_fits_neither_kind_is_reported_and_the_rest_imports(dong_hai, bac_son):
    assert dong_hai.skipped_tables == [
        "Dòng 46: bảng «STT | Nội dung | Kinh phí (triệu đồng) | Nguồn kinh phí | Ghi chú» "
        "(tiêu đề «Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách phường năm 2026 và các nguồn hợp pháp khác, "
        "dự kiến như sau:») không phải bảng nhiệm vụ (cần cột Chủ trì, Thời gian…) hay bảng chỉ tiêu "
        "(cần cột Đơn vị, Chỉ tiêu…)."
    ]
    (skipped,) = bac_son.skipped_tables
    assert skipped.startswith("Dòng 60: bảng «STT | Nội dung theo dõi | Đồng chí phụ trách | Ghi chú» (tiêu đề «Phân công")
    assert not any("Kinh phí" in t.title or "Phân công" in t.title for t in dong_hai.plan.tables + bac_son.plan.tables)


def test_a_document_whose_only_table_fits_neither_kind_is_refused(tmp_path, capsys):
    path = tmp_path / "kinh-phi.txt"
    path.write_text("DỰ TOÁN KINH PHÍ\n\nSTT\tNội dung\tKinh phí\tGhi chú\n1\tMáy tính\t180\t\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert (err.value.file, err.value.line) == ("kinh-phi.txt", 3)
    assert "DỰ TOÁN KINH PHÍ" in str(err.value) and "STT | Nội dung | Kinh phí | Ghi chú" in str(err.value)
    db = tmp_path / "a.db"
    assert main(["import", str(WARD_BAC_SON), "--db", str(db)]) == 0
    assert main(["dump", "--db", str(db)]) == 0
    capsys.readouterr()
    before = _db_bytes(db)
    assert main(["import", str(path), "--db", str(db)]) == 1
    assert "kinh-phi.txt, dòng 3" in capsys.readouterr().err
    assert _db_bytes(db) == before  # the database is as it was


def _db_bytes(db) -> bytes:
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return db.read_bytes()


# --- the summary follows the plan's own sections ---------------------------------------------


def test_summary_groups_are_the_plans_own_sections(dong_hai, bac_son):
    s = summarize(dong_hai.plan, date(2026, 6, 1))
    codes = [(x.table[:12], x.code, x.category) for x in s.sections]
    assert codes[:3] == [("DANH MỤC NHI", "I", "focus"), ("DANH MỤC NHI", "II", "regular"), ("DANH MỤC NHI", "III", "")]
    assert len(codes) == 3 + 45 and all(c == "" for _t, _code, c in codes[3:])
    assert [c.key for c in s.categories] == ["focus", "regular"]
    assert s.indicators_total == 17
    assert s.total.total == 105
    s = summarize(bac_son.plan, date(2026, 6, 1))
    assert [(x.code, x.category, x.counts.total, x.counts.not_assigned) for x in s.sections] == [
        ("A", "breakthrough", 3, 0),
        ("B", "focus", 2, 1),
        ("C", "regular", 9, 0),
    ]
    assert s.total.total == 15 - 1  # B.3 is not assigned


# --- the same from Word, through the plan file, the store and dump ----------------------------


@pytest.mark.parametrize("ward", WARDS, ids=lambda p: p.name.split("_")[0])
def test_word_file_imports_like_the_text(ward, tmp_path):
    text = read_document(ward)
    word = read_document(build_docx(ward, tmp_path / f"{ward.stem}.docx"))
    assert [(t.title, t.kind, t.header, t.appendix) for t in word.plan.tables] == [
        (t.title, t.kind, t.header, t.appendix) for t in text.plan.tables
    ]
    for ours, theirs in zip(word.plan.tables, text.plan.tables):
        assert compared(ours.rows) == compared(theirs.rows)
        assert [(r.unit, r.target, r.note) for r in ours.rows] == [(r.unit, r.target, r.note) for r in theirs.rows]
    for name in ("number", "title", "issuer", "ward", "year", "date"):
        assert getattr(word.plan, name) == getattr(text.plan, name), name
    assert len(word.skipped_tables) == len(text.skipped_tables) == 1


@pytest.mark.parametrize("ward", WARDS, ids=lambda p: p.name.split("_")[0])
def test_plan_file_keeps_appendix_and_date(ward, tmp_path):
    plan = read_document(ward).plan
    path = tmp_path / "plan.toml"
    write_plan_toml(plan, path)
    again = read_document(path).plan
    assert again.date == plan.date
    assert [t.appendix for t in again.tables] == [t.appendix for t in plan.tables]
    assert [compared(t.rows) for t in again.tables] == [compared(t.rows) for t in plan.tables]


@pytest.mark.parametrize("ward", WARDS, ids=lambda p: p.name.split("_")[0])
def test_dump_names_the_ward_and_never_ba_ngoi(ward, tmp_path, capsys):
    db = tmp_path / "a.db"
    assert main(["import", str(ward), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Bỏ qua bảng" in out  # the skipped table is told
    assert main(["dump", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "Ba Ngòi" not in text and "BA NGÒI" not in text
    (plan,) = json.loads(text)["plans"]
    expected = read_document(ward).plan
    assert plan["date"] == expected.date.isoformat()
    assert (plan["issuer"], plan["ward"], plan["number"]) == (expected.issuer, expected.ward, expected.number)
    assert [t["appendix"] for t in plan["tables"]] == [
        {"label": t.appendix.label, "title": t.appendix.title, "note": t.appendix.note} for t in expected.tables
    ]
    rows = [r for t in plan["tables"] for r in t["rows"]]
    assert sum(r["kind"] == "task" for r in rows) == len(expected.tasks())
    assert sum(r["kind"] == "indicator" for r in rows) == len(expected.indicators())
    assert [(r["unit"], r["target"]) for r in rows if r["kind"] == "indicator"] == [
        (r.unit, r.target) for r in expected.indicators()
    ]
