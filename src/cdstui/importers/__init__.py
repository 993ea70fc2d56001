"""Importers: a plan document (.txt/.md, .docx, .xlsx, .toml) -> ``ImportReport``.

``read_document`` dispatches on the file's suffix. The Word and Excel readers
(and python-docx/openpyxl with them) are imported only when such a file is
read, so starting the app does not pay for them.

Each format module only turns its document into prose lines and raw table
fragments; ``repair`` (tables) and ``prose`` (metadata, bullets) do the rest,
through ``assemble``. A document too large for any plan is refused before
the costly work (``limits``).
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from cdstui.domain.model import ImportReport, InputError

__all__ = ["read_document", "decode_text", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".xlsx", ".toml")

# Share of NUL bytes at odd (or even) offsets that marks BOM-less UTF-16.
_UTF16_NUL_SHARE = 0.2


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
    from cdstui.importers.toml_plan import read_plan_toml

    return read_plan_toml(path)


def broken_file(path: Path, kind: str, exc: Exception) -> InputError:
    """The message for a Word/Excel file that its library cannot open (damaged, cut, not that format)."""
    return InputError(
        f"không mở được tệp {kind}: tệp bị hỏng, bị cắt cụt hoặc không phải định dạng {path.suffix.lower()} "
        f"({type(exc).__name__}: {' '.join(str(exc).split())}).",
        file=path.name,
    )


def read_bytes(path: Path) -> bytes:
    """The bytes of a file; an OS error becomes an ``InputError`` naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"không đọc được tệp: {exc.strerror or exc}.", file=path.name) from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when NUL bytes sit on one side only, as in Notepad's "Unicode"."""
    sample = data[:4096]
    half = len(sample) // 2
    if half == 0:
        return None
    odd = sample[1::2].count(0)
    even = sample[0::2].count(0)
    if odd / half >= _UTF16_NUL_SHARE and even <= odd // 20:
        return "utf-16-le"
    if even / half >= _UTF16_NUL_SHARE and odd <= even // 20:
        return "utf-16-be"
    return None


def _line_of(data: bytes, offset: int, unit: bytes = b"\n") -> int:
    return data[:offset].count(unit) + 1


def decode_text(data: bytes, file: str) -> str:
    """Decode a text document: UTF-8 (BOM or not) or UTF-16 (BOM or not).

    Line ends become "\\n" and the text NFC. An empty file, binary bytes or
    undecodable text raise ``InputError`` naming ``file`` (and where decoding
    failed).
    """
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    encoding = "utf-8"
    for bom, name in boms:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    else:
        encoding = _utf16_without_bom(data) or "utf-8"
    if not data:
        raise InputError("tệp rỗng.", file=file)
    if encoding == "utf-8" and b"\x00" in data:
        offset = data.index(b"\x00")
        raise InputError(
            f"tệp nhị phân, không phải văn bản (byte NUL ở vị trí {offset}).",
            file=file,
            line=_line_of(data, offset),
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        width = 1 if encoding == "utf-8" else (2 if "16" in encoding else 4)
        newline = "\n".encode(encoding)
        line = data[: exc.start - exc.start % width].count(newline) + 1 if width > 1 else _line_of(data, exc.start)
        raise InputError(
            f"không giải mã được văn bản {encoding.upper()} (byte 0x{data[exc.start]:02X} ở vị trí {exc.start}); "
            "hãy lưu tệp dạng UTF-8.",
            file=file,
            line=line,
        ) from exc
    if "\x00" in text:
        raise InputError("tệp nhị phân, không phải văn bản.", file=file)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)
