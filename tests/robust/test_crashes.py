"""Crashes: kill -9 in the middle of a burst of writes, and in the middle of typing a
note. The file stays sound, every write that was confirmed is there, and the note holds
everything typed more than a second before the kill.

Run with -s to see the figures.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import time

import pytest

from db.engine import open_database
from db.store import Store
from db.write import applications
from db.write.settings import set_setting
from tests.robust import ZONE, clock, close, python
from tests.tui.conftest import CLOCK_AT
from tests.tui.pty_app import PtyApp

# Seconds on the wall clock are part of what these assert: not beside another test.
pytestmark = pytest.mark.alone

CONFIRMATIONS_BEFORE_KILL = 200


def confirmed_lines(proc, wanted: int, timeout: float = 60) -> list[str]:
    """Lines the child printed after each commit; reading stops once `wanted` arrived."""
    lines: list[str] = []
    done = threading.Event()

    def read() -> None:
        for line in proc.stdout:
            lines.append(line.strip())
            if len(lines) >= wanted:
                done.set()
        done.set()

    threading.Thread(target=read, daemon=True).start()
    assert done.wait(timeout), f"only {len(lines)} confirmations in {timeout} s"
    return lines


@pytest.mark.slow
def test_kill_9_during_a_burst_of_writes_keeps_every_confirmed_write(tmp_path):
    path = tmp_path / "afterview.db"
    store = Store(open_database(path), clock)
    set_setting(store.uow(), "timezone", ZONE)
    close(store)
    rounds, figures = 2, []
    for _ in range(rounds):
        child = python("-m", "tests.robust.workers", "burst", str(path))
        seen = confirmed_lines(child, CONFIRMATIONS_BEFORE_KILL)
        child.send_signal(signal.SIGKILL)  # mid-write: it never stops between two
        child.wait(timeout=10)
        time.sleep(0.1)  # the reader thread takes the last lines already printed
        confirmed = list(seen)
        assert child.returncode == -signal.SIGKILL

        con = sqlite3.connect(path)  # recovers the WAL as any next start would
        try:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
            apps = {r[0] for r in con.execute("SELECT id FROM application")}
            people = {r[0] for r in con.execute("SELECT id FROM contact")}
            sent = {r[0] for r in con.execute("SELECT id FROM follow_up WHERE status = 'sent'")}
        finally:
            con.close()
        stored = {"application": apps, "contact": people, "sent": sent}
        lost = [line for line in confirmed if int(line.split()[1]) not in stored[line.split()[0]]]
        figures.append((len(confirmed), len(lost)))
        assert lost == []
    print(
        "\nkill -9 during writes: "
        + "; ".join(
            f"round {i + 1}: {c} confirmed, {lost} lost" for i, (c, lost) in enumerate(figures)
        )
        + ", integrity_check ok"
    )
    # And the next start works on the file as the crash left it.
    store = Store(open_database(path), clock)
    applications.add_application(store.uow(), "After The Crash", "Engineer")
    assert store.views.pipeline_summary().active_total > 0
    close(store)


@pytest.mark.slow
def test_kill_9_while_typing_a_note_keeps_what_was_typed_a_second_before(tmp_path):
    from tests.tui.conftest import clock as demo_clock

    path = tmp_path / "demo.db"
    from db.demo.story import build_demo

    engine = open_database(path)
    build_demo(engine, demo_clock)
    engine.dispose()
    store = Store(open_database(path), demo_clock)
    order = [i.id for i in store.views.due_follow_ups().all]
    item = next(i for i in store.views.due_follow_ups().all if i.kind == "thank-you")
    close(store)

    app = PtyApp(path, CLOCK_AT)
    typed = "QWERTYUIOPASDFGHJKLZXCVBNM0123456789"  # each character once: order shows
    times: list[float] = []
    try:
        app.wait_for("overdue")
        time.sleep(1.0)
        app.type("j" * order.index(item.id), delay=0.05)  # a burst can lose keys in a pty
        time.sleep(0.3)
        app.type("\r")
        app.wait_for("To ")
        time.sleep(1.0)
        for ch in typed:  # about 3.2 s of steady typing
            app.type(ch)
            times.append(time.monotonic())
            time.sleep(0.09)
        killed_at = time.monotonic()
        app.signal(signal.SIGKILL)
    finally:
        app.close()

    store = Store(open_database(path), demo_clock)
    body = store.views.follow_up(item.id).body
    close(store)
    must_keep = sum(1 for t in times if killed_at - t > 1.0)
    kept = max(n for n in range(len(typed) + 1) if typed[:n] in body)
    print(
        f"\nkill -9 while typing: {len(typed)} characters typed over "
        f"{times[-1] - times[0]:.1f} s, {must_keep} of them more than 1 s before the kill, "
        f"{kept} saved"
    )
    assert must_keep >= 20
    assert typed[:must_keep] in body
