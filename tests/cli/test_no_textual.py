"""Only the dashboard loads Textual: `afterview today`, export, import and backup start
without it (a cron job or a shell prompt does not wait ~150 ms for an interface)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.cli import FIXED_NOW, FIXTURES, demo_db

pytestmark = pytest.mark.slow


def imported(tmp_path, *argv: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run `python -X importtime -m tui ARGV` and list the modules it imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERVIEW_")}
    env |= {"AFTERVIEW_CLOCK": FIXED_NOW, "AFTERVIEW_DB": str(tmp_path / "none.db")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui", *argv],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    names = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return done, names


def textual_in(names: set[str]) -> list[str]:
    return sorted(n for n in names if n == "textual" or n.startswith("textual."))


def test_the_check_sees_textual_when_it_is_loaded(tmp_path):
    # The same check on a run that does load Textual: the tests below could fail.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERVIEW_")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import tui.cli.dashboard, tui.app"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    names = {ln.rsplit("|", 1)[1].strip() for ln in done.stderr.splitlines() if "|" in ln}
    assert done.returncode == 0 and "textual.app" in textual_in(names)


def test_today_does_not_load_textual(tmp_path):
    db = demo_db(tmp_path)
    done, names = imported(tmp_path, "today", "--db", str(db))
    assert done.returncode == 0 and "overdue" in done.stdout
    assert "tui.cli.today" in names and "sqlalchemy" in names
    assert textual_in(names) == []


@pytest.mark.parametrize(
    "argv",
    [
        ("--help",),
        ("export", "--format", "csv", "--db", "{db}"),
        ("import", "--dry-run", str(FIXTURES / "tracker.csv"), "--db", "{db}"),
        ("backup", "--db", "{db}", "{folder}"),
    ],
    ids=["help", "export", "import", "backup"],
)
def test_other_commands_do_not_load_textual(tmp_path, argv):
    db = demo_db(tmp_path)
    folder = tmp_path / "copies"
    folder.mkdir()
    argv = [a.format(db=db, folder=folder) for a in argv]
    done, names = imported(tmp_path, *argv)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip()  # each says or writes something
    assert textual_in(names) == []
