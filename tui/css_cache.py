"""Textual's parsed CSS, kept from one start of the dashboard to the next.

Before the first frame Textual parses the CSS of every widget class on screen (36
sources here, the theme's colours filled in as it goes): ~5 ms of a start-up of ~150,
the same work every time. `install()` makes Stylesheet._parse_rules look in a file of
the rules parsed last time first: a rule set read back from its pickle costs a
twentieth of parsing it. An entry is found only for the same CSS text, the same place
it came from and the same theme variables; the whole file is set aside when Textual's
CSS code or Python changed (`_stamp`). Each hit is a fresh copy: Textual tells rule sets
apart by identity, so two stylesheets never share one. A file that cannot be read is
parsed over and written again; CSS with errors is never kept.

Only the command line's dashboard installs it (tui/cli/dashboard.py), with the file in
the user's own cache folder; tests and other programs parse as Textual does.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from pathlib import Path

from textual.css import stylesheet as textual_stylesheet

FILE = "parsed-css.pickle"
_CODE = ("color.py", "geometry.py")
"""Textual's modules outside textual/css whose values the kept rules hold; every module
of textual/css counts too."""


def default_folder() -> Path:
    import platformdirs  # already imported by Textual

    return Path(platformdirs.user_cache_dir("afterview", appauthor=False))


def _stamp() -> tuple:
    """What the kept rules were parsed with: Python, and Textual's CSS code as installed."""
    css = Path(textual_stylesheet.__file__).parent
    paths = sorted(entry.path for entry in os.scandir(css) if entry.name.endswith(".py"))
    paths += [str(css.parent / name) for name in _CODE]
    files = []
    for path in paths:
        info = os.stat(path)
        files.append((Path(path).name, info.st_size, info.st_mtime_ns))
    return (sys.hexversion, pickle.HIGHEST_PROTOCOL, tuple(files))


class ParsedCSS:
    """The kept rules of one file: looked up by `_parse_rules`, saved by `save`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kept: dict[tuple, bytes] = {}
        self.used: dict[tuple, bytes] = {}
        self.parsed = 0
        """Entries parsed (not found) in this process: the file is written only then."""
        self._fingerprints: dict[int, tuple[dict, str]] = {}
        self.stamp = _stamp()
        """Taken once: what is saved was parsed by the Textual this process loaded."""
        try:
            stamp, entries = pickle.loads(path.read_bytes())
            if stamp == self.stamp and isinstance(entries, dict):
                self.kept = entries
        except Exception:  # noqa: BLE001 - missing, partial or foreign: parse as Textual does
            self.kept = {}

    def fingerprint(self, sheet) -> str:
        """The theme variables the sheet fills in, as one text (the same from one process
        to the next, which Python's str hashes are not; stored once in the file)."""
        variables = sheet._variables
        known = self._fingerprints.get(id(sheet))
        if known is not None and known[0] is variables:
            return known[1]
        text = "\n".join(f"{k}={v}" for k, v in sorted(variables.items()))
        self._fingerprints[id(sheet)] = (variables, text)
        return text

    def save(self) -> None:
        """Write the entries this process used, if it had to parse any; a failure to
        write is no failure of the app (the next start parses again)."""
        if not self.parsed:
            return
        part = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(fd, "wb") as out:
                pickle.dump((self.stamp, self.used), out, pickle.HIGHEST_PROTOCOL)
            os.replace(part, self.path)  # whole or not at all, also with two windows
        except Exception:  # noqa: BLE001 - a full disk, a read-only home: parse next time
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)


def install(folder: Path | None = None) -> ParsedCSS:
    """Make every Stylesheet in this process look in the kept rules first."""
    cache = ParsedCSS((folder or default_folder()) / FILE)
    parse = textual_stylesheet.Stylesheet._parse_rules
    if hasattr(parse, "kept_by"):  # installed before: look in the new file instead
        parse = parse.__wrapped__

    def _parse_rules(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        own = (css, read_from, is_default_rules, tie_breaker, scope)
        try:
            return self._parse_cache[own]  # parsed by this stylesheet already
        except KeyError:
            pass
        key = (cache.fingerprint(self), *own)
        kept = cache.kept.get(key) or cache.used.get(key)
        if kept is not None:
            try:
                rules = pickle.loads(kept)
            except Exception:  # noqa: BLE001 - parsed below instead, and kept from then on
                cache.kept.pop(key, None)
                rules = None
            if rules is not None:
                cache.used[key] = kept
                self._parse_cache[own] = rules  # where Textual's own parse leaves it
                return rules
        rules = parse(self, css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            try:
                cache.used[key] = pickle.dumps(rules, pickle.HIGHEST_PROTOCOL)
                cache.parsed += 1
            except Exception:  # noqa: BLE001 - a value that will not pickle: not kept
                pass
        return rules

    _parse_rules.kept_by = cache
    _parse_rules.__wrapped__ = parse
    textual_stylesheet.Stylesheet._parse_rules = _parse_rules
    return cache


def uninstall() -> None:
    parse = textual_stylesheet.Stylesheet._parse_rules
    if hasattr(parse, "kept_by"):
        textual_stylesheet.Stylesheet._parse_rules = parse.__wrapped__
