"""Who a report comes from, by default: the ward (or commune) of the plan.

A plan names its issuer ("Đảng ủy phường Bắc Sơn", "Ủy ban nhân dân phường
Đông Hải") and its ward. The report goes out under the ward's People's
Committee, whoever issued the plan (the officer works in its Phòng Văn hóa
– Xã hội; the report is signed "TM. ỦY BAN NHÂN DÂN"): "UBND PHƯỜNG ĐÔNG
HẢI", dated at "Đông Hải, ngày …". Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cdstui.domain.text import nfc

__all__ = ["ReportIdentity", "report_identity"]

_UNIT = re.compile(r"(?<!\w)(đặc khu|thị xã|thành phố|phường|xã|tỉnh|quận|huyện)\s+(?P<name>\S.*)$", re.I)


@dataclass(frozen=True)
class ReportIdentity:
    ward: str  # "Đông Hải"; "" when the plan names no place
    issuer: str  # "UBND PHƯỜNG ĐÔNG HẢI"
    place: str  # "Đông Hải" (for "Đông Hải, ngày … tháng … năm …")


def report_identity(ward: str, issuer: str) -> ReportIdentity:
    """The issuer block and place line of a report on a plan of ``ward``
    issued by ``issuer``; empty fields when neither names a place."""
    ward, issuer = nfc(ward).strip(), nfc(issuer).strip()
    m = _UNIT.search(issuer)
    unit = m.group(1).lower() if m else "phường"
    name = ward or (m.group("name").strip() if m else "")
    if not name:
        return ReportIdentity("", "", "")
    return ReportIdentity(ward=name, issuer=f"UBND {unit} {name}".upper(), place=name)
