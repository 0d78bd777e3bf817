"""Each command in-process: what a person or a script reads from it."""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import types
from pathlib import Path

import arrow
import pytest

from db.write import applications, contacts, follow_ups
from db.write.settings import set_setting
from tests.cli import FIXED_NOW, demo_db, digest, run, table_rows, use_fixed_env
from tests.cli.conftest import sqlite_only


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


class FakeApp:
    """Stands in for tui.app.AfterviewApp: records how the dashboard was started."""

    started: list[tuple[Path, object, list[str]]] = []

    def __init__(self, db_path, clock=None, first_data=None):
        self.db_path, self.clock = Path(db_path), clock
        # The first screen's data is read from the same file while the app starts.
        assert first_data is not None and first_data.path == self.db_path

    def run(self):
        companies = []
        if self.db_path.exists():
            con = sqlite3.connect(self.db_path)
            companies = [r[0] for r in con.execute("SELECT name FROM company")]
            con.close()
        FakeApp.started.append((self.db_path, self.clock, companies))


@pytest.fixture
def fake_app(monkeypatch):
    FakeApp.started = []
    module = types.ModuleType("tui.app")
    module.AfterviewApp = FakeApp
    monkeypatch.setitem(sys.modules, "tui.app", module)
    return FakeApp


# --- version and help -----------------------------------------------------------------


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert re.fullmatch(r"afterview \d+\.\d+\.\d+\S*\n", out)


@pytest.mark.parametrize("command", [[], ["demo"], ["today"], ["export"], ["import"], ["backup"]])
def test_every_command_has_help(capsys, command):
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert "--db PATH" in out
    assert "AFTERVIEW_CLOCK" in out and "AFTERVIEW_DB" in out


def test_main_help_lists_the_commands(capsys):
    _, out, _ = run(capsys, "--help")
    for name in ("demo", "today", "export", "import", "backup"):
        assert re.search(rf"^\s+{name}\s", out, re.M), name


# --- today ------------------------------------------------------------------------------


def test_today_lists_overdue_then_due_with_relative_words(capsys, demo):
    code, out, err = run(capsys, "--db", demo, "today")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert re.match(r"Tue 24 Nov 2026: \d+ overdue, \d+ due$", lines[0])
    overdue = [line for line in lines[1:] if "overdue" in line]
    due = [line for line in lines[1:] if "today" in line]
    assert overdue and due
    assert lines[1:] == overdue + due  # overdue first
    assert any("days overdue" in line for line in overdue)
    # Aligned columns: every row's kind starts at the same column.
    kinds = ("thank-you", "check-in", "application check-in", "feedback request")
    kinds += ("reference heads-up", "event follow-up")
    starts = {min(line.find(k) for k in kinds if k in line) for line in lines[1:]}
    assert len(starts) == 1


def test_today_json_has_the_fields_scripts_need(capsys, demo):
    code, out, _ = run(capsys, "today", "--json", "--db", demo)
    assert code == 0
    items = json.loads(out)
    assert items
    for item in items:
        assert {"id", "due", "overdue", "kind", "channel", "contact", "company", "role"} <= set(
            item
        )
        due = arrow.get(item["due"])
        assert re.search(r"[+-]\d\d:\d\d$", item["due"]), "ISO 8601 with an offset"
        start_of_day = arrow.get("2026-11-24T00:00:00+00:00")  # the demo's zone is London
        assert item["overdue"] == (due < start_of_day)
        assert due < start_of_day.shift(days=1)
    assert any(i["overdue"] for i in items) and any(not i["overdue"] for i in items)
    thank_you = next(i for i in items if i["kind"] == "thank-you" and i["company"])
    assert thank_you["contact"] and thank_you["role"] and thank_you["channel"] == "email"


def test_today_json_matches_the_plain_list(capsys, demo):
    _, plain, _ = run(capsys, "--db", demo, "today")
    _, data, _ = run(capsys, "--db", demo, "today", "--json")
    ids = [int(m) for m in re.findall(r"^  #(\d+)", plain, re.M)]
    assert ids == [i["id"] for i in json.loads(data)]


def test_today_on_another_day_counts_from_that_day(capsys, demo):
    _, now, _ = run(capsys, "--db", demo, "today", "--json")
    _, later, _ = run(capsys, "--db", demo, "today", "--json", "--on", "2026-11-26")
    assert len(json.loads(later)) > len(json.loads(now))
    assert all(i["overdue"] for i in json.loads(later) if i["due"] < "2026-11-26")
    _, tomorrow, _ = run(capsys, "--db", demo, "today", "--on", "tomorrow")
    assert tomorrow.startswith("Wed 25 Nov 2026:")


def test_today_with_nothing_due_says_what_is_next(capsys, tmp_path, monkeypatch):
    from db.engine import open_database
    from db.store import Store

    path = tmp_path / "quiet.db"
    engine = open_database(path)
    store = Store(engine, lambda: arrow.get(FIXED_NOW))
    set_setting(store.uow(), "timezone", "UTC")
    contact = contacts.add_contact(store.uow(), "Dana Reyes", company="Acme")
    follow_ups.add_follow_up(
        store.uow(), contact.id, "custom", due_at=arrow.get("2026-11-26T09:00:00+00:00")
    )
    engine.dispose()
    code, out, _ = run(capsys, "--db", path, "today")
    assert code == 0
    assert out.splitlines() == [
        "Nothing due on Tue 24 Nov 2026.",
        "Next: custom with Dana Reyes, in 2 days.",
    ]
    _, data, _ = run(capsys, "--db", path, "today", "--json")
    assert json.loads(data) == []


def test_today_prints_what_people_typed_without_terminal_escapes(capsys, tmp_path):
    from db.engine import open_database
    from db.store import Store

    path = tmp_path / "odd.db"
    engine = open_database(path)
    store = Store(engine, lambda: arrow.get(FIXED_NOW))
    app = applications.add_application(store.uow(), "[red]Acme[/] 株式会社", "Backend")
    contact = contacts.add_contact(store.uow(), "Dana Reyes", company="[red]Acme[/] 株式会社")
    follow_ups.add_follow_up(
        store.uow(), contact.id, application_id=app.id, due_at=arrow.get(FIXED_NOW)
    )
    engine.dispose()
    con = sqlite3.connect(path)  # as an import of someone else's file could leave it
    con.execute("UPDATE contact SET name = 'Dana \x1b[2J Reyes'")
    con.commit()
    con.close()
    _, out, _ = run(capsys, "--db", path, "today")
    assert "\x1b" not in out
    assert "[red]Acme[/] 株式会社, Backend" in out


# --- demo and the dashboard -------------------------------------------------------------


def test_demo_write_makes_a_database_and_exits(capsys, tmp_path, fake_app):
    target = tmp_path / "sample" / "demo.db"
    code, out, _ = run(capsys, "demo", "--write", target)
    assert code == 0
    assert f"afterview --db {target}" in out
    assert target.stat().st_mode & 0o777 == 0o600
    assert fake_app.started == []  # --write never opens the dashboard
    assert len(table_rows(target)["application"]) == 25
    # The same every time (fixed clock): a second build is identical, row for row.
    again = tmp_path / "again.db"
    run(capsys, "demo", "--write", again)
    assert table_rows(again) == table_rows(target)


def test_demo_write_refuses_an_existing_file_but_fills_an_empty_one(capsys, tmp_path, demo):
    sqlite_only(demo, "demo --write writes a file")
    before = digest(demo)
    code, _, err = run(capsys, "demo", "--write", demo)
    assert code == 1 and "already exists" in err
    assert digest(demo) == before
    empty = tmp_path / "empty.db"
    empty.touch()
    assert run(capsys, "demo", "--write", empty)[0] == 0
    assert table_rows(empty)["application"]


def test_demo_size_adds_applications(capsys, tmp_path):
    target = tmp_path / "big.db"
    assert run(capsys, "demo", "--write", target, "--size", "40")[0] == 0
    assert len(table_rows(target)["application"]) == 25 + 40
    code, _, err = run(capsys, "demo", "--write", tmp_path / "x.db", "--size", "0")
    assert code == 2 and err.count("\n") == 1


def test_demo_runs_the_dashboard_on_a_temporary_copy(capsys, tmp_path, fake_app):
    user_db = demo_db(tmp_path, "mine.db")
    before = digest(user_db)
    code, _, _ = run(capsys, "demo")
    assert code == 0
    (path, clock, companies), *_ = fake_app.started
    assert path.parent != tmp_path and "Northwind Analytics" in companies
    assert arrow.get(clock()) == arrow.get(FIXED_NOW)
    assert not path.parent.exists()  # the temporary folder is gone afterwards
    assert digest(user_db) == before


def test_demo_refuses_db(capsys, demo):
    code, _, err = run(capsys, "--db", demo, "demo")
    assert code == 1 and "--write" in err


def test_dashboard_opens_the_resolved_database(capsys, tmp_path, fake_app, monkeypatch):
    path = demo_db(tmp_path, "mine.db")
    monkeypatch.setenv("AFTERVIEW_DB", str(path))
    assert run(capsys)[0] == 0
    assert fake_app.started[0][0] == path
    assert run(capsys, "--db", tmp_path / "new.db")[0] == 0
    assert fake_app.started[1][0] == tmp_path / "new.db"
    assert not (tmp_path / "new.db").exists()  # the app creates it, not the command line


def test_dashboard_missing_says_so(capsys, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tui.app", None)  # import raises ModuleNotFoundError
    code, _, err = run(capsys, "--db", tmp_path / "a.db")
    assert code == 1 and err.startswith("afterview: the dashboard is not built yet")


# --- backup -----------------------------------------------------------------------------


def test_backup_beside_the_database_with_a_timestamp(capsys, demo):
    sqlite_only(demo, "a copy of the file beside it")
    code, out, _ = run(capsys, "--db", demo, "backup")
    assert code == 0
    copy = demo.with_name("demo-backup-20261124-103000.db")
    assert str(copy) in out
    assert copy.stat().st_mode & 0o777 == 0o600
    assert table_rows(copy) == table_rows(demo)
    assert run(capsys, "--db", demo, "backup")[0] == 0  # same second: a new name
    assert demo.with_name("demo-backup-20261124-103000-2.db").exists()


def test_backup_to_a_path_or_folder_and_never_over_a_file(capsys, tmp_path, demo):
    sqlite_only(demo, "copies of the file")
    folder = tmp_path / "backups"
    folder.mkdir()
    assert run(capsys, "--db", demo, "backup", folder)[0] == 0
    assert [p.name for p in folder.iterdir()] == ["demo-backup-20261124-103000.db"]
    target = tmp_path / "copy.db"
    assert run(capsys, "--db", demo, "backup", target)[0] == 0
    before = digest(target)
    code, _, err = run(capsys, "--db", demo, "backup", target)
    assert code == 1 and "already exists" in err and digest(target) == before


def test_backup_is_consistent_while_another_connection_writes(capsys, tmp_path, demo):
    sqlite_only(demo, "SQLite's write-ahead log (test_server_backup_... on PostgreSQL)")
    # The dashboard: committed changes still in the WAL, and a write in progress.
    dashboard = sqlite3.connect(demo, isolation_level=None)
    dashboard.execute("PRAGMA wal_autocheckpoint = 0")
    dashboard.execute("UPDATE company SET name = 'Committed Co' WHERE id = 1")
    dashboard.execute("BEGIN IMMEDIATE")
    dashboard.execute("UPDATE company SET name = 'Half Written' WHERE id = 2")
    try:
        code, _, err = run(capsys, "--db", demo, "backup", tmp_path / "copy.db")
    finally:
        dashboard.execute("ROLLBACK")
        dashboard.close()
    assert code == 0, err
    names = dict(sqlite3.connect(tmp_path / "copy.db").execute("SELECT id, name FROM company"))
    assert names[1] == "Committed Co" and names[2] != "Half Written"


@pytest.mark.pg
def test_server_backup_is_a_json_dump_that_restores_the_same_data(capsys, tmp_path, pg_demo_url):
    """On PostgreSQL, backup writes the JSON dump (0600, never over a file); restored
    into a new SQLite file it lists the same day as the server does."""
    folder = tmp_path / "backups"
    folder.mkdir()
    code, out, err = run(capsys, "backup", "--db", pg_demo_url, folder)
    assert code == 0, err
    (dump,) = folder.iterdir()
    assert dump.name == "afterview-backup-20261124-103000.json"
    assert dump.stat().st_mode & 0o777 == 0o600
    assert "t" in out and "***" not in out
    code, _, err = run(capsys, "backup", "--db", pg_demo_url, dump)
    assert code == 1 and "already exists" in err

    restored = tmp_path / "restored.db"
    assert run(capsys, "import", "--db", restored, dump)[0] == 0, capsys
    on_server = run(capsys, "today", "--db", pg_demo_url, "--json")[1]
    assert run(capsys, "today", "--db", restored, "--json")[1] == on_server
    assert json.loads(on_server)


def test_today_fits_an_80_column_terminal(capsys, demo, monkeypatch):
    import os
    import shutil

    from db.text import cell_width

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda: os.terminal_size((80, 24)))
    _, out, _ = run(capsys, "--db", demo, "today")
    assert max(cell_width(line) for line in out.splitlines()) < 80
    assert "days overdue" in out and "…" in out
