"""One sync in a process of its own, for the dashboard.

In a thread of the dashboard's process, a sync shares one interpreter with the keys: it
parses mail and runs the rules in Python, and a key waits for its turn (j/k took 35-80
ms at p95 and up to half a second during a first sync of 20,000 + 5,000 messages, 6-9
ms without it: tests/bench/mail_keys.py). A smaller switch interval did not help. In a
process apart, the keys share nothing with it but the database file, which the sync
writes in short transactions and the dashboard reads through WAL without waiting.

The child is this module run by the same Python (`python -m db.mail.apart PATH
OFFSET`): it opens the database and reads the secret itself, as `afterview mail sync`
does, and writes the pickled result or exception to its stdout. It watches its stdin,
which the dashboard holds open: a byte there means the dashboard is about to write
(`writer_waiting`), and the child lets the write lock go after the message in hand;
when the dashboard ends, mid-sync or not, so does the child, and the next sync resumes
from the last whole batch. (Not multiprocessing: its
helper process is started with the parent's stderr, which Textual has replaced.)"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from db.mail.facts import SyncResult  # not db.mail.sync: the dashboard keeps its ORM unloaded
from db.mail.imap import MailError

HOME = str(Path(__file__).resolve().parents[2])
"""The folder holding the `db` package, for the child's import path."""


DATABASE = "AFTERVIEW_SYNC_DATABASE"
"""How the child is told its database: in its environment (readable by this user only),
never on its command line, where `ps` would show a server URL's password to anyone."""


def sync_apart(path, now: dt.datetime | None = None) -> SyncResult:
    """One pass (db.mail.sync.sync) on the database at `path` (a file or a server's URL),
    in a child process;
    `now`: the dashboard's clock now, when it is not the real one (the child's clock
    keeps the same distance from real time). Raises what the sync raised."""
    offset = (now - dt.datetime.now(dt.UTC)).total_seconds() if now is not None else 0.0
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [HOME, env.get("PYTHONPATH")]))
    env[DATABASE] = getattr(path, "text", None) or str(path)  # a URL's text keeps its password
    with tempfile.TemporaryFile() as said:
        child = subprocess.Popen(
            [sys.executable, "-m", "db.mail.apart", repr(offset)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=said,
            env=env,
        )
        with _LOCK:
            _RUNNING.add(child)
        try:
            answer = child.stdout.read()
        finally:
            with _LOCK:
                _RUNNING.discard(child)
                child.stdin.close()
            child.wait()
        said.seek(0)
        errors = said.read()
    try:
        outcome, value = pickle.loads(answer)
    except Exception:  # noqa: BLE001 - it died before answering
        last = errors.decode(errors="replace").strip().splitlines()[-1:] or ["no answer"]
        raise MailError(f"the mail sync stopped before it finished ({last[0]})") from None
    if outcome == "failed":
        raise value
    return value


def _child(path: str, offset: float) -> tuple[str, object]:
    from db.engine import open_database
    from db.mail.sync import sync
    from db.store import Store
    from db.target import target

    def clock() -> dt.datetime:
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=offset)

    try:
        store = Store(open_database(target(path), migrate=False), clock)
        try:
            return "done", sync(store)
        finally:
            store.close()
    except Exception as exc:  # noqa: BLE001 - sent to the dashboard, which reports it
        return "failed", _portable(exc)


def _portable(exc: Exception) -> Exception:
    """`exc`, or the same words in a plain exception when it does not survive pickling."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


_RUNNING: set[subprocess.Popen] = set()
_LOCK = threading.Lock()


def writer_waiting() -> None:
    """Tell the syncs running in children that this process is about to write: each
    commits the turn in hand after its current message and lets the lock go (a turn
    of 10 messages held it 33 ms at the median). A byte on the child's stdin."""
    with _LOCK:
        for child in _RUNNING:
            try:
                child.stdin.write(b"w")
                child.stdin.flush()
            except (OSError, ValueError):  # it has just ended
                pass


def _listen_to_parent() -> None:
    """A byte: the dashboard waits to write (db.mail.sync.WRITER_WAITING). The end of
    stdin: the dashboard has ended (or given up waiting), and so does this process."""
    from db.mail.sync import WRITER_WAITING

    while sys.stdin.buffer.read1(64):
        WRITER_WAITING.set()
    os._exit(1)


NICENESS = 19
"""The child's scheduling priority where idle scheduling is not offered: the lowest."""


def step_aside() -> None:
    """Run only on a core nobody else wants: on Linux the idle scheduling class (a key's
    work takes the core back at once, not after a time slice), elsewhere the lowest
    priority. The sync takes a little longer on a busy machine, which nobody waits for;
    a key pressed meanwhile does not wait for the sync."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        os.nice(NICENESS)


if __name__ == "__main__":
    step_aside()
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed along the way lands in the answer
    threading.Thread(target=_listen_to_parent, daemon=True).start()
    out.write(pickle.dumps(_child(os.environ[DATABASE], float(sys.argv[1]))))
    out.flush()
