"""Run the real dashboard in a pseudo-terminal, type into it, and stop it rudely.

Used by the tests that prove a closed terminal or a killed process loses nothing.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

CHILD = """
import sys, arrow
from tui.app import AfterviewApp
AfterviewApp(sys.argv[1], lambda: arrow.get(sys.argv[2]), poll=False).run()
"""


class PtyApp:
    """The app in a child process whose terminal we hold."""

    def __init__(self, db_path: Path, clock_at: str, size=(120, 36)) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        # The pseudo-terminal's size is the app's size: COLUMNS and LINES (which pytest-xdist
        # sets to 80x24 in its workers) would override it in shutil.get_terminal_size.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update(TERM="xterm-256color", TEXTUAL_ANIMATIONS="none")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db_path), clock_at],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        os.close(slave)
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def wait_for(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        needle = text.encode()
        while time.monotonic() < deadline:
            if needle in self.output:
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(
            f"{text!r} never appeared; the app printed {bytes(self.output[-2000:])!r}"
        )

    def type(self, text: str, delay: float = 0.0) -> None:
        for ch in text:
            os.write(self.master, ch.encode())
            if delay:
                time.sleep(delay)

    def signal(self, sig: int) -> int:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=15)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        try:
            os.close(self.master)
        except OSError:
            pass
