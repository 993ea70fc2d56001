"""The report as printed by a real office suite (issue 13): seed 000's and another ward's
report, the workbook and the Word document, each converted to PDF by LibreOffice once per
test run and read back page by page.

What the officer would check on paper: every task is there, number and title; no text
runs over a cell's border (clipped); no row carries more than one blank line; no page
holds only the repeated header, or only the signature; the page count is what it was.
"""

from __future__ import annotations

import statistics
from datetime import date
from pathlib import Path

import pytest

from cdstui.importers import read_document
from cdstui.report.export import export_report
from cdstui.settings import Settings
from cdstui.store import Store
from tests.conftest import REPO, SEED_000
from tests.report.office import SOFFICE, Page, convert, read_pdf, squeeze, times_font_problem

pytestmark = [
    pytest.mark.slow,
    # one worker runs them all: the conversion is shared, never made twice
    pytest.mark.xdist_group("libreoffice"),
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice) is needed: apt-get install -y libreoffice-calc-nogui "
        "libreoffice-writer-nogui (.ci/run does it)",
    ),
]

TODAY = date(2026, 9, 20)
DONG_HAI = REPO / "tests" / "fixtures" / "wards" / "dong-hai_45-KH-UBND_2026.txt"
# (document, format) -> pages LibreOffice printed, as seen when this test was written
PAGE_BANDS = {
    ("seed000", "xlsx"): (5, 7),
    ("seed000", "docx"): (9, 14),
    ("donghai", "xlsx"): (9, 12),
    ("donghai", "docx"): (14, 22),
}
SIGNATURE = "TM. ỦY BAN NHÂN DÂN"


def _progress(store: Store, pid: int) -> None:
    """Results of several lines and a long one: the rows whose height matters."""
    tasks = store.load_plan(pid).tasks()
    store.update_rows(
        [
            (tasks[1].id, {"status": "done", "completion": "100%", "result": "-Ban hành 80 chương trình, kế hoạch\n- Tiếp nhận 2.321 hồ sơ TTHC\n- 100% cán bộ lãnh đạo có chữ ký số"}),
            (tasks[5].id, {"status": "in_progress", "completion": "60%", "result": "Đã tổ chức 02 hội nghị quán triệt Nghị quyết số 57-NQ/TW với hơn 120 người tham dự (lãnh đạo các cơ quan, đơn vị; cán bộ, công chức và thành viên các Tổ Công nghệ số cộng đồng của 16 tổ dân phố trên địa bàn phường)."}),
        ]
    )


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> dict[tuple[str, str], tuple[object, list[Page]]]:
    """(document, format) -> (the plan, its printed pages)."""
    reason = times_font_problem()
    if reason:
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("printed")
    files: dict[tuple[str, str], Path] = {}
    plans = {}
    for name, source in (("seed000", SEED_000), ("donghai", DONG_HAI)):
        with Store.open(base / f"{name}.db") as store:
            pid = store.import_plan(read_document(source)).plan_id
            plan = store.load_plan(pid)
            settings = Settings(
                ward=plan.ward, place=plan.ward, issuer=f"UBND PHƯỜNG {plan.ward.upper()}", signer_name="Nguyễn Văn A"
            )
            _progress(store, pid)
            result = export_report(store, pid, "2026-Q3", today=TODAY, settings=settings, output=base / name, format="both")
            plans[name] = store.load_plan(pid)
        files[(name, "xlsx")], files[(name, "docx")] = result.paths
    pdfs = convert(list(files.values()), base / "pdf")
    return {key: (plans[key[0]], read_pdf(pdfs[path])) for key, path in files.items()}


KEYS = sorted(PAGE_BANDS)


@pytest.mark.parametrize("key", KEYS, ids=["-".join(k) for k in KEYS])
def test_every_task_number_and_title_is_printed(printed, key):
    plan, pages = printed[key]
    rows = [[squeeze(c.text) for c in row] for page in pages for row in page.rows]
    printed_pairs = {(row[0], row[1]) for row in rows if len(row) > 2}
    titles = {row[1] for row in rows if len(row) > 2}
    missing = []
    for task in plan.tasks():
        wanted = (squeeze(task.code), squeeze(task.title))
        if (wanted not in printed_pairs) if task.code else (wanted[1] not in titles):
            missing.append(f"{task.code} {task.title[:50]}")
    assert not missing, missing


@pytest.mark.parametrize("key", KEYS, ids=["-".join(k) for k in KEYS])
def test_every_cell_of_a_task_prints_whole(printed, key):
    """A clipped cell prints less than it holds (issue 13: III.3's lead lost "phường;")."""
    from cdstui.report.columns import TASK_COLUMNS

    plan, pages = printed[key]
    by_header = {squeeze(c.header): c.field for c in TASK_COLUMNS}
    tasks: dict[tuple[str, str], list] = {}  # one number and title may head a task in many sections
    for t in plan.tasks():
        tasks.setdefault((squeeze(t.code), squeeze(t.title)), []).append(t)
    cut, seen = [], 0
    for page in pages:
        if not page.rows:
            continue
        fields = [by_header.get(squeeze(c.text)) for c in page.rows[0]]
        for row in page.rows[1:]:
            texts = [squeeze(c.text) for c in row]
            candidates = tasks.get(tuple(texts[:2]), []) if len(texts) == len(fields) else []
            if not candidates:
                continue
            seen += 1
            for name, text in zip(fields, texts):
                if name in ("lead", "partners", "output", "result", "note"):
                    if all(text != squeeze(getattr(t, name)) for t in candidates):
                        cut.append(f"page {page.number}, {candidates[0].code} {name}: {text!r}")
    assert seen >= len(plan.tasks()) * 0.9, seen
    assert not cut, cut[:10]


@pytest.mark.parametrize("key", KEYS, ids=["-".join(k) for k in KEYS])
def test_no_text_crosses_a_cell_border(printed, key):
    _plan, pages = printed[key]
    crossing = []
    for page in pages:
        for row in page.rows:
            for cell in row:
                for c in cell.chars:
                    # a capital's accent may reach a hair above its line: 1 pt of slack
                    if c["x0"] < cell.x0 - 1 or c["x1"] > cell.x1 + 1 or c["bottom"] > cell.bottom + 1 or c["top"] < cell.top - 1:
                        crossing.append(f"page {page.number}: {c['text']!r} in {cell.text[:40]!r}")
    assert not crossing, crossing[:10]


@pytest.mark.parametrize("name", ["seed000", "donghai"])
def test_no_row_of_the_workbook_carries_more_than_one_blank_line(printed, name):
    _plan, pages = printed[(name, "xlsx")]
    loose = []
    for page in pages:
        line = statistics.median(w["bottom"] - w["top"] for w in page.words) * 1.15
        for row in page.rows[1:]:
            words = [w for cell in row for w in cell.words]
            if not words:
                continue
            bottom = max(cell.bottom for cell in row)
            free = bottom - max(w["bottom"] for w in words)
            if free > 2 * line:
                loose.append(f"page {page.number}: {row[0].text} {row[1].text[:40]!r}: {free / line:.1f} lines free")
    assert not loose, loose


def _is_header(row, header) -> bool:
    return [squeeze(c.text) for c in row] == header


@pytest.mark.parametrize("key", KEYS, ids=["-".join(k) for k in KEYS])
def test_no_page_holds_only_a_header_or_a_signature(printed, key):
    _plan, pages = printed[key]
    for page in pages:
        if page.rows:
            header = [squeeze(c.text) for c in page.rows[0]]
            data = [row for row in page.rows if not _is_header(row, header) and any(c.words for c in row)]
            signature_table = SIGNATURE in page.text and key[1] == "docx"
            assert data or signature_table, f"page {page.number} holds only the table's header"
        if SIGNATURE in page.text:
            above = page.text.split("Nơi nhận:")[0].splitlines()
            body = [line for line in above if line.strip() and not line.strip().isdigit() and SIGNATURE not in line]
            table_rows = [row for row in page.rows if not _is_header(row, [squeeze(c.text) for c in page.rows[0]])] if page.rows else []
            assert len(body) >= 2 or len(table_rows) >= 2, f"page {page.number} holds only the signature: {body}"


@pytest.mark.parametrize("key", KEYS, ids=["-".join(k) for k in KEYS])
def test_the_page_count_stays_within_its_band(printed, key):
    low, high = PAGE_BANDS[key]
    assert low <= len(printed[key][1]) <= high


def test_the_word_report_is_a4_portrait_then_landscape_and_signed_once(printed):
    _plan, pages = printed[("seed000", "docx")]
    shapes = ["portrait" if p.height > p.width else "landscape" for p in pages]
    first_landscape = shapes.index("landscape")
    assert all(s == "portrait" for s in shapes[:first_landscape]) and all(s == "landscape" for s in shapes[first_landscape:])
    assert sum(SIGNATURE in p.text for p in pages) == 1
    assert any(p.text.startswith("PHỤ LỤC I") or "\nPHỤ LỤC I" in p.text for p in pages[first_landscape:])
    # the appendix's header repeats on every landscape page with a table
    header = squeeze("Nhiệm vụ/giải pháp")
    assert all(any(header in squeeze(c.text) for c in p.rows[0]) for p in pages[first_landscape:] if p.rows and "Nộidungchỉtiêu" not in squeeze(p.text))
