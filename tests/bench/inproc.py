"""In-process figures at one size: key to next frame, and each pane's repository call.

Key to next frame: the key event is handed to the app the way a terminal driver hands it
over (`driver.send_message`, as Pilot does), and the clock stops when the frame probe
sees the first painted frame whose state shows the key's effect: for j/down the table
cursor on the next row; for mark sent the follow-up gone from Today, which only happens
once the write has committed and the reload has redrawn both panes. Between samples the
harness waits for every worker and for the app to go idle, then ~30 ms more, so each
sample is one fresh key press rather than a key repeat. Pilot's own `press` is not
timed: it sleeps and waits for idle after each key.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from probe import SIZE, FrameProbe, css_paths, is_main_screen, now, panes_filled
from textual import events

KEY_TIMEOUT = 10.0


class Sample(NamedTuple):
    wall: float
    cpu: float


def percentiles(samples: list[Sample]) -> dict:
    """p50 and p95 of wall-clock ms (inclusive method), and the same for CPU ms."""

    def cut(values: list[float]) -> tuple[float | None, float | None]:
        if len(values) < 2:
            return (values[0], values[0]) if values else (None, None)
        return statistics.median(values), statistics.quantiles(values, n=100, method="inclusive")[
            94
        ]

    wall, cpu = cut([s.wall for s in samples]), cut([s.cpu for s in samples])
    return {
        "n": len(samples),
        "p50": wall[0],
        "p95": wall[1],
        "max": max((s.wall for s in samples), default=None),
        "cpu_p50": cpu[0],
        "cpu_p95": cpu[1],
        "samples": [round(s.wall, 3) for s in samples],
        "cpu_samples": [round(s.cpu, 3) for s in samples],
    }


def probed_app_class():
    from tui.app import AfterviewApp

    class ProbedApp(FrameProbe, AfterviewApp):
        CSS_PATH = css_paths(AfterviewApp)

    return ProbedApp


async def settle(app, pilot, extra: float = 0.03) -> None:
    """Every worker finished, the app idle and a moment more: the next key starts clean."""
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()
    await asyncio.sleep(extra)


async def key_to_frame(
    app, key: str, done: Callable[[object], bool], timeout: float = KEY_TIMEOUT
) -> Sample | None:
    """From handing `key` to the app to the first frame where `done` holds: wall-clock ms,
    and the CPU ms the process spent meanwhile (all threads; steadier on a busy machine)."""
    loop = asyncio.get_running_loop()
    seen: asyncio.Future[tuple[float, float] | None] = loop.create_future()

    def listener(screen, at: float) -> None:
        if seen.done():
            return
        if not is_main_screen(app.screen):
            seen.set_result(None)  # a dialog opened instead: not this measurement
        elif done(screen):
            seen.set_result((at, time.process_time()))

    app.frame_listeners.append(listener)
    try:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        cpu, start = time.process_time(), now()
        app._driver.send_message(event)
        found = await asyncio.wait_for(seen, timeout)
    except TimeoutError:
        found = None
    finally:
        app.frame_listeners.remove(listener)
    if found is None:
        return None
    return Sample((found[0] - start) * 1000, (found[1] - cpu) * 1000)


async def navigate(app, pilot, table, keys: list[str], samples: int) -> list[Sample]:
    table.focus()
    table.move_cursor(row=0)
    await settle(app, pilot)
    found = []
    for index in range(samples):
        target = table.cursor_row + 1
        if target >= table.row_count:
            break
        took = await key_to_frame(
            app, keys[index % len(keys)], lambda _s, row=target: table.cursor_row == row
        )
        if took is not None:
            found.append(took)
        await settle(app, pilot)
    return found


async def mark_sent(
    app, pilot, samples: int, *, wait=None, while_=None, timeout: float = KEY_TIMEOUT
) -> tuple[list[Sample], int]:
    """`s` on phone follow-ups: their empty call plans raise no guard, so no dialog opens
    and the key runs the real path (note context, guards, write, reload, redraw).
    `wait(app, pilot)` settles between keys (this module's `settle` by default); it
    stops early once `while_()` is false (a key that ended it is not counted)."""
    wait = wait or settle
    screen = app.screen
    table = screen.query_one("#today-table")
    table.focus()
    found, missed = [], 0
    for _ in range(samples + 5):
        if len(found) >= samples or (while_ is not None and not while_()):
            break
        await wait(app, pilot)
        phone = [key for key in table.rows if table.get_cell(key, "channel").plain == "phone"]
        if not phone:
            break
        fid = phone[0]
        table.move_cursor(row=table.get_row_index(fid))
        await wait(app, pilot)
        took = await key_to_frame(
            app, "s", lambda s, fid=fid: fid not in table.rows and panes_filled(s), timeout
        )
        if while_ is not None and not while_():
            break
        if took is None:  # a dialog opened, or the write failed and the row stayed
            missed += 1
            await wait(app, pilot)
            if not is_main_screen(app.screen):
                app.screen.dismiss(None)
            continue
        found.append(took)
    await wait(app, pilot)
    return found, missed


async def key_latencies(db: Path, clock, nav_samples: int, sent_samples: int) -> dict:
    from tui.__main__ import QuietCollector

    app = probed_app_class()(db, clock, poll=False)
    app.on_settled = QuietCollector(app)  # as `afterview` sets it: the figures are the real app's
    # Notifications on, as in real use: mark sent shows a toast, and that costs a frame too.
    async with app.run_test(headless=True, size=SIZE, notifications=True) as pilot:
        deadline = time.monotonic() + 120
        while not (is_main_screen(app.screen) and panes_filled(app.screen)):
            if time.monotonic() > deadline:
                raise RuntimeError("the panes never filled")
            await pilot.pause(0.05)
        await settle(app, pilot)
        screen = app.screen
        today = await navigate(
            app, pilot, screen.query_one("#today-table"), ["j", "down"], nav_samples
        )
        pipeline = await navigate(
            app, pilot, screen.query_one("#pipeline-table"), ["j", "down"], nav_samples
        )
        # The session's first write loads the write side (db/lazy_store.py): its own
        # figure, beside the p95 of the ones after it.
        first, _ = await mark_sent(app, pilot, 1)
        sent, missed = await mark_sent(app, pilot, sent_samples)
        app.exit()
    return {
        "today_nav": percentiles(today),
        "pipeline_nav": percentiles(pipeline),
        "mark_sent": {
            **percentiles(sent),
            "missed": missed,
            "first": first[0].wall if first else None,
        },
    }


def repo_timings(db: Path, clock, repeats: int) -> dict:
    """Each pane's repository call, on this thread, after one untimed call (warm caches)."""
    from db.engine import open_database
    from db.store import Store

    engine = open_database(db)
    try:
        store = Store(engine, clock)
        store.views.settings  # noqa: B018 - cached after the first read, as in the app
        top = store.views.pipeline_summary(limit=1).active[0].id
        calls = {
            "pipeline_summary(limit=100)": lambda: store.views.pipeline_summary(limit=100),
            "due_follow_ups()": store.views.due_follow_ups,
            "stats()": store.views.stats,
            f"application_detail({top})": lambda: store.views.application_detail(top),
            "contacts()": store.views.contacts,
        }
        results = {}
        for name, call in calls.items():
            call()
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                call()
                times.append((time.perf_counter() - start) * 1000)
            results[name] = {"median": statistics.median(times), "n": repeats, "max": max(times)}
        return results
    finally:
        engine.dispose()
