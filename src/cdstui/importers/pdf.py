"""PDF documents that carry a text layer (printed from Word, as issued).

``pdf_pdfium``, the one module that calls the PDF library (PDFium, through
pypdfium2), is imported here only when a PDF is read: the app's start-up
does not pay for it. It gives each page's positioned glyphs and ruling
segments; ``pdf_rulings`` finds the cells of the ruled tables;
``pdf_layout`` turns both into prose paragraphs and table grids; and
``assemble`` repairs them like those of every other format.

Refused, each with its own message naming the file: a file past the size
bound (bytes before reading it, pages before any page is parsed), a file
that is not a whole PDF (no "%PDF-" header, no "%%EOF" at its end: cut
short), a file that needs a password, a file the engine cannot read
(damaged), and a scanned PDF (no text on any page). A digital signature is
an incremental update with a signature field: it changes nothing in the
text and is read through like any other update.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cdstui.domain.model import ImportReport, InputError
from cdstui.importers.files import broken_file
from cdstui.importers.assemble import assemble
from cdstui.importers.pdf_layout import PdfPage, PdfTable, pdf_blocks
from cdstui.importers.pdf_rulings import find_tables

if TYPE_CHECKING:
    from cdstui.importers.pdf_pdfium import Page

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
    pages = _read_pages(path, _read_file(path))
    if not any(g.text.strip() for page in pages for g in page.glyphs):
        raise InputError(SCANNED_MESSAGE, file=path.name)
    return assemble(pdf_blocks(pages), file=path.name, source=path.name)


def _read_file(path: Path) -> bytes:
    """The file's bytes; refused before reading when too big, and after when not a whole PDF."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"tệp PDF quá lớn ({size / 1024 / 1024:.1f} MB, tối đa {MAX_BYTES // 1024 // 1024} MB); "
                "đây không giống một kế hoạch.",
                file=path.name,
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {exc.strerror or exc}.", file=path.name) from exc
    if not data:
        raise InputError("tệp rỗng.", file=path.name)
    if b"%PDF-" not in data[:_HEAD]:
        raise InputError("không phải tệp PDF (thiếu phần đầu «%PDF-»).", file=path.name)
    if b"%%EOF" not in data[-_TAIL:]:
        raise InputError("tệp PDF bị hỏng hoặc bị cắt cụt (thiếu dấu kết thúc «%%EOF»).", file=path.name)
    return data


def _read_pages(path: Path, data: bytes) -> list[PdfPage]:
    from cdstui.importers import pdf_pdfium

    try:
        with pdf_pdfium.open_pdf(data) as document:
            _check_pages(document.page_count, path)
            return [_page(page) for page in document.pages()]
    except InputError:
        raise
    except pdf_pdfium.EncryptedPdf as exc:
        raise InputError(ENCRYPTED_MESSAGE, file=path.name) from exc
    except Exception as exc:  # noqa: BLE001 - whatever a damaged file makes the engine raise is the user's input problem
        raise broken_file(path, "PDF", exc) from exc


def _check_pages(count: int, path: Path) -> None:
    """Refuse a file with too many pages, from the page tree, before any page is parsed."""
    if count > MAX_PAGES:
        raise InputError(
            f"tệp PDF có {count} trang, quá giới hạn {MAX_PAGES} trang; đây không giống một kế hoạch.",
            file=path.name,
        )


def _page(page: Page) -> PdfPage:
    """A page for the layout: its glyphs, and the ruled tables its rulings draw (frames around text left out)."""
    tables = [
        PdfTable(bbox=bbox, cells=cells)
        for bbox, cells in find_tables(page.rulings)
        if len({round(c[0]) for c in cells}) >= _MIN_COLUMNS
    ]
    return PdfPage(number=page.number, width=page.width, height=page.height, glyphs=page.glyphs, tables=tables)
