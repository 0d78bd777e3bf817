"""A PostgreSQL password from the system keyring, against the real test server: its TCP
port asks for a password (scram-sha-256, tests/pg.py), and libpq finds none of its own
(no PGPASSWORD, no ~/.pgpass). The keyring is a real backend in a file
(tests/keyring_file.py), which the mail sync's child process reads too."""

from __future__ import annotations

import subprocess

import pytest

from db import server_password
from db.engine import open_database
from db.target import ServerURL
from tests.cli import run, use_fixed_env
from tests.conftest import FixedClock
from tests.keyring_file import file_keyring_fixture  # noqa: F401  (the fixture)
from tests.pg import PASSWORD, SUPERUSER, no_libpq_env

pytestmark = pytest.mark.pg

WRONG = "wrong-and-secret-7Hq"


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)
    no_libpq_env(monkeypatch, tmp_path, "PGPASSWORD")
    server_password._remembered.clear()  # each test starts as a new process would
    yield
    server_password._remembered.clear()


@pytest.fixture
def over_tcp(pg_server, pg_demo_url) -> ServerURL:
    """The sample data, reached over the TCP port (where a password is asked)."""
    dbname = pg_demo_url.parameters()["dbname"]
    return ServerURL(pg_server.tcp_url(dbname))


def keyring_user(pg_server, url: ServerURL) -> str:
    return f"{SUPERUSER}@127.0.0.1:{pg_server.port}/{url.parameters()['dbname']}"


def one_line_failure(capsys, *argv: str) -> str:
    code, _out, err = run(capsys, *argv)
    assert code == 1, err
    assert err.startswith("afterview: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def type_password(monkeypatch, typed: str) -> list[str]:
    """getpass answers `typed`; the prompts it was asked with are returned."""
    asked: list[str] = []

    def answer(prompt: str = "") -> str:
        asked.append(prompt)
        return typed

    monkeypatch.setattr("getpass.getpass", answer)
    return asked


def test_db_password_keeps_it_and_both_sides_then_connect(
    capsys, monkeypatch, pg_server, over_tcp, file_keyring, tmp_path
) -> None:
    asked = type_password(monkeypatch, PASSWORD)
    code, out, err = run(capsys, "db-password", "--db", over_tcp)
    assert (code, err) == (0, "")
    name = keyring_user(pg_server, over_tcp)
    assert asked == [f"Password for {name}: "]
    assert file_keyring.kept() == {f"afterview-postgresql {name}": PASSWORD}
    assert f"afterview-postgresql {name}" in out and PASSWORD not in out

    # The write side (units of work over the engine) and the read side (its own
    # connections, one per thread), as the dashboard opens them.
    from db.store import Store
    from db.write import applications

    store = Store(open_database(over_tcp), FixedClock())
    try:
        added = applications.add_application(store.uow(), "Keyring Ltd", "Engineer")
        assert store.views.application(added.id).company == "Keyring Ltd"
    finally:
        store.close()
    code, out, err = run(capsys, "today", "--db", over_tcp)
    assert code == 0 and err == "" and "Northwind" in out  # the sample data, read
    assert PASSWORD not in over_tcp.text  # the URL was never rewritten

    # Nothing Afterview writes holds it: the settings, a backup's dump.
    dump = tmp_path / "dump.json"
    assert run(capsys, "backup", "--db", over_tcp, dump)[0] == 0
    assert PASSWORD not in dump.read_text()
    code, out, _ = run(capsys, "config", "--json", "--db", over_tcp)
    assert code == 0 and PASSWORD not in out


def test_the_mail_sync_child_finds_the_password_itself(
    monkeypatch, pg_server, over_tcp, file_keyring
) -> None:
    """The dashboard's sync runs in a child process: it is given the URL (never the
    password: not in its environment, not on its command line) and asks the keyring."""
    from db.mail.apart import sync_apart
    from db.mail.imap import MailError

    name = keyring_user(pg_server, over_tcp)
    file_keyring.set_password("afterview-postgresql", name, PASSWORD)
    started = []
    real_popen = subprocess.Popen

    def popen(argv, **kwargs):
        started.append((argv, kwargs["env"]))
        return real_popen(argv, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    with pytest.raises(MailError, match="no mailbox is set up"):  # it opened the database
        sync_apart(over_tcp)
    ((argv, env),) = started
    assert not [v for v in [*argv, *env.values()] if PASSWORD in v]


def test_no_password_anywhere_is_one_line_saying_where_one_can_come_from(
    capsys, pg_server, over_tcp, file_keyring
) -> None:
    before = run(capsys, "config", "--json", "--db", pg_server.url(over_tcp.parameters()["dbname"]))
    err = one_line_failure(capsys, "config", "your_name", "Ada", "--db", over_tcp)
    assert "asks for a password and none was found" in err
    assert "~/.pgpass" in err and "PGPASSWORD" in err and "afterview db-password" in err
    assert keyring_user(pg_server, over_tcp) in err
    after = run(capsys, "config", "--json", "--db", pg_server.url(over_tcp.parameters()["dbname"]))
    assert after == before  # nothing changed
    assert file_keyring.kept() == {}


def test_a_wrong_password_in_the_keyring_is_one_line_without_it(
    capsys, monkeypatch, pg_server, over_tcp, file_keyring
) -> None:
    name = keyring_user(pg_server, over_tcp)
    file_keyring.set_password("afterview-postgresql", name, WRONG)
    err = one_line_failure(capsys, "today", "--db", over_tcp)
    assert f'password authentication failed for user "{SUPERUSER}"' in err
    assert "system keyring" in err and "afterview db-password" in err
    assert WRONG not in err

    # libpq's own sources come first: PGPASSWORD wins over the keyring's wrong one.
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    assert run(capsys, "today", "--db", over_tcp)[0] == 0


def test_db_password_never_keeps_a_wrong_one(
    capsys, monkeypatch, pg_server, over_tcp, file_keyring
):
    type_password(monkeypatch, WRONG)
    err = one_line_failure(capsys, "db-password", "--db", over_tcp)
    assert "password authentication failed" in err and "nothing kept" in err
    assert WRONG not in err
    assert file_keyring.kept() == {}


def test_db_password_forget_and_what_it_refuses(
    capsys, monkeypatch, tmp_path, pg_server, pg_demo_url, over_tcp, file_keyring
) -> None:
    name = keyring_user(pg_server, over_tcp)
    file_keyring.set_password("afterview-postgresql", name, PASSWORD)
    code, out, _ = run(capsys, "db-password", "--forget", "--db", over_tcp)
    assert code == 0 and "Removed" in out
    assert file_keyring.kept() == {}

    type_password(monkeypatch, PASSWORD)
    err = one_line_failure(capsys, "db-password", "--db", pg_demo_url)  # the socket: trusted
    assert "connects without the keyring" in err and "nothing kept" in err
    err = one_line_failure(capsys, "db-password", "--db", tmp_path / "a.db")
    assert "is a SQLite file, which takes no password" in err
    assert file_keyring.kept() == {}


def test_a_system_without_a_keyring_still_says_where_a_password_can_come_from(
    capsys, monkeypatch, over_tcp
) -> None:
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # what keyring picks on a server with no desktop
    try:
        err = one_line_failure(capsys, "today", "--db", over_tcp)
    finally:
        keyring.set_keyring(before)
    assert "the system keyring could not be read: this system has none" in err
    assert "~/.pgpass" in err and "PGPASSWORD" in err
    assert "…" not in err  # short enough to be read whole
