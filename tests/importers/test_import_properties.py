"""Properties: odd input never turns into a traceback."""

from __future__ import annotations

import codecs
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from cdstui.domain.deadlines import looks_like_deadline, parse_deadline
from cdstui.domain.model import ImportReport, Plan
from cdstui.importers import decode_text
from cdstui.importers.repair import RawTable, build_tables

CELLS = st.sampled_from(
    ["", "", "", "I", "II", "V", "A", "B", "1", "2", "1.1", "1.2", "2.1.3", "a", "3.", "x?",
     "Việc một", "Phòng A", "Quý I/2026", "3/2026", "Thường xuyên", "Báo cáo", "TT", "100%", "<b>I</b>"]
)
HEADER = ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Kết quả", "Mức độ hoàn thành"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.lists(CELLS, min_size=0, max_size=8), min_size=1, max_size=12), min_size=1, max_size=4))
def test_repair_never_fails_on_odd_grids(fragments):
    raw = [RawTable(rows=[HEADER, *fragments[0]], lines=list(range(1, len(fragments[0]) + 2)))]
    raw += [RawTable(rows=f, lines=list(range(1, len(f) + 1))) for f in fragments[1:]]
    report = ImportReport(plan=Plan())
    tables, skipped = build_tables(raw, report)
    for table in tables:
        codes = {r.code for r in table.rows}
        for row in table.rows:
            assert set(row.path) <= codes
            assert row.kind in ("section", "group", "task", "indicator")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_deadlines_never_fail(text):
    parsed = parse_deadline(text, 2026)
    assert parsed.kind in ("date", "recurring", "province", "range", "unknown", "none")
    assert (parsed.due is not None) <= (parsed.kind in ("date", "recurring", "range"))
    looks_like_deadline(text)


TEXTS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), min_size=1)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom"]))
def test_decode_text_round_trip(text, encoding):
    if encoding == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    expected = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    assert decode_text(data, "t.txt") == expected
