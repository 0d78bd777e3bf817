"""A real Dovecot for the mailbox tests (tests/mail/dovecot.py), started once per run with
the corpus delivered by IMAP APPEND, and a database that knows the corpus's people.

The set-up installs Debian's dovecot-imapd when it is missing and the tests run as root
(as `make test` does in CI). In CI (CI set) a server that cannot start fails the run;
elsewhere the mailbox tests are skipped with the reason."""

from __future__ import annotations

import os

import pytest

from tests.mail.corpus import corpus
from tests.mail.dovecot import Dovecot, Unavailable


def start(**options) -> Dovecot:
    try:
        return Dovecot.start(**options)
    except Unavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"the test IMAP server could not start: {exc}")
        pytest.skip(f"no test IMAP server: {exc}")


@pytest.fixture(scope="session")
def dovecot():
    """The corpus in INBOX and Sent; never changed by a test (syncs are read only)."""
    server = start()
    conn = server.client()
    for mail in corpus():
        server.append_with(conn, mail.folder, mail.data, when=mail.when)
    conn.logout()
    yield server
    server.close()


@pytest.fixture
def fresh_dovecot():
    """A server of a test's own, without the 20 MB message, for tests that change it."""
    server = start()
    conn = server.client()
    for mail in corpus():
        if mail.name != "big-attachment":
            server.append_with(conn, mail.folder, mail.data, when=mail.when)
    conn.logout()
    yield server
    server.close()


class MemoryKeyring:
    """A keyring backend in memory: the tests never touch the machine's keyring."""

    def __init__(self):
        import keyring.backend

        class Backend(keyring.backend.KeyringBackend):
            priority = 1
            store: dict = {}

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, password):
                self.store[(service, username)] = password

            def delete_password(self, service, username):
                del self.store[(service, username)]

        self.backend = Backend()


@pytest.fixture
def memory_keyring():
    import keyring

    before = keyring.get_keyring()
    found = MemoryKeyring().backend
    keyring.set_keyring(found)
    yield found.store
    keyring.set_keyring(before)
