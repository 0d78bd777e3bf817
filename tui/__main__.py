"""`afterview` and `python -m tui`: the command line (see tui.cli)."""

from __future__ import annotations

import sys

from tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
