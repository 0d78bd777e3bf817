"""XOAUTH2 against the real server: Dovecot's oauth2 passdb asks a token's owner of an
introspection endpoint on localhost (tests/mail/oauth.py); `mail setup --token-command`
runs the user's own command for the token, as mutt, aerc and isync do for Gmail and
Microsoft 365."""

from __future__ import annotations

import sqlite3

import pytest

from tests.cli import run, use_fixed_env
from tests.mail.conftest import start
from tests.mail.dovecot import USER
from tests.mail.oauth import TOKEN, Introspection


@pytest.fixture
def oauth_dovecot():
    endpoint = Introspection(USER)
    server = start(oauth_url=endpoint.url)
    server.endpoint = endpoint
    yield server
    server.close()
    endpoint.close()


def mail_settings(db) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT key, value FROM setting WHERE key LIKE 'mail_%'"))


def token_command(folder, token: str) -> str:
    script = folder / "token.sh"
    script.write_text(f"#!/bin/sh\necho '{token}'\n")
    script.chmod(0o700)
    return str(script)


def setup(capsys, server, db, command):
    return run(
        capsys, "mail", "setup", "--db", db, "--host", server.host, "--port", server.imaps_port,
        "--user", server.user, "--token-command", command, "--ca-file", server.ca_file,
    )  # fmt: skip


def test_setup_and_sync_with_a_token_command(capsys, monkeypatch, tmp_path, oauth_dovecot):
    use_fixed_env(monkeypatch, tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    db = data / "a.db"
    code, out, err = setup(capsys, oauth_dovecot, db, token_command(tmp_path, TOKEN))
    assert (code, err) == (0, ""), err
    assert mail_settings(db)["mail_secret"] == "token-command"
    code, out, err = run(capsys, "mail", "sync", "--db", db)
    assert (code, err) == (0, "") and out.startswith("Synced Sent and INBOX:")
    assert oauth_dovecot.endpoint.asked == [TOKEN, TOKEN]  # setup's check, then the sync
    for path in data.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


def test_a_refused_token_is_one_line_and_nothing_is_kept(
    capsys, monkeypatch, tmp_path, oauth_dovecot
):
    use_fixed_env(monkeypatch, tmp_path)
    db = tmp_path / "a.db"
    expired = "ya29.expired-" + TOKEN
    code, out, err = setup(capsys, oauth_dovecot, db, token_command(tmp_path, expired))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "refused the login for ada@example.org" in err, err
    assert expired not in err and TOKEN not in err
    assert oauth_dovecot.endpoint.asked == [expired]
    assert not db.exists() or mail_settings(db) == {}
