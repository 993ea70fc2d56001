"""The real seeds imported from their text form: every trap of DOMAIN.md."""

from __future__ import annotations

from datetime import date

import pytest

from cdstui.domain.deadlines import parse_deadline
from cdstui.domain.model import InputError
from cdstui.importers import read_document
from tests.importers.builders import SEED_003
from tests.importers.helpers import by_label, table

# --- seed 000: ward plan 32-KH/ĐU -------------------------------------------------


def test_000_metadata(report_000):
    plan = report_000.plan
    assert plan.number == "32-KH/ĐU"
    assert plan.year == 2026
    assert plan.issuer == "Đảng ủy phường Ba Ngòi"
    assert plan.ward == "Ba Ngòi"
    assert plan.title.startswith("Triển khai thực hiện Nghị quyết số 48-NQ/TU, ")
    assert plan.title.endswith("trên địa bàn phường Ba Ngòi năm 2026")
    assert plan.source == "000_247ea3cd7c028fe2.txt"


def test_000_task_table_shape(report_000):
    tasks = table(report_000.plan, "tasks")
    assert tasks.title == "DANH MỤC CÁC NHIỆM VỤ NĂM 2026"
    assert tasks.header == [
        "TT",
        "Tên nhiệm vụ, giải pháp",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Kết quả",
    ]
    assert [r.code for r in tasks.rows if r.kind == "section"] == ["I", "II", "III", "V", "VI", "VII", "VIII", "IX"]
    assert all(r.path == [] for r in tasks.rows if r.kind == "section")
    assert len(tasks.tasks()) == 42
    groups = [".".join([*r.path, r.code]) for r in tasks.rows if r.kind == "group"]
    assert groups == ["II.3", "II.5", "III.1", "III.2", "III.4", "III.4.4.2", "IX.3"]
    assert not tasks.indicators()
    assert report_000.skipped_tables == []


def test_000_paths(report_000):
    plan = report_000.plan
    assert by_label(plan, "III.4.2.1").path == ["III", "4", "4.2"]
    assert by_label(plan, "II.5.1").path == ["II", "5"]
    assert by_label(plan, "VIII.6").path == ["VIII"]
    task_codes = [r.code for r in table(plan, "tasks").tasks()]
    assert "1." not in task_codes and all(not c.endswith(".") for c in task_codes)


def test_000_rows_joined_across_page_breaks(report_000):
    plan = report_000.plan
    ii5 = by_label(plan, "II.5")
    assert ii5.kind == "group"
    assert "kinh tế - xã hội; nghiên cứu, triển khai ít nhất 01 nhiệm vụ" in ii5.title
    iii3 = by_label(plan, "III.3")
    assert iii3.kind == "task"
    assert iii3.lead == "Văn phòng Đảng ủy phường; Ủy ban MTTQ Việt Nam phường; Văn phòng HĐND&UBND phường;"
    assert by_label(plan, "III.4.2.5").partners == (
        "Các cơ quan, đơn vị liên quan; Tổ dân phố; Tổ công nghệ số cộng đồng; Đoàn viên thanh niên"
    )
    viii6 = by_label(plan, "VIII.6")
    assert viii6.deadline == "12/2026"
    assert viii6.output == "Văn bản triển khai"
    assert viii6.lead == "Các cơ quan, đơn vị liên quan"
    assert viii6.partners == "Phòng Văn hóa – Xã hội"
    assert viii6.title.endswith("những người có ảnh hưởng, uy tín tốt trên các nền tảng mạng xã hội "
                                "tham gia truyền thông, lan tỏa phong trào “học tập số”")
    assert by_label(plan, "VII.4").title.endswith("Từ điển dữ liệu dùng chung.")
    assert "Dòng 170: nối dòng bị ngắt trang vào nhiệm vụ II.5." in report_000.repairs
    assert "Dòng 217: nối dòng bị ngắt trang vào nhiệm vụ VIII.6." in report_000.repairs


def test_000_section_ix_swapped_back(report_000):
    plan = report_000.plan
    ix1 = by_label(plan, "IX.1")
    assert ix1.deadline == "3/2026"
    assert parse_deadline(ix1.deadline, plan.year).due == date(2026, 3, 31)
    assert ix1.output == "Kế hoạch; văn bản triển khai; báo cáo"
    assert by_label(plan, "IX.2").deadline == "Theo lộ trình của Tỉnh"
    assert by_label(plan, "IX.3.1").deadline == "02/2026"
    assert by_label(plan, "IX.3.2").output == "Kế hoạch; Văn bản triển khai; Báo cáo"
    swaps = [r for r in report_000.repairs if "đổi chỗ" in r]
    assert swaps == [
        f"Mục {label}: đổi chỗ cột Thời gian hoàn thành và Kết quả." for label in ("IX.1", "IX.2", "IX.3.1", "IX.3.2")
    ]
    # nowhere else
    assert by_label(plan, "II.1").deadline == "Quý I/2026"


def test_000_statuses(report_000):
    plan = report_000.plan
    assert by_label(plan, "I.1").status == "not_assigned"
    others = [r for r in plan.tasks() if r is not by_label(plan, "I.1")]
    assert {r.status for r in others} == {"not_started"}
    assert all(r.completion is None and r.result == "" for r in plan.rows())


def test_000_indicator_bullets(report_000):
    indicators = table(report_000.plan, "indicators")
    assert indicators.title == "Mục tiêu, chỉ tiêu cụ thể"
    assert [(r.kind, r.code, r.title) for r in indicators.rows if r.kind == "group"] == [
        ("group", "2.1", "Về phát triển Chính quyền số"),
        ("group", "2.2", "Về phát triển kinh tế số"),
        ("group", "2.3", "Phát triển xã hội số"),
    ]
    rows = indicators.indicators()
    assert len(rows) == 17
    assert [sum(r.path == [g] for r in rows) for g in ("2.1", "2.2", "2.3")] == [7, 3, 7]
    assert all(r.code == "" for r in rows)
    first = rows[0]
    assert first.title == "100% văn bản được duy trì trao đổi giữa các cơ quan hành chính nhà nước dưới dạng điện tử."
    assert (first.target, first.unit) == ("100%", "%")
    targets = {r.title: r.target for r in rows}
    assert targets["Tỷ lệ người dân, doanh nghiệp hài lòng về giải quyết TTHC đạt 95%."] == "95%"
    assert targets["Trên 50% doanh nghiệp vừa và nhỏ trên địa bàn sử dụng nền tảng số."] == "trên 50%"
    assert targets["Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử trên 80%."] == "trên 80%"
    no_number = next(r for r in rows if r.title.startswith("Hệ thống thông tin đảm bảo"))
    assert (no_number.target, no_number.unit) == ("", "")
    # the bullets of "1. Mục tiêu chung" and of part IV are not indicators
    assert not any("DTI" in r.title for r in rows)


# --- seed 002: province plan ------------------------------------------------------


def test_002_metadata(report_002):
    plan = report_002.plan
    assert plan.number == "/KH-UBND"  # an unnumbered draft, kept as printed
    assert plan.title == "Chuyển đổi số tỉnh Khánh Hòa năm 2026"
    assert plan.issuer == "Ủy ban nhân dân tỉnh Khánh Hòa"
    assert plan.ward == ""
    assert plan.year == 2026


def test_002_indicator_table(report_002):
    plan = report_002.plan
    assert [t.kind for t in plan.tables] == ["indicators"]
    assert not plan.tasks()
    indicators = plan.tables[0]
    assert indicators.title == "Mục tiêu, chỉ tiêu cụ thể"
    assert indicators.header == ["TT", "Nội dung", "Mục tiêu"]
    groups = [r for r in indicators.rows if r.kind == "group"]
    assert [g.code for g in groups] == ["I", "II", "III", "IV"]
    rows = indicators.indicators()
    assert len(rows) == 24
    assert [sum(r.path == [g.code] for r in rows) for g in groups] == [7, 6, 8, 3]
    assert by_label(plan, "I.4").title.endswith(
        "qua Hệ thống báo cáo của tỉnh và kết nối, chia sẻ dữ liệu với HTTT báo cáo Chính phủ"
    )
    # the header rows repeated after the page breaks are not data
    assert not any(r.title == "Nội dung" or r.code == "TT" for r in indicators.rows)
    assert [r for r in report_002.repairs if "tiêu đề" in r] == [
        "Dòng 91: bỏ tiêu đề bảng lặp lại sau ngắt trang.",
        "Dòng 115: bỏ tiêu đề bảng lặp lại sau ngắt trang.",
    ]


def test_002_targets_as_issued(report_002):
    plan = report_002.plan
    targets = {row_label: by_label(plan, row_label).target for row_label in ("I.1", "I.7", "II.1", "II.4", "II.5", "II.6", "III.8")}
    assert targets == {
        "I.1": "100%",
        "I.7": "95%",
        "II.1": "14%",
        "II.4": "trên 50%",
        "II.5": "trên 80%",
        "II.6": "9,8%",
        "III.8": "tối thiểu 90%",
    }


def test_002_results_table_skipped(report_002):
    assert len(report_002.skipped_tables) == 1
    note = report_002.skipped_tables[0]
    assert note.startswith("Dòng 22: bảng «Lĩnh vực | Nhiệm vụ theo Kế hoạch số 6765/KH-UBND")
    assert "TT/STT" in note


# --- seed 004: ward report with progress -------------------------------------------


def test_004_metadata(report_004):
    plan = report_004.plan
    assert plan.number == ""
    assert plan.title == "Tình hình thực hiện Chiến lược quốc gia phát triển kinh tế số và xã hội số"
    assert plan.issuer == "Ủy ban nhân dân phường Ba Ngòi"
    assert plan.ward == "Ba Ngòi"
    assert plan.year == 2025


def test_004_shape(report_004):
    tasks = table(report_004.plan, "tasks")
    assert tasks.title.startswith("TÌNH HÌNH THỰC HIỆN CHIẾN LƯỢC QUỐC GIA PHÁT TRIỂN KINH TẾ SỐ")
    assert tasks.header == ["STT", "Nhiệm vụ, giải pháp", "Chủ trì", "Thời gian", "Mức độ hoàn thành", "Kết quả chi tiết"]
    sections = [(r.path, r.code) for r in tasks.rows if r.kind == "section"]
    assert sections[0] == ([], "A")
    assert ([], "B") in sections
    part_b = sections.index(([], "B"))
    assert [c for p, c in sections[1:part_b]] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    assert all(p == ["A"] for p, c in sections[1:part_b])
    assert [c for p, c in sections[part_b + 1 :]] == ["I", "II", "III", "IV", "V", "VI"]
    assert all(p == ["B"] for p, c in sections[part_b + 1 :])
    assert len(tasks.tasks()) == 25
    assert not [r for r in tasks.rows if r.kind == "group"]
    assert not any(r.code in ("STT", "") for r in tasks.rows)


def test_004_progress(report_004):
    plan = report_004.plan
    a_i_1 = by_label(plan, "A.I.1")
    assert a_i_1.completion == "100%"
    assert a_i_1.status == "done"
    lines = a_i_1.result.split("\n")
    assert len(lines) == 5
    assert lines[0].startswith("-Ban hành 80 chương trình")
    a_ii_1 = by_label(plan, "A.II.1")
    assert (a_ii_1.completion, a_ii_1.status) == ("98%", "in_progress")
    a_iii_1 = by_label(plan, "A.III.1")
    assert (a_iii_1.completion, a_iii_1.status) == ("Theo tiến độ của tỉnh", "in_progress")
    a_vii_3 = by_label(plan, "A.VII.3")
    assert (a_vii_3.completion, a_vii_3.status) == (None, "not_started")


def test_004_rows_joined_across_page_breaks(report_004):
    plan = report_004.plan
    a_vii_5 = by_label(plan, "A.VII.5")
    assert a_vii_5.code == "5" and a_vii_5.path == ["A", "VII"]
    assert "https://bangoi.khanhhoa.gov.vn/vi/tin-noi-bat-4/" in a_vii_5.result
    assert "nhằm hưởng ứng “Ngày hội toàn dân học tập số” tại Tổ Dân phố Suối Môn" in a_vii_5.result
    assert "<a" not in a_vii_5.result
    assert by_label(plan, "A.VI.1").lead.endswith("UBND các xã, phường, đặc khu")
    a_viii_3 = by_label(plan, "A.VIII.3")
    assert a_viii_3.deadline == "2022 - 2025"
    assert "doanh nghiệp buu chính, chuyên phát và logistic" in a_viii_3.title
    assert a_viii_3.lead == "Sở Khoa học và Công nghệ; Sở Công Thương; UBND các xã, phường, đặc khu"
    a_vii_3 = by_label(plan, "A.VII.3")
    assert "công chức, viên chức và người lao động trong các doanh nghiệp" in a_vii_3.title
    b_ii_1 = by_label(plan, "B.II.1")
    assert "( Hội nghị diễn ra vào ngày 10/10/2025: Với sự tham gia các cơ quan" in b_ii_1.result
    b_iii_1 = by_label(plan, "B.III.1")
    assert "(dịch vụ công trực tuyến; VNeID...).\n- Hội nghị “Giải pháp thúc đẩy" in b_iii_1.result
    assert "ứng dụng số ¹ nhằm" in b_iii_1.result  # <sup>1</sup>


def test_source_lines(report_000, report_004):
    assert by_label(report_000.plan, "II.5").source_line == 168
    assert by_label(report_000.plan, "IX.1").source_line == 221
    assert by_label(report_004.plan, "A.I.1").source_line == 139
    assert all(r.source_line for r in report_000.plan.rows())


# --- seed 003: prose only ------------------------------------------------------------


def test_003_prose_only_is_an_input_error():
    with pytest.raises(InputError) as err:
        read_document(SEED_003)
    assert "003_ac6e30a7a3a96a2c.txt" in str(err.value)
    assert "không tìm thấy bảng phụ lục" in str(err.value)
