"""The first draft of a report's narrative, from the plan and its progress."""

from __future__ import annotations

from datetime import date

from cdstui.domain.periods import parse_period
from cdstui.importers import read_document
from cdstui.report.narrative import Narrative, draft_narrative, next_range
from tests.conftest import SEED_000, REPO

TODAY = date(2026, 9, 20)
Q3 = parse_period("2026-Q3")


def seed_plan():
    plan = read_document(SEED_000).plan
    for i, row in enumerate(plan.rows()):
        row.id = i + 1
    return plan


def test_the_outline_of_a_ward_report():
    narrative = draft_narrative(seed_plan(), Q3, today=TODAY, issuer="UBND phường Ba Ngòi")
    titles = [s.title for s in narrative.sections if s.level == 1]
    assert titles == [
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
        "II. KẾT QUẢ THỰC HIỆN",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assessment = [s.title for s in narrative.sections if s.key.startswith("assessment.")]
    assert assessment == ["1. Những mặt đạt được", "2. Tồn tại, hạn chế", "3. Nguyên nhân"]
    assert narrative.opening.startswith("Thực hiện Kế hoạch số 32-KH/ĐU ngày 09/02/2026")
    assert narrative.opening.endswith("UBND phường Ba Ngòi báo cáo kết quả thực hiện Quý III/2026 như sau:")
    assert narrative.closing.endswith("./.")


def test_part_ii_has_a_part_per_top_level_section_of_the_plan_as_printed():
    narrative = draft_narrative(seed_plan(), Q3, today=TODAY)
    parts = [s for s in narrative.sections if s.key.startswith("results.")]
    assert [s.key for s in parts] == [f"results.{c}" for c in ("I", "II", "III", "V", "VI", "VII", "VIII", "IX")]
    assert parts[0].title == "1. Nhiệm vụ đột phá"
    assert parts[0].paragraphs == ["Không có nhiệm vụ giao cho địa phương trong mục này."]  # I.1 is not assigned
    assert parts[1].paragraphs[0] == "Mục này có 07 nhiệm vụ, trong đó: chưa triển khai 07."


def test_each_task_says_what_its_results_say_and_a_journal_plugs_in_as_one_function():
    plan = seed_plan()
    task = next(t for t in plan.tasks() if t.title.startswith("Xây dựng Kế hoạch chuyên đổi số"))
    task.status, task.result = "done", "-Ban hành Kế hoạch số 12/KH-UBND ngày 15/02/2026\n- Tổ chức 02 hội nghị"
    narrative = draft_narrative(plan, Q3, today=TODAY)
    focus = narrative.section("results.II")
    assert focus.paragraphs[0] == "Mục này có 07 nhiệm vụ, trong đó: hoàn thành 01; chưa triển khai 06."
    assert (
        "- Xây dựng Kế hoạch chuyên đổi số phường Ba Ngòi giai đoạn 2026 - 2030: "
        "Ban hành Kế hoạch số 12/KH-UBND ngày 15/02/2026; Tổ chức 02 hội nghị."
    ) in focus.paragraphs

    def from_journal(row, period):  # what dated entries with their evidence would give
        return ["Họp Ban Chỉ đạo tại Thông báo số 5/TB-UBND ngày 10/8/2026"] if row is task and period is Q3 else []

    focus = draft_narrative(plan, Q3, today=TODAY, results=from_journal).section("results.II")
    assert any(p.endswith("Họp Ban Chỉ đạo tại Thông báo số 5/TB-UBND ngày 10/8/2026.") for p in focus.paragraphs)


def test_next_period_work_is_the_open_tasks_falling_due_in_it():
    assert next_range(Q3) == (date(2026, 10, 1), date(2026, 12, 31))
    assert next_range(parse_period("2026-H1")) == (date(2026, 7, 1), date(2026, 12, 31))
    assert next_range(parse_period("2026")) == (date(2027, 1, 1), date(2027, 12, 31))
    plan = seed_plan()
    items = draft_narrative(plan, Q3, today=TODAY).section("next").paragraphs
    assert items and all(p[0].isdigit() for p in items)
    assert any("Triển khai hệ thống giám sát tầm cao" in p and "hạn 12/2026" in p for p in items)
    assert not any("Cả năm" in p or "Thường xuyên" in p for p in items)  # recurring work is not "trọng tâm"
    due = next(t for t in plan.tasks() if t.title.startswith("Triển khai hệ thống giám sát tầm cao"))
    due.status = "done"
    items = draft_narrative(plan, Q3, today=TODAY).section("next").paragraphs
    assert not any("Triển khai hệ thống giám sát tầm cao" in p for p in items)


def test_a_table_of_many_sections_is_one_part_a_line_each():
    plan = read_document(REPO / "tests" / "fixtures" / "wards" / "dong-hai_45-KH-UBND_2026.txt").plan
    parts = [s for s in draft_narrative(plan, Q3, today=TODAY).sections if s.key.startswith("results.")]
    groups = parts[-1]
    assert groups.title == "4. NHIỆM VỤ CHUYỂN ĐỔI SỐ CỦA CÁC TỔ DÂN PHỐ NĂM 2026"
    assert len(groups.paragraphs) > 40 and groups.paragraphs[0].startswith("- TỔ DÂN PHỐ")


def test_a_narrative_goes_to_json_and_back_and_a_text_area_edits_a_section():
    narrative = draft_narrative(seed_plan(), Q3, today=TODAY)
    again = Narrative.from_dict(narrative.to_dict())
    assert again == narrative
    section = narrative.section("proposals").with_text("Đề nghị hỗ trợ kinh phí.\n\n  Bổ sung nhân lực.  ")
    assert section.paragraphs == ["Đề nghị hỗ trợ kinh phí.", "Bổ sung nhân lực."]
    assert section.text == "Đề nghị hỗ trợ kinh phí.\nBổ sung nhân lực."
