"""`afterview` and `python -m tui`: the command line (see tui.cli).

The dashboard started here is a long-lived process of its own, so this is where
process-wide settings for it belong (`QuietCollector`), never inside the app, where
they would also reach tests and anything else that builds an AfterviewApp.
"""

from __future__ import annotations

import gc
import sys
import threading
import time

FULL_DUE = 1
"""A full collection runs in the first pause after at least this many middle-generation
collections since the last one. Python's own threshold is 10: over the bench's simulated
hour that let four minutes of Textual's cyclic garbage (toasts, restyles, replaced rows)
pile up between full collections, ~17,000 objects, and Python's allocator kept arenas
for the peak (47 MB against 44 after 20 simulated minutes; RSS +14.2 against +9.4 MB).
A full collection walks only what was made since start-up (the rest is frozen): a few
milliseconds, in a pause, where no key waits for it."""
FULL_ON_ITS_OWN = 100
"""Python's threshold for a full collection while the dashboard holds it back: reached
only by a person who never pauses for QUIET_FOR seconds in ten times as long."""
QUIET_FOR = 1.0
"""Seconds without a key before a full collection that is due runs."""
WALK_ALL_EVERY = 8
"""Every this-many collections in a pause, and the first after each freeze, walk the
frozen objects too (`gc.unfreeze`, collect, `gc.freeze`): what was frozen includes the
screen as it was then (its drawn lines, the footer's keys, the rows shown), and once
replaced, those parts that sit in reference cycles would never be collected. Over the
bench's simulated hour that was ~18,000 objects by minute 3 and RSS still rising at
minute 12 (+4.6 MB from minute 1); walking everything then and every few minutes after
kept it flat from minute 3. Such a walk took 30-51 ms at 5,000 applications, in a
pause like the others (a plain full collection there 7-9 ms)."""
LOOK_EVERY = 0.5
START_AT_THE_LATEST = 10.0
"""Seconds after start-up began at which the collector runs again even if the app never
settled (a database that failed to open: no warm-up, so no `on_settled`)."""


class QuietCollector:
    """Python's cyclic collector, tuned for the dashboard: the app calls it (as
    `on_settled`) once its data is shown and the warm-up is done, and again when the
    write side has loaded.

    - It is off while the app starts (`hold_during_start_up`), and on again from here.
    - What is loaded by then lives as long as the process, so it is moved out of the
      collector's reach (`gc.freeze`; a full collection walked it in 100-130 ms at
      5,000 applications).
    - The full collections that remain walk what has been made since (Textual's drawn
      lines, the pages read): 15-25 ms on the thread that happened to allocate, the
      UI's or a worker's, so in the middle of a key. Two of 20 mark sents took one (67
      ms against a median of 35). They now wait for a pause of QUIET_FOR seconds in the
      typing, which a person makes many times a minute, and run then; Python runs one
      itself only if FULL_ON_ITS_OWN comes first. Then the C allocator is asked to
      give its free pages back (give_back_freed_memory).
    - Freezing also keeps what the screen showed at that moment, and parts of it sit in
      reference cycles; once the screen has moved on they are garbage the collector no
      longer sees. So the first collection in a pause after a freeze, and every
      WALK_ALL_EVERY-th after, walks the frozen objects too, then freezes what is left.
    - The thresholds of the young generations stay Python's own: raised to 10,000, full
      collections came so rarely that the cyclic garbage Textual leaves when it
      restyles piled up (about 20 MB over an hour)."""

    def __init__(self, app) -> None:
        self.app = app
        self._watching = False
        self._until_walk_all = 0
        """Collections in a pause left before one walks the frozen objects too."""

    @staticmethod
    def hold_during_start_up() -> None:
        """No collections until the app settles (`__call__`). Importing Textual and
        the app and drawing the first frame ran ~120 young collections and one full
        one, 40-55 ms of a ~560 ms start-up, to find ~1,300 unreachable objects among
        the ~76,000 made: what start-up makes lives as long as the process, which is
        why it is frozen when the app settles. The few thousand unreachable by then
        are frozen with it, once: ~0.4 MB on a database opened as it was, ~2 MB where
        it was created or upgraded (migrations and the ORM run before the app
        settles). A timer turns the collector back on even if the app never settles
        (a database that would not open)."""
        gc.disable()
        timer = threading.Timer(START_AT_THE_LATEST, gc.enable)
        timer.daemon = True
        timer.start()

    def __call__(self) -> None:
        gc.freeze()
        gc.enable()
        self._until_walk_all = 0  # the next one frees what this froze and was garbage
        if self._watching:
            return
        self._watching = True
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, FULL_ON_ITS_OWN)
        self.app.set_interval(LOOK_EVERY, self.collect_in_a_pause)

    def collect_in_a_pause(self) -> bool:
        """Run a full collection that is due, if no key came for QUIET_FOR seconds."""
        if gc.get_count()[2] < FULL_DUE:
            return False
        if time.monotonic() - self.app.last_key_at < QUIET_FOR:
            return False
        if self._until_walk_all == 0:
            gc.unfreeze()
            try:
                gc.collect()
            finally:
                gc.freeze()
            self._until_walk_all = WALK_ALL_EVERY
        else:
            gc.collect()
        self._until_walk_all -= 1
        give_back_freed_memory()
        return True


def one_allocator_arena() -> None:
    """Ask glibc's malloc for one arena for every thread (mallopt M_ARENA_MAX), before
    the dashboard starts any: by default each thread that allocates while another does
    gets an arena of its own, and the memory freed in one is not reused by another nor
    given back by malloc_trim while pages of it are still in use. The workers' reads
    (SQLite allocates outside the interpreter lock) left ~5 MB of free memory spread
    over arenas after 20 simulated minutes; with one arena ~2 MB. The threads are few
    and hold the interpreter lock for most of their work, so one arena's lock is rarely
    waited for. Elsewhere (macOS, musl) it does nothing."""
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError, TypeError):  # TypeError: Windows has no CDLL(None)
        return
    mallopt(M_ARENA_MAX, 1)


M_ARENA_MAX = -8
"""glibc's <malloc.h> name for the arena limit."""


def give_back_freed_memory() -> None:
    """Return the C allocator's free pages to the system, where it is glibc's (Linux):
    malloc keeps memory freed by the collection for reuse, and over the bench's
    simulated hour RSS grew 15-21 MB without this against 11-12 MB with it (three runs
    each). Elsewhere it does nothing."""
    global _trim
    if _trim is None:
        import ctypes

        try:
            _trim = ctypes.CDLL(None).malloc_trim
        except (AttributeError, OSError):  # not glibc: macOS, musl
            _trim = False
    if _trim:
        _trim(0)


_trim = None


def main(argv: list[str] | None = None) -> int:
    from tui.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
