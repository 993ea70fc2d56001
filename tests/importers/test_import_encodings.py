"""Seed 000 as Notepad, Word or macOS may save it imports to the same rows (NFC)."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from cdstui.domain.model import InputError
from cdstui.importers import decode_text, read_document
from tests.importers.builders import SEED_000
from tests.importers.helpers import compared

TEXT = SEED_000.read_text(encoding="utf-8")

ENCODINGS = {
    "utf-8-bom": codecs.BOM_UTF8 + TEXT.encode("utf-8"),
    "utf-16-le-bom": TEXT.encode("utf-16"),  # Notepad's "Unicode": LE with BOM
    "utf-16-be-bom": codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    "utf-16-le-no-bom": TEXT.encode("utf-16-le"),
    "crlf": TEXT.replace("\n", "\r\n").encode("utf-8"),
    "cr": TEXT.replace("\n", "\r").encode("utf-8"),
    "nfd": unicodedata.normalize("NFD", TEXT).encode("utf-8"),
    "nfd-utf-16-crlf": unicodedata.normalize("NFD", TEXT).replace("\n", "\r\n").encode("utf-16"),
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_reencoded_seed_imports_the_same(name, tmp_path, report_000):
    assert TEXT.encode("utf-16")[:2] == codecs.BOM_UTF16_LE
    path = tmp_path / f"000-{name}.txt"
    path.write_bytes(ENCODINGS[name])
    report = read_document(path)
    plan, reference = report.plan, report_000.plan
    for ours, theirs in zip(plan.tables, reference.tables, strict=True):
        assert compared(ours.rows) == compared(theirs.rows)
        assert [r.source_line for r in ours.rows] == [r.source_line for r in theirs.rows]
    assert all(unicodedata.is_normalized("NFC", r.title + r.lead + r.partners) for r in plan.rows())
    assert (plan.number, plan.title, plan.issuer, plan.year) == (
        reference.number,
        reference.title,
        reference.issuer,
        reference.year,
    )
    assert report.repairs == report_000.repairs


def test_decode_text_normalizes():
    assert decode_text("a\r\nb\rc\n".encode(), "x.txt") == "a\nb\nc\n"
    assert decode_text(unicodedata.normalize("NFD", "Ngòi").encode(), "x.txt") == "Ngòi"
    assert decode_text(codecs.BOM_UTF8 + "Ba".encode(), "x.txt") == "Ba"


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_decode_text_empty(data):
    with pytest.raises(InputError, match="tệp rỗng") as err:
        decode_text(data, "rong.txt")
    assert "rong.txt" in str(err.value)


def test_decode_text_reports_where_decoding_failed():
    data = "dòng một\ndòng hai ".encode("utf-8") + b"\xff\n"
    with pytest.raises(InputError) as err:
        decode_text(data, "hong.txt")
    assert err.value.line == 2
    assert str(err.value).startswith("hong.txt, dòng 2: ")
    assert "0xFF" in str(err.value)


def test_decode_text_binary():
    with pytest.raises(InputError) as err:
        decode_text(b"PK\x03\x04\x00\x00binary\x00\x01", "x.txt")
    assert "nhị phân" in str(err.value) and "x.txt" in str(err.value)
