"""Benchmark (not a test): do keys wait for the mail sync? Key to next frame for j/k in
Today and in the Pipeline of the dashboard on the large base (N = 5,000 applications),
with no sync running and while the dashboard's own sync (`s` in the review list,
`app.action_sync_mail()` here) reads a first time the generated 20,000 + 5,000 mailbox
of tests/bench/mail_sync.py from a real Dovecot over localhost: once with the sync in a
thread of the app (as it ran before db/mail/apart.py), once in a process apart (as it
runs now), each in a fresh app on its own copy of the base. One run, all printed side
by side; budget: p95 ≤ 16 ms (README, Performance: key to frame).

    .venv/bin/python tests/bench/mail_keys.py     # ~3 minutes

Dovecot runs in the idle scheduling class (`--server-here`: as an equal): a user's IMAP
server is another machine, whose CPU does not take turns with the app's; the sync's own
process is in that class too, as it is for users (db/mail/apart.py).

The mailbox's 200 companies and their contacts are added to the large base, so the sync
keeps and hands to the rules what it would in a real search (~2,400 messages). Keys are
handed over and timed as in inproc.py (the driver's way in, the probe's frame); between
keys the harness waits for every worker but the sync's, then 50 ms, so each key is a
fresh press. While the sync runs, it goes: 10 j down in Today, 10 j down in the
Pipeline, three mark sents (`s` on phone follow-ups in Today, timed until the row is
gone from the drawn list), 10 k back up in each, three mark sents again; only what is
pressed while the sync still runs is counted. After each move to the other pane the
harness waits for the footer to show that pane's keys (a cost of the switch, not of
the key after it). With no sync: 60 j/k per pane and 10 mark sents. The CPU columns
are this process's CPU time over the key (all its threads): far below the wall time,
the process was waiting, for a core or (a mark sent) for the sync's write lock.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [p for p in (str(HERE), str(ROOT)) if p not in sys.path]

from inproc import Sample, key_to_frame, mark_sent, percentiles, probed_app_class  # noqa: E402
from mail_sync import INBOX, SENT, add_people, start_server  # noqa: E402
from probe import SIZE, is_main_screen, panes_filled  # noqa: E402

N = 5_000
CLOCK_AT = "2026-11-24T10:30:00+00:00"
MISS_AFTER = 3.0
BURST = 10
SENDS = 10
"""Mark sents timed with no sync running."""
TURNS = (("today", True), ("pipeline", True), None, ("today", False), ("pipeline", False), None)
"""What is done while the sync runs, in turn: bursts of j down, three mark sents (None),
bursts of k back up, three mark sents."""


def clock():
    import arrow

    return arrow.get(CLOCK_AT)


def build(db: Path, server, pw: Path) -> None:
    from db.demo.large import build_large
    from db.demo.story import build_demo
    from db.engine import open_database
    from db.store import Store
    from tests.mail.people import account_for, use_account

    engine = open_database(db)
    build_demo(engine, clock)
    build_large(engine, N, clock)
    store = Store(engine, clock)
    add_people(store)
    use_account(store, account_for(server, command=f"cat {pw}"))
    engine.dispose()


async def settle(app, pilot, extra: float = 0.05) -> None:
    """Every worker but the mail sync's finished, and a moment more. Not Pilot's pause:
    it waits for the process to go idle, which it does not while a sync runs (each
    key would wait a second)."""
    busy = [w for w in app.workers if w.group != "mail-sync" and not w.is_finished]
    if busy:
        await app.workers.wait_for_complete(busy)
    await asyncio.sleep(extra)


async def focus(app, table) -> None:
    """Move to the other pane and wait until the footer shows its keys: the footer is
    built anew when the pane changes (tens of ms), a cost of the switch, not of the j/k
    presses timed after it."""
    if app.focused is table:
        return
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    before = list(footer.children)
    table.focus()
    deadline = time.monotonic() + MISS_AFTER
    while list(footer.children) == before and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


async def sends(app, pilot, table, count: int, while_=None) -> tuple[list, int]:
    """Up to `count` mark sents, timed as inproc.mark_sent times them (until the row is
    gone from the drawn list): the write waits its turn behind the sync's short
    transactions. Stops early when `while_()` is false (the sync ended)."""
    await focus(app, table)
    return await mark_sent(app, pilot, count, wait=settle, while_=while_, timeout=MISS_AFTER)


async def burst(app, pilot, table, count: int, down: bool, while_=None) -> tuple[list, int]:
    """Up to `count` moves, j down or k up, each timed; stops early when `while_()` is
    false (the sync ended). Returns the samples and the keys that found no frame."""
    await focus(app, table)
    await settle(app, pilot)
    found, missed = [], 0
    for _ in range(count):
        if while_ is not None and not while_():
            break
        target = table.cursor_row + (1 if down else -1)
        if not 0 <= target < table.row_count:
            break
        took = await key_to_frame(
            app, "j" if down else "k", lambda _s, t=target: table.cursor_row == t, MISS_AFTER
        )
        if while_ is not None and not while_():
            break  # the sync ended during this key: neither beside it nor quiet
        if took is None:
            missed += 1
        else:
            found.append(took)
        await settle(app, pilot)
    return found, missed


class Collections:
    """The collector's passes while it is on: (generation, thread name, ms) each. A
    full pass holds the interpreter, whichever thread started it."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, str, float]] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            took = (time.perf_counter() - self._started) * 1000
            self.seen.append((info["generation"], threading.current_thread().name, took))

    def __enter__(self) -> Collections:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_) -> None:
        gc.callbacks.remove(self)

    def summary(self) -> str:
        full = [ms for gen, _, ms in self.seen if gen == 2]
        slow = sorted(self.seen, key=lambda s: -s[2])[:3]
        return (
            f"{len(self.seen)} collections, {len(full)} full (longest "
            f"{max(full, default=0):.0f} ms); slowest: "
            + ", ".join(f"gen {g} in {t} {ms:.0f} ms" for g, t, ms in slow)
        )


async def measure(db: Path, quiet_keys: int, busy_keys: int) -> dict:
    from tui.__main__ import QuietCollector

    app = probed_app_class()(db, clock, poll=False)
    app.on_settled = QuietCollector(app)
    async with app.run_test(headless=True, size=SIZE, notifications=True) as pilot:
        deadline = time.monotonic() + 120
        while not (is_main_screen(app.screen) and panes_filled(app.screen) and app.store):
            if time.monotonic() > deadline:
                raise RuntimeError("the panes never filled")
            await pilot.pause(0.05)
        await settle(app, pilot)
        screen = app.screen
        tables = {
            "today": screen.query_one("#today-table"),
            "pipeline": screen.query_one("#pipeline-table"),
        }
        for table in tables.values():
            table.move_cursor(row=0)
        out: dict = {"quiet": {}, "sync": {}}
        for name, table in tables.items():
            down, _ = await burst(app, pilot, table, quiet_keys // 2, True)
            up, _ = await burst(app, pilot, table, quiet_keys // 2, False)
            out["quiet"][name] = down + up
        # The first write loads the write side (db/lazy_store.py; run_bench.py times it
        # as mark sent's "first"): done once before, so both columns are warm.
        await sends(app, pilot, tables["today"], 1)
        out["quiet"]["sent"], _ = await sends(app, pilot, tables["today"], SENDS)
        for table in tables.values():
            table.move_cursor(row=0)
        await settle(app, pilot)

        said: list[str] = []
        shown = app.notify

        def notify(message, *args, **kwargs) -> None:  # the sync's summary, kept
            said.append(str(message))
            shown(message, *args, **kwargs)

        app.notify = notify
        running = lambda: app._mail_running  # noqa: E731
        started = time.perf_counter()
        got = {name: [] for name in (*tables, "sent")}
        missed = 0
        turn = 0
        with Collections() as collected:
            app.action_sync_mail()
            while running() and min(len(got[name]) for name in tables) < busy_keys:
                step = TURNS[turn % len(TURNS)]
                if step is None:  # a few mark sents, as triage goes on
                    found, lost = await sends(app, pilot, tables["today"], 3, running)
                    got["sent"] += found
                else:
                    name, down = step
                    found, lost = await burst(app, pilot, tables[name], BURST, down, running)
                    got[name] += found
                missed += lost
                turn += 1
            while running():
                await asyncio.sleep(0.05)
        out["collections"] = collected.summary()
        out["sync_seconds"] = time.perf_counter() - started
        out["sync"] = got
        out["missed"] = missed
        out["said"] = said
        app.exit()
    return out


def row(label: str, samples: list[Sample]) -> str:
    p = percentiles(samples)
    if not p["n"]:
        return f"{label:<36}{'—':>5}"
    return (
        f"{label:<36}{p['n']:>5}{p['p50']:>8.1f}{p['p95']:>8.1f}{p['max']:>8.1f}"
        f"{p['cpu_p50']:>9.1f}{p['cpu_p95']:>9.1f}"
    )


def in_thread(path: Path, now=None):
    """The sync as the dashboard ran it before: in its worker thread, in this process."""
    from db.engine import open_database
    from db.mail.sync import sync
    from db.store import Store

    store = Store(open_database(path, migrate=False), clock)
    try:
        return sync(store)
    finally:
        store.close()


WAYS = {
    "thread": "in a thread of the app (before)",
    "process": "in a process apart (now)",
}


def run_way(way: str, db: Path, keys: int) -> dict:
    """One app on its own copy of the base, its first sync run `way`."""
    import db.mail.apart as apart

    kept = apart.sync_apart
    if way == "thread":
        apart.sync_apart = in_thread
    try:
        return asyncio.run(measure(db, keys, keys))
    finally:
        apart.sync_apart = kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=60, help="keys per pane, each way")
    parser.add_argument(
        "--server-here",
        action="store_true",
        help="let Dovecot compete for this machine's cores as an equal (by default it "
        "runs in the idle scheduling class: a real server is another machine)",
    )
    args = parser.parse_args(argv)
    server, _ = start_server()
    if not args.server_here:
        far_away(server.process.pid)
    found = {}
    try:
        with tempfile.TemporaryDirectory(prefix="afterview-mailkeys-") as folder:
            pw = Path(folder) / "pw"
            pw.write_text(server.password)
            base = Path(folder) / "n5000.db"
            started = time.perf_counter()
            build(base, server, pw)
            print(f"N={N:,} base with the mailbox's people: {time.perf_counter() - started:.1f} s")
            for way in WAYS:
                db = Path(folder) / f"{way}.db"
                shutil.copyfile(base, db)
                found[way] = run_way(way, db, args.keys)
                print(f"  sync {WAYS[way]}: done", flush=True)
    finally:
        server.close()
    print(
        f"mailbox: {INBOX:,} Inbox + {SENT:,} Sent; Dovecot "
        f"{'an equal' if args.server_here else 'in the idle class'}; "
        f"machine load {machine_load()}"
    )
    for way, got in found.items():
        said = "; ".join(got["said"]) or "nothing said"
        print(f"first sync {WAYS[way]}: {got['sync_seconds']:.1f} s ({said})")
    print(
        f"{'key to frame, ms':<36}{'n':>5}{'p50':>8}{'p95':>8}{'max':>8}"
        f"{'cpu p50':>9}{'cpu p95':>9}"
    )
    for name in ("today", "pipeline"):
        quiet = found["thread"]["quiet"][name] + found["process"]["quiet"][name]
        print(row(f"{name.title()} j/k, no sync", quiet))
        for way, got in found.items():
            print(row(f"{name.title()} j/k, sync {way}", got["sync"][name]))
    quiet = found["thread"]["quiet"]["sent"] + found["process"]["quiet"]["sent"]
    print(row("mark sent, no sync", quiet))
    for way, got in found.items():
        print(row(f"mark sent, sync {way}", got["sync"]["sent"]))
    print("budgets: key to frame p95 ≤ 16 ms (navigation), ≤ 50 ms (mark sent)")
    for way, got in found.items():
        slow = sorted(got["sync"]["today"] + got["sync"]["pipeline"], reverse=True)[:5]
        print(
            f"sync {way}: slowest keys (wall/cpu ms) "
            + ", ".join(f"{s.wall:.0f}/{s.cpu:.0f}" for s in slow)
        )
        print(
            f"sync {way}: {got['missed']} keys without a frame within {MISS_AFTER:g} s; "
            f"{got['collections']}"
        )
    return 0


def far_away(pid: int) -> None:
    """Put the server and every process it has started (and so every one it starts
    later: they inherit it) in the idle scheduling class: a user's IMAP server runs on
    another machine, so its CPU should not take turns with the app's."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else ():
        far_away(int(child))
    os.sched_setscheduler(pid, os.SCHED_IDLE, os.sched_param(0))


def machine_load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
