"""Metamorphic tests: what a real office does to a plan document does not change its structure.

From each fixture (seeds 000, 002, 004 and the two plans of other wards),
hypothesis draws variants such as an office makes them, renders each back to
text in the fixture's own format (tab-separated or Markdown pipe tables), and
imports it. The ``dump`` of the variant must have the same structure as the
dump of the fixture: plan fields; per table its kind, title and appendix; per
row its kind, code, path, title and every field. Only the header as printed
may differ. The variants, combined at random:

* columns permuted (the same order in every fragment of a table);
* header words replaced by synonyms, in capitals, lower case, without diacritics;
* the indicator bullets (seed 000) moved into their own "Phụ lục" table;
* a table broken across pages with its header printed again;
* "1." vs "1" (and "I." vs "I") numbering;
* letter sections (A, B, …) instead of Roman ones;
* an extra, empty "Ghi chú" column;
* a title split over two lines (an appendix's, a table's or the plan's).
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Union

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from cdstui.domain.headers import SYNONYMS, column_field
from cdstui.domain.text import clean_cell, fold
from cdstui.dump import plan_json
from cdstui.importers import decode_text
from cdstui.importers.assemble import assemble
from cdstui.importers.prose import ProseLine, plain, table_heading
from cdstui.importers.repair import HEADER_SCAN, find_header
from cdstui.importers.text import parse_blocks
from tests.importers.builders import SEED_000, SEED_002, SEED_004, WARD_BAC_SON, WARD_DONG_HAI

FIXTURES = [SEED_000, SEED_002, SEED_004, WARD_DONG_HAI, WARD_BAC_SON]
TODAY = date(2026, 6, 1)
# 5 fixtures × 50 examples: at least 200 variants a run
EXAMPLES = 50

# --- a document as blocks, and back to text ------------------------------------------------


@dataclass
class Frag:
    rows: list[list[str]]
    pipe: bool


Block = Union[str, Frag]


@lru_cache(maxsize=None)
def _source(path: Path) -> str:
    return decode_text(path.read_bytes(), path.name)


def load(path: Path) -> list[Block]:
    text = _source(path)
    lines = text.split("\n")
    out: list[Block] = []
    for block in parse_blocks(text):
        if isinstance(block, ProseLine):
            out.append(block.text)
        else:
            pipe = lines[block.lines[0] - 1].lstrip().startswith("|")
            out.append(Frag([list(r) for r in block.rows], pipe))
    return out


def render(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            out.append(block)
        elif block.pipe:
            for i, row in enumerate(block.rows):
                out.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
                if i == 0:
                    out.append("|" + "---|" * len(row))
        else:
            out.extend("\t".join(row) for row in block.rows)
    return "\n".join(out) + "\n"


def structure(text: str, name: str) -> dict:
    """The dump of a document, without what may differ (the header as printed, ids)."""
    plan = plan_json(assemble(parse_blocks(text), file=name, source=name).plan, TODAY)
    keep = ("number", "title", "issuer", "ward", "year", "date")
    return {
        **{k: plan[k] for k in keep},
        "tables": [
            {
                "kind": t["kind"],
                "title": t["title"],
                "appendix": t["appendix"],
                "rows": [{k: v for k, v in r.items() if k != "history"} for r in t["rows"]],
            }
            for t in plan["tables"]
        ],
    }


@lru_cache(maxsize=None)
def expected(path: Path) -> dict:
    return structure(_source(path), path.name)


def expected_copy(path: Path) -> dict:
    """The fixture's structure, to be changed by the variants that change it (letters)."""
    return copy.deepcopy(expected(path))


# --- the tables of a document ----------------------------------------------------------------


@dataclass
class Group:
    """The fragments of one table, its header rows and the field of each column."""

    frags: list[int]
    header_rows: int
    fields: list[str | None]
    headed: list[int] = field(default_factory=list)  # fragments that start with the header

    @property
    def width(self) -> int:
        return len(self.fields)


def groups(blocks: list[Block]) -> list[Group]:
    """Tables as the importer groups them: a fragment with the same header, or
    none, goes on with the table above unless a new appendix starts between."""
    out: list[Group] = []
    current: Group | None = None
    key = None
    prose: list[str] = []
    for i, block in enumerate(blocks):
        if isinstance(block, str):
            prose.append(block)
            continue
        heading = table_heading(prose)
        new_appendix = bool(heading.label or heading.note)
        prose = []
        found = find_header(block.rows, HEADER_SCAN)
        if found and found[0] == 0:
            header = found[1]
            if current is not None and key == header.keys[0] and not new_appendix:
                current.frags.append(i)
                current.headed.append(i)
                continue
            current, key = Group([i], header.rows, list(header.fields), [i]), header.keys[0]
            out.append(current)
        elif current is not None and not found and not new_appendix:
            current.frags.append(i)
        else:
            current, key = None, None
    return out


def _data_rows(blocks: list[Block], g: Group):
    for i in g.frags:
        frag = blocks[i]
        assert isinstance(frag, Frag)
        start = g.header_rows if i in g.headed else 0
        yield from frag.rows[start:]


def _code(cell: str) -> str:
    return clean_cell(cell).rstrip(".").strip()


_ROMAN = re.compile(r"(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")

# --- the variants ---------------------------------------------------------------------------------


def letters(blocks: list[Block], rnd: random.Random, want: dict) -> None:
    """Roman sections relabelled A, B, C… in tables of at most eight sections and no letters."""
    for g in groups(blocks):
        if "code" not in g.fields:
            continue
        col = g.fields.index("code")
        codes = [_code(r[col]) for r in _data_rows(blocks, g) if col < len(r)]
        romans = list(dict.fromkeys(c for c in codes if _ROMAN.fullmatch(c)))
        if not romans or len(romans) > 8 or any(re.fullmatch(r"[A-Z]", c) and c not in romans for c in codes):
            continue
        names = dict(zip(romans, "ABCDEFGH"))
        for row in _data_rows(blocks, g):
            code = _code(row[col]) if col < len(row) else ""
            if code in names:
                row[col] = row[col].replace(code, names[code], 1)
    for table in want["tables"]:
        codes = [r["code"] for r in table["rows"]]
        romans = list(dict.fromkeys(c for c in codes if _ROMAN.fullmatch(c)))
        if not romans or len(romans) > 8 or any(re.fullmatch(r"[A-Z]", c) and c not in romans for c in codes):
            continue
        names = dict(zip(romans, "ABCDEFGH"))
        for r in table["rows"]:
            r["code"] = names.get(r["code"], r["code"])
            r["path"] = [names.get(p, p) for p in r["path"]]


def dots(blocks: list[Block], rnd: random.Random, want: dict) -> None:
    """ "1." for "1", "I." for "I", and the other way round, row by row."""
    for g in groups(blocks):
        if "code" not in g.fields:
            continue
        col = g.fields.index("code")
        for row in _data_rows(blocks, g):
            if col >= len(row) or not re.fullmatch(r"[\dIVXLCA-Z.]+", _code(row[col]) or "-") or rnd.random() < 0.5:
                continue
            row[col] = row[col].rstrip()[:-1] if row[col].rstrip().endswith(".") else row[col].rstrip() + "."


def note_column(blocks: list[Block], rnd: random.Random, want: dict) -> None:
    """An extra, empty "Ghi chú" column where a table has none."""
    for g in groups(blocks):
        if "note" in g.fields:
            continue
        at = rnd.randint(0, g.width)
        for i in g.frags:
            frag = blocks[i]
            assert isinstance(frag, Frag)
            for r, row in enumerate(frag.rows):
                row.extend([""] * (at - len(row)))
                row.insert(at, "Ghi chú" if (i in g.headed and r == 0) else "")


def _restyle(word: str, rnd: random.Random) -> str:
    style = rnd.choice(["as is", "upper", "lower", "bare", "bare upper"])
    if style.startswith("bare"):
        word = "".join(f if c.islower() else f.upper() for c, f in zip(word, fold(word)))
    return word.upper() if style.endswith("upper") else word.lower() if style == "lower" else word


def synonyms(blocks: list[Block], rnd: random.Random, want: dict) -> None:
    """Each header word replaced by a synonym, in capitals, lower case or without diacritics."""
    for g in groups(blocks):
        first = blocks[g.frags[0]]
        assert isinstance(first, Frag)
        new_header = []
        for row in first.rows[: g.header_rows]:
            new_row = []
            for cell in row:
                name = column_field(cell)
                new_row.append(_restyle(rnd.choice(SYNONYMS[name]), rnd) if name else cell)
            new_header.append(new_row)
        for i in g.headed:  # the header printed again after a page break says the same
            frag = blocks[i]
            assert isinstance(frag, Frag)
            frag.rows[: g.header_rows] = [list(r) for r in new_header]


def permute(blocks: list[Block], rnd: random.Random, want: dict) -> None:
    """The columns of each table in another order."""
    for g in groups(blocks):
        rows = [row for i in g.frags for row in blocks[i].rows]  # type: ignore[union-attr]
        if any(len(row) > g.width for row in rows):
            continue  # the importer joins extra cells into the last column: their order matters
        order = list(range(g.width))
        rnd.shuffle(order)
        for row in rows:
            row.extend([""] * (g.width - len(row)))
            row[:] = [row[k] for k in order]


def page_break(blocks: list[Block], rnd: random.Random, want: dict) -> None:
    """A table broken across pages, its header printed again on the next one."""
    candidates = [
        (g, i) for g in groups(blocks) for i in g.frags
        if len(blocks[i].rows) - (g.header_rows if i in g.headed else 0) >= 2  # type: ignore[union-attr]
    ]
    if not candidates:
        return
    g, i = rnd.choice(candidates)
    frag = blocks[i]
    assert isinstance(frag, Frag)
    first = (g.header_rows if i in g.headed else 0) + 1
    at = rnd.randint(first, len(frag.rows) - 1)
    header = [list(r) for r in blocks[g.frags[0]].rows[: g.header_rows]]  # type: ignore[union-attr]
    blocks[i : i + 1] = [Frag(frag.rows[:at], frag.pipe), "", Frag(header + frag.rows[at:], frag.pipe)]


def _title_lines(blocks: list[Block]) -> list[tuple[int, bool]]:
    """(index, anywhere): lines that are titles; ``anywhere`` when any split keeps the title
    (an appendix title under its label); else only a split before a lower-case word does."""
    out: list[tuple[int, bool]] = []
    previous = ""  # the nearest line of prose above
    for i, block in enumerate(blocks):
        text = plain(block) if isinstance(block, str) else ""
        if not text:
            continue
        if re.match(r"ph[uụ] l[uụ]c\b", previous, re.I) and not text.startswith("("):
            out.append((i, True))
        elif fold(previous) in ("ke hoach", "bao cao"):
            out.append((i, False))
        else:
            after = next((b for b in blocks[i + 1 :] if not (isinstance(b, str) and not plain(b))), None)
            if isinstance(after, Frag) and not table_heading([block]).note:
                out.append((i, False))
        previous = text
    return out


def split_title(blocks: list[Block], rnd: random.Random, want: dict) -> None:
    """A title split over two lines."""
    spots = []
    for i, anywhere in _title_lines(blocks):
        text = blocks[i]
        assert isinstance(text, str)
        for m in re.finditer(r" (?=\S)", text.rstrip()):
            if anywhere or text[m.end()].islower():
                spots.append((i, m.start()))
    if spots:
        i, at = rnd.choice(spots)
        text = blocks[i]
        assert isinstance(text, str)
        blocks[i : i + 1] = [text[:at], text[at + 1 :]]


def bullets_to_appendix(blocks: list[Block], rnd: random.Random, want: dict) -> None:
    """The indicator bullets of seed 000 moved into a "Phụ lục" table of their own."""
    texts = [plain(b) if isinstance(b, str) else "" for b in blocks]
    start = next((i for i, t in enumerate(texts) if fold(t).endswith("muc tieu, chi tieu cu the")), None)
    if start is None:
        return
    end = next(i for i in range(start + 1, len(blocks)) if re.match(r"(III|IV|V)\. ", texts[i]))
    if any(isinstance(b, Frag) for b in blocks[start:end]):
        return  # the indicators are a table already (seed 002, Bắc Sơn)
    (table,) = [t for t in want["tables"] if t["kind"] == "indicators"]
    header = rnd.choice(
        [
            ["STT", "NỘI DUNG CÁC CHỈ TIÊU", "ĐƠN VỊ", "CHỈ TIÊU", "CƠ QUAN CHỦ TRÌ", "Ghi chú"],
            ["TT", "Nội dung", "Đơn vị tính", "Mục tiêu"],
            ["Số TT", "Tên chỉ tiêu", "ĐVT", "Chỉ tiêu năm 2026"],
        ]
    )
    rows = [header]
    for r in table["rows"]:
        cells = [r["code"], r["title"], "", ""] if r["kind"] == "group" else ["-", r["title"], r["unit"], r["target"]]
        rows.append(cells + [""] * (len(header) - 4))
    del blocks[start + 1 : end]
    blocks.extend(["", "**PHỤ LỤC II**  ", "**CÁC CHỈ TIÊU CỤ THỂ NĂM 2026**", "",
                   "(Kèm theo Kế hoạch số 32-KH/ĐU, ngày 09 tháng 02 năm 2026 của Đảng ủy phường Ba Ngòi)", "",
                   Frag(rows, pipe=False)])
    want["moved"] = True


VARIANTS = {
    "bullets_to_appendix": bullets_to_appendix,
    "letters": letters,
    "dots": dots,
    "note_column": note_column,
    "synonyms": synonyms,
    "permute": permute,
    "page_break": page_break,
    "split_title": split_title,
}


def _comparable(doc: dict, moved: bool) -> dict:
    if not moved:
        return doc
    # the indicators now are an appendix of their own: same rows, another title
    return {**doc, "tables": [t if t["kind"] != "indicators" else {"kind": t["kind"], "rows": t["rows"]} for t in doc["tables"]]}


# --- the tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name.split("_")[0])
def test_rendering_a_fixture_back_to_text_changes_nothing(fixture):
    assert structure(render(load(fixture)), fixture.name) == expected(fixture)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name.split("_")[0])
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_office_variants_keep_the_structure(fixture, data):
    chosen = [name for name in VARIANTS if data.draw(st.booleans(), label=name)]
    rnd = data.draw(st.randoms(use_true_random=False), label="choices")
    blocks = load(fixture)
    want = expected_copy(fixture)
    for name in chosen:
        VARIANTS[name](blocks, rnd, want)
    moved = want.pop("moved", False)
    text = render(blocks)
    note(text)
    got = structure(text, fixture.name)
    assert _comparable(got, moved) == _comparable(want, moved)


def test_each_variant_changes_the_document():
    """Every variant really rewrites some fixture (a variant that does nothing tests nothing)."""
    rnd = random.Random(7)
    for name, variant in VARIANTS.items():
        changed = False
        for fixture in FIXTURES:
            blocks = load(fixture)
            variant(blocks, rnd, expected_copy(fixture))
            changed = changed or render(blocks) != render(load(fixture))
        assert changed, name
