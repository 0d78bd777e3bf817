"""The password or XOAUTH2 token: read when a sync connects, from the system keyring or
from a command the user names (`pass show mail/work`, `oama access ada@gmail.com`), and
held only in memory. Never written to the database, the settings, a log or a message:
every message built here or in imap.py goes through `scrub` first."""

from __future__ import annotations

import shlex
import subprocess
from dataclasses import dataclass, field

from db import keychain
from db.keychain import scrub  # noqa: F401 - imap.py and the tests scrub through here

KEYRING_SERVICE = "afterview-mail"
COMMAND_SECONDS = 30


class SecretError(Exception):
    """The secret could not be had; the message is one line and holds no secret."""


@dataclass(frozen=True)
class Secret:
    kind: str  # "password" or "token" (XOAUTH2)
    value: str = field(repr=False)

    def __repr__(self) -> str:  # a traceback or a debug print never shows it
        return f"Secret({self.kind}, ******)"

    __str__ = __repr__


@dataclass(frozen=True)
class SecretSource:
    """Where the secret comes from, as the account stores it: 'keyring', or the command
    the user named for a password or a token. The command is kept; its output never."""

    kind: str  # "keyring", "password-command" or "token-command"
    command: str = ""

    def describe(self) -> str:
        if self.kind == "keyring":
            return "the system keyring"
        what = "token" if self.kind == "token-command" else "password"
        return f"the {what} command `{self.command}`"


def keyring_name(user: str, host: str) -> str:
    return f"{user}@{host}"


def get(source: SecretSource, user: str, host: str) -> Secret:
    if source.kind == "keyring":
        return Secret("password", _from_keyring(user, host))
    if source.kind in ("password-command", "token-command"):
        value = run_command(source.command)
        return Secret("token" if source.kind == "token-command" else "password", value)
    raise SecretError(f"unknown secret source {source.kind!r}")


def _from_keyring(user: str, host: str) -> str:
    try:
        value = keychain.read(KEYRING_SERVICE, keyring_name(user, host))
    except keychain.KeychainError as exc:
        raise SecretError(str(exc)) from None
    if not value:
        raise SecretError(
            f"no password for {user} at {host} in the system keyring: run `afterview mail setup --keyring`"
        )
    return value


def store_in_keyring(user: str, host: str, value: str) -> None:
    try:
        keychain.keep(KEYRING_SERVICE, keyring_name(user, host), value)
    except keychain.KeychainError as exc:
        raise SecretError(str(exc)) from None


def forget_keyring(user: str, host: str) -> bool:
    """Remove the stored password; False when there was none (or no keyring at all)."""
    return keychain.forget(KEYRING_SERVICE, keyring_name(user, host))


def run_command(command: str) -> str:
    """The first line of what `command` prints (split like a shell would, run without
    one), or SecretError saying what went wrong and never what it printed."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise SecretError(f"the command `{command}` does not read: {exc}") from None
    if not argv:
        raise SecretError("the password command is empty")
    try:
        done = subprocess.run(
            argv, capture_output=True, timeout=COMMAND_SECONDS, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise SecretError(f"the command `{argv[0]}` was not found") from None
    except PermissionError:
        raise SecretError(f"the command `{argv[0]}` may not be run (permission denied)") from None
    except subprocess.TimeoutExpired:
        raise SecretError(
            f"the command `{command}` gave no answer within {COMMAND_SECONDS} s"
        ) from None
    out = done.stdout.decode("utf-8", "replace")
    first = out.splitlines()[0].strip() if out.strip() else ""
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = scrub(err[0][:200], out) if err else "no message"
        raise SecretError(f"the command `{command}` failed (exit {done.returncode}): {why}")
    if not first:
        raise SecretError(f"the command `{command}` printed nothing")
    return first
