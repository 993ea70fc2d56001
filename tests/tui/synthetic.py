"""A synthetic plan of many tasks (65 wards' worth), built through the model and the store.

Used by the TUI tests and by bench/bench_tui.py. Titles carry Vietnamese with
diacritics and brackets (never markup), deadlines in the forms the seeds use.
"""

from __future__ import annotations

from pathlib import Path

from cdstui.domain.model import ImportReport, Plan, Row, Table

SECTIONS = (
    ("I", "Nhiệm vụ đột phá"),
    ("II", "Nhiệm vụ trọng tâm"),
    ("III", "Nhiệm vụ thường xuyên"),
    ("V", "Dữ liệu số"),
    ("VI", "An toàn thông tin mạng"),
)
DEADLINES = ("Quý I/2026", "2/2026", "12/2026", "Cả năm", "Theo lộ trình của Tỉnh", "Quý IV/2026", "6/2026")
LEADS = ("Phòng Văn hóa – Xã hội", "Công an phường", "Văn phòng HĐND&UBND phường", "Đoàn thanh niên")
WORDS = (
    "Triển khai hạ tầng số",
    "Tập huấn kỹ năng số cho người dân [đợt {n}]",
    "Số hóa hồ sơ thủ tục hành chính",
    "Tuyên truyền Đề án 06 (dịch vụ công trực tuyến)",
    "Đảng ủy chỉ đạo chuyển đổi số",
    "Bảo đảm an toàn thông tin mạng",
)


def synthetic_plan(n_tasks: int = 5000, *, groups_per_section: int = 10) -> Plan:
    """A plan with ``n_tasks`` tasks spread over sections and groups."""
    rows: list[Row] = []
    per_group = max(1, n_tasks // (len(SECTIONS) * groups_per_section))
    made = 0
    for s_code, s_title in SECTIONS:
        rows.append(Row(kind="section", code=s_code, title=s_title))
        for g in range(1, groups_per_section + 1):
            if made >= n_tasks:
                break
            rows.append(Row(kind="group", code=str(g), path=[s_code], title=f"Nhóm {g} của mục {s_code}"))
            for t in range(1, per_group + 1):
                if made >= n_tasks:
                    break
                n = made
                rows.append(
                    Row(
                        kind="task",
                        code=f"{g}.{t}",
                        path=[s_code, str(g)],
                        title=f"{WORDS[n % len(WORDS)].format(n=n)} — phường số {n // 77 + 1}, việc {n}",
                        lead=LEADS[n % len(LEADS)],
                        partners="Các cơ quan, đơn vị liên quan",
                        deadline=DEADLINES[n % len(DEADLINES)],
                        output="Kế hoạch; văn bản triển khai; báo cáo",
                    )
                )
                made += 1
    # whatever did not fit in the groups goes to the last section
    while made < n_tasks:
        rows.append(Row(kind="task", code=f"99.{made}", path=[SECTIONS[-1][0]], title=f"Nhiệm vụ bổ sung {made}", lead=LEADS[0], deadline="12/2026"))
        made += 1
    table = Table(title="DANH MỤC CÁC NHIỆM VỤ NĂM 2026", kind="tasks", header=["TT", "Tên nhiệm vụ"], rows=rows)
    return Plan(number="99-KH/TEST", title=f"Kế hoạch thử {n_tasks} nhiệm vụ", issuer="Thử", ward="Thử", year=2026, tables=[table])


def make_synthetic_db(path: Path, n_tasks: int = 5000) -> int:
    """Create a database at ``path`` holding only the synthetic plan; returns its id."""
    from cdstui.store import Store

    with Store.open(path) as store:
        outcome = store.import_plan(ImportReport(plan=synthetic_plan(n_tasks)))
        return outcome.plan_id
