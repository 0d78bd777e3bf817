"""The read-only promise, checked on the wire: every command `mail setup` and `mail sync`
send to the real server is recorded by a TLS relay (tests/mail/proxy.py) and none may
change the mailbox or mark a message read. EXAMINE alone already keeps \\Seen, so a
flags test cannot tell a plain BODY[...] fetch from BODY.PEEK[...]; this test can."""

from __future__ import annotations

import re

import pytest

from db.engine import open_database
from db.store import Store
from tests.cli import run, use_fixed_env
from tests.conftest import FixedClock
from tests.mail.people import know_corpus
from tests.mail.proxy import RecordingProxy

CHANGING = {"SELECT", "STORE", "COPY", "MOVE", "EXPUNGE", "APPEND", "DELETE", "CREATE", "RENAME"}
CHANGING |= {"SUBSCRIBE", "UNSUBSCRIBE", "SETMETADATA", "SETQUOTA", "SETACL", "DELETEACL"}
# A FETCH item that sets \Seen (RFC 3501 6.4.5), or that would download a whole message.
MARKS_READ = re.compile(r"(?<![.\w])(BODY|BINARY)\[|(?<![.\w])RFC822(\.TEXT)?(?![.\w])", re.I)
WHOLE = re.compile(r"(BODY|BINARY)\.PEEK\[(TEXT)?\](?!<)", re.I)


@pytest.fixture
def recorder(dovecot):
    proxy = RecordingProxy(dovecot)
    yield proxy
    proxy.close()


def problems(lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        words = line.split()
        if len(words) < 2:
            continue
        verb = words[1].upper()
        if verb == "UID" and len(words) > 2:
            verb = words[2].upper()
        if verb in CHANGING:
            found.append(f"changes the mailbox: {line}")
        if verb == "FETCH" and (MARKS_READ.search(line) or WHOLE.search(line)):
            found.append(f"marks read or fetches whole: {line}")
    return found


def test_setup_and_sync_send_only_read_only_commands(
    capsys, monkeypatch, tmp_path, dovecot, recorder
) -> None:
    use_fixed_env(monkeypatch, tmp_path)
    db = tmp_path / "a.db"
    store = Store(open_database(db), FixedClock())
    know_corpus(store)
    store.close()
    (tmp_path / "pw").write_text(dovecot.password)
    code, _, err = run(
        capsys, "mail", "setup", "--db", db, "--host", dovecot.host, "--port", recorder.port,
        "--user", dovecot.user, "--password-command", f"cat {tmp_path / 'pw'}",
        "--ca-file", dovecot.ca_file,
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "mail", "sync", "--db", db)
    assert (code, err) == (0, "") and out.startswith("Synced Sent and INBOX:")
    lines = recorder.commands()
    assert problems(lines) == []
    verbs = " ".join(lines).upper()
    # The record is real: the folders were opened, searched and fetched through it.
    assert "EXAMINE" in verbs and "UID SEARCH" in verbs and "BODY.PEEK[HEADER.FIELDS" in verbs
    assert re.search(r"BODY\.PEEK\[[\d.]+\]<0\.\d+>", verbs)  # the first KB of a text part


def test_the_check_itself_catches_what_it_must() -> None:
    assert problems(["a1 SELECT INBOX", "a2 UID STORE 1 +FLAGS (\\Seen)", "a3 UID MOVE 1 x"]) == [
        "changes the mailbox: a1 SELECT INBOX",
        "changes the mailbox: a2 UID STORE 1 +FLAGS (\\Seen)",
        "changes the mailbox: a3 UID MOVE 1 x",
    ]
    assert len(problems(["a4 UID FETCH 1 (UID BODY[1]<0.4096>)"])) == 1
    assert len(problems(["a5 UID FETCH 1 (RFC822)", "a6 UID FETCH 1 (BODY.PEEK[])"])) == 2
    assert problems(["a7 UID FETCH 1 (UID BODY.PEEK[1]<0.4096> RFC822.SIZE)"]) == []
