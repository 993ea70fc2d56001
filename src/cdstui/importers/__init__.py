"""Importers: a plan document (.txt/.md, .docx, .xlsx, .toml, .pdf) -> ``ImportReport``.

``read_document`` dispatches on the file's suffix. The Word and Excel readers
(and python-docx/openpyxl with them) are imported only when such a file is
read, so starting the app does not pay for them; the same for the PDF
engine (pypdfium2).

Each format module only turns its document into prose lines and raw table
fragments; ``repair`` (tables) and ``prose`` (metadata, bullets) do the rest,
through ``assemble``. A document too large for any plan is refused before
the costly work (``limits``).
"""

from __future__ import annotations

from pathlib import Path

from cdstui.domain.model import ImportReport, InputError
from cdstui.importers.files import broken_file, decode_text, read_bytes

__all__ = ["read_document", "decode_text", "broken_file", "read_bytes", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".xlsx", ".toml", ".pdf")

def read_document(path: str | Path) -> ImportReport:
    """Read a plan document; raise ``InputError`` (Vietnamese, naming the file) when unusable."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            f"không đọc được loại tệp «{suffix or 'không có đuôi'}». "
            f"Các loại tệp được hỗ trợ: {', '.join(SUPPORTED_SUFFIXES)}.",
            file=path.name,
        )
    if not path.exists():
        raise InputError("không tìm thấy tệp.", file=str(path))
    if not path.is_file():
        raise InputError("không phải là một tệp.", file=str(path))
    from cdstui.importers.limits import check_size

    check_size(path)
    if suffix in (".txt", ".md"):
        from cdstui.importers.text import read_text

        return read_text(path)
    if suffix == ".docx":
        from cdstui.importers.docx import read_docx

        return read_docx(path)
    if suffix == ".xlsx":
        from cdstui.importers.xlsx import read_xlsx

        return read_xlsx(path)
    if suffix == ".pdf":
        from cdstui.importers.pdf import read_pdf

        return read_pdf(path)
    from cdstui.importers.toml_plan import read_plan_toml

    return read_plan_toml(path)
