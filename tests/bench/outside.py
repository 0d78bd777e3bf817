"""Afterview measured from outside: the real command in a pseudo-terminal, beside a bare
Textual app, seen only through what they write to the terminal and what /proc says.

The parent plays a modern terminal: it answers Textual's query for synchronized output
(DECRQM 2026), so each frame arrives between `ESC[?2026h` and `ESC[?2026l`, and a frame
counts as seen when its closing sequence has been read. Text is matched after removing
the escape sequences, over everything drawn so far (later frames redraw only what
changed):

- first frame: both pane titles and "Loading…" (the floor: its one line of text);
- data on screen: the Today and Pipeline tables' headers (they mount with the data)
  ("Last touch"), which the app draws in one frame with the first data.

CPU time is read from the process's CPU clock (all threads, dead ones included, in ns;
Linux lets a parent read its child's), so nothing runs inside the measured process.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from probe import SIZE, now

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_SUPPORTED = b"\x1b[?2026;2$y"  # "supported, currently off", as kitty or WezTerm say
FRAME_START, FRAME_END = b"\x1b[?2026h", b"\x1b[?2026l"
ESCAPES = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>])"
)

FLOOR_TEXT = "Bare Textual, kept open."
FLOOR = f"""
from textual.app import App
from textual.widgets import Static

class Floor(App):
    def compose(self):
        yield Static({FLOOR_TEXT!r})

Floor().run()
"""
FLOOR_FIRST = (FLOOR_TEXT,)
APP_FIRST = ("Today", "Pipeline")  # titled panes; "Loading…" until data, if it is not there yet
APP_DATA = ("About", "Last touch")  # the two tables' headers: they mount with the data
DOWN_KEYS = (b"j", b"\x1b[B")  # j and the down arrow, taking turns

IDLE_WINDOW = 0.2
"""The app counts as idle from the first moment after which it uses at most IDLE_CPU of
CPU over IDLE_WINDOW seconds (2% of a core): the warm-up runs at 100% of one."""
IDLE_CPU = 0.004
SAMPLE_EVERY = 0.02


def cpu_seconds(pid: int) -> float | None:
    """CPU time of the whole process `pid` (CLOCK_PROCESS_CPUTIME_ID of another process:
    clockid (~pid << 3) | CPUCLOCK_SCHED)."""
    try:
        return time.clock_gettime(((~pid) << 3) | 2)
    except OSError:
        return None


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) of `pid`, in MB."""
    found = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024
    return found


class Terminal:
    """One program in a pseudo-terminal of SIZE, with the frames it has drawn so far."""

    def __init__(self, command: list[str], env: dict, cwd: Path) -> None:
        self.master, slave = pty.openpty()
        columns, rows = SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**env, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        self.started = now()
        self.proc = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
            start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        self.frames: list[float] = []
        """When each frame's last byte was read, in seconds (probe.now)."""
        self.text = ""
        """Everything drawn so far, without escape sequences."""
        self.updates: list[tuple[float, int]] = []
        """(when, len(text)) after each addition to text."""
        self.raw = bytearray()
        self._done = 0  # bytes of raw already turned into text
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        answered = False
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            at = now()
            with self._changed:
                if not chunk:
                    self.frames.append(float("inf"))  # wakes waiters: nothing more will come
                    self._changed.notify_all()
                    return
                self.raw.extend(chunk)
                if not answered and SYNC_QUERY in self.raw:
                    os.write(self.master, SYNC_SUPPORTED)
                    answered = True
                self._take_frames(at)
                self._changed.notify_all()

    def _take_frames(self, at: float) -> None:
        """Turn every completed frame (or, before frames are marked, all output up to the
        last escape) into text."""
        end = self.raw.rfind(FRAME_END)
        opened = self.raw.rfind(FRAME_START)
        if end >= self._done and end > opened:
            upto = end + len(FRAME_END)
            self.frames.extend([at] * self.raw.count(FRAME_END, self._done, upto))
        elif opened < self._done:  # frames not marked (yet): take what is complete
            upto = max(self._done, self.raw.rfind(b"\x1b"))
        else:
            return
        part = bytes(self.raw[self._done : upto])
        self.text += ESCAPES.sub(b" ", part).decode("utf-8", errors="replace")
        self.updates.append((at, len(self.text)))
        self._done = upto

    def wait_for(self, needles: tuple[str, ...], timeout: float = 60.0) -> float | None:
        """Seconds from the start to the moment every needle had been drawn, or None."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not all(n in self.text for n in needles):
                if self.frames[-1:] == [float("inf")] or time.monotonic() > deadline:
                    return None
                self._changed.wait(0.05)
            drawn = max(self.text.index(n) + len(n) for n in needles)
            return next(at for at, size in self.updates if size >= drawn) - self.started

    def wait_frame(self, after: int, timeout: float = 2.0) -> float | None:
        """The moment (probe.now) the first frame after the `after`-th was complete."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.frames) <= after:
                if time.monotonic() > deadline:
                    return None
                self._changed.wait(0.05)
            at = self.frames[after]
            return None if at == float("inf") else at

    def type(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        try:
            os.close(self.master)
        except OSError:
            pass
        self._reader.join(timeout=5)


def idle_after(pid: int, since: float, timeout: float = 8.0) -> dict:
    """From `since` (probe.now), sample the process's CPU clock every SAMPLE_EVERY s until
    it has been quiet for IDLE_WINDOW: how long after `since` it went quiet, and the CPU
    it spent in between."""
    samples: list[tuple[float, float]] = []
    deadline = since + timeout
    while now() < deadline:
        cpu = cpu_seconds(pid)
        if cpu is None:
            break
        samples.append((now(), cpu))
        for at, used in samples:
            if samples[-1][0] - at < IDLE_WINDOW:
                break
            later = [c for t, c in samples if t <= at + IDLE_WINDOW]
            if later[-1] - used <= IDLE_CPU:
                first = samples[0][1]
                return {"idle_after_ms": (at - since) * 1000, "busy_cpu_ms": (used - first) * 1000}
        time.sleep(SAMPLE_EVERY)
    return {"idle_after_ms": None, "busy_cpu_ms": None}


def start(kind: str, db: Path, env: dict, root: Path) -> Terminal:
    if kind == "floor":
        return Terminal([sys.executable, "-c", FLOOR], env, root)
    return Terminal([sys.executable, "-m", "tui", "--db", str(db)], env, root)


def one_round(kind: str, db: Path, env: dict, root: Path) -> dict:
    term = start(kind, db, env, root)
    try:
        if kind == "floor":
            first = term.wait_for(FLOOR_FIRST)
            return {"first_frame": ms(first), "data_on_screen": ms(first)}
        first = term.wait_for(APP_FIRST)
        data = term.wait_for(APP_DATA)
        found = {"first_frame": ms(first), "data_on_screen": ms(data)}
        if data is not None:
            found |= idle_after(term.proc.pid, term.started + data)
        return found
    finally:
        term.close()


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def startup_rounds(db: Path, rounds: int, env: dict, root: Path) -> dict:
    """`rounds` start-ups of each, the order swapped every round."""
    got: dict[str, list[dict]] = {"floor": [], "app": []}
    for index in range(rounds):
        order = ("floor", "app") if index % 2 == 0 else ("app", "floor")
        for kind in order:
            got[kind].append(one_round(kind, db, env, root))
        print(f"  terminal round {index + 1}/{rounds} done", flush=True)
    return got


def kept_open(db: Path, idle_seconds: float, presses: int, env: dict, root: Path) -> dict:
    """The app and the floor open side by side: CPU over `idle_seconds` once both are
    idle, then `presses` j/down keys typed into the app, one after the other's frame,
    and both processes' memory."""
    app, floor = start("app", db, env, root), start("floor", db, env, root)
    try:
        data, first = app.wait_for(APP_DATA), floor.wait_for(FLOOR_FIRST)
        if data is None or first is None:
            return {"error": "a screen never appeared"}
        idle_after(app.proc.pid, app.started + data)
        time.sleep(1.0)  # a moment more, past any timer the warm-up left behind
        pids = {"app": app.proc.pid, "floor": floor.proc.pid}
        before = {k: cpu_seconds(p) for k, p in pids.items()}
        time.sleep(idle_seconds)
        after = {k: cpu_seconds(p) for k, p in pids.items()}
        idle = {k: (after[k] - before[k]) / idle_seconds * 100 for k in pids}  # percent of one core
        latencies = []
        for index in range(presses):
            seen = len(app.frames)
            sent = now()
            app.type(DOWN_KEYS[index % 2])
            drawn = app.wait_frame(seen)
            if drawn is not None:
                latencies.append((drawn - sent) * 1000)
            time.sleep(0.05)
        idle_after(app.proc.pid, now())
        return {
            "idle_seconds": idle_seconds,
            "idle_cpu_percent": idle,
            "presses": presses,
            "key_to_frame_ms": latencies,
            "memory_mb": {k: memory_mb(p) for k, p in pids.items()},
        }
    finally:
        app.close()
        floor.close()
