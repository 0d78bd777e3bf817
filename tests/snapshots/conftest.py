"""Snapshot tests share the interface fixtures."""

from tests.tui.conftest import demo_db, demo_template, make_app, no_cursor_blink  # noqa: F401
