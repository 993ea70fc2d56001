"""The shared table repair, rule by rule, on small tab-separated tables."""

from __future__ import annotations

import pytest

from cdstui.domain.model import ImportReport, Plan
from cdstui.importers.prose import bullet_target, extract_metadata, table_title
from cdstui.importers.repair import RawTable, build_tables, column_field, find_header
from cdstui.importers.text import parse_blocks, split_pipe_row


def _tables(text: str):
    report = ImportReport(plan=Plan())
    fragments = [b for b in parse_blocks(text) if isinstance(b, RawTable)]
    tables, _ = build_tables(fragments, report)
    return tables, report


@pytest.mark.parametrize(
    "header, field",
    [
        ("TT", "code"),
        ("STT", "code"),
        ("Số TT", "code"),
        ("Tên nhiệm vụ, giải pháp", "title"),
        ("Nhiệm vụ, giải pháp", "title"),
        ("Nội dung", "title"),
        ("Nội dung chỉ tiêu", "title"),
        ("Cơ quan chủ trì", "lead"),
        ("Chủ trì", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan\nphối hợp", "partners"),
        ("Phối hợp", "partners"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời gian", "deadline"),
        ("Kết quả", "output"),
        ("Kết quả dự kiến", "output"),
        ("Sản phẩm", "output"),
        ("Ghi chú", "note"),
        ("Mức độ hoàn thành", "completion"),
        ("Kết quả chi tiết", "result"),
        ("Kết quả thực hiện", "result"),
        ("Tình trạng", "status"),
        ("Đơn vị", "unit"),
        ("Đơn vị tính", "unit"),
        ("Chỉ tiêu", "target"),
        ("Mục tiêu", "target"),
        ("Đánh giá", "verdict"),
        ("KET QUA", "output"),
        ("Phụ lục kèm theo QUYẾT ĐỊNH 411/QĐ - TTg", None),
        ("Lĩnh vực", None),
    ],
)
def test_column_field(header, field):
    assert column_field(header) == field


def test_columns_are_mapped_by_header_text_not_position():
    tables, _ = _tables(
        "STT\tKết quả\tThời gian\tNội dung\tGhi chú\tChủ trì\n"
        "I\tNHIỆM VỤ\t\t\t\t\n"
        "1.\tBáo cáo\tQuý I/2026\tViệc một\tghi chú\tPhòng A\n"
    )
    task = tables[0].tasks()[0]
    assert (task.code, task.title, task.lead, task.deadline, task.output, task.note) == (
        "1",
        "Việc một",
        "Phòng A",
        "Quý I/2026",
        "Báo cáo",
        "ghi chú",
    )
    assert tables[0].header == ["STT", "Kết quả", "Thời gian", "Nội dung", "Ghi chú", "Chủ trì"]


def test_a_full_row_without_number_after_a_section_is_a_task():
    tables, report = _tables(
        "TT\tTên nhiệm vụ\tCơ quan chủ trì\tThời gian hoàn thành\n"
        "I\tNhiệm vụ đột phá\t\t\n"
        "\tViệc không số\tPhòng A\tQuý I/2026\n"
        "1\tViệc một\tPhòng B\t\n"
        "\tvẫn là việc một\t\t\n"
    )
    rows = tables[0].rows
    assert [(r.kind, r.code, r.path, r.title) for r in rows] == [
        ("section", "I", [], "Nhiệm vụ đột phá"),
        ("task", "", ["I"], "Việc không số"),
        ("task", "1", ["I"], "Việc một vẫn là việc một"),
    ]
    assert report.repairs == ["Dòng 5: nối dòng bị ngắt trang vào nhiệm vụ I.1."]


def test_a_section_title_broken_by_a_page_break_is_joined():
    tables, report = _tables("TT\tTên nhiệm vụ\tChủ trì\nI\tNhiệm vụ\t\n\n\ttrọng tâm\t\n1\tViệc\tPhòng A\n")
    assert tables[0].rows[0].title == "Nhiệm vụ trọng tâm"
    assert report.repairs == ["Dòng 4: nối dòng bị ngắt trang vào mục I."]


def test_trailing_tabs_lost_by_an_editor_do_not_matter():
    tables, _ = _tables("TT\tTên nhiệm vụ\tChủ trì\tThời gian\n1\tViệc một\tPhòng A\tQuý I/2026\n\n\tcòn tiếp\n")
    assert tables[0].tasks()[0].title == "Việc một còn tiếp"


def test_numbering_row_under_the_header_is_dropped():
    tables, _ = _tables("TT\tNội dung\tChủ trì\n(1)\t(2)\t(3)\n1\tViệc một\tPhòng A\n")
    assert [r.title for r in tables[0].rows] == ["Việc một"]


def test_groups_need_children_and_sub_items_are_tasks():
    tables, _ = _tables(
        "TT\tNội dung\tChủ trì\n"
        "1\tNhóm một\t\n"
        "a\tViệc a\tPhòng A\n"
        "b)\tViệc b\tPhòng B\n"
        "2\tChỉ có tên\t\n"
    )
    assert [(r.kind, r.code, r.path) for r in tables[0].rows] == [
        ("group", "1", []),
        ("task", "a", ["1"]),
        ("task", "b", ["1"]),
        ("task", "2", []),
    ]


def test_status_and_progress_columns():
    tables, _ = _tables(
        "TT\tNội dung\tChủ trì\tMức độ hoàn thành\tTình trạng\tKết quả chi tiết\n"
        "1\tMột\tA\t100%\t\tXong<br>Có báo cáo\n"
        "2\tHai\tA\t60%\t\t\n"
        "3\tBa\tA\t0%\t\t\n"
        "4\tBốn\tA\t\tĐang triển khai\t\n"
        "5\tNăm\tA\t100%\tChưa triển khai\t\n"
        "6\tSáu\tA\t\t\t\n"
    )
    rows = tables[0].rows
    assert [r.status for r in rows] == ["done", "in_progress", "not_started", "in_progress", "not_started", "not_started"]
    assert rows[0].result == "Xong\nCó báo cáo"
    assert [r.completion for r in rows] == ["100%", "60%", "0%", None, "100%", None]


def test_indicator_table_with_unit_and_verdict():
    tables, _ = _tables(
        "STT\tNội dung chỉ tiêu\tĐơn vị tính\tChỉ tiêu\tKết quả đạt được\tĐánh giá\n"
        "I\tChính quyền số\t\t\t\t\n"
        "1\tHồ sơ trực tuyến\t%\t≥ 80\t85\tĐạt\n"
        "2\tSố mô hình\tmô hình\t2\t1\tChưa đạt\n"
    )
    table = tables[0]
    assert table.kind == "indicators"
    assert [(r.kind, r.code, r.unit, r.target, r.actual, r.verdict) for r in table.rows] == [
        ("group", "I", "", "", None, None),
        ("indicator", "1", "%", "≥ 80", "85", True),
        ("indicator", "2", "mô hình", "2", "1", False),
    ]


def test_two_row_header_and_pipe_rows():
    assert split_pipe_row("| **a** | b\\|c |  |") == ["a", "b|c", ""]
    rows = [
        ["STT", "Phụ lục", "", "", "Mức độ hoàn thành"],
        ["", "Nhiệm vụ, giải pháp", "Chủ trì", "Thời gian", ""],
        ["1", "Việc", "Sở A", "2022 - 2025", "100%"],
    ]
    index, header = find_header(rows)
    assert index == 0 and header.rows == 2
    assert header.fields == ["code", "title", "lead", "deadline", "completion"]
    assert header.labels == ["STT", "Nhiệm vụ, giải pháp", "Chủ trì", "Thời gian", "Mức độ hoàn thành"]


def test_fragments_with_the_same_header_join_across_a_footnote():
    tables, report = _tables(
        "TT\tNội dung\tMục tiêu\n1\tMột\t100%\n\n¹ chú thích\n\nTT\tNội dung\tMục tiêu\n\tcòn tiếp\t\n2\tHai\t50%\n"
    )
    assert len(tables) == 1
    assert [r.title for r in tables[0].rows] == ["Một còn tiếp", "Hai"]
    assert report.repairs == [
        "Dòng 6: bỏ tiêu đề bảng lặp lại sau ngắt trang.",
        "Dòng 7: nối dòng bị ngắt trang vào chỉ tiêu 1.",
    ]


def test_swap_only_when_output_reads_as_deadline():
    tables, report = _tables(
        "TT\tNội dung\tThời gian hoàn thành\tKết quả\n"
        "1\tMột\tBáo cáo\t12/2026\n"
        "2\tHai\tQuý I/2026\tBáo cáo\n"
        "3\tBa\t\tThường xuyên\n"
    )
    assert [(r.deadline, r.output) for r in tables[0].rows] == [
        ("12/2026", "Báo cáo"),
        ("Quý I/2026", "Báo cáo"),
        ("Thường xuyên", ""),
    ]
    assert report.repairs == [
        "Mục 1: đổi chỗ cột Thời gian hoàn thành và Kết quả.",
        "Mục 3: đổi chỗ cột Thời gian hoàn thành và Kết quả.",
    ]


# --- prose ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, target",
    [
        ("100% văn bản được trao đổi", "100%"),
        ("Tỷ lệ hài lòng đạt 95%.", "95%"),
        ("Trên 50% doanh nghiệp sử dụng nền tảng số.", "trên 50%"),
        ("Tỷ lệ hợp đồng điện tử trên 80%.", "trên 80%"),
        ("Thanh toán không dùng tiền mặt tối thiểu 90%", "tối thiểu 90%"),
        ("Đạt ít nhất 80% tỷ lệ hồ sơ trực tuyến", "ít nhất 80%"),
        ("Năng suất tăng 9,8%", "9,8%"),
        ("Tỷ lệ điện tử 100%", "100%"),  # "tử" is not "từ"
        ("Hệ thống thông tin được phê duyệt cấp độ.", ""),
    ],
)
def test_bullet_target(text, target):
    assert bullet_target(text) == target


def test_table_title_skips_notes_and_numbering():
    assert table_title(["**PHỤ LỤC**  ", "**DANH MỤC CÁC NHIỆM VỤ NĂM 2026**", "", "(Kèm theo Kế hoạch số 1)"]) == (
        "DANH MỤC CÁC NHIỆM VỤ NĂM 2026"
    )
    assert table_title(["2. Mục tiêu, chỉ tiêu cụ thể", ""]) == "Mục tiêu, chỉ tiêu cụ thể"
    assert table_title(["### **PHỤ LỤC**"]) == ""


def test_metadata_from_prose():
    meta = extract_metadata(
        [
            "UBND PHƯỜNG X",
            "Số: 12/KH-UBND",
            "## KẾ HOẠCH",
            "",
            "**Chuyển đổi số phường Cam Linh năm 2026**",
            "Ủy ban nhân dân phường Cam Linh ban hành Kế hoạch như sau:",
        ]
    )
    assert (meta.number, meta.title, meta.issuer, meta.ward, meta.year) == (
        "12/KH-UBND",
        "Chuyển đổi số phường Cam Linh năm 2026",
        "Ủy ban nhân dân phường Cam Linh",
        "Cam Linh",
        2026,
    )


def test_year_from_deadlines_when_the_title_has_none():
    assert extract_metadata(["BÁO CÁO", "Tình hình thực hiện"], ["2022 - 2025", "2022 - 2025", "12/2026"]).year == 2025
