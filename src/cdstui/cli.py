"""Command line: ``cdstui [--db PATH] [import|dump|export|backup|restore]``.

Exit status: 0 success; 1 unusable input or a database/file problem (one
paragraph on stderr, the database unchanged); 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

from cdstui.domain.model import InputError
from cdstui.paths import default_db_path


class UsageError(Exception):
    """Bad usage discovered after parsing (exit 2)."""


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

    p = subs.add_parser("import", help="nhập kế hoạch từ tài liệu (.txt .md .docx .xlsx .toml)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--plan", type=int, metavar="ID", help="cập nhật vào kế hoạch có mã này")
    _common(p)

    p = subs.add_parser("dump", help="in cơ sở dữ liệu dạng JSON")
    p.add_argument("--plan", type=int, metavar="ID")
    _common(p)
    _today_arg(p)

    p = subs.add_parser("export", help="xuất báo cáo Excel, in đường dẫn tệp")
    p.add_argument("--plan", type=int, metavar="ID")
    p.add_argument("--period", metavar="P", help="2026-Q1…2026-Q4, 2026-H1 (6 tháng), 2026 (năm)")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--lead", metavar="CƠ QUAN", help="chỉ xuất các nhiệm vụ do cơ quan này chủ trì")
    p.add_argument("--refresh", action="store_true", help="xuất mới thay vì tái tạo bản đã nộp")
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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    db_path = Path(getattr(args, "db", None) or default_db_path())
    handlers = {
        None: cmd_app,
        "import": cmd_import,
        "dump": cmd_dump,
        "export": cmd_export,
        "backup": cmd_backup,
        "restore": cmd_restore,
    }
    try:
        return handlers[args.command](args, db_path)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"cdstui: lỗi: {exc}", file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"Không nhập được {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
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
    from cdstui.workspace import import_document, open_database

    file = Path(args.file)
    if not file.exists():
        raise InputError("không tìm thấy tệp.", file=str(file))
    with open_database(db_path, seed_default=False) as store:
        if args.plan is not None and args.plan not in store.plan_ids():
            raise UsageError(f"không có kế hoạch mã {args.plan}.")
        result = import_document(store, file, into=args.plan)
        print(describe_import(result))
    return 0


def describe_import(result) -> str:
    """What the import found and did, in Vietnamese, one fact per line."""
    report, outcome = result.report, result.outcome
    plan = report.plan
    lines = [f"Tệp: {plan.source or '?'}"]
    ident = " ".join(x for x in (f"Kế hoạch {plan.number}" if plan.number else "Kế hoạch", f"năm {plan.year}" if plan.year else "") if x)
    lines.append(f"{ident}: {plan.title}" if plan.title else ident)
    for t in plan.tables:
        sections = [r.code for r in t.rows if r.kind == "section"]
        groups = sum(r.kind == "group" for r in t.rows)
        what = f"{len(t.tasks())} nhiệm vụ" if t.kind == "tasks" else f"{len(t.indicators())} chỉ tiêu"
        lines.append(
            f"Bảng «{t.title or 'không tên'}»: {what}"
            + (f", mục {', '.join(sections)}" if sections else "")
            + (f", {groups} nhóm" if groups else "")
        )
    lines.append(f"Tổng cộng: {len(plan.tasks())} nhiệm vụ, {len(plan.indicators())} chỉ tiêu.")
    for s in report.skipped_tables:
        lines.append(f"Bỏ qua bảng: {s}")
    for r in report.repairs:
        lines.append(f"Sửa: {r}")
    for w in report.warnings:
        lines.append(f"Lưu ý: {w}")
    if outcome.created:
        lines.append(f"Đã thêm kế hoạch mới (mã {outcome.plan_id}).")
    else:
        lines.append(
            f"Đã cập nhật kế hoạch mã {outcome.plan_id}: giữ nguyên {outcome.matched} dòng, "
            f"thêm {len(outcome.added)}, gỡ {len(outcome.removed)}, sửa {outcome.changed_fields} ô."
        )
        for label in outcome.added:
            lines.append(f"  + {label}")
        for label in outcome.removed:
            lines.append(f"  - {label} (tiến độ vẫn được lưu)")
        for label in outcome.reworded:
            lines.append(f"  ~ {label}")
    return "\n".join(lines)


def cmd_dump(args: argparse.Namespace, db_path: Path) -> int:
    from cdstui.dump import plan_json
    from cdstui.workspace import open_database

    today = resolve_today(args)
    with open_database(db_path) as store:
        ids = store.plan_ids()
        if args.plan is not None:
            if args.plan not in ids:
                raise UsageError(f"không có kế hoạch mã {args.plan}.")
            ids = [args.plan]
        plans = []
        for pid in ids:
            plans.append(
                plan_json(
                    store.load_plan(pid),
                    today,
                    store.plan_history(pid),
                    _submissions(store, pid),
                )
            )
    json.dump({"plans": plans}, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _submissions(store, plan_id: int) -> list[dict]:
    lister = getattr(store, "submissions", None)
    if lister is None:
        return []
    return [{"period": s["period"], "at": s["at"], "file": s["file"]} for s in lister(plan_id)]


def cmd_export(args: argparse.Namespace, db_path: Path) -> int:
    raise UsageError("lệnh export chưa sẵn sàng.")


def cmd_backup(args: argparse.Namespace, db_path: Path) -> int:
    raise UsageError("lệnh backup chưa sẵn sàng.")


def cmd_restore(args: argparse.Namespace, db_path: Path) -> int:
    raise UsageError("lệnh restore chưa sẵn sàng.")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
