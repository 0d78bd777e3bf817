"""Use after start-up, driven from inside one fresh app process (child.py's `early-keys`
and `hour` modes), with keys handed over as a terminal driver hands them (see inproc).

- early_keys: j/down pressed from the frame that first shows data, one every KEY_EVERY
  s for EARLY_WINDOW s, while the app still opens its repository and warms up: each
  key's time to the frame that shows the cursor on the next row. No waiting for workers
  or idle in between: a person does not wait for the warm-up either.
- simulated_hour: an hour of use with the clock moved forward instead of waited for: a
  j/down or k/up every 3 virtual seconds (20 a minute, Today and Pipeline by turns, down
  one minute and back up two minutes later) and a mark sent at the end of every minute
  (through its "send anyway?" dialog once no phone follow-up is left in Today), each key
  sent as soon as the previous one's frame is drawn, and after the mark sent a real
  pause of READ_THE_TOAST s (the one pause of a minute in which a person would make
  twenty: the dashboard does its housekeeping in pauses, tui.__main__.QuietCollector).
  RSS is read once the first minute is done and at the end.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import time

from inproc import Sample, key_to_frame, percentiles
from probe import is_main_screen, now, panes_filled

EARLY_WINDOW = 1.5
KEY_EVERY = 0.06
"""~16 keys a second: a person holding j gets key repeat at about twice that."""
KEYS_PER_MINUTE = 20
STEP = dt.timedelta(seconds=3)
READ_THE_TOAST = 1.6
"""Seconds of real time after each minute's mark sent, as a person reads what it did."""
MISS_AFTER = 3.0
"""Seconds without the expected frame after which a key counts as missed."""


class VirtualClock:
    """The app's clock, moved forward by hand: `base()` plus what has been added."""

    def __init__(self, base) -> None:
        self.base = base
        self.offset = dt.timedelta()

    def __call__(self):
        return self.base() + self.offset

    def advance(self, by: dt.timedelta) -> None:
        self.offset += by


def rss_mb() -> dict[str, float]:
    found = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024
    return found


async def until_idle(quiet: float = 0.2, cpu: float = 0.004, timeout: float = 15.0) -> float:
    """Wait until this process has used at most `cpu` s of CPU over `quiet` s (the
    warm-up and any reload done); returns the seconds waited."""
    started = now()
    while now() - started < timeout:
        before = time.process_time()
        await asyncio.sleep(quiet)
        if time.process_time() - before <= cpu:
            break
    return now() - started


async def move(app, table, down: bool, key: str) -> Sample | None:
    target = table.cursor_row + (1 if down else -1)
    if not 0 <= target < table.row_count:
        return None
    return await key_to_frame(app, key, lambda _s: table.cursor_row == target, MISS_AFTER)


def step_key(down: bool, index: int) -> str:
    return (("j", "down") if down else ("k", "up"))[index % 2]


async def early_keys(app) -> dict:
    """Called at the frame that first shows data."""
    table = app.focused
    if table is None or not hasattr(table, "cursor_row"):
        return {"error": f"no table has the focus at first data ({table!r})"}
    started, found, missed = now(), [], 0
    index = 0
    while now() - started < EARLY_WINDOW:
        took = await move(app, table, True, ("j", "down")[index % 2])
        if took is None:
            missed += 1
        else:
            found.append(took)
        index += 1
        # The next key on the beat: a late frame does not make the keys come in a burst.
        beats = math.ceil((now() - started) / KEY_EVERY)
        await asyncio.sleep(max(0.0, started + beats * KEY_EVERY - now()))
    return {**percentiles(found), "missed": missed, "table": table.id}


async def mark_one_sent(app) -> Sample | bool:
    """`s` on a follow-up in Today: a phone one while there are any (no guard, so no
    dialog; see inproc.mark_sent), else the first, answering "send anyway" if a dialog
    asks. The time to the frame without the row, or True if a dialog came between (done,
    not timed), or False if the row stayed."""
    screen = app.screen
    table = screen.query_one("#today-table")
    if not table.row_count:
        return False
    phone = [key for key in table.rows if table.get_cell(key, "channel").plain == "phone"]
    fid = phone[0] if phone else next(iter(table.rows))
    table.focus()
    table.move_cursor(row=table.get_row_index(fid))
    await asyncio.sleep(0.02)

    def gone(s=screen) -> bool:
        return fid not in table.rows and panes_filled(s)

    took = await key_to_frame(app, "s", lambda s: gone(s), MISS_AFTER)
    if took is not None:
        return took
    if not is_main_screen(app.screen):
        app.screen.dismiss(True)
    deadline = now() + MISS_AFTER
    while not gone() and now() < deadline:
        await asyncio.sleep(0.02)
    return gone()


async def simulated_hour(app, clock: VirtualClock, minutes: int) -> dict:
    """Called at the frame that first shows data."""
    waited = await until_idle()
    screen = app.screen
    tables = [screen.query_one("#today-table"), screen.query_one("#pipeline-table")]
    keys, sent, missed, misses, confirmed = [], [], 0, [], 0
    rss = {}
    started = now()
    for minute in range(minutes):
        table = tables[minute % 2]
        down = (minute // 2) % 2 == 0
        table.focus()
        await asyncio.sleep(0.02)
        for index in range(KEYS_PER_MINUTE):
            clock.advance(STEP)
            took = await move(app, table, down, step_key(down, index))
            if took is None:
                down = not down  # at an end of the list: turn round
                took = await move(app, table, down, step_key(down, index))
            if took is None:
                missed += 1
                misses.append(
                    f"minute {minute}: {step_key(down, index)} in {table.id} at row {table.cursor_row}"
                )
            else:
                keys.append(took)
            await asyncio.sleep(0)
        took = await mark_one_sent(app)
        if took is False:
            missed += 1
            misses.append(f"minute {minute}: mark sent")
        elif took is True:
            confirmed += 1
        else:
            sent.append(took)
        await asyncio.sleep(READ_THE_TOAST)
        if minute == 0:
            await until_idle()
            rss["first_minute"] = rss_mb()
    await until_idle()
    rss["end"] = rss_mb()
    return {
        "minutes": minutes,
        "keys": percentiles(keys),
        "mark_sent": percentiles(sent),
        "sent_after_a_dialog": confirmed,
        "missed": missed,
        "misses": misses[:10],
        "wall_s": now() - started,
        "warm_up_wait_s": waited,
        "rss_mb": rss,
    }
