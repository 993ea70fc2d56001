"""Reading a document's bytes and text, and the messages when that fails.

Shared by the format modules (text, Word, Excel, TOML), which the package's
``read_document`` dispatches to: kept apart from the package so that the
format modules import it without importing the dispatcher back.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from cdstui.domain.model import InputError

# Share of NUL bytes at odd (or even) offsets that marks BOM-less UTF-16.
_UTF16_NUL_SHARE = 0.2


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
