"""Certificates made at test time with the openssl command, for the test servers that
speak TLS (Dovecot in tests/mail/dovecot.py, PostgreSQL in tests/pg.py). EC keys: each
certificate takes a few milliseconds. Valid for two days, so never kept."""

from __future__ import annotations

import subprocess
from pathlib import Path

LOCAL_NAMES = ("DNS:localhost", "IP:127.0.0.1")


def _req(*args: str) -> None:
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", *args,
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip


def self_signed(
    folder: Path, names: tuple[str, ...] = LOCAL_NAMES, stem: str = ""
) -> tuple[Path, Path]:
    """A self-signed certificate (and its key) for `names`, as cert.pem and key.pem."""
    cert, key = folder / f"{stem}cert.pem", folder / f"{stem}key.pem"
    _req(
        "-subj", "/CN=localhost", "-addext", f"subjectAltName={','.join(names)}",
        "-keyout", str(key), "-out", str(cert),
    )  # fmt: skip
    return cert, key


def authority(folder: Path, stem: str = "ca") -> tuple[Path, Path]:
    """A certificate authority of the test's own: {stem}.pem and {stem}.key."""
    cert, key = folder / f"{stem}.pem", folder / f"{stem}.key"
    _req(
        "-subj", f"/CN=Afterview test {stem}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout", str(key), "-out", str(cert),
    )  # fmt: skip
    return cert, key


def issued(
    folder: Path, ca: tuple[Path, Path], names: tuple[str, ...], stem: str = "server"
) -> tuple[Path, Path]:
    """A server certificate for `names` (subjectAltName entries such as DNS:localhost),
    signed by `ca` (authority's pair): {stem}.pem and {stem}.key."""
    cert, key = folder / f"{stem}.pem", folder / f"{stem}.key"
    _req(
        "-subj", f"/CN={names[0].split(':', 1)[1]}",
        "-addext", f"subjectAltName={','.join(names)}",
        "-addext", "basicConstraints=critical,CA:FALSE",
        "-CA", str(ca[0]), "-CAkey", str(ca[1]),
        "-keyout", str(key), "-out", str(cert),
    )  # fmt: skip
    return cert, key
