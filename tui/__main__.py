"""`afterview` and `python -m tui`: the command line (see tui.cli).

The dashboard started here is a long-lived process of its own, so this is where
process-wide settings for it belong (`tune_collector`), never inside the app, where
they would also reach tests and anything else that builds an AfterviewApp.
"""

from __future__ import annotations

import gc
import sys


def tune_collector() -> None:
    """Called by the app once its data is shown and the warm-up is done: what is loaded
    then lives as long as the process, so it is moved out of the collector's reach (a
    full collection walked it in 100-130 ms at 5,000 applications). The thresholds stay
    Python's own: raised to 10,000, full collections came so rarely that the cyclic
    garbage Textual leaves when it restyles piled up (about 20 MB over an hour)."""
    gc.freeze()


def main(argv: list[str] | None = None) -> int:
    from tui.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
