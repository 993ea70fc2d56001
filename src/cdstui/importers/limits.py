"""Size limits for the documents an importer reads, checked before the costly work.

A plan appendix of a ward is some hundred rows; the bench plan of 5,000 tasks
(65 wards' worth) is a 2.7 MB plan file, a 1.9 MB text file, a Word file of
8 MB and a workbook of 5 MB once unzipped, some 5,600 rows. The limits stand
far above that and far below what would hold the officer's machine for
minutes (a 50 MB text file, a "zip bomb" unzipping to gigabytes):

* a text document (.txt, .md, .toml): its bytes on disk, before reading it;
* a Word or Excel file: a zip archive, judged by its directory alone before
  anything is unzipped: how many entries, how large all of them and their XML
  parts are once unzipped (``zipfile`` never inflates an entry beyond the size
  its directory gives, so these sizes bound the work);
* every document, once split into lines and table rows and before these are
  repaired: the rows and cells of its tables and the lines of text outside
  them (``check_rows``); in a workbook, before its cells are read, each sheet's
  used range (``check_sheet``), which openpyxl fills in whole however few
  cells the file holds.

Each refusal is an ``InputError`` naming the file, the size and the limit.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Sequence, Sized
from pathlib import Path

from cdstui.domain.model import InputError

__all__ = [
    "MAX_TEXT_BYTES",
    "MAX_UNZIPPED_BYTES",
    "MAX_XML_BYTES",
    "MAX_ZIP_ENTRIES",
    "MAX_ROWS",
    "MAX_CELLS",
    "check_size",
    "check_rows",
    "check_sheet",
]

MB = 1024 * 1024
MAX_TEXT_BYTES = 10 * MB
MAX_UNZIPPED_BYTES = 100 * MB  # every part, pictures included
MAX_XML_BYTES = 30 * MB  # the parts that are parsed: the text, its tables, its styles
MAX_ZIP_ENTRIES = 10_000  # a Word file holds some twenty parts
MAX_ROWS = 20_000
MAX_CELLS = 500_000  # of a document's tables, or of a sheet's used range

_TEXT_SUFFIXES = (".txt", ".md", ".toml")
_ZIP_SUFFIXES = (".docx", ".xlsx")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# End of central directory record: signature, then the entry count at offset 10.
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_MAX_COMMENT = 0xFFFF


def _mb(size: int) -> str:
    """20.3 MB as "20,3 MB" (the Vietnamese decimal comma), 20 MB as "20 MB", 2,150.4 MB as "2150 MB"."""
    value = size / MB
    shown = f"{value:.0f}" if value >= 100 else f"{value:.1f}".removesuffix(".0").replace(".", ",")
    return f"{shown} MB"


def _too_large(what: str, size: int, limit: int, file: str) -> InputError:
    return InputError(
        f"tệp quá lớn: {what}{_mb(size)}, giới hạn {_mb(limit)}. "
        "Một kế hoạch thật nhỏ hơn nhiều: hãy kiểm tra lại tệp.",
        file=file,
    )


def check_size(path: Path) -> None:
    """Refuse a document too large to read, from its size on disk or its zip directory."""
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InputError(f"không đọc được tệp: {exc.strerror or exc}.", file=path.name) from exc
        if size > MAX_TEXT_BYTES:
            raise _too_large("", size, MAX_TEXT_BYTES, path.name)
    elif suffix in _ZIP_SUFFIXES:
        _check_zip(path)


def _zip_entry_count(path: Path) -> int | None:
    """The entry count in the zip's end record, read without building the directory; None if not found."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            end = handle.tell()
            handle.seek(max(0, end - _EOCD_SIZE - _MAX_COMMENT))
            tail = handle.read()
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {exc.strerror or exc}.", file=path.name) from exc
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        return None  # not a zip: the reader says so
    # 0xFFFF marks a ZIP64 archive: 65,535 entries or more, or sizes past 4 GB
    (count,) = struct.unpack_from("<H", tail, at + 10)
    return count


def _check_zip(path: Path) -> None:
    count = _zip_entry_count(path)
    if count is None:
        return
    if count > MAX_ZIP_ENTRIES:
        shown = f"{count} phần nén" + (" trở lên" if count == 0xFFFF else "")
        raise InputError(f"tệp quá lớn: {shown}, giới hạn {MAX_ZIP_ENTRIES}. Hãy kiểm tra lại tệp.", file=path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # damaged: the reader tells it as such
    total = sum(e.file_size for e in entries)
    xml = sum(e.file_size for e in entries if e.filename.lower().endswith(_XML_SUFFIXES))
    if xml > MAX_XML_BYTES:
        raise _too_large("phần văn bản (XML) giải nén ra ", xml, MAX_XML_BYTES, path.name)
    if total > MAX_UNZIPPED_BYTES:
        raise _too_large("giải nén ra ", total, MAX_UNZIPPED_BYTES, path.name)


def check_rows(table_rows: Sequence[Sized], prose_lines: int, file: str) -> None:
    """Refuse a document whose tables hold more rows or cells, or whose text more lines, than any plan."""
    cells = sum(len(row) for row in table_rows)
    for count, limit, what in (
        (len(table_rows), MAX_ROWS, "hàng trong các bảng"),
        (cells, MAX_CELLS, "ô trong các bảng"),
        (prose_lines, MAX_ROWS, "dòng văn bản ngoài bảng"),
    ):
        if count > limit:
            raise InputError(
                f"tệp quá lớn: {count} {what}, giới hạn {limit}. Một kế hoạch thật nhỏ hơn nhiều: hãy kiểm tra lại tệp.",
                file=file,
            )


def check_sheet(title: str, rows: int, columns: int, file: str) -> None:
    """Refuse a sheet whose used range (``max_row`` × ``max_column``) is too large to read."""
    if rows > MAX_ROWS:
        raise InputError(
            f"trang tính «{title}» quá lớn: {rows} hàng, giới hạn {MAX_ROWS} hàng. "
            "Hãy xóa các hàng thừa dưới bảng rồi lưu lại.",
            file=file,
        )
    if rows * columns > MAX_CELLS:
        raise InputError(
            f"trang tính «{title}» quá lớn: vùng dữ liệu {rows} hàng × {columns} cột, "
            f"giới hạn {MAX_CELLS} ô. Hãy xóa các ô thừa ngoài bảng rồi lưu lại.",
            file=file,
        )
