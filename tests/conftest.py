"""Shared fixtures: a database file in a temp folder, a fixed clock, a store.

Tests never use `:memory:` SQLite (each thread would get its own empty database) and
never read the real clock: "now" is Tuesday 24 November 2026, 10:30 UTC (11:30 in
Berlin), unless a test moves it.
"""

from __future__ import annotations

from pathlib import Path

import arrow
import pytest

from db.engine import open_database
from db.store import Store
from db.write.settings import set_setting

FIXED_NOW = "2026-11-24T10:30:00+00:00"  # a Tuesday
USER_ZONE = "Europe/Berlin"


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, at: str | arrow.Arrow = FIXED_NOW) -> None:
        self.at = arrow.get(at)

    def __call__(self) -> arrow.Arrow:
        return self.at

    def set(self, at) -> None:
        self.at = arrow.get(at)

    def shift(self, **kwargs) -> None:
        self.at = self.at.shift(**kwargs)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "a.db"


@pytest.fixture
def engine(db_path: Path):
    engine = open_database(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine, clock: FixedClock) -> Store:
    opened = Store(engine, clock)
    set_setting(opened.uow(), "timezone", USER_ZONE)
    return opened


# The PostgreSQL server and the both-engines fixtures (db_target, any_engine...): the
# server starts only when a test asks for one of them (tests/pg.py).
pytest_plugins = ["tests.pg"]
