"""The sample data on either engine for the command-line tests that take `demo`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli import demo_db
from tests.pg import ENGINES


@pytest.fixture(params=ENGINES)
def demo(request, tmp_path) -> Path:
    """The sample data: a SQLite file, or a PostgreSQL database (its URL)."""
    if request.param == "sqlite":
        return demo_db(tmp_path)
    return request.getfixturevalue("pg_demo_url")


def sqlite_only(target, why: str) -> None:
    if not isinstance(target, Path):
        pytest.skip(f"SQLite only: {why}")
