"""Opening the dashboard: the only command that imports Textual."""

from __future__ import annotations

import gc
from pathlib import Path

from tui.cli.common import Failure, check_database, db_path, env_clock


def run(args) -> int:
    path = db_path(args)
    # Refused before any screen, in one line; the dashboard notifies of a shared folder.
    return launch(
        path,
        env_clock(plain=True),
        check=lambda: check_database(path, must_exist=False, warn=False),
    )


def launch(path: Path, clock, check=None) -> int:
    """The dashboard on `path`. `check` refuses a database it could not open: run with
    the first data's read (in the forked child: sqlite3 and the schema's read stay out
    of this process until the first frame), and raised here before the app runs."""
    from tui.__main__ import QuietCollector, one_allocator_arena  # the dashboard's process
    from tui.first_data import FirstData

    one_allocator_arena()  # before any thread
    # Forked before the collector's timer thread starts: no thread runs yet.
    first_data = FirstData(path, clock, apart=True, check=check)  # read while Textual loads
    QuietCollector.hold_during_start_up()
    parsed_css = None
    try:
        app = build_app(path, clock, first_data)
        from tui import css_cache

        parsed_css = css_cache.install()  # Textual's CSS as parsed the last time
        app.on_settled = QuietCollector(app)
        app.run()
    finally:
        gc.enable()
        if parsed_css is not None:
            parsed_css.save()  # when something had to be parsed anew
    return getattr(app, "return_code", 0) or 0


def build_app(path: Path, clock, first_data):
    """Import Textual and the app (most of start-up, while the first data is read), raise
    what the database's check found, and only then build the app."""
    try:
        from tui.app import AfterviewApp
    except ModuleNotFoundError as exc:
        if exc.name != "tui.app":
            raise
        raise Failure("the dashboard is not built yet; `afterview today` works") from None
    first_data.check()
    return AfterviewApp(path, clock=clock, first_data=first_data)
