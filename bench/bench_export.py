"""Export time of the report workbook, against a bare openpyxl write of the same cells.

Run: python bench/bench_export.py [repeats]

For seed 000 (42 tasks, 17 indicators) and a synthetic plan of 5,000 tasks:
* export: ``export_report`` end to end (load the plan, build every sheet with
  the report's look, write safely, record the submission);
* bare: the same data cells written with a plain openpyxl ``Workbook`` (no
  styles, no heading, no print setup) and saved with openpyxl's own writer
  (the export writes its sheets with ``report.xlsx_writer``).
* docx: the Word report of the same plan and period (``format="docx"``: the
  narrative from the store, the top block, the signature, the appendix
  tables), measured in the same run as the workbook.
Targets (issue 5): seed 000 under 0.5 s; 5,000 tasks at most 1.5x the bare write.
Issue 13: the .docx of the 5,000-task plan at most 2x the .xlsx.

Then the dated log (issue 12): the 5,000 tasks with 12 progress entries each
(one in three citing a document), exported cumulatively (9 tháng, after the
period's end: the plan as it stood then, every entry from 1 January),
against the export of the same plan without entries. Target: at most 1.5x.
Prints figures only (the machine is shared and noisy): the best of interleaved
repeats, in wall time and in this process's CPU time.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from cdstui.domain.labels import STATUS_LABELS
from cdstui.domain.model import ImportReport, Plan, Row, Table
from cdstui.importers import read_document
from cdstui.report.export import export_report
from cdstui.report.look import percent_value
from cdstui.report.metrics import forget_line_counts
from cdstui.store import Store

SEED_000 = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seeds" / "000_247ea3cd7c028fe2.txt"
TODAY = date(2026, 9, 20)
STATUSES = ("not_started", "in_progress", "done", "not_assigned")


def synthetic_plan(n_tasks: int) -> Plan:
    """A plan shaped like seed 000: Roman sections, groups of ten tasks, progress filled in."""
    rows: list[Row] = []
    romans = ["I", "II", "III", "V", "VI", "VII", "VIII", "IX", "X", "XI"]
    per_section = n_tasks // len(romans)
    made = 0
    for s, roman in enumerate(romans):
        rows.append(Row(kind="section", code=roman, title=f"Nhiệm vụ nhóm {roman}: chuyển đổi số"))
        for g in range(per_section // 10):
            group = str(g + 1)
            rows.append(Row(kind="group", code=group, path=[roman], title=f"Nhóm nhiệm vụ {group} của mục {roman}"))
            for t in range(10):
                made += 1
                status = STATUSES[made % 4]
                rows.append(
                    Row(
                        kind="task",
                        code=f"{group}.{t + 1}",
                        path=[roman, group],
                        title=f"Tập huấn, nâng cao kỹ năng số cho cán bộ, công chức, viên chức đợt {made}; "
                        "ưu tiên phương thức đào tạo thuận tiện, hiệu quả",
                        lead="Phòng Văn hóa – Xã hội" if made % 3 else "Công an phường",
                        partners="Các cơ quan, đơn vị liên quan",
                        deadline=f"{(made % 12) + 1}/2026",
                        output="Kế hoạch; văn bản triển khai; báo cáo",
                        status=status,
                        completion="100%" if status == "done" else ("60%" if status == "in_progress" else None),
                        result="-Ban hành kế hoạch số 1407/KH-UBND ngày 30/9/2025\n- Tổ chức 02 hội nghị, 120 người dự"
                        if status != "not_started"
                        else "",
                        note="",
                    )
                )
    indicators = [
        Row(kind="indicator", title=f"Tỷ lệ hồ sơ xử lý trực tuyến {i}", unit="%", target="100%", actual="97%")
        for i in range(20)
    ]
    return Plan(
        number="99-KH/ĐU",
        title="Kế hoạch thử 5.000 nhiệm vụ",
        year=2026,
        tables=[
            Table(title="DANH MỤC NHIỆM VỤ", kind="tasks", rows=rows),
            Table(title="Chỉ tiêu", kind="indicators", rows=indicators),
        ],
    )


def bare_write(plan: Plan, path: Path) -> None:
    """The same data cells, written the plainest way openpyxl allows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for table in plan.tables:
        if table.kind != "tasks":
            continue
        for r in table.rows:
            if r.kind != "task":
                ws.append([r.code, r.title])
                continue
            pct = percent_value(r.completion)
            ws.append(
                [
                    r.code, r.title, r.lead, r.partners, r.deadline, r.output,
                    STATUS_LABELS[r.status], pct if pct is not None else r.completion, r.result, r.note,
                ]
            )
    ind = wb.create_sheet("Chỉ tiêu")
    for r in plan.indicators():
        ind.append([r.code, r.title, r.unit, r.target, r.actual, "", r.lead, r.note])
    wb.save(path)


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one call."""
    gc.collect()  # start from a clean heap...
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    gc.collect()  # ...and pay for the garbage this call left, whoever would meet it later
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(label: str, report: ImportReport, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        with Store.open(tmp_path / "b.db") as store:
            pid = store.import_plan(report).plan_id
            plan = store.load_plan(pid)
            out = tmp_path / "r.xlsx"

            def export() -> None:
                forget_line_counts()  # every row's height worked out, as in a first export
                export_report(store, pid, "2026-Q3", today=TODAY, output=out, refresh=True)

            def bare() -> None:
                bare_write(store.load_plan(pid), tmp_path / "bare.xlsx")

            def word() -> None:
                export_report(store, pid, "2026-Q3", today=TODAY, output=tmp_path / "r.docx", refresh=True, format="docx")

            export()  # warm-up: imports, first-use caches
            bare()
            word()
            # interleaved, best of each: the machine is shared, and noise only adds time
            runs = [(timed(export), timed(bare), timed(word)) for _ in range(repeats)]
        ex_wall = min(r[0][0] for r in runs)
        ex_cpu = min(r[0][1] for r in runs)
        bare_wall = min(r[1][0] for r in runs)
        bare_cpu = min(r[1][1] for r in runs)
        doc_wall = min(r[2][0] for r in runs)
        tasks = len(plan.tasks())
        print(
            f"{label:<22} {tasks:>6} {ex_wall * 1000:>11.0f} {bare_wall * 1000:>10.0f} {ex_wall / bare_wall:>7.2f}x"
            f" {ex_cpu * 1000:>10.0f} {bare_cpu * 1000:>9.0f} {ex_cpu / bare_cpu:>7.2f}x"
            f" {doc_wall * 1000:>10.0f} {doc_wall / ex_wall:>8.2f}x"
        )


def log_entries(store: Store, pid: int, per_task: int) -> None:
    """``per_task`` entries on every task, dated through the year, in one transaction."""
    from cdstui.domain.entries import Evidence
    from cdstui.store.entries import add_entry

    doc = Evidence(number="12/KH-UBND", date=date(2026, 2, 15), issuer="UBND phường", summary="chuyển đổi số")
    with store.transaction():
        for n, task in enumerate(store.load_plan(pid).tasks()):
            for k in range(per_task):
                add_entry(
                    store, task.id, f"Đợt {k + 1}: tổ chức hội nghị, tập huấn cho {20 + n % 50} người tại tổ dân phố",
                    day=date(2026, k + 1, 1 + n % 28), docs=[doc] if k % 3 == 0 else [],
                )


def measure_log(n_tasks: int, per_task: int, repeats: int) -> None:
    """A cumulative export with entries against the same export without any."""
    period, today = "2026-9M", date(2026, 10, 10)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        stores = {}
        for name, entries in (("bare", 0), ("log", per_task)):
            plan = synthetic_plan(n_tasks)
            for row in plan.rows():
                row.result = ""  # the log is the entries, nothing else
            store = stores[name] = Store.open(tmp_path / f"{name}.db")
            pid = store.import_plan(ImportReport(plan=plan)).plan_id
            started = time.perf_counter()
            if entries:
                log_entries(store, pid, entries)
                print(f"  ({n_tasks * entries:,} entries logged in {time.perf_counter() - started:.1f} s)")

        def export(name: str):
            return lambda: export_report(
                stores[name], 1, period, today=today, output=tmp_path / f"{name}.xlsx", refresh=True, scope="cumulative"
            )

        export("bare")()
        export("log")()
        runs = [(timed(export("log")), timed(export("bare"))) for _ in range(repeats)]
        for store in stores.values():
            store.close()
    log_wall, bare_wall = min(r[0][0] for r in runs), min(r[1][0] for r in runs)
    log_cpu, bare_cpu = min(r[0][1] for r in runs), min(r[1][1] for r in runs)
    print(
        f"{'cumulative, 12 entries':<22} {n_tasks:>6} {log_wall * 1000:>11.0f} {bare_wall * 1000:>10.0f}"
        f" {log_wall / bare_wall:>7.2f}x {log_cpu * 1000:>10.0f} {bare_cpu * 1000:>9.0f} {log_cpu / bare_cpu:>7.2f}x"
    )


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(
        f"{'plan':<22} {'tasks':>6} {'export (ms)':>11} {'bare (ms)':>10} {'ratio':>8}"
        f" {'export CPU':>10} {'bare CPU':>9} {'ratio':>8} {'docx (ms)':>10} {'docx/xlsx':>9}"
    )
    measure("seed 000", read_document(SEED_000), max(repeats, 5))
    measure("synthetic 5,000 tasks", ImportReport(plan=synthetic_plan(5000)), repeats)
    print("targets: seed 000 export < 500 ms; 5,000 tasks ratio <= 1.5x; docx/xlsx <= 2x")
    print()
    print(f"{'plan':<22} {'tasks':>6} {'log (ms)':>11} {'none (ms)':>10} {'ratio':>8} {'log CPU':>10} {'none CPU':>9} {'ratio':>8}")
    measure_log(5000, 12, repeats)
    print("target: a cumulative export with 12 entries a task <= 1.5x the same export without entries")


if __name__ == "__main__":
    main()
