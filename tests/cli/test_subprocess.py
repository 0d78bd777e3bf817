"""A few commands as a person runs them: a real process, `python -m tui`, the
environment (AFTERVIEW_DB, AFTERVIEW_CLOCK), exit codes and the streams."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from tests.cli import FIXED_NOW, FIXTURES, demo_db, digest, run, use_fixed_env

pytestmark = pytest.mark.slow


def afterview(tmp_path, *argv, db=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERVIEW_")}
    env |= {"AFTERVIEW_CLOCK": FIXED_NOW, "AFTERVIEW_DB": str(db or tmp_path / "none.db")}
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, argv)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_version(tmp_path):
    done = afterview(tmp_path, "--version")
    assert done.returncode == 0 and done.stdout.startswith("afterview ")


def test_today_json_through_the_environment_matches_in_process(tmp_path, capsys, monkeypatch):
    path = demo_db(tmp_path)
    done = afterview(tmp_path, "today", "--json", db=path)
    assert done.returncode == 0 and done.stderr == ""
    use_fixed_env(monkeypatch, tmp_path)
    _, expected, _ = run(capsys, "--db", path, "today", "--json")
    assert json.loads(done.stdout) == json.loads(expected)


def test_a_corrupt_database_is_one_line_without_a_traceback(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(os.urandom(4096))
    before = digest(path)
    done = afterview(tmp_path, "today", db=path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("afterview: ")
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert digest(path) == before


def test_import_a_tracker_then_export_it(tmp_path):
    path = tmp_path / "mine.db"
    done = afterview(tmp_path, "import", FIXTURES / "tracker.csv", db=path)
    assert done.returncode == 0, done.stderr
    assert path.stat().st_mode & 0o777 == 0o600
    done = afterview(tmp_path, "export", "--format", "csv", db=path)
    assert done.returncode == 0
    rows = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    assert [r["Company"] for r in rows][:2] == ["Acme", "Initech"]
    assert {r["Stage"] for r in rows} == {
        "interviewing",
        "wishlist",
        "rejected",
        "applied",
        "offer",
    }
