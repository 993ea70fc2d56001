"""The PDF engine: each page's glyphs and ruling segments, read with PDFium (pypdfium2).

The only module that calls the PDF library; ``pdf`` imports it when a PDF
is read, so the app's start-up does not load PDFium. What it gives back is
plain records (``Glyph``, ``Rulings``), in page coordinates with y down from
the top of the media box:

* a glyph's box spans its advance width from its origin, and the font size
  up from its baseline: what pdfminer.six, the engine before, gave for the
  fonts LibreOffice embeds (for fonts whose descriptor has a descent it set
  the box lower by that much; the layout only compares glyphs of a line by
  their middles, and places them in cells by their centres); a ligature
  ("fi") is one glyph of several letters; the spaces PDFium makes up between
  words and the line ends it adds are not glyphs, a space glyph the producer
  wrote is; a hyphen that PDFium marks as breaking a word at a line end is
  written "-";
* the rulings are the straight horizontal and vertical segments of the
  page's paths (stroked or filled: a border may be a thin rectangle),
  including those in form XObjects.

PDFium is not thread-safe: one document is read at a time.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from cdstui.importers.pdf_rulings import Rulings
from cdstui.importers.pdf_text import Glyph

__all__ = ["EncryptedPdf", "Page", "PdfFile", "open_pdf"]

_LOCK = threading.Lock()
# Nesting of form XObjects followed for rulings (PDFium itself stops deeper).
_FORM_DEPTH = 8
# How far a segment may lean and still count as horizontal or vertical, in points.
_STRAIGHT = 0.01
# Characters PDFium puts in a page's text for a hyphen that ends a line (0x2), or for a code with no Unicode value.
_MARKED = "\x02\ufffe"
# A line end in the page's text is PDFium's; a space may be.
_SPECIAL = "\r\n" + _MARKED


def _by_address(function, restype, *argtypes):
    """``function`` of pypdfium2's bindings, taking and giving handles as
    plain addresses: ctypes then makes no pointer object at each call (the
    glyph loop makes two calls per character). A function pointer of the
    same class as pypdfium2's, to the same function: the same calling
    convention."""
    fast = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    fast.restype, fast.argtypes = restype, argtypes
    return fast


_TEXT_OBJECT = _by_address(raw.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_CHAR_ORIGIN = _by_address(
    raw.FPDFText_GetCharOrigin,
    ctypes.c_int,
    ctypes.c_void_p,
    ctypes.c_int,
    ctypes.POINTER(ctypes.c_double),
    ctypes.POINTER(ctypes.c_double),
)


class EncryptedPdf(Exception):
    """The file needs a password (or uses a security handler PDFium does not know)."""


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    rulings: Rulings


class PdfFile:
    """An open document: its page count (read from the page tree, no page parsed) and its pages."""

    def __init__(self, pdf: pdfium.PdfDocument) -> None:
        self._pdf = pdf

    @property
    def page_count(self) -> int:
        return len(self._pdf)

    def pages(self) -> Iterator[Page]:
        for index in range(len(self._pdf)):
            yield _read_page(self._pdf, index)


@contextmanager
def open_pdf(data: bytes) -> Iterator[PdfFile]:
    """The document in ``data``; ``EncryptedPdf`` if it needs a password,
    ``pypdfium2.PdfiumError`` if PDFium cannot read it."""
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if exc.err_code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
                raise EncryptedPdf from exc
            raise
        try:
            yield PdfFile(pdf)
        finally:
            pdf.close()


def _read_page(pdf: pdfium.PdfDocument, index: int) -> Page:
    page = pdf[index]
    try:
        left, bottom, right, top = page.get_mediabox()
        glyphs = _glyphs(page.raw, top)
        objects = [raw.FPDFPage_GetObject(page.raw, i) for i in range(raw.FPDFPage_CountObjects(page.raw))]
        rulings = Rulings()
        _collect_rulings(objects, (1, 0, 0, 1, 0, 0), top, rulings)
        return Page(index + 1, right - left, top - bottom, glyphs, rulings)
    finally:
        page.close()


# --- glyphs ----------------------------------------------------------------------------------


def _page_text(textpage, count: int) -> str:
    """The page's characters, one per character index (PDFium's text may skip control characters: then one by one)."""
    buffer = ctypes.create_string_buffer(2 * (count + 1))  # UTF-16LE and a final NUL
    written = raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")
    if len(text) != count:
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    return text


class _Run:
    """What the glyphs of one text object share: its font (and the font's
    advance widths at size 1, by character), and how its size and matrix
    scale them."""

    __slots__ = ("font", "widths", "advance", "height")

    def __init__(self, text_object, font, widths: dict[str, float]) -> None:
        self.font = font  # the document's: alive while its page is
        self.widths = widths
        size = ctypes.c_float()
        raw.FPDFTextObj_GetFontSize(text_object, ctypes.byref(size))
        matrix = raw.FS_MATRIX()
        raw.FPDFPageObj_GetMatrix(text_object, ctypes.byref(matrix))
        self.advance = size.value * matrix.a
        self.height = size.value * abs(matrix.d)

    def width(self, ch: str) -> float:
        """The advance of ``ch`` at size 1 (the font's code for it found through its ToUnicode map)."""
        w = ctypes.c_float()
        raw.FPDFFont_GetGlyphWidth(self.font, ord(ch), 1.0, ctypes.byref(w))
        self.widths[ch] = w.value
        return w.value


def _glyphs(page, top: float) -> list[Glyph]:
    textpage = raw.FPDFText_LoadPage(page)
    if not textpage:
        return []
    try:
        return _GlyphReader(textpage, top).read()
    finally:
        raw.FPDFText_ClosePage(textpage)


class _GlyphReader:
    """The glyphs of one text page, character by character (the loop in ``read`` is the import's hot spot).

    What is cached (runs by text object, widths by font) is the page's: a
    font may be freed with its page and another one take its address."""

    def __init__(self, textpage, top: float) -> None:
        self.textpage = textpage
        self.address = ctypes.cast(textpage, ctypes.c_void_p).value
        self.top = top
        self.runs: dict[int, _Run] = {}
        self.fonts: dict[bytes, dict[str, float]] = {}
        self.glyphs: list[Glyph] = []
        self.gap: tuple[float, float, _Run] | None = None  # a space PDFium made up inside a text object: where, its run

    def run(self, address: int, index: int) -> _Run:
        """The run of the text object at ``address``, that of character ``index``."""
        run = self.runs.get(address)
        if run is None:
            obj = raw.FPDFText_GetTextObject(self.textpage, index)  # the same object, as a pypdfium2 handle
            font = raw.FPDFTextObj_GetFont(obj)
            run = self.runs[address] = _Run(obj, font, self.fonts.setdefault(bytes(font), {}))
        return run

    def read(self) -> list[Glyph]:
        textpage, top, glyphs, runs = self.textpage, self.top, self.glyphs, self.runs
        text = _page_text(textpage, raw.FPDFText_CountChars(textpage))
        page = self.address
        x, y = ctypes.c_double(), ctypes.c_double()  # passed as they are: ctypes takes their address, faster than byref()
        text_object, origin, generated = _TEXT_OBJECT, _CHAR_ORIGIN, raw.FPDFText_IsGenerated
        last_x = last_base = last_obj = None  # where the last glyph starts, and its text object
        for i, ch in enumerate(text):
            if ch == " ":
                if generated(textpage, i):
                    self.made_up_space(i)
                    continue
            elif ch in _SPECIAL:
                if ch not in _MARKED:
                    continue
                ch = "-" if raw.FPDFText_IsHyphen(textpage, i) else "\ufffd"
            obj = text_object(page, i)
            if not obj:
                continue
            origin(page, i, x, y)
            x0, base = x.value, top - y.value
            if self.gap is not None:
                self.dropped_space(x0, base)
            if x0 == last_x and base == last_base and obj == last_obj:  # the letters of a ligature share its origin
                self.ligature(i, ch)
                continue
            last_x, last_base, last_obj = x0, base, obj
            run = runs.get(obj) or self.run(obj, i)
            w = run.widths.get(ch)
            if w is None:
                w = run.width(ch)
            glyphs.append(Glyph(ch, x0, x0 + w * run.advance, base - run.height, base, run.height))
        if self.gap is not None:
            self.dropped_space(None, None)
        return glyphs

    def made_up_space(self, index: int) -> None:
        """A space PDFium made up: not a glyph; inside a text object, noted as the gap it stands for."""
        obj = _TEXT_OBJECT(self.address, index)
        if obj:
            x, y = ctypes.c_double(), ctypes.c_double()
            _CHAR_ORIGIN(self.address, index, x, y)
            self.gap = (x.value, self.top - y.value, self.run(obj, index))

    def dropped_space(self, x0: float | None, base: float | None) -> None:
        """PDFium makes up a space where a large kerning gap stands before a
        character, at that character's origin, and then drops a space glyph
        that followed it (two spaces in a row). When the next glyph (at
        ``x0``, ``base``) does not start where the made-up space is, that
        space stood before the producer's own: it is put back."""
        gx, gbase, run = self.gap
        self.gap = None
        if (gx, gbase) != (x0, base):
            w = run.widths.get(" ")
            w = run.width(" ") if w is None else w
            self.glyphs.append(Glyph(" ", gx, gx + w * run.advance, gbase - run.height, gbase, run.height))

    def ligature(self, index: int, ch: str) -> None:
        """Add ``ch`` to the glyph before, a ligature whose letters PDFium gives
        one by one at its origin; its advance is not their advances' sum: the
        right of its box as PDFium draws it is taken."""
        g = self.glyphs[-1]
        box = raw.FS_RECTF()
        right = box.right if raw.FPDFText_GetLooseCharBox(self.textpage, index, ctypes.byref(box)) else g.x1
        self.glyphs[-1] = Glyph(g.text + ch, g.x0, max(right, g.x0), g.top, g.bottom, g.size)


# --- rulings ---------------------------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF matrices, row vectors)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return (1, 0, 0, 1, 0, 0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _collect_rulings(objects: list, outer: Matrix, top: float, rulings: Rulings, depth: int = 0) -> None:
    """The rulings of page objects drawn through ``outer``; a form's objects are drawn through its matrix too."""
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            _path_rulings(obj, _times(_matrix(obj), outer), top, rulings)
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
            inner = [raw.FPDFFormObj_GetObject(obj, j) for j in range(raw.FPDFFormObj_CountObjects(obj))]
            _collect_rulings(inner, _times(_matrix(obj), outer), top, rulings, depth + 1)


def _path_rulings(path, m: Matrix, top: float, rulings: Rulings) -> None:
    """The straight segments of a path's lines (its curves draw no table), closing lines included."""
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    start = current = None
    for i in range(raw.FPDFPath_CountSegments(path)):
        segment = raw.FPDFPath_GetPathSegment(path, i)
        if not segment or not raw.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        kind = raw.FPDFPathSegment_GetType(segment)
        point = (a * x.value + c * y.value + e, top - (b * x.value + d * y.value + f))
        if kind == raw.FPDF_SEGMENT_LINETO and current is not None:
            _add(rulings, current, point)
        if kind == raw.FPDF_SEGMENT_MOVETO or start is None:
            start = point
        current = point
        if raw.FPDFPathSegment_GetClose(segment) and start is not None:
            _add(rulings, current, start)
            current = start


def _add(rulings: Rulings, p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) <= _STRAIGHT and x0 != x1:
        rulings.horizontal.append((y0, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= _STRAIGHT and y0 != y1:
        rulings.vertical.append((x0, min(y0, y1), max(y0, y1)))
