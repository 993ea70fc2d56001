"""Rule by rule: a table's kind from its header, codes of any size, "-"/"+" rows,
the appendix heading above a table, and who issued the plan and when."""

from __future__ import annotations

from datetime import date

import pytest

from cdstui.domain.headers import column_field
from cdstui.domain.labels import row_number
from cdstui.domain.model import Appendix, ImportReport
from cdstui.importers.assemble import assemble
from cdstui.importers.prose import extract_metadata, table_heading
from cdstui.importers.text import parse_blocks


def _import(text: str) -> ImportReport:
    return assemble(parse_blocks(text), file="t.txt")


def _rows(report: ImportReport, table: int = 0):
    return [(r.kind, row_number(r.path, r.code), r.title) for r in report.plan.tables[table].rows]


# --- kind by header -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "STT\tNỘI DUNG CÁC CHỈ TIÊU\tĐƠN VỊ\tCHỈ TIÊU\tCƠ QUAN CHỦ TRÌ\tGhi chú",
        "Ghi chú\tCơ quan chủ trì\tChỉ tiêu\tĐơn vị\tNội dung các chỉ tiêu\tSTT",
        "stt\tnoi dung cac chi tieu\tdvt\tchi tieu nam 2026\tchu tri\tghi chu",
        "Số TT\tTên chỉ tiêu\tĐơn vị tính\tKế hoạch\tĐơn vị chủ trì\tThời gian",
    ],
)
def test_unit_and_target_make_an_indicator_table_in_any_order(header):
    names = header.split("\t")
    values = {"code": "1", "title": "Chi cho chuyển đổi số", "unit": "% Tổng chi NSNN", "target": "≥ 2%"}
    report = _import(header + "\n" + "\t".join(values.get(column_field(n) or "", "") for n in names) + "\n")
    (table,) = report.plan.tables
    assert table.kind == "indicators"
    (row,) = table.rows
    assert (row.kind, row.title, row.unit, row.target) == ("indicator", "Chi cho chuyển đổi số", "% Tổng chi NSNN", "≥ 2%")


def test_lead_and_deadline_make_a_task_table_whatever_stands_beside():
    report = _import("STT\tNhiệm vụ\tThời hạn\tChủ trì\tGhi chú\tChỉ tiêu\n1\tViệc một\tQuý I/2026\tPhòng A\t\t100%\n")
    assert report.plan.tables[0].kind == "tasks"
    assert report.plan.tables[0].rows[0].kind == "task"


def test_achieved_value_column_of_an_indicator_table():
    report = _import("STT\tNội dung chỉ tiêu\tĐơn vị\tChỉ tiêu\tKết quả thực hiện\n1\tHồ sơ trực tuyến\t%\t≥ 80%\t85%\n")
    row = report.plan.tables[0].rows[0]
    assert (row.actual, row.result) == ("85%", "")


def test_an_indicator_without_number_after_a_group_is_an_indicator():
    report = _import("STT\tNội dung\tĐơn vị\tChỉ tiêu\nI\tChính quyền số\t\t\n\tHồ sơ trực tuyến\t%\t≥ 80%\n")
    assert _rows(report) == [("group", "I", "Chính quyền số"), ("indicator", "I", "Hồ sơ trực tuyến")]


def test_a_table_of_neither_kind_is_skipped_with_its_title_and_header():
    report = _import(
        "DỰ TOÁN KINH PHÍ\n\nSTT\tNội dung\tKinh phí\tGhi chú\n1\tMáy tính\t180\t\n\n"
        "DANH MỤC NHIỆM VỤ\n\nSTT\tNhiệm vụ\tChủ trì\tThời gian\n1\tViệc một\tPhòng A\tQuý I/2026\n"
    )
    assert [t.title for t in report.plan.tables] == ["DANH MỤC NHIỆM VỤ"]
    (note,) = report.skipped_tables
    assert note.startswith("Dòng 3: bảng «STT | Nội dung | Kinh phí | Ghi chú» (tiêu đề «DỰ TOÁN KINH PHÍ»)")


# --- codes -------------------------------------------------------------------------------------


def test_roman_numerals_of_any_size_are_sections_without_a_warning():
    codes = ["XXXIX", "XL", "XLIX", "L", "LX", "XC", "XCIX", "C"]
    lines = ["TT\tNhiệm vụ\tChủ trì"] + [f"{c}\tMục {c}\t\n1\tViệc\tPhòng A" for c in codes]
    report = _import("\n".join(lines) + "\n")
    sections = [(r.code, r.path) for r in report.plan.tables[0].rows if r.kind == "section"]
    assert sections == [(c, []) for c in codes]
    assert report.warnings == []


def test_letters_that_are_also_roman_numerals_read_by_what_came_before():
    text = (
        "TT\tNhiệm vụ\tChủ trì\n"
        "A\tPhần A\t\nI\tMục một\t\n1\tViệc\tP\n"
        "B\tPhần B\t\nI\tMục một\t\n1\tViệc\tP\nII\tMục hai\t\n1\tViệc\tP\n"
        "C\tPhần C\t\n1\tViệc\tP\n"  # C after B: a letter, not 100
        "D\tPhần D\t\n1\tViệc\tP\n"
    )
    sections = [row_number(r.path, r.code) for r in _import(text).plan.tables[0].rows if r.kind == "section"]
    assert sections == ["A", "A.I", "B", "B.I", "B.II", "C", "D"]


def test_nine_parts_and_the_first_section_under_the_eighth():
    parts = "ABCDEFGHI"
    lines = ["TT\tNhiệm vụ\tChủ trì"]
    for p in parts:
        lines += [f"{p}\tPhần {p}\t", "I\tMục một\t", "1\tViệc\tP"]
    sections = [row_number(r.path, r.code) for r in _import("\n".join(lines) + "\n").plan.tables[0].rows if r.kind == "section"]
    # "I" right under part H is its first Roman section; "I" after part H's rows is part I
    assert sections == [x for p in parts for x in (p, f"{p}.I")]


def test_dash_and_plus_rows_are_children_of_the_numbered_item():
    report = _import(
        "TT\tNhiệm vụ\tChủ trì\tThời gian\n"
        "I\tMục\t\t\n"
        "1.\tNhóm một\t\t\n"
        "-\tViệc a\tPhòng A\tQuý I/2026\n"
        "\tcòn tiếp\t\t\n"
        "+\tViệc b\tPhòng B\t6/2026\n"
        "2.\tViệc hai\tPhòng C\t12/2026\n"
    )
    assert [(r.kind, r.code, r.path, r.title) for r in report.plan.tables[0].rows] == [
        ("section", "I", [], "Mục"),
        ("group", "1", ["I"], "Nhóm một"),
        ("task", "", ["I", "1"], "Việc a còn tiếp"),
        ("task", "", ["I", "1"], "Việc b"),
        ("task", "2", ["I"], "Việc hai"),
    ]
    assert report.warnings == []


# --- the appendix heading above a table -----------------------------------------------------------


def test_heading_with_label_two_line_title_and_note():
    heading = table_heading(
        [
            "**Lê Văn An**",
            "",
            "**PHỤ LỤC II**  ",
            "**DANH MỤC NHIỆM VỤ TRỌNG TÂM**  ",
            "**NĂM 2026 CỦA PHƯỜNG ĐÔNG HẢI**",
            "",
            "*(Kèm theo Kế hoạch số 45/KH-UBND ngày 15/01/2026 của UBND phường Đông Hải)*",
            "",
        ]
    )
    assert heading == Appendix(
        label="Phụ lục II",
        title="DANH MỤC NHIỆM VỤ TRỌNG TÂM NĂM 2026 CỦA PHƯỜNG ĐÔNG HẢI",
        note="(Kèm theo Kế hoạch số 45/KH-UBND ngày 15/01/2026 của UBND phường Đông Hải)",
    )


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["PHỤ LỤC I: CÁC CHỈ TIÊU NĂM 2026"], Appendix("Phụ lục I", "CÁC CHỈ TIÊU NĂM 2026", "")),
        (["Phụ lục số 02", "Danh mục nhiệm vụ", "(Ban hành kèm theo Kế hoạch số 12/KH-UBND)"],
         Appendix("Phụ lục số 02", "Danh mục nhiệm vụ", "(Ban hành kèm theo Kế hoạch số 12/KH-UBND)")),
        # a note broken over two lines
        (["PHỤ LỤC", "DANH MỤC", "(Kèm theo Kế hoạch số 45/KH-UBND", "ngày 15/01/2026 của UBND phường X)"],
         Appendix("Phụ lục", "DANH MỤC", "(Kèm theo Kế hoạch số 45/KH-UBND ngày 15/01/2026 của UBND phường X)")),
        # no label: the nearest line, without its numbering, joined to the line it goes on from
        (["Nội dung", "2. Mục tiêu, chỉ", "tiêu cụ thể", ""], Appendix("", "Mục tiêu, chỉ tiêu cụ thể", "")),
        (["UBND PHƯỜNG X", "DANH MỤC NHIỆM VỤ", "(Dựng lại từ tệp)"], Appendix("", "DANH MỤC NHIỆM VỤ", "")),
        (["- một gạch đầu dòng", ""], Appendix()),
        # a sentence naming an appendix is no label
        (["Chi tiết tại Phụ lục 02 kèm theo.", "2. Mục tiêu"], Appendix("", "Mục tiêu", "")),
    ],
)
def test_heading_variants(lines, expected):
    assert table_heading(lines) == expected


def test_a_new_appendix_with_the_same_header_is_a_new_table():
    header = "STT\tNhiệm vụ\tChủ trì\tThời gian"
    report = _import(
        f"PHỤ LỤC I\nTRỌNG TÂM\n\n{header}\n1\tViệc một\tPhòng A\tQuý I/2026\n\n"
        f"{header}\n2\tViệc hai\tPhòng A\tQuý II/2026\n\n"  # a page break: the same table
        f"PHỤ LỤC II\nTHƯỜNG XUYÊN\n\n{header}\n1\tViệc ba\tPhòng B\tCả năm\n"
    )
    assert [(t.appendix.label, t.title, len(t.rows)) for t in report.plan.tables] == [
        ("Phụ lục I", "TRỌNG TÂM", 2),
        ("Phụ lục II", "THƯỜNG XUYÊN", 1),
    ]


# --- who issued the plan, and when -------------------------------------------------------------------


def test_issuer_printed_in_capitals_on_two_lines():
    meta = extract_metadata(["ỦY BAN NHÂN DÂN", "PHƯỜNG ĐÔNG HẢI", "Số: 45/KH-UBND", "KẾ HOẠCH", "Chuyển đổi số năm 2026"])
    assert (meta.issuer, meta.ward, meta.number, meta.year) == ("Ủy ban nhân dân phường Đông Hải", "Đông Hải", "45/KH-UBND", 2026)
    meta = extract_metadata(["ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY PHƯỜNG BẮC SƠN", "Số 18-KH/ĐU"])
    assert (meta.issuer, meta.ward) == ("Đảng ủy phường Bắc Sơn", "Bắc Sơn")
    assert extract_metadata(["UBND PHƯỜNG CAM LINH"]).issuer == "UBND phường Cam Linh"


@pytest.mark.parametrize(
    "lines, day",
    [
        (["Số: 45/KH-UBND", "*Đông Hải, ngày 15 tháng 01 năm 2026*"], date(2026, 1, 15)),
        (["(Kèm theo Kế hoạch số 32-KH/ĐU, ngày 09 tháng 02 năm 2026 của Đảng ủy phường X)"], date(2026, 2, 9)),
        (["(Kèm theo Kế hoạch số 45/KH-UBND ngày 15/01/2026 của UBND phường X)"], date(2026, 1, 15)),
        # the date line comes before a note's date
        (["Cam Linh, ngày 3 tháng 3 năm 2026", "(Kèm theo Kế hoạch số 1/KH-UBND ngày 15/01/2026)"], date(2026, 3, 3)),
        (["Khánh Hòa, ngày tháng năm 2026"], None),  # a draft, not yet signed
        (["Cam Linh, ngày 31 tháng 02 năm 2026"], None),  # no such day
        # dates of the documents a plan cites are not its date
        (["Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"], None),
    ],
)
def test_plan_date(lines, day):
    assert extract_metadata(lines).date == day


def test_seeds_date_and_appendix(report_000, report_002, report_004):
    assert (report_000.plan.date, report_002.plan.date, report_004.plan.date) == (date(2026, 2, 9), None, None)
    tasks = report_000.plan.tables[0]
    assert tasks.appendix == Appendix(
        "Phụ lục",
        "DANH MỤC CÁC NHIỆM VỤ NĂM 2026",
        "(Kèm theo Kế hoạch số 32-KH/ĐU, ngày 09 tháng 02 năm 2026 của Đảng ủy phường Ba Ngòi)",
    )
    assert not report_000.plan.tables[1].appendix  # the bullets are in the body
    assert report_004.plan.tables[0].appendix.label == "Phụ lục"
    assert report_004.plan.tables[0].appendix.title == report_004.plan.tables[0].title
    assert not report_002.plan.tables[0].appendix
