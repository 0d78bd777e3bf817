"""What is loaded when the dashboard paints its first frame: the heavy libraries (the
ORM, Alembic, date parsing) must come later, or every start waits for them.

The app runs as `afterview --db FILE` does, in a fresh interpreter, headless; at the
first frame that shows both panes the child writes sorted(sys.modules) and exits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import demo_db

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys
from tests.bench.probe import PANES, SIZE, FrameProbe, css_paths, drawn, is_main_screen
import tui.app
from tui.cli import main

base = tui.app.AfterviewApp


class FirstFrame(FrameProbe, base):
    CSS_PATH = css_paths(base)

    def run(self, **_kwargs):
        return super().run(headless=True, size=SIZE)

    def on_mount(self):
        self.frame_listeners.append(self.frame)

    def frame(self, screen, at):
        if not (is_main_screen(screen) and drawn(screen, *PANES)):
            return
        while True:  # a worker thread may be importing right now
            try:
                loaded = sorted(sys.modules)
                break
            except RuntimeError:
                continue
        with open(sys.argv[2], "w", encoding="utf-8") as fh:
            json.dump(loaded, fh)
        self.frame_listeners.clear()
        self.exit()


tui.app.AfterviewApp = FirstFrame  # what the command line starts
sys.exit(main(["--db", sys.argv[1]]))
"""

NOT_YET = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "alembic",
    "arrow",
    "dateparser",
    "rapidfuzz",
    "db.models",
    "db.repository",
    "db.notes.facts",
    "db.notes.drafts",
    "db.notes.guards",
    "db.write.results",  # two dozen dataclasses, ~20 ms: only an action's words need them
    "db.page_records",  # a dozen more (~15 ms): the pages opened from the dashboard
    "tui.words",
    "tui.widgets.pipeline_search",  # mounted on the first `/`
)
"""Loaded after the first frame, in the worker that opens the database or on demand."""


SETTLED = """
import json, sys
from tests.bench.probe import css_paths
import tui.app
from tui.cli import main

base = tui.app.AfterviewApp


class Settled(base):
    CSS_PATH = css_paths(base)

    def run(self, **_kwargs):
        return super().run(headless=True, size=(120, 36))

    @property
    def on_settled(self):  # the entry point's hook: called once the warm-up is done
        return self.dump

    @on_settled.setter
    def on_settled(self, _hook):
        pass

    def dump(self):
        with open(sys.argv[2], "w", encoding="utf-8") as fh:
            json.dump(sorted(sys.modules), fh)
        self.exit()


tui.app.AfterviewApp = Settled
sys.exit(main(["--db", sys.argv[1]]))
"""

WRITE_SIDE = ("sqlalchemy", "sqlalchemy.orm", "alembic", "db.models", "db.store", "db.write.uow")
"""Loaded on the first write, or when one is near (db.lazy_store): never for looking."""


def modules_at_first_frame(tmp_path: Path, child: str = CHILD) -> set[str]:
    out = tmp_path / "modules.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERVIEW_")}
    env |= {"TEXTUAL_ANIMATIONS": "none"}
    done = subprocess.run(
        [sys.executable, "-c", child, str(demo_db(tmp_path)), str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return set(json.loads(out.read_text(encoding="utf-8")))


def test_the_first_frame_waits_for_no_heavy_module(tmp_path: Path) -> None:
    loaded = modules_at_first_frame(tmp_path)
    assert {"textual", "tui.app", "tui.screens.main_screen"} <= loaded  # it did start
    early = sorted(name for name in NOT_YET if name in loaded)
    assert early == [], f"loaded before the first frame: {early}"


def test_a_settled_dashboard_has_not_loaded_the_write_side(tmp_path: Path) -> None:
    loaded = modules_at_first_frame(tmp_path, SETTLED)
    assert {"tui.modals.snooze_dialog", "db.notes.drafts"} <= loaded  # the warm-up ran
    early = sorted(name for name in WRITE_SIDE if name in loaded)
    assert early == [], f"loaded with nothing written: {early}"


def test_a_mail_sync_from_the_dashboard_leaves_the_write_side_unloaded() -> None:
    """The dashboard starts its sync in a process apart and unpickles the result here:
    neither may bring the ORM into the dashboard (tui/mail_sync.py, db/mail/apart.py)."""
    code = (
        "import pickle, sys\n"
        "from db.mail.facts import FolderResult, SyncResult\n"
        "result = SyncResult((FolderResult('inbox', 'INBOX', 3, 2, False),), 1, 900, 0.5)\n"
        "sent = pickle.dumps(result)\n"
        "del sys.modules['db.mail.facts']\n"
        "import db.dates, db.mail.apart, tui.cli.mail_sync  # what the sync's worker imports\n"
        "assert pickle.loads(sent).stored == 2\n"
        f"print(sorted(m for m in {WRITE_SIDE!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
