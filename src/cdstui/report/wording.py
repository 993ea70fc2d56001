"""Phrases the report's documents share (the workbook and the Word report).

Vietnamese administrative wording (Nghị định 30/2020/NĐ-CP): the issuer as a
sentence names it, the report's number and symbol, the date line, the line
under an appendix's title naming the report it goes with.
"""

from __future__ import annotations

from datetime import date

from cdstui.domain.text import fold

__all__ = ["accompanying_line", "date_line", "issuer_phrase", "report_symbol", "short_date"]

_ACRONYMS = frozenset({"UBND", "HĐND", "MTTQ", "ĐU", "BCĐ"})


def date_line(place: str, day: date) -> str:
    """ "Ba Ngòi, ngày 05 tháng 02 năm 2026": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: date) -> str:
    """ "20/9/2026", as documents cite a date."""
    return f"{day.day}/{day.month}/{day.year}"


def issuer_phrase(issuer: str, ward: str) -> str:
    """The issuer as a sentence names it: "UBND PHƯỜNG BA NGÒI" -> "UBND phường Ba Ngòi".

    Text that is not all capitals is kept as typed.
    """
    text = " ".join(issuer.split())
    if not text or text != text.upper():
        return text
    words = text.split(" ")
    name = ward.split()
    # the ward's name keeps the capitals of the settings; the words before it go lower case
    if name and len(words) > len(name) and [fold(w) for w in words[-len(name) :]] == [fold(w) for w in name]:
        words = words[: -len(name)]
    else:
        name = []
    head = [w if w in _ACRONYMS else w.lower() for w in words]
    if head and head[0] not in _ACRONYMS:
        head[0] = head[0][:1].upper() + head[0][1:]
    return " ".join(head + name)


def report_symbol(issuer: str) -> str:
    """The report's symbol after its number: "/BC-UBND" for the People's Committee,
    "-BC/ĐU" for the party committee (party documents write the number first: "12-BC/ĐU")."""
    folded = fold(issuer)
    if "dang uy" in folded or folded.startswith("du ") or folded == "du":
        return "-BC/ĐU"
    return "/BC-UBND"


def accompanying_line(issuer: str, ward: str, day: date, number: str = "") -> str:
    """ "(Kèm theo Báo cáo số      /BC-UBND ngày 20/9/2026 của UBND phường Ba Ngòi)": without a
    ``number`` a blank is left for the clerk who registers the report."""
    number = number or "     "
    return f"(Kèm theo Báo cáo số {number}{report_symbol(issuer)} ngày {short_date(day)} của {issuer_phrase(issuer, ward)})"
