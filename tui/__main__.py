"""`afterview` and `python -m tui`: the command line (see tui.cli).

The dashboard started here is a long-lived process of its own, so this is where
process-wide settings for it belong (`tune_collector`), never inside the app, where
they would also reach tests and anything else that builds an AfterviewApp.
"""

from __future__ import annotations

import gc
import sys

GC_THRESHOLDS = (10_000, 10, 10)
"""The collector's thresholds once the dashboard has warmed up (Python's: 700, 10, 10).
A mark sent allocates a few thousand objects; at 700 each one ran a young collection or
two (1-2 ms each) and, every few, a full one inside the key's frame. Only cyclic
garbage waits longer: reference counting frees the rest at once."""


def tune_collector() -> None:
    """Called by the app once its data is shown and the warm-up is done: what is loaded
    then lives as long as the process, so it is moved out of the collector's reach (a
    full collection walked it in 100-130 ms at 5,000 applications), and young
    collections run less often."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def main(argv: list[str] | None = None) -> int:
    from tui.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
