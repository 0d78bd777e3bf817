"""PostgreSQL URLs on the command line: what cannot be reached or read is one line on
stderr, a non-zero exit and nothing changed; a SQLite path that merely looks odd stays a
file path."""

from __future__ import annotations

import sys
import types

import pytest

from db.target import ServerURL, resolve_path
from tests.cli import run, use_fixed_env
from tests.pg import PASSWORD, SUPERUSER


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)
    for name in ("PGPASSWORD", "PGSERVICE", "PGPASSFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


@pytest.fixture(autouse=True)
def no_dashboard(monkeypatch):
    class Refuse:
        def __init__(self, *args, **kwargs):
            raise AssertionError("the dashboard must not start on a bad database")

    module = types.ModuleType("tui.app")
    module.AfterviewApp = Refuse
    monkeypatch.setitem(sys.modules, "tui.app", module)


def one_line_failure(capsys, *argv: str) -> str:
    code, _out, err = run(capsys, *argv)
    assert code == 1
    assert err.startswith("afterview: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_the_scheme_alone_decides(tmp_path, monkeypatch) -> None:
    odd = tmp_path / "what?service=x.db"
    assert resolve_path(str(odd)) == odd  # a "?" in a file name stays part of the name
    assert resolve_path("postgresql:///?service=afterview") == "postgresql:///?service=afterview"
    assert isinstance(resolve_path("postgresql:///?service=afterview"), ServerURL)
    monkeypatch.setenv("AFTERVIEW_DB", "postgres://ana@db.example/afterview")
    assert isinstance(resolve_path(None), ServerURL)


def test_a_password_typed_into_the_url_is_never_shown(capsys) -> None:
    err = one_line_failure(capsys, "today", "--db", "postgresql://ana:hunter2@127.0.0.1:1/x")
    assert "hunter2" not in err
    assert "postgresql://ana:***@127.0.0.1:1/x" in err


def test_a_bad_url_is_one_line(capsys) -> None:
    err = one_line_failure(capsys, "today", "--db", "postgresql://ana@host/x?colour=blue")
    assert "is not a PostgreSQL URL" in err


@pytest.mark.pg
def test_a_server_that_is_down_is_one_line(capsys, pg_server) -> None:
    closed = pg_server.url("afterview").replace(f"port={pg_server.port}", "port=1")
    err = one_line_failure(capsys, "today", "--db", closed)
    assert "cannot connect to" in err


@pytest.mark.pg
def test_a_wrong_password_is_one_line_and_the_right_one_comes_from_libpq(
    capsys, pg_server, pg_url, monkeypatch
) -> None:
    dbname = pg_url.split("/")[3].split("?")[0]
    over_tcp = pg_server.tcp_url(dbname)
    monkeypatch.setenv("PGPASSWORD", "wrong")
    err = one_line_failure(capsys, "today", "--db", over_tcp)
    assert "password authentication failed" in err
    assert SUPERUSER in err

    monkeypatch.setenv("PGPASSWORD", PASSWORD)  # as ~/.pgpass or a service file would
    assert run(capsys, "today", "--db", over_tcp)[0] == 0


@pytest.mark.pg
def test_a_missing_database_is_one_line_and_not_created(capsys, pg_server) -> None:
    err = one_line_failure(capsys, "today", "--db", pg_server.url("no_such_db"))
    assert 'database "no_such_db" does not exist' in err
    import psycopg

    with psycopg.connect(pg_server.url(), autocommit=True) as con:
        names = [r[0] for r in con.execute("SELECT datname FROM pg_database")]
    assert "no_such_db" not in names


@pytest.mark.pg
def test_an_empty_server_database_is_one_line_for_a_reading_command(capsys, pg_empty_url):
    err = one_line_failure(capsys, "today", "--db", pg_empty_url)
    assert "holds no Afterview data yet" in err


def test_a_typed_password_stays_out_of_every_message() -> None:
    url = ServerURL("postgresql://ana:hunter2@db.example/afterview")
    assert "hunter2" not in f"{url} {url!r} {str(url)} {url:>60}"
    assert "hunter2" in url.text  # what libpq is given
