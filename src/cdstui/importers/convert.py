"""``python -m cdstui.importers.convert``: build the embedded default plan
file, or convert any supported document into a plan file (TOML).

A tool of its own: it reads through the package's ``read_document``, which
dispatches to ``toml_plan`` among others, so it cannot live in ``toml_plan``
without an import cycle.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cdstui.domain.model import InputError
from cdstui.importers.toml_plan import write_plan_toml

# --- building the embedded default plan ---------------------------------------------

_REPO = Path(__file__).resolve().parents[3]
DEFAULT_SEED = _REPO / "tests" / "fixtures" / "seeds" / "000_247ea3cd7c028fe2.txt"


def main(argv: list[str] | None = None) -> int:
    """``build-default [SEED [OUT]]``: import seed 000 and write the default plan file.

    ``convert SOURCE OUT``: import any supported document and write it as a plan file.
    """
    from cdstui.importers import read_document
    from cdstui.paths import DEFAULT_PLAN_NAME

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["build-default"] and len(args) <= 3:
        source = Path(args[1]) if len(args) > 1 else DEFAULT_SEED
        out = Path(args[2]) if len(args) > 2 else _REPO / "data" / DEFAULT_PLAN_NAME
    elif args[:1] == ["convert"] and len(args) == 3:
        source, out = Path(args[1]), Path(args[2])
    else:
        print("cách dùng: python -m cdstui.importers.convert build-default [SEED [OUT]]", file=sys.stderr)
        print("           python -m cdstui.importers.convert convert SOURCE OUT", file=sys.stderr)
        return 2
    try:
        report = read_document(source)
    except InputError as exc:
        print(f"Không nhập được {exc}", file=sys.stderr)
        return 1
    write_plan_toml(report.plan, out)
    print(out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
