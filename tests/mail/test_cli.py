"""`afterview mail setup / sync / status / forget` against the test server, as a script
would run them, and the secret's handling (never printed, never kept)."""

from __future__ import annotations

import sqlite3

import pytest

from db.engine import open_database
from db.mail import secrets
from db.store import Store
from tests.cli import run, use_fixed_env
from tests.conftest import FixedClock
from tests.mail.conftest import start
from tests.mail.people import know_corpus


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def pw(tmp_path_factory, dovecot):
    path = tmp_path_factory.mktemp("pw") / "pw"
    path.write_text(dovecot.password + "\n")
    return path


def setup_args(dovecot, db, command, *more):
    return (
        "mail", "setup", "--db", db, "--host", dovecot.host, "--port", dovecot.imaps_port,
        "--user", dovecot.user, "--password-command", command, "--ca-file", dovecot.ca_file, *more,
    )  # fmt: skip


def mail_settings(db) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT key, value FROM setting WHERE key LIKE 'mail_%'"))


def test_setup_by_flags_finds_sent_and_keeps_no_password(capsys, dovecot, data, pw) -> None:
    db = data / "a.db"
    code, out, err = run(capsys, *setup_args(dovecot, db, f"cat {pw}"))
    assert (code, err) == (0, "")
    assert "Sent 'Sent'" in out  # found through SPECIAL-USE, not asked
    kept = mail_settings(db)
    assert kept["mail_sent"] == "Sent" and kept["mail_command"] == f"cat {pw}"
    code, out, err = run(capsys, "mail", "sync", "--db", db)
    assert code == 0 and out.startswith("Synced Sent and INBOX:")
    code, out, _ = run(capsys, "mail", "status", "--db", db)
    assert code == 0 and "synced 2026-11-24" in out and dovecot.password not in out
    for path in data.rglob("*"):
        assert dovecot.password.encode() not in path.read_bytes(), path


def test_setup_refuses_a_wrong_password_in_one_line_and_keeps_nothing(
    capsys, dovecot, data, tmp_path
) -> None:
    (tmp_path / "wrong").write_text("hunter2-wrong-password\n")
    db = data / "a.db"
    code, out, err = run(capsys, *setup_args(dovecot, db, f"cat {tmp_path / 'wrong'}"))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "refused the login for ada@example.org" in err
    assert "hunter2" not in err
    assert not db.exists() or mail_settings(db) == {}


def test_setup_asks_for_sent_when_the_server_marks_none(capsys, data, tmp_path) -> None:
    server = start(sent="Sent Items", special_use=False)
    try:
        (tmp_path / "pw").write_text(server.password)
        db = data / "a.db"
        code, _, err = run(capsys, *setup_args(server, db, f"cat {tmp_path / 'pw'}"))
        assert code == 1 and "--sent NAME" in err and "Sent Items" in err
        code, out, err = run(
            capsys, *setup_args(server, db, f"cat {tmp_path / 'pw'}", "--sent", "Sent Items")
        )
        assert (code, err) == (0, "") and mail_settings(db)["mail_sent"] == "Sent Items"
    finally:
        server.close()


def test_sync_fails_in_one_line_when_the_server_is_gone(capsys, dovecot, data, pw) -> None:
    db = data / "a.db"
    run(capsys, *setup_args(dovecot, db, f"cat {pw}"))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE setting SET value = '1' WHERE key = 'mail_port'")
    code, out, err = run(capsys, "mail", "sync", "--db", db)
    assert code == 1 and out == ""
    assert (
        err
        == "afterview: mail sync failed: cannot reach 127.0.0.1:1: connection refused (is the port right?)\n"
    )


def test_forget_removes_every_mail_datum(capsys, dovecot, data, pw) -> None:
    db = data / "a.db"
    run(capsys, *setup_args(dovecot, db, f"cat {pw}"))
    store = Store(open_database(db), FixedClock())
    know_corpus(store)
    store.close()
    run(capsys, "mail", "sync", "--db", db)
    code, out, _ = run(capsys, "mail", "forget", "--db", db, "--yes")
    assert code == 0 and "11 messages" in out
    with sqlite3.connect(db) as conn:
        for table in ("mail_folder", "mail_message", "mail_proposal"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)
    assert mail_settings(db) == {}


def test_setup_with_keyring_keeps_the_password_there_only(
    capsys, dovecot, data, monkeypatch, memory_keyring
) -> None:
    db = data / "a.db"
    monkeypatch.setattr("getpass.getpass", lambda prompt="": dovecot.password)
    args = [a for a in setup_args(dovecot, db, "x") if a not in ("--password-command", "x")]
    code, _, err = run(capsys, *args, "--keyring")
    assert (code, err) == (0, "")
    assert list(memory_keyring.values()) == [dovecot.password]
    assert mail_settings(db)["mail_secret"] == "keyring"
    assert run(capsys, "mail", "sync", "--db", db)[0] == 0
    run(capsys, "mail", "forget", "--db", db, "--yes")
    assert memory_keyring == {}


def test_a_failing_command_never_shows_what_it_printed() -> None:
    leaky = "sh -c 'echo s3cret-value; echo s3cret-value >&2; exit 3'"
    with pytest.raises(secrets.SecretError) as caught:
        secrets.run_command(leaky.replace("echo s3cret-value >&2", "echo s3cret-value >&2"))
    message = str(caught.value)
    assert "failed (exit 3)" in message
    assert message.count("s3cret-value") == leaky.count("s3cret-value")  # only the command typed
    assert "******" in message
    assert repr(secrets.Secret("password", "s3cret-value")) == "Secret(password, ******)"


def test_interactive_setup_asks_for_the_port_and_ca_file(
    capsys, monkeypatch, dovecot, data, pw
) -> None:
    """A self-hosted server on its own port, answered at the prompts (no flags but --db)."""
    import io
    import sys

    answers = [dovecot.host, dovecot.user, str(dovecot.imaps_port), str(dovecot.ca_file)]
    typed = io.StringIO("\n".join([*answers, f"cat {pw}"]) + "\n")
    typed.isatty = lambda: True
    monkeypatch.setattr(sys, "stdin", typed)
    db = data / "a.db"
    code, out, err = run(capsys, "mail", "setup", "--db", db)
    assert (code, err) == (0, ""), err
    assert "Port [993]:" in out and f"at 127.0.0.1:{dovecot.imaps_port} (TLS)" in out
    kept = mail_settings(db)
    assert kept["mail_port"] == str(dovecot.imaps_port)
    assert kept["mail_ca_file"] == str(dovecot.ca_file)
