"""Command line: ``cdstui [--db PATH] [import|dump|export|log|calendar|backup|restore]``.

Exit status: 0 success; 1 unusable input or a database/file problem (one
paragraph on stderr, the database unchanged); 2 bad usage; 130 interrupted
(ctrl+c), the database unchanged. Output is UTF-8 whatever the console's code
page; a reader that stops early (``cdstui dump | head``) ends it quietly.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from datetime import date
from pathlib import Path

from cdstui.domain.model import InputError
from cdstui.paths import default_db_path


class UsageError(Exception):
    """Bad usage discovered after parsing (exit 2)."""


class CommandError(Exception):
    """Input a command cannot use, told in one Vietnamese sentence (exit 1)."""


def _common(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH", help="tệp cơ sở dữ liệu")


def _today_arg(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--today",
        default=argparse.SUPPRESS,
        metavar="YYYY-MM-DD",
        help="coi ngày này là hôm nay (mặc định: CDSTUI_TODAY hoặc ngày máy)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cdstui",
        description="Theo dõi kế hoạch chuyển đổi số của phường và xuất báo cáo.",
    )
    _common(parser)
    subs = parser.add_subparsers(dest="command", metavar="LỆNH")

    p = subs.add_parser("import", help="nhập kế hoạch từ tài liệu (.txt .md .docx .xlsx .toml .pdf)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--plan", type=int, metavar="ID", help="cập nhật vào kế hoạch có mã này")
    p.add_argument(
        "--replace",
        action="store_true",
        help="nhập vào kế hoạch --plan cả khi tài liệu không khớp (dòng bị gỡ vẫn giữ tiến độ)",
    )
    _common(p)

    p = subs.add_parser("dump", help="in cơ sở dữ liệu dạng JSON")
    p.add_argument("--plan", type=int, metavar="ID")
    _common(p)
    _today_arg(p)

    p = subs.add_parser("export", help="xuất báo cáo (Excel, Word hoặc cả hai), in đường dẫn tệp")
    p.add_argument("--plan", type=int, metavar="ID")
    p.add_argument(
        "--period", metavar="P", help="2026-Q1…2026-Q4, 2026-H1 (6 tháng), 2026-9M (9 tháng), 2026 (năm), 2026-01…2026-12"
    )
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--lead", metavar="CƠ QUAN", help="chỉ xuất các nhiệm vụ do cơ quan này chủ trì")
    p.add_argument("--refresh", action="store_true", help="xuất mới thay vì tái tạo bản đã nộp")
    p.add_argument("--type", metavar="NAME", help="loại báo cáo (mặc định: báo cáo theo kế hoạch), ví dụ KHCN-CĐS")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--cumulative", dest="scope", action="store_const", const="cumulative",
                       help="kết quả lũy kế từ đầu năm đến hết kỳ")
    scope.add_argument("--in-period", dest="scope", action="store_const", const="in_period",
                       help="chỉ kết quả trong kỳ")
    p.add_argument(
        "--format",
        choices=("xlsx", "docx", "both"),
        default="xlsx",
        help="xlsx: bảng Excel (mặc định); docx: báo cáo Word có thuyết minh và phụ lục; both: cả hai, cùng một kỳ",
    )
    _common(p)
    _today_arg(p)

    p = subs.add_parser("log", help="ghi một mục nhật ký tiến độ (kết quả có ngày) cho một nhiệm vụ")
    p.add_argument("task", metavar="TASK", help='số thứ tự đầy đủ như trong ứng dụng, ví dụ "II.2", "III.4.2.1"')
    p.add_argument("text", metavar="TEXT", help="đã làm gì")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="ngày của kết quả (mặc định: hôm nay)")
    p.add_argument("--doc", metavar="NUMBER", help="số, ký hiệu văn bản minh chứng, ví dụ 12/KH-UBND")
    p.add_argument("--doc-date", metavar="YYYY-MM-DD", help="ngày ban hành văn bản")
    p.add_argument("--doc-issuer", metavar="TEXT", help="cơ quan ban hành văn bản")
    p.add_argument("--doc-summary", metavar="TEXT", help="trích yếu văn bản")
    p.add_argument("--file", metavar="PATH", help="tệp văn bản, được chép vào thư mục evidence/ cạnh cơ sở dữ liệu")
    p.add_argument("--value", metavar="GIÁ TRỊ", help="giá trị đạt được (cho một chỉ tiêu)")
    p.add_argument("--plan", type=int, metavar="ID")
    _common(p)
    _today_arg(p)

    p = subs.add_parser("calendar", help="lịch báo cáo trong năm: hạn nộp, ngày lập, ngày gửi")
    p.add_argument("--plan", type=int, metavar="ID")
    _common(p)
    _today_arg(p)

    p = subs.add_parser("backup", help="sao lưu cơ sở dữ liệu, in đường dẫn bản sao lưu")
    _common(p)

    p = subs.add_parser("restore", help="khôi phục cơ sở dữ liệu từ bản sao lưu")
    p.add_argument("file", metavar="FILE")
    _common(p)
    return parser


def resolve_today(args: argparse.Namespace) -> date:
    from cdstui.domain.periods import today_from_env

    value = getattr(args, "today", None) or os.environ.get("CDSTUI_TODAY")
    try:
        return today_from_env(value)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc


def _utf8_output() -> None:
    """Vietnamese on any console: a legacy Windows code page (cp1252) cannot
    encode it, and a pipe there gets the ANSI code page."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8")


def _quiet_broken_pipe() -> None:
    """The reader of our output went away (``| head``): say nothing more,
    not even when Python flushes stdout at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (captured)
        pass


def warn(message: str) -> None:
    print(f"cdstui: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    _utf8_output()
    try:
        return _run(argv)
    except KeyboardInterrupt:  # ctrl+c: every write is a transaction, rolled back
        return 130


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    db_path = Path(getattr(args, "db", None) or default_db_path())
    handlers = {
        None: cmd_app,
        "import": cmd_import,
        "dump": cmd_dump,
        "export": cmd_export,
        "log": cmd_log,
        "calendar": cmd_calendar,
        "backup": cmd_backup,
        "restore": cmd_restore,
    }
    try:
        code = handlers[args.command](args, db_path)
        sys.stdout.flush()  # a reader gone is noticed here, not at exit
        return code
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"cdstui: lỗi: {exc}", file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"Không nhập được {exc}", file=sys.stderr)
        return 1
    except CommandError as exc:
        print(f"cdstui: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        _quiet_broken_pipe()
        return 0
    except Exception as exc:  # noqa: BLE001 - every failure gets one clear paragraph
        from cdstui.store import StoreError

        if isinstance(exc, (StoreError, OSError)):
            print(f"cdstui: {_os_message(exc)}", file=sys.stderr)
            return 1
        raise


def _os_message(exc: Exception) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, InputError):
        name = exc.filename or ""
        reason = exc.strerror or str(exc)
        return f"lỗi tệp {name}: {reason}".strip()
    return str(exc)


def cmd_app(args: argparse.Namespace, db_path: Path) -> int:
    from cdstui.tui.app import run_app

    return run_app(db_path)


def cmd_import(args: argparse.Namespace, db_path: Path) -> int:
    from cdstui.workspace import (
        describe,
        describe_document,
        describe_outcome,
        describe_preview,
        open_database,
        plan_import,
        run_import,
    )

    file = Path(args.file)
    if not file.exists():
        raise InputError("không tìm thấy tệp.", file=str(file))
    if args.replace and args.plan is None:
        raise UsageError("--replace chỉ dùng cùng --plan ID.")
    with open_database(db_path, seed_default=False, warn=warn) as store:
        if args.plan is not None and args.plan not in store.plan_ids():
            raise UsageError(f"không có kế hoạch mã {args.plan}.")
        job = plan_import(store, file, into=args.plan, replace=args.replace)
        if job.prepared is None:  # an agency's filled report: its summary says what changed
            print(describe(run_import(store, job, warn=warn)))
            return 0
        print(describe_document(job.prepared.report))
        preview = describe_preview(job)
        if preview:
            print(preview, flush=True)
        print(describe_outcome(run_import(store, job, warn=warn).outcome))
    return 0


def _settings_or_defaults(db_path: Path):
    """The settings beside the database; the defaults (and a warning) when the file cannot be read."""
    from cdstui.settings import Settings, load_settings, settings_path_for

    try:
        return load_settings(settings_path_for(db_path))
    except ValueError as exc:
        warn(f"{exc} Dùng cài đặt mặc định.")
        return Settings()


def _plan_ids(store, plan: int | None) -> list[int]:
    ids = store.plan_ids()
    if plan is None:
        return ids
    if plan not in ids:
        raise UsageError(f"không có kế hoạch mã {plan}.")
    return [plan]


def cmd_dump(args: argparse.Namespace, db_path: Path) -> int:
    from cdstui.dump import plan_json
    from cdstui.store.entries import plan_entries
    from cdstui.workspace import open_database

    today = resolve_today(args)
    settings = _settings_or_defaults(db_path)
    with open_database(db_path, warn=warn) as store:
        plans = []
        for pid in _plan_ids(store, args.plan):
            plan = store.load_plan(pid)
            plans.append(
                plan_json(
                    plan,
                    today,
                    store.plan_history(pid),
                    _submissions(store, pid),
                    plan_entries(store, pid),
                    settings.for_plan(plan).report_types,
                )
            )
    json.dump({"plans": plans}, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _submissions(store, plan_id: int) -> list[dict]:
    from cdstui.store.submissions import list_submissions

    keys = ("period", "at", "file", "type", "sent_at", "sent_to")
    return [{k: s[k] for k in keys} for s in list_submissions(store, plan_id)]


def cmd_export(args: argparse.Namespace, db_path: Path) -> int:
    from cdstui.report.export import PeriodError, ReportError, ReportTypeError, export_report
    from cdstui.settings import load_settings, settings_path_for
    from cdstui.workspace import open_database

    today = resolve_today(args)
    try:
        settings = load_settings(settings_path_for(db_path))
    except ValueError as exc:
        print(f"cdstui: {exc}", file=sys.stderr)
        return 1
    with open_database(db_path, warn=warn) as store:
        ids = store.plan_ids()
        if args.plan is not None:
            if args.plan not in ids:
                raise UsageError(f"không có kế hoạch mã {args.plan}.")
            plan_id = args.plan
        elif ids:
            plan_id = ids[0]
            if len(ids) > 1:
                print(f"cdstui: có {len(ids)} kế hoạch; xuất kế hoạch mã {plan_id} (chọn bằng --plan).", file=sys.stderr)
        else:
            print("cdstui: cơ sở dữ liệu chưa có kế hoạch nào để xuất báo cáo.", file=sys.stderr)
            return 1
        try:
            result = export_report(
                store,
                plan_id,
                args.period,
                output=Path(args.output) if args.output else None,
                lead=args.lead,
                refresh=args.refresh,
                today=today,
                settings=settings,
                report_type=args.type,
                scope=args.scope,
                format=args.format,
            )
        except (PeriodError, ReportTypeError) as exc:
            raise UsageError(str(exc)) from exc
        except ReportError as exc:
            print(f"cdstui: {exc}", file=sys.stderr)
            return 1
    for note in result.notes:
        print(f"cdstui: {note}", file=sys.stderr)
    for path in result.paths or [result.path]:
        print(path)
    return 0


def _log_entry_parts(args: argparse.Namespace, today: date):
    """The day and the evidence of ``log``, checked before the database is
    opened; CommandError (exit 1) for a bad date or a missing file."""
    from cdstui.domain.entries import Evidence, parse_day

    try:
        day = parse_day(args.date, "Ngày (--date)") if args.date else today
        doc_day = parse_day(args.doc_date, "Ngày văn bản (--doc-date)") if args.doc_date else None
    except ValueError as exc:
        raise CommandError(f"{exc} Chưa ghi gì.") from None
    if args.file and not Path(args.file).is_file():
        raise CommandError(f"không tìm thấy tệp minh chứng {args.file}. Chưa ghi gì.")
    doc = Evidence(
        number=args.doc or "",
        date=doc_day,
        issuer=args.doc_issuer or "",
        summary=args.doc_summary or "",
        file=str(Path(args.file).absolute()) if args.file else "",
    )
    if not (args.text or "").strip() and args.value is None and not doc:
        raise CommandError("mục nhật ký cần có nội dung (TEXT), giá trị (--value) hoặc văn bản minh chứng. Chưa ghi gì.")
    return day, doc


def _find_task(store, plan: int | None, number: str):
    """The one task or indicator whose full number is ``number``, with its plan."""
    from cdstui.domain.labels import row_label, row_number

    wanted = " ".join(number.split()).upper().rstrip(".")
    found = []
    for pid in _plan_ids(store, plan):
        found += [
            (pid, r)
            for r in store.load_plan(pid).rows()
            if r.is_leaf_kind and row_number(r.path, r.code).upper() == wanted
        ]
    if not found:
        where = f"kế hoạch mã {plan}" if plan is not None else "cơ sở dữ liệu"
        raise CommandError(
            f"không có nhiệm vụ số «{number}» trong {where} (số thứ tự đầy đủ như trong ứng dụng, "
            "ví dụ II.2). Chưa ghi gì."
        )
    if len(found) > 1:
        listed = "; ".join(f"{row_label(r)} (kế hoạch mã {pid})" for pid, r in found[:8])
        hint = " Chọn kế hoạch bằng --plan." if len({pid for pid, _r in found}) > 1 else ""
        raise CommandError(f"«{number}» ứng với {len(found)} dòng: {listed}.{hint} Chưa ghi gì.")
    return found[0]


def cmd_log(args: argparse.Namespace, db_path: Path) -> int:
    from cdstui.domain.entries import entry_line
    from cdstui.domain.labels import row_label
    from cdstui.store.entries import add_entry
    from cdstui.workspace import open_database

    day, doc = _log_entry_parts(args, resolve_today(args))
    with open_database(db_path, warn=warn) as store:
        pid, row = _find_task(store, args.plan, args.task)
        if args.value is not None and row.kind != "indicator":
            raise CommandError(f"--value chỉ dùng cho một chỉ tiêu; {args.task} là một nhiệm vụ. Chưa ghi gì.")
        entry = add_entry(
            store, row.id, args.text, day=day, docs=[doc] if doc else [], value=args.value, origin="cli", plan_id=pid
        )
    print(f"Đã ghi vào nhật ký của {row_label(row)}: {entry_line(entry)}")
    return 0


def cmd_calendar(args: argparse.Namespace, db_path: Path) -> int:
    from cdstui.domain.report_calendar import calendar_line, most_urgent, report_calendar, urgent_text
    from cdstui.store.submissions import list_submissions
    from cdstui.workspace import open_database

    today = resolve_today(args)
    settings = _settings_or_defaults(db_path)
    with open_database(db_path, warn=warn) as store:
        for n, pid in enumerate(_plan_ids(store, args.plan)):
            plan = store.load_plan(pid, head=0)
            year = plan.year or today.year
            items = report_calendar(settings.for_plan(plan).report_types, year, list_submissions(store, pid))
            ident = f"Kế hoạch {plan.number}".strip() if plan.number else "Kế hoạch"
            print(("\n" if n else "") + f"{ident} (mã {pid}) — lịch báo cáo năm {year}, hôm nay {today:%d/%m/%Y}")
            urgent = most_urgent(items, today)
            print(f"Cần làm trước: {urgent_text(urgent, today)}" if urgent else "Mọi báo cáo trong năm đã gửi.")
            for item in items:
                print(calendar_line(item, today))
    return 0


def cmd_backup(args: argparse.Namespace, db_path: Path) -> int:
    from cdstui.store.backup import make_backup

    print(make_backup(db_path, "manual", warn=warn))
    return 0


def cmd_restore(args: argparse.Namespace, db_path: Path) -> int:
    from cdstui.store import Store
    from cdstui.store.backup import restore

    file = Path(args.file)
    previous = restore(db_path, file)
    with Store.open(db_path, migrate=False) as store:
        plans = store.list_plans()
    print(f"Đã khôi phục {db_path} từ {file}.")
    for info in plans:
        ident = f"Kế hoạch {info.number}".strip() if info.number else "Kế hoạch"
        print(f"  {ident} (mã {info.id}): {info.tasks} nhiệm vụ, {info.indicators} chỉ tiêu — {info.title}")
    if previous is not None and previous.name.endswith("-broken.db"):
        print(f"Tệp cơ sở dữ liệu hỏng trước đó đã được chuyển sang {previous}.")
    elif previous is not None:
        print(f"Cơ sở dữ liệu trước đó đã được sao lưu tại {previous}.")
    else:
        print("Trước đó chưa có cơ sở dữ liệu nên không cần sao lưu.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
