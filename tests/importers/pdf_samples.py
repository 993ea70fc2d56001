"""PDF files for the import tests: the committed fixtures, and PDFs made from them.

The fixtures in ``tests/fixtures/pdf/`` were printed by LibreOffice from the
.docx files that ``builders.build_docx`` makes (``scripts/make_pdf_fixtures.py``).
This module also makes, without an office suite:

* ``signed_copy``: the same PDF with a signature appended the way a signing
  tool does it, as an incremental update (a /Sig field in a new /AcroForm, a
  new catalog, an xref section pointing back with /Prev);
* ``scanned_pdf``: pages that are only images (Pillow's PDF writer), as a
  scanner makes them;
* ``drawn_pdf``: a one-page PDF written by hand from content-stream
  operators, to know to the point where each glyph and line is.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.importers.builders import SEED_000, SEED_002, SEED_004

PDF_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"

# fixture name -> the seed it was printed from and the options of build_docx
PRINTED: dict[str, tuple[Path, dict]] = {
    "000-narrow": (SEED_000, {}),
    "000-wide": (SEED_000, {"wide": True}),
    "002-wide": (SEED_002, {"wide": True}),
    "004-wide-tnr13": (SEED_004, {"wide": True, "font": ("Times New Roman", 13)}),
}


def fixture(name: str) -> Path:
    return PDF_DIR / f"{name}.pdf"


def _last_trailer(data: bytes) -> tuple[int, int, bytes]:
    """(root object number, /Size, the /Info entry or b"") of the last classic trailer."""
    trailer = data[data.rindex(b"trailer") :]
    root = int(re.search(rb"/Root\s+(\d+)\s+0\s+R", trailer).group(1))
    size = int(re.search(rb"/Size\s+(\d+)", trailer).group(1))
    info = re.search(rb"/Info\s+\d+\s+0\s+R", trailer)
    return root, size, info.group(0) if info else b""


def signed_copy(src: Path, out: Path) -> Path:
    """``src`` with a signature field added by an incremental update (the
    signature's bytes are a placeholder: nothing here checks them, neither
    does cdstui)."""
    data = src.read_bytes()
    root, size, info = _last_trailer(data)
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    catalog = re.search(rb"\n%d 0 obj\s*(<<.*?>>)\s*endobj" % root, data, re.S).group(1)
    sig, widget, form = size, size + 1, size + 2
    objects = {
        sig: b"<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached/Name(Nguyen Van A)"
        b"/M(D:20260209090000+07'00')/ByteRange[0 0 0 0]/Contents<" + b"0" * 512 + b">>>",
        widget: b"<</Type/Annot/Subtype/Widget/FT/Sig/T(Signature1)/V %d 0 R/F 132/Rect[0 0 0 0]>>" % sig,
        form: b"<</Fields[%d 0 R]/SigFlags 3>>" % widget,
        root: b"<</AcroForm %d 0 R" % form + catalog[2:],
    }
    body = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number, text in objects.items():
        offsets[number] = len(body)
        body += b"%d 0 obj\n%s\nendobj\n" % (number, text)
    xref = len(body)
    body += b"xref\n0 1\n0000000000 65535 f \n"
    body += b"%d 1\n%010d 00000 n \n" % (root, offsets[root])
    body += b"%d 3\n" % sig + b"".join(b"%010d 00000 n \n" % offsets[n] for n in (sig, widget, form))
    body += b"trailer\n<</Size %d/Root %d 0 R%s/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (form + 1, root, info, prev, xref)
    out.write_bytes(bytes(body))
    return out


def scanned_pdf(out: Path, pages: int = 2) -> Path:
    """A PDF of page images and no text: grey bars where the lines of text would be."""
    from PIL import Image, ImageDraw

    images = []
    for _ in range(pages):
        image = Image.new("L", (420, 594), 255)
        draw = ImageDraw.Draw(image)
        for y in range(60, 540, 14):
            draw.rectangle((40, y, 380 - (y * 7) % 90, y + 6), fill=90)
        images.append(image)
    images[0].save(out, "PDF", resolution=50.0, save_all=True, append_images=images[1:])
    return out


def drawn_pdf(out: Path, content: bytes, forms: dict[str, tuple[bytes, str]] | None = None) -> Path:
    """An A4 portrait page (595 x 842) drawing ``content``, with Helvetica as /F1
    and the form XObjects ``forms`` (name -> (content, "/Matrix [...]"))."""
    forms = forms or {}
    names = " ".join(f"/{name} {6 + i} 0 R" for i, name in enumerate(forms))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >> /XObject << " + names.encode() + b" >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content) + 1, content),
    ]
    for form, matrix in forms.values():
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] %s /Length %d >>\nstream\n%s\nendstream"
            % (matrix.encode(), len(form) + 1, form)
        )
    body = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    out.write_bytes(bytes(body))
    return out
