"""The year's calendar of reports: every type's periods, due dates, sent and overdue ones."""

from __future__ import annotations

from datetime import date

from cdstui.domain.report_calendar import calendar_line, most_urgent, report_calendar, urgent_text
from cdstui.domain.report_types import default_report_types

TYPES = default_report_types()


def sub(id_, type_, period, *, file="", at="2026-10-08T09:00:00+07:00", sent_at=None, sent_to=()):
    return {"id": id_, "type": type_, "period": period, "at": at, "file": file, "sent_at": sent_at, "sent_to": list(sent_to)}


def test_every_report_of_every_type_in_2026_in_due_order():
    items = report_calendar(TYPES, 2026, [])
    assert len(items) == 6 + 4 + 4 + 12
    assert [i.due for i in items] == sorted(i.due for i in items)
    assert {(i.type, i.period.code): i.due for i in items if i.type != "NQ57"} == {
        ("Kế hoạch", "2026-Q1"): date(2026, 3, 15), ("Kế hoạch", "2026-Q2"): date(2026, 6, 15),
        ("Kế hoạch", "2026-H1"): date(2026, 5, 25), ("Kế hoạch", "2026-Q3"): date(2026, 9, 15),
        ("Kế hoạch", "2026-Q4"): date(2026, 12, 15), ("Kế hoạch", "2026"): date(2026, 11, 20),
        ("KHCN-CĐS", "2026-Q1"): date(2026, 4, 10), ("KHCN-CĐS", "2026-H1"): date(2026, 7, 10),
        ("KHCN-CĐS", "2026-9M"): date(2026, 10, 10), ("KHCN-CĐS", "2026"): date(2027, 1, 15),
        ("DTI", "2026-Q1"): date(2026, 4, 15), ("DTI", "2026-H1"): date(2026, 7, 15),
        ("DTI", "2026-9M"): date(2026, 10, 15), ("DTI", "2026"): date(2027, 1, 20),
    }


def test_made_sent_and_overdue_reports():
    subs = [
        sub(1, "", "2026-Q3", file="exports/q3.xlsx", at="2026-09-12T10:00:00+07:00", sent_at="2026-09-14", sent_to=["Sở KH&CN"]),
        sub(2, "KHCN-CĐS", "2026-9M", file="exports/9m.xlsx"),
        sub(3, "khcn-cds", "2026-H1", sent_at="2026-07-12", sent_to=["Sở Khoa học và Công nghệ"]),  # sent from elsewhere, late
    ]
    today = date(2026, 10, 12)
    items = {(i.type, i.period.code): i for i in report_calendar(TYPES, 2026, subs)}
    q3, nine, half = items["Kế hoạch", "2026-Q3"], items["KHCN-CĐS", "2026-9M"], items["KHCN-CĐS", "2026-H1"]
    assert (q3.state(today), q3.sent_at, q3.sent_to, q3.file) == ("sent", date(2026, 9, 14), ["Sở KH&CN"], "exports/q3.xlsx")
    assert (nine.state(today), nine.file, nine.made_at[:10], nine.days_left(today)) == ("overdue", "exports/9m.xlsx", "2026-10-08", -2)
    assert half.state(today) == "sent" and half.file == ""
    assert items["DTI", "2026-9M"].state(today) == "open"
    assert items["Kế hoạch", "2026-Q4"].state(today) == "open"
    assert items["NQ57", "2026-11"].state(today) == "not_due"
    assert calendar_line(q3, today) == (
        "Kế hoạch | Quý III/2026 | hạn 15/09/2026 | Đã nộp | đã nộp đúng hạn | lập 12/09/2026 | gửi 14/09/2026 cho Sở KH&CN"
        " | exports/q3.xlsx"
    )
    assert calendar_line(nine, today) == (
        "KHCN-CĐS | 9 tháng năm 2026 | hạn 10/10/2026 | Trễ hạn | quá hạn 2 ngày | lập 08/10/2026 | chưa gửi | exports/9m.xlsx"
    )
    assert "nộp trễ 2 ngày" in calendar_line(half, today)


def test_the_most_urgent_unsent_report_overdue_first():
    subs = [sub(1, "KHCN-CĐS", "2026-9M", sent_at="2026-10-09")]
    today = date(2026, 10, 12)
    items = report_calendar(TYPES, 2026, subs)
    urgent = most_urgent(items, today)  # NQ57 of September, due 10/10, is the latest overdue one
    assert (urgent.type, urgent.period.code) == ("NQ57", "2026-09")
    assert urgent_text(urgent, today) == "Báo cáo NQ57 Tháng 9/2026 — quá hạn 2 ngày"
    everything_sent_before = [
        sub(n, i.type, i.period.code, sent_at=i.due.isoformat()) for n, i in enumerate(items) if i.due < today
    ]
    upcoming = most_urgent(report_calendar(TYPES, 2026, everything_sent_before), today)
    assert (upcoming.type, upcoming.period.code, upcoming.due) == ("DTI", "2026-9M", date(2026, 10, 15))
    all_sent = [sub(n, i.type, i.period.code, sent_at="2027-01-01") for n, i in enumerate(items)]
    assert most_urgent(report_calendar(TYPES, 2026, all_sent), today) is None
