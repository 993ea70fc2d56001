"""Bad files, built small and fast: for the tests, the fuzz corpus and bench/bench_bad_files.py.

* ``TOML_PROBES``: plan files whose values the app would never accept (a year
  of 20 digits, arrays nested 2,000 deep, 120% done, an indicator in a task
  table…), each with a piece of the message that must refuse it;
* ``formula_workbook``: formula cells without a saved result, as a program
  other than Excel writes them (openpyxl never computes a formula);
* ``oversized_text``, ``many_rows_text``, ``long_prose_text``,
  ``many_rows_toml``: more bytes, rows or lines than any plan;
* ``lying_zip``: a Word/Excel file whose zip directory claims a huge size for
  a small entry (refused from the directory alone; inflating it would fail on
  its CRC instead), and ``zip_bomb``: a real highly compressible entry;
* ``wide_range_workbook``: a few cells, one far away, so that the used range
  is huge although the file is tiny.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from cdstui.importers.limits import MAX_ROWS, MAX_TEXT_BYTES, MAX_XML_BYTES, MB
from tests.importers.builders import SEED_000

ROW = 'kind = "task"\ncode = "1"\npath = ["I"]\ntitle = "Việc một"\n'
INDICATOR = 'kind = "indicator"\ncode = "1"\npath = []\ntitle = "Tỷ lệ hồ sơ trực tuyến"\n'
HEAD = '[plan]\nnumber = "1/KH"\nyear = 2026\n'


def plan_file(head: str = HEAD, rows: str = ROW, kind: str = "tasks") -> str:
    return f'{head}\n[[tables]]\ntitle = "T"\nkind = "{kind}"\n\n[[tables.rows]]\n{rows}'


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# name -> (plan file text, a piece of the refusal's message)
TOML_PROBES: dict[str, tuple[str, str]] = {
    "year-20-digits": (
        plan_file(HEAD.replace("2026", "99999999999999999999")),
        "[plan] year 99999999999999999999 phải là một năm từ 1900 đến 2100",
    ),
    "year-1800": (plan_file(HEAD.replace("2026", "1800")), "[plan] year 1800 phải là một năm từ 1900 đến 2100"),
    "year-float": (plan_file(HEAD.replace("2026", "2026.0")), "[plan] year phải là số nguyên"),
    "date-year-1": (plan_file(HEAD + "date = 0001-01-01\n"), "[plan] date 0001-01-01 phải là một ngày từ năm 1900"),
    "array-2000-deep": (plan_file(HEAD + f"x = {_nested(2000)}\n"), "dòng 4: tệp TOML không hợp lệ: mảng hoặc bảng lồng"),
    "inline-table-2000-deep": (
        plan_file(rows=ROW.replace('"Việc một"', "{a = " * 2000 + "1" + "}" * 2000)),
        "tệp TOML không hợp lệ: mảng hoặc bảng lồng nhau quá sâu",
    ),
    "kind-nested-300-deep": (plan_file(rows=ROW.replace('"task"', _nested(300))), "loại dòng một mảng không hợp lệ"),
    "completion-120": (
        plan_file(rows=ROW + 'completion = "120%"\n'),
        "dòng thứ 1 (mã 1): completion '120%': Mức độ hoàn thành phải từ 0% đến 100%",
    ),
    "completion-decimal": (plan_file(rows=ROW + 'completion = "98,5%"\n'), "phải là số phần trăm nguyên"),
    "completion-symbols": (plan_file(rows=ROW + 'completion = "???"\n'), "completion '???': Mức độ hoàn thành không hợp lệ"),
    "completion-number": (plan_file(rows=ROW + "completion = 50\n"), "completion phải là chuỗi văn bản"),
    "indicator-in-task-table": (plan_file(rows=INDICATOR), "bảng loại 'tasks' không có dòng loại 'indicator'"),
    "task-in-indicator-table": (plan_file(kind="indicators"), "bảng loại 'indicators' không có dòng loại 'task'"),
    "section-in-indicator-table": (
        plan_file(rows=ROW.replace('"task"', '"section"'), kind="indicators"),
        "bảng loại 'indicators' không có dòng loại 'section'",
    ),
    "status-unknown": (plan_file(rows=ROW + 'status = "xong"\n'), "trạng thái 'xong' không hợp lệ"),
    "status-number": (plan_file(rows=ROW + "status = 3\n"), "trạng thái 3 không hợp lệ"),
    "title-number": (plan_file(rows=ROW.replace('"Việc một"', "12")), "dòng thứ 1: title phải là chuỗi văn bản"),
    "lead-array": (plan_file(rows=ROW + 'lead = ["Phòng A"]\n'), "(mã 1): lead phải là chuỗi văn bản"),
    "source-line-20-digits": (
        plan_file(rows=ROW + "source_line = 99999999999999999999\n"),
        "source_line phải là số nguyên dương",
    ),
}


def write_toml_probe(name: str, folder: Path) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(TOML_PROBES[name][0], encoding="utf-8")
    return path


# --- workbooks with formulas ---------------------------------------------------------------

HEADER = ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]


def formula_workbook(path: Path, *, lose_title: bool = False) -> Path:
    """A task sheet where a deadline and a lead are formulas without a saved result;
    with ``lose_title`` a task's title is one too."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    sheet.append(["DANH MỤC NHIỆM VỤ NĂM 2026"])
    sheet.append(HEADER)
    sheet.append(["I", "Hạ tầng số"])
    sheet.append(["1", "Việc một", "Phòng A", '="Quý I/"&2026'])
    sheet.append(["2", "=B4&\" (đợt 2)\"" if lose_title else "Việc hai", "=C4", "6/2026"])
    sheet.append(["3", "Việc ba", "Phòng B", "12/2026"])
    workbook.save(path)
    return path


def wide_range_workbook(path: Path, far_cell: str) -> Path:
    """A small task sheet and one stray value at ``far_cell`` ("Z30000", "XFD100")."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["1", "Việc một", "Phòng A", "6/2026"])
    sheet[far_cell] = "x"
    workbook.save(path)
    return path


# --- too many bytes, too many rows ---------------------------------------------------------


def oversized_text(path: Path, size: int = MAX_TEXT_BYTES + MB) -> Path:
    """Seed 000 again and again, past ``size`` bytes (the 50 MB text file of issue 11 was such)."""
    seed = SEED_000.read_bytes()
    path.write_bytes(seed * (size // len(seed) + 1))
    return path


def many_rows_text(path: Path, rows: int = MAX_ROWS + 1_000) -> Path:
    """One table of ``rows`` task rows, a few MB: under the byte limit, over the row limit."""
    lines = ["DANH MỤC NHIỆM VỤ", "\t".join(HEADER), "I\tHạ tầng số\t\t"]
    lines += [f"{n}\tViệc số {n}\tPhòng A\t6/2026" for n in range(1, rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def long_prose_text(path: Path, lines: int = MAX_ROWS + 1_000) -> Path:
    """A small table and ``lines`` lines of prose under it, a few MB."""
    text = "TT\tTên nhiệm vụ\n1\tViệc một\n" + "Các cơ quan, đơn vị triển khai nhiệm vụ chuyển đổi số.\n" * lines
    path.write_text(text, encoding="utf-8")
    return path


def many_rows_toml(path: Path, rows: int = MAX_ROWS + 1) -> Path:
    path.write_text(plan_file(rows="\n[[tables.rows]]\n".join([ROW] * rows)), encoding="utf-8")
    return path


# --- zip archives that unzip to far more than they weigh -----------------------------------

_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/worksheets/sheet1.xml"}
# Where blanks may stand in the main part: just inside the body, the sheet's data.
_INSIDE = {".docx": "<w:body>", ".xlsx": "<sheetData>"}


def _real_document(path: Path) -> None:
    """A small but real Word file or workbook, as python-docx and openpyxl write them."""
    if path.suffix == ".docx":
        import docx

        document = docx.Document()
        document.add_paragraph("KẾ HOẠCH")
        document.save(str(path))
    else:
        import openpyxl

        workbook = openpyxl.Workbook()
        workbook.active.append(["KẾ HOẠCH"])
        workbook.save(path)


def zip_bomb(path: Path, size: int = MAX_XML_BYTES + MB) -> Path:
    """A real .docx/.xlsx whose main part holds ``size`` bytes of blanks (valid XML), deflated to
    a few kB. Built in chunks: neither building nor a refusal holds ``size`` bytes at once."""
    _real_document(path)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    main = parts.pop(_MAIN_PART[path.suffix]).decode("utf-8")
    cut = main.index(_INSIDE[path.suffix]) + len(_INSIDE[path.suffix])
    chunk = b" " * MB
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open(_MAIN_PART[path.suffix], "w", force_zip64=size > zipfile.ZIP64_LIMIT) as part:
            part.write(main[:cut].encode("utf-8"))
            for start in range(0, size, len(chunk)):
                part.write(chunk[: size - start])
            part.write(main[cut:].encode("utf-8"))
    return path


def lying_zip(path: Path, claimed: int = 2**31) -> Path:
    """A real .docx/.xlsx whose zip directory says its main part unzips to ``claimed`` bytes."""
    _real_document(path)
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(_MAIN_PART[path.suffix]).header_offset
    data = bytearray(path.read_bytes())
    name = _MAIN_PART[path.suffix].encode()
    (central,) = struct.unpack_from("<I", data, data.rindex(b"PK\x05\x06") + 16)  # the directory's start
    while data[central + 46 : central + 46 + len(name)] != name:  # walk its entries to the main part's
        name_length, extra, comment = struct.unpack_from("<HHH", data, central + 28)
        central += 46 + name_length + extra + comment
    struct.pack_into("<I", data, local + 22, claimed)  # uncompressed size in the local header
    struct.pack_into("<I", data, central + 24, claimed)  # …and in the central directory
    path.write_bytes(bytes(data))
    return path
