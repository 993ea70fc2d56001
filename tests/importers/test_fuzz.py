"""Property-based: mutated seeds through ``cdstui import`` never crash or half-import.

Each run either imports (exit 0, the database sound) or fails with exit 1 and
a one-paragraph message on stderr — never a traceback or another exception —
and then the database is exactly as before (full ``iterdump``).

Mutations: rows dropped, cells shuffled, rows duplicated, bytes flipped,
truncation, encodings (utf-8, utf-8 with BOM, utf-16, cp1258, latin-1), NFD
text, CRLF line ends; also byte damage to .docx/.xlsx built from the seeds,
and to a PDF printed from one (also a slice cut from its middle, its end kept,
so that the parser, not only the check for a whole file, meets the damage).
"""

from __future__ import annotations

import atexit
import contextlib
import io
import random
import shutil
import sqlite3
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cdstui.cli import main
from tests.conftest import SEED_000, SEED_002, SEED_003, SEED_004

TEXT_SEEDS = [SEED_000, SEED_002, SEED_003, SEED_004]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1"]
LINE_OPS = ["drop_rows", "shuffle_cells", "duplicate_rows", "swap_rows", "nfd", "crlf", "blank_cells"]
BYTE_OPS = ["flip_bytes", "truncate", "insert_bytes"]
PDF_OPS = [*BYTE_OPS, "cut_middle", "cut_middle"]

_cache: dict[str, Path] = {}


def workdir() -> Path:
    """One temporary folder for the whole run (hypothesis examples cannot use tmp_path)."""
    if "dir" not in _cache:
        _cache["dir"] = Path(tempfile.mkdtemp(prefix="cdstui-fuzz-"))
        atexit.register(shutil.rmtree, _cache["dir"], ignore_errors=True)
    return _cache["dir"]


def base_db() -> Path:
    """A database with the default plan, made once; each example gets a copy."""
    if "db" not in _cache:
        db = workdir() / "base" / "cdstui.db"
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["dump", "--db", str(db)]) == 0
        _cache["db"] = db
    return _cache["db"]


def office_file(suffix: str) -> Path:
    if suffix == ".pdf":
        from tests.importers.pdf_samples import fixture

        return fixture("002-wide")
    if suffix not in _cache:
        from tests.importers.builders import build_docx, build_xlsx

        builder = build_docx if suffix == ".docx" else build_xlsx
        _cache[suffix] = builder(SEED_000, workdir() / f"seed000{suffix}")
    return _cache[suffix]


def copy_db(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True)
    a, b = sqlite3.connect(str(src)), sqlite3.connect(str(dst))
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()


def content(db: Path) -> list[str]:
    conn = sqlite3.connect(str(db))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def mutate_lines(lines: list[str], op: str, rng: random.Random) -> list[str]:
    if not lines:
        return lines
    if op == "drop_rows":
        k = rng.randint(1, max(1, len(lines) // 4))
        gone = set(rng.sample(range(len(lines)), min(k, len(lines))))
        return [line for i, line in enumerate(lines) if i not in gone]
    if op == "shuffle_cells":
        out = []
        for line in lines:
            sep = "\t" if "\t" in line else ("|" if line.count("|") > 2 else None)
            if sep and rng.random() < 0.3:
                cells = line.split(sep)
                rng.shuffle(cells)
                line = sep.join(cells)
            out.append(line)
        return out
    if op == "duplicate_rows":
        i = rng.randrange(len(lines))
        return lines[: i + 1] + [lines[i]] * rng.randint(1, 3) + lines[i + 1 :]
    if op == "swap_rows":
        out = list(lines)
        for _ in range(rng.randint(1, 10)):
            i, j = rng.randrange(len(out)), rng.randrange(len(out))
            out[i], out[j] = out[j], out[i]
        return out
    if op == "nfd":
        return [unicodedata.normalize("NFD", line) for line in lines]
    if op == "crlf":
        return [line + "\r" for line in lines]
    if op == "blank_cells":
        out = []
        for line in lines:
            if "\t" in line and rng.random() < 0.3:
                cells = line.split("\t")
                cells[rng.randrange(len(cells))] = ""
                line = "\t".join(cells)
            out.append(line)
        return out
    raise AssertionError(op)


def mutate_bytes(data: bytes, op: str, rng: random.Random) -> bytes:
    if not data:
        return data
    buf = bytearray(data)
    if op == "flip_bytes":
        for _ in range(rng.randint(1, 20)):
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
        return bytes(buf)
    if op == "truncate":
        return bytes(buf[: rng.randrange(len(buf))])
    if op == "cut_middle":
        i = rng.randrange(len(buf))
        j = min(len(buf) - 64, i + rng.randint(1, 4096))
        return bytes(buf[:i] + buf[j:]) if j > i else bytes(buf)
    if op == "insert_bytes":
        i = rng.randrange(len(buf) + 1)
        return bytes(buf[:i]) + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + bytes(buf[i:])
    raise AssertionError(op)


@st.composite
def documents(draw) -> tuple[str, bytes, str]:
    """(suffix, bytes, description) of a mutated seed."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    kind = draw(st.sampled_from(["text"] * 6 + [".docx", ".xlsx", ".pdf", ".pdf"]))
    if kind != "text":
        data = office_file(kind).read_bytes()
        ops = draw(st.lists(st.sampled_from(PDF_OPS if kind == ".pdf" else BYTE_OPS), min_size=1, max_size=2))
        for op in ops:
            data = mutate_bytes(data, op, rng)
        return kind, data, f"{office_file(kind).name if kind == '.pdf' else 'seed 000 as ' + kind}, {ops}"
    seed = draw(st.sampled_from(TEXT_SEEDS))
    lines = seed.read_text(encoding="utf-8").split("\n")
    line_ops = draw(st.lists(st.sampled_from(LINE_OPS), max_size=3))
    for op in line_ops:
        lines = mutate_lines(lines, op, rng)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = "\n".join(lines).encode(encoding, errors="replace")
    byte_ops = draw(st.lists(st.sampled_from(BYTE_OPS), max_size=2))
    for op in byte_ops:
        data = mutate_bytes(data, op, rng)
    suffix = draw(st.sampled_from([".txt", ".md"]))
    return suffix, data, f"{seed.name} {line_ops} {encoding} {byte_ops} as {suffix}"


@st.composite
def pdfs(draw) -> tuple[str, bytes, str]:
    """(".pdf", bytes, description) of a damaged PDF."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    data = office_file(".pdf").read_bytes()
    ops = draw(st.lists(st.sampled_from(PDF_OPS), min_size=1, max_size=3))
    for op in ops:
        data = mutate_bytes(data, op, rng)
    return ".pdf", data, f"{office_file('.pdf').name}, {ops}"


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=documents())
def test_mutated_seeds_import_or_fail_cleanly(doc):
    import_or_fail_cleanly(*doc)


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=pdfs())
def test_damaged_pdfs_import_or_fail_cleanly(doc):
    message = import_or_fail_cleanly(*doc)
    assert "không đọc được loại tệp" not in message, "a PDF is read, its damage told as such"


def import_or_fail_cleanly(suffix: str, data: bytes, description: str) -> str:
    """Import the document into a copy of the base database; return what went to stderr."""
    with tempfile.TemporaryDirectory(prefix="cdstui-fuzz-case-") as tmp:
        tmp = Path(tmp)
        db = tmp / "db" / "cdstui.db"
        copy_db(base_db(), db)
        file = tmp / f"ke-hoach{suffix}"
        file.write_bytes(data)
        before = content(db)
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["import", str(file), "--db", str(db)])
        except BaseException as exc:  # noqa: BLE001 - report the input that crashed
            keep = Path(tempfile.gettempdir()) / f"cdstui-fuzz-crash{suffix}"
            shutil.copyfile(file, keep)
            raise AssertionError(f"{description}: {type(exc).__name__}: {exc} (input kept in {keep})") from exc
        message = err.getvalue()
        assert "Traceback" not in message, description
        assert code in (0, 1), (description, code, message)
        if code == 1:
            assert message.strip(), description
            assert file.name in message, (description, message)
            assert content(db) == before, f"{description}: a failed import changed the database"
        else:
            conn = sqlite3.connect(str(db))
            try:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            finally:
                conn.close()
            assert "Tổng cộng" in out.getvalue()
        return message


# --- the agency round trip: rows moved, copied, added, deleted, ids edited (issue 11) -------------

AGENCY_EDITS = ["fill", "fill", "swap_ids", "bad_id", "copy_id", "drop_id_column", "delete_row", "insert_row", "duplicate_row"]
STATUS_WORDS = ["Chưa triển khai", "Đang triển khai", "Hoàn thành", "Không giao", "đã xong", "đang làm"]


def exported_report() -> Path:
    """The default plan's report, exported once from the base database."""
    if "report" not in _cache:
        path = workdir() / "report.xlsx"
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["export", "--db", str(base_db()), "--period", "2026-Q3", "--today", "2026-09-20", "-o", str(path)])
        assert code == 0
        _cache["report"] = path
    return _cache["report"]


class AgencySheet:
    """The task sheet of the report, edited by a careless agency."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.header = next(r for r in range(1, 40) if ws.cell(row=r, column=1).value == "STT")
        names = {c.value: c.column for c in ws[self.header] if c.value}
        self.status, self.id_col = names["Tình trạng"], names.get("cdstui-id")
        self.last_col = ws.max_column
        self.inserted = 0

    def data_rows(self) -> list[int]:
        rows = []
        for r in range(self.header + 1, self.ws.max_row + 1):
            if self.ws.cell(row=r, column=1).value == "Nơi nhận:":
                break
            rows.append(r)
        return rows

    def task_rows(self) -> list[int]:
        if self.id_col is None:
            return [r for r in self.data_rows() if self.ws.cell(row=r, column=self.status).value]
        return [r for r in self.data_rows() if self.ws.cell(row=r, column=self.id_col).value is not None]

    def edit(self, op: str, rng: random.Random) -> None:
        # a few neighbouring rows, so that edits meet: a fill on a row whose id was swapped…
        tasks, ws = self.task_rows()[:4], self.ws
        if not tasks:
            return
        a, b = rng.choice(tasks), rng.choice(tasks)
        if op == "fill":
            ws.cell(row=a, column=self.status).value = rng.choice(STATUS_WORDS)
        elif op == "drop_id_column" and self.id_col is not None:
            ws.delete_cols(self.id_col)
            self.id_col = None
        elif op == "delete_row":
            ws.delete_rows(rng.choice([r for r in self.data_rows() if r <= tasks[-1]]))
        elif op in ("insert_row", "duplicate_row"):
            ws.insert_rows(a + 1)
            for col in range(1, self.last_col + 1):
                ws.cell(row=a + 1, column=col).value = ws.cell(row=a, column=col).value if op == "duplicate_row" else None
            if op == "insert_row":
                self.inserted += 1
                ws.cell(row=a + 1, column=1).value = f"9.9.{self.inserted}"
                ws.cell(row=a + 1, column=2).value = f"Nhiệm vụ do cơ quan thêm {self.inserted}"
            ws.cell(row=a + 1, column=self.status).value = rng.choice(STATUS_WORDS)
        elif self.id_col is not None:
            ida, idb = ws.cell(row=a, column=self.id_col), ws.cell(row=b, column=self.id_col)
            if op == "swap_ids":
                ida.value, idb.value = idb.value, ida.value
            elif op == "copy_id":
                idb.value = ida.value
            elif op == "bad_id":
                ida.value = rng.choice([99999, "abc", "", rng.randrange(1, 200)])  # 1…199: rows of every kind

    def statuses(self) -> dict[tuple[str, str], list[str]]:
        """The status words typed, by (STT, title) of their row."""
        out: dict[tuple[str, str], list[str]] = {}
        for r in self.data_rows():
            code, title = self.ws.cell(row=r, column=1).value, self.ws.cell(row=r, column=2).value
            out.setdefault((str(code or ""), str(title or "")), []).append(str(self.ws.cell(row=r, column=self.status).value or ""))
        return out


def task_statuses(db: Path) -> dict[int, tuple[str, str, str]]:
    conn = sqlite3.connect(str(db))
    try:
        return {i: (code, title, status) for i, code, title, status in conn.execute("SELECT id, code, title, status FROM rows WHERE kind = 'task'")}
    finally:
        conn.close()


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), ops=st.lists(st.sampled_from(AGENCY_EDITS), min_size=1, max_size=6))
def test_an_agency_workbook_never_puts_a_value_on_another_row(seed, ops):
    """Whatever the agency did to the rows, a task's new status is the one typed on the one row
    of the sheet that shows its STT and title — or the import is refused cleanly."""
    import openpyxl

    from cdstui.domain.progress import parse_status

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="cdstui-fuzz-agency-") as tmp:
        tmp = Path(tmp)
        db = tmp / "db" / "cdstui.db"
        copy_db(base_db(), db)
        book = openpyxl.load_workbook(exported_report())
        sheet = AgencySheet(book["Phụ lục I"])
        for op in ops:
            sheet.edit(op, rng)
        filled = tmp / "đã điền.xlsx"
        book.save(filled)
        typed = sheet.statuses()
        before, db_before = task_statuses(db), content(db)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["import", str(filled), "--db", str(db)])
        assert code in (0, 1) and "Traceback" not in err.getvalue(), (ops, err.getvalue())
        if code == 1:
            assert filled.name in err.getvalue() and content(db) == db_before, ops
            return
        for row_id, (code_, title, status) in task_statuses(db).items():
            if status == before[row_id][2]:
                continue
            words = typed.get((code_, title), [])
            assert len(words) == 1 and parse_status(words[0]) == status, (ops, code_, title, status, words, out.getvalue())


# --- bad files (issue 11, item 10): each probe as an example, and mutated ----------------------


def _probe_builders() -> dict[str, tuple]:
    """Probe name -> (build(path), suffix, exit code and a piece of the output when not mutated)."""
    from tests.importers import bad_files as bad

    probes: dict[str, tuple] = {
        f"toml {name}": (lambda path, name=name: path.write_text(bad.TOML_PROBES[name][0], encoding="utf-8"), ".toml", 1, expected)
        for name, (_text, expected) in bad.TOML_PROBES.items()
    }
    probes.update(
        {
            "formulas": (bad.formula_workbook, ".xlsx", 0, "Lưu ý: Trang tính «Nhiệm vụ», ô D4, C5: công thức"),
            "formula title": (lambda path: bad.formula_workbook(path, lose_title=True), ".xlsx", 1, "ô B5 (cột «Tên nhiệm vụ»)"),
            "oversized text": (bad.oversized_text, ".txt", 1, f"MB, giới hạn {bad.MAX_TEXT_BYTES // bad.MB} MB."),
            "many rows": (bad.many_rows_text, ".md", 1, "hàng trong các bảng"),
            "long prose": (bad.long_prose_text, ".txt", 1, "dòng văn bản ngoài bảng"),
            "zip bomb docx": (bad.zip_bomb, ".docx", 1, "tệp quá lớn: phần văn bản (XML) giải nén ra"),
            "zip bomb xlsx": (bad.zip_bomb, ".xlsx", 1, "tệp quá lớn: phần văn bản (XML) giải nén ra"),
            "lying zip docx": (bad.lying_zip, ".docx", 1, "tệp quá lớn: phần văn bản (XML) giải nén ra 204"),
            "lying zip xlsx": (bad.lying_zip, ".xlsx", 1, "tệp quá lớn: phần văn bản (XML) giải nén ra 204"),
            "wide range": (lambda path: bad.wide_range_workbook(path, "XFD100"), ".xlsx", 1, "16384 cột"),
        }
    )
    return probes


PROBES = sorted(_probe_builders())


def probe_file(name: str) -> Path:
    """The probe, built once for the run."""
    key = f"probe {name}"
    if key not in _cache:
        build, suffix, _code, _expected = _probe_builders()[name]
        path = workdir() / f"{name.replace(' ', '-')}{suffix}"
        build(path)
        _cache[key] = path
    return _cache[key]


def _with_every_probe(test):
    for name in reversed(PROBES):
        test = example(name=name, seed=0, ops=[])(test)
    return test


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(PROBES), seed=st.integers(0, 2**32 - 1), ops=st.lists(st.sampled_from(BYTE_OPS), max_size=2))
@_with_every_probe
def test_bad_files_are_refused_cleanly(name, seed, ops):
    """Each probe as it is: its exit code and message; damaged too: exit 0 or a clean refusal."""
    source = probe_file(name)
    data = source.read_bytes()
    for op in ops:
        data = mutate_bytes(data, op, random.Random(seed))
    with tempfile.TemporaryDirectory(prefix="cdstui-fuzz-probe-") as tmp:
        db = Path(tmp) / "db" / "cdstui.db"
        copy_db(base_db(), db)
        file = Path(tmp) / source.name
        file.write_bytes(data)
        before = content(db)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["import", str(file), "--db", str(db)])
        said = out.getvalue() + err.getvalue()
        assert code in (0, 1) and "Traceback" not in said, (name, ops, said)
        if not ops:
            _build, _suffix, expected_code, expected = _probe_builders()[name]
            assert (code, expected in said) == (expected_code, True), (name, said)
        if code == 1:
            assert file.name in err.getvalue() and content(db) == before, (name, ops, said)
