"""A report comes from the plan's own ward, never from Ba Ngòi for another ward (issue 10, item 3)."""

from __future__ import annotations

import pytest

from cdstui.domain.ward import ReportIdentity, report_identity


@pytest.mark.parametrize(
    ("ward", "issuer", "expected"),
    [
        ("Ba Ngòi", "Đảng ủy phường Ba Ngòi", ReportIdentity("Ba Ngòi", "UBND PHƯỜNG BA NGÒI", "Ba Ngòi")),
        ("Đông Hải", "Ủy ban nhân dân phường Đông Hải", ReportIdentity("Đông Hải", "UBND PHƯỜNG ĐÔNG HẢI", "Đông Hải")),
        ("Bắc Sơn", "Đảng ủy phường Bắc Sơn", ReportIdentity("Bắc Sơn", "UBND PHƯỜNG BẮC SƠN", "Bắc Sơn")),
        ("", "Ủy ban nhân dân xã Cam Hải Tây", ReportIdentity("Cam Hải Tây", "UBND XÃ CAM HẢI TÂY", "Cam Hải Tây")),
        ("", "Ủy ban nhân dân tỉnh Khánh Hòa", ReportIdentity("Khánh Hòa", "UBND TỈNH KHÁNH HÒA", "Khánh Hòa")),
        ("", "", ReportIdentity("", "", "")),
    ],
)
def test_the_report_identity_of_a_plan(ward, issuer, expected):
    assert report_identity(ward, issuer) == expected
