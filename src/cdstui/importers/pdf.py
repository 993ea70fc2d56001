"""PDF documents that carry a text layer (printed from Word, as issued), read with pdfplumber.

pdfplumber (on pdfminer.six) is imported here only, when a PDF is read: the
app's start-up does not pay for it. This module takes from each page the
positioned glyphs and the cells of its ruled tables; ``pdf_layout`` turns
them into prose paragraphs and table grids; ``assemble`` repairs them like
those of every other format.

Refused, each with its own message naming the file: a file past the size
bound (bytes before opening, pages before any page is parsed), a file that
is not a whole PDF (no "%PDF-" header, no "%%EOF" at its end: cut short), a
file that needs a password, a file the parser cannot read (damaged), and a
scanned PDF (no text on any page). A digital signature is an incremental
update with a signature field: it changes nothing in the text and is read
through like any other update.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Iterator

from cdstui.domain.model import ImportReport, InputError
from cdstui.importers.files import broken_file
from cdstui.importers.assemble import assemble
from cdstui.importers.pdf_layout import PdfPage, PdfTable, pdf_blocks
from cdstui.importers.pdf_text import Glyph

__all__ = ["read_pdf", "MAX_BYTES", "MAX_PAGES", "SCANNED_MESSAGE"]

# A ward plan with its appendix runs to tens of pages and, signed and with
# embedded fonts, a few megabytes; past these bounds a file is not a plan.
MAX_BYTES = 40 * 1024 * 1024
MAX_PAGES = 200

SCANNED_MESSAGE = "tệp PDF là ảnh quét, không có chữ; hãy dùng bản Word hoặc PDF xuất từ Word."
ENCRYPTED_MESSAGE = (
    "tệp PDF được bảo vệ bằng mật khẩu (mã hóa), không đọc được nội dung; "
    "hãy dùng bản Word hoặc lưu lại bản PDF không đặt mật khẩu."
)
# The header may sit after some junk, and the end mark before some trailing bytes (ISO 32000 tolerates both).
_HEAD = 1024
_TAIL = 2048
# A table found by its ruling lines with fewer columns than this is a frame around text, not a table.
_MIN_COLUMNS = 2


def read_pdf(path: Path) -> ImportReport:
    _check_file(path)
    with _quiet_pdfminer():
        pages = _read_pages(path)
    if not any(g.text.strip() for page in pages for g in page.glyphs):
        raise InputError(SCANNED_MESSAGE, file=path.name)
    return assemble(pdf_blocks(pages), file=path.name, source=path.name)


def _check_file(path: Path) -> None:
    """Refuse, before parsing, a file too big or not a whole PDF."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"tệp PDF quá lớn ({size / 1024 / 1024:.1f} MB, tối đa {MAX_BYTES // 1024 // 1024} MB); "
                "đây không giống một kế hoạch.",
                file=path.name,
            )
        with path.open("rb") as f:
            head = f.read(_HEAD)
            f.seek(max(0, size - _TAIL))
            tail = f.read()
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {exc.strerror or exc}.", file=path.name) from exc
    if not size:
        raise InputError("tệp rỗng.", file=path.name)
    if b"%PDF-" not in head:
        raise InputError("không phải tệp PDF (thiếu phần đầu «%PDF-»).", file=path.name)
    if b"%%EOF" not in tail:
        raise InputError("tệp PDF bị hỏng hoặc bị cắt cụt (thiếu dấu kết thúc «%%EOF»).", file=path.name)


@contextlib.contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs its repairs of odd files as warnings; they are not the user's business."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _password_error(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)):
            return True
        stack.extend(a for a in e.args if isinstance(a, BaseException))
        if e.__cause__ is not None:
            stack.append(e.__cause__)
    return False


def _read_pages(path: Path) -> list[PdfPage]:
    try:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            _check_pages(pdf, path)
            pages = []
            for page in pdf.pages:
                pages.append(_page(page))
                page.close()  # what is kept is the glyphs; pdfplumber's objects of the page go
            return pages
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a damaged file makes the parser raise is the user's input problem
        if _password_error(exc):
            raise InputError(ENCRYPTED_MESSAGE, file=path.name) from exc
        raise broken_file(path, "PDF", exc) from exc


def _check_pages(pdf, path: Path) -> None:
    """Refuse a file with too many pages, from the page tree's count, before any page is parsed."""
    from pdfminer.pdftypes import resolve1

    pages = resolve1(pdf.doc.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    if isinstance(count, int) and count > MAX_PAGES:
        raise InputError(
            f"tệp PDF có {count} trang, quá giới hạn {MAX_PAGES} trang; đây không giống một kế hoạch.",
            file=path.name,
        )


def _page(page) -> PdfPage:
    """The glyphs of a pdfplumber page and the cells of its ruled tables (``find_tables``,
    the finder behind ``extract_tables``: the cells' boxes, whose text ``pdf_layout`` reads
    line by line, where ``extract`` would have lost where each line ends)."""
    glyphs = [
        Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"] or (c["bottom"] - c["top"]))
        for c in page.chars
    ]
    tables = []
    for table in page.find_tables():
        found = PdfTable(bbox=tuple(table.bbox), cells=[tuple(c) for c in table.cells])
        if len({round(c[0]) for c in found.cells}) >= _MIN_COLUMNS:
            tables.append(found)
    return PdfPage(number=page.page_number, width=float(page.width), height=float(page.height), glyphs=glyphs, tables=tables)
