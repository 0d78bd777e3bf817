"""The system keyring (Secret Service, macOS Keychain, Windows Credential Locker), through
the keyring package: the one place Afterview reads, keeps and forgets a secret there.
The mailbox's password (db.mail.secrets) and a PostgreSQL server's (db.server_password)
both go through here, each under a service name of its own.

A secret is held in memory only; every message built here holds none (`scrub`)."""

from __future__ import annotations


class KeychainError(Exception):
    """The keyring could not be used; the message is one line and holds no secret."""


def _keyring():
    try:
        import keyring
    except ImportError:  # pragma: no cover - a dependency, unless removed by hand
        raise KeychainError("the keyring package is not installed") from None
    return keyring


def read(service: str, name: str) -> str | None:
    """The secret kept under (service, name), or None when there is none."""
    try:
        return _keyring().get_password(service, name) or None
    except KeychainError:
        raise
    except Exception as exc:  # a locked or missing keyring backend
        why = _why(exc)
    raise KeychainError(f"the system keyring could not be read: {why}")


def keep(service: str, name: str, value: str) -> None:
    try:
        _keyring().set_password(service, name, value)
        return
    except KeychainError:
        raise
    except Exception as exc:
        why = scrub(_why(exc), value)
    raise KeychainError(f"the system keyring could not keep the password: {why}")


def forget(service: str, name: str) -> bool:
    """Remove the kept secret; False when there was none (or no keyring at all)."""
    try:
        _keyring().delete_password(service, name)
    except Exception:
        return False
    return True


def _why(exc: Exception) -> str:
    from keyring.errors import NoKeyringError

    if isinstance(exc, NoKeyringError):  # its own message runs over several sentences
        return "this system has none, no Secret Service, Keychain or Credential Locker"
    return short(exc)


def scrub(message: str, *secrets: str) -> str:
    """`message` with every secret (and each of its lines) replaced by ******."""
    for secret in secrets:
        for piece in {secret, *secret.splitlines()}:
            if len(piece) >= 3:
                message = message.replace(piece, "******")
    return message


def short(exc: BaseException) -> str:
    """An exception's message on one line of at most 200 characters."""
    return " ".join(str(exc).split())[:200] or type(exc).__name__
