"""Fixtures for interface tests: a demo database per test, a fixed clock, no blinking."""

from __future__ import annotations

import shutil

import arrow
import pytest
from textual.reactive import reactive
from textual.widgets import Input, TextArea

from db.demo.story import build_demo
from db.engine import open_database

CLOCK_AT = "2026-11-24T10:30:00+00:00"  # a Tuesday morning in London


def clock():
    return arrow.get(CLOCK_AT)


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """A blinking cursor makes screenshots differ from run to run."""
    for widget in (Input, TextArea):
        frozen = reactive(False, init=False)
        frozen.__set_name__(widget, "cursor_blink")
        monkeypatch.setattr(widget, "cursor_blink", frozen)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "demo.db"
    engine = open_database(path)
    build_demo(engine, clock)
    engine.dispose()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def make_app(demo_db):
    from tui.app import AfterviewApp

    def factory(path=None):
        return AfterviewApp(path or demo_db, clock, poll=False)

    return factory


async def settle(pilot, rounds: int = 3) -> None:
    """Wait until workers (database calls) finish and the screen has caught up."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerFailed:
            pass  # the app reports it (a notification); tests assert on what shows
        except WorkerCancelled:
            pass  # an exclusive one replaced, or the app quitting: nothing to wait for
        await pilot.pause()
