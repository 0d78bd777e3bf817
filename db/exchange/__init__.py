"""Data in and out of Afterview, one module per idea:

- `export`: the spreadsheet (CSV) and complete JSON exports;
- `ics`: follow-ups as calendar events that a calendar updates in place;
- `dump`: the JSON export's format, read back and restored into an empty database;
- `csv_import`: the applications of a spreadsheet tracker, checked, then added;
- `backup`: a consistent copy of the database file.

This is the data-exchange half of the data layer: it may query (like the write side)
but never imports the interface. Every failure a person can fix is an `ExchangeError`
whose message is one line.
"""

from __future__ import annotations


class ExchangeError(ValueError):
    """A file or database that cannot be read or written; one line a person can act on."""
