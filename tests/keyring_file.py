"""A real keyring backend that keeps its secrets in a JSON file, for the tests: they never
touch the machine's keyring, and a child process (the mail sync's, db/mail/apart.py)
finds the same secrets through the keyring package's own PYTHON_KEYRING_BACKEND.

    from tests.keyring_file import file_keyring_fixture  # noqa: F401  (the `file_keyring` fixture)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

FILE = "AFTERVIEW_TEST_KEYRING"
"""The environment variable naming the file (inherited by child processes)."""


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 1

    @staticmethod
    def _path() -> Path:
        return Path(os.environ[FILE])

    def kept(self) -> dict[str, str]:
        """Everything kept, as "service user" -> password."""
        try:
            return json.loads(self._path().read_text())
        except FileNotFoundError:
            return {}

    def _write(self, kept: dict[str, str]) -> None:
        self._path().write_text(json.dumps(kept))

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept().get(f"{service} {username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self._write({**self.kept(), f"{service} {username}": password})

    def delete_password(self, service: str, username: str) -> None:
        kept = self.kept()
        if kept.pop(f"{service} {username}", None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")
        self._write(kept)


@pytest.fixture(name="file_keyring")
def file_keyring_fixture(monkeypatch, tmp_path) -> FileKeyring:
    """The keyring, in tmp_path/keyring.json, for this process and its children."""
    path = tmp_path / "keyring.json"
    monkeypatch.setenv(FILE, str(path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", f"{__name__}.FileKeyring")
    before = keyring.get_keyring()
    backend = FileKeyring()
    keyring.set_keyring(backend)

    yield backend
    keyring.set_keyring(before)
