"""A clone stands alone: nothing in the repository reaches outside it for its
documents (the seeds are copied into tests/fixtures/seeds/), and the README's
first two commands are the ones .ci/run runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Where code, tests, benches and scripts live, and what a reader is sent to.
LOOKED_AT = ("src", "tests", "bench", "scripts", "docs", ".ci", "README.md", "pyproject.toml")
OUTSIDE = re.compile(r"\.\./shared|\bshared/seeds\b|parents\[\d\]\s*/\s*[\"']shared")


def _files():
    for name in LOOKED_AT:
        path = ROOT / name
        found = [path] if path.is_file() else path.rglob("*")
        for item in found:
            if item.is_file() and item.suffix in {".py", ".md", ".toml", ".txt", ""} and item != Path(__file__):
                yield item


def test_nothing_reads_outside_the_repository():
    offenders = []
    for path in _files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_seeds_are_in_the_repository():
    seeds = ROOT / "tests" / "fixtures" / "seeds"
    names = {path.name[:3] for path in seeds.iterdir()}
    assert {"000", "002", "003", "004"} <= names


def test_ci_runs_the_readme_test_command_in_a_clone():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    assert commands[0].startswith("python -m pip install") and commands[0].endswith("cdstui")
    assert commands[1] == 'python -m pip install -e ".[test]" && python -m pytest'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci and "git clone" in ci
