"""Installing a Debian package for the test set-up (the real servers: Dovecot,
PostgreSQL), as root on a machine that lacks it, as CI does.

`make test` runs in two processes, and on a fresh machine both may reach for a missing
package at once: apt allows one at a time, and the second would fail on its lock. So
each install holds one file lock for the whole machine, and looks again for what it
wants once it holds it (the other process may have installed it meanwhile)."""

from __future__ import annotations

import fcntl
import os
import subprocess
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

LOCK = Path("/tmp/afterview-tests-apt.lock")


@contextmanager
def one_at_a_time():
    with open(LOCK, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)


def install(packages: list[str], found: Callable[[], object]) -> str | None:
    """apt-get update and install `packages`, unless `found()` finds them once the lock
    is held; None when done, else the failing step's last words."""
    with one_at_a_time():
        if found():
            return None
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for step in (
            ["apt-get", "update", "-q"],
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages],
        ):
            done = subprocess.run(step, env=env, capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
                return f"{' '.join(step)} failed: {' '.join(tail)}"
    return None
