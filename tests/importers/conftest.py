"""Fixtures for the importer tests: the real seeds, imported once per session."""

from __future__ import annotations

import pytest

from cdstui.domain.model import ImportReport
from cdstui.importers import read_document
from tests.importers.builders import SEED_000, SEED_002, SEED_004


@pytest.fixture(scope="session")
def report_000() -> ImportReport:
    return read_document(SEED_000)


@pytest.fixture(scope="session")
def report_002() -> ImportReport:
    return read_document(SEED_002)


@pytest.fixture(scope="session")
def report_004() -> ImportReport:
    return read_document(SEED_004)
