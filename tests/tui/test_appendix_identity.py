"""Issue 10: the plan's appendices by their labels and titles in the app: on the
plan screen, on the indicators screen and in the plan chooser (key p)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cdstui.importers import read_document
from cdstui.store import Store
from cdstui.tui.screens.indicators import IndicatorsScreen
from cdstui.tui.screens.plan import PlanScreen
from cdstui.tui.widgets.choice_modal import ChoiceModal

from .conftest import plan_table, screen_text, settle
from .test_search import option_labels

WARDS = Path(__file__).resolve().parents[1] / "fixtures" / "wards"


@pytest.fixture
def dong_hai_db(seed_db: Path) -> Path:
    """Plan 1: seed 000 (Ba Ngòi); plan 2: Đông Hải's, with Phụ lục I (indicators), II and III (tasks)."""
    with Store.open(seed_db) as store:
        store.import_plan(read_document(WARDS / "dong-hai_45-KH-UBND_2026.txt"))
    return seed_db


async def test_the_chooser_names_each_plan_s_issuer_date_and_appendices(dong_hai_db, make_app):
    app = make_app(dong_hai_db)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        # seed 000 has one task table: its appendix is on the title line
        assert app.sub_title == "Kế hoạch 32-KH/ĐU năm 2026 · Phụ lục — DANH MỤC CÁC NHIỆM VỤ NĂM 2026"
        await pilot.press("p")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ChoiceModal)
        ba_ngoi, dong_hai = option_labels(modal)
        assert dong_hai.startswith("45/KH-UBND (2026)")
        assert "Ủy ban nhân dân phường Đông Hải · ngày 15/01/2026 · Phụ lục I, II, III" in dong_hai
        assert ba_ngoi.startswith("32-KH/ĐU (2026)") and "Đông Hải" not in ba_ngoi
        assert "Ủy ban nhân dân phường Đông Hải · ngày 15/01/2026" in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen) and app.ctx.plan_id == 2
        assert app.sub_title == "Kế hoạch 45/KH-UBND năm 2026"  # two task tables: each on its own row
        headings = [vr.title for vr in plan_table(app).rows if vr.kind == "table"]
        assert headings == [
            "Phụ lục II — DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ TRỌNG TÂM, THƯỜNG XUYÊN NĂM 2026 CỦA PHƯỜNG ĐÔNG HẢI",
            "Phụ lục III — NHIỆM VỤ CHUYỂN ĐỔI SỐ CỦA CÁC TỔ DÂN PHỐ NĂM 2026",
        ]
        assert "Phụ lục II — DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ" in screen_text(app)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorsScreen)
        assert "Phụ lục I — CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ NĂM 2026 CỦA PHƯỜNG ĐÔNG HẢI" in screen_text(app)
