"""Moving everything from one database to another (a SQLite file to PostgreSQL and
back): the JSON dump of the source (one snapshot), restored into the empty destination
in one transaction (on PostgreSQL in bulk: db.exchange.bulk), then checked by dumping
the destination and comparing it with that same dump of the source."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Engine

from db.exchange import ExchangeError
from db.exchange.dump import parse_dump, restore
from db.exchange.export import dump


@dataclass(frozen=True)
class Copied:
    rows: int
    tables: dict[str, int]
    """Rows per table, as the destination holds them after the copy."""


def copy_all(source: Engine, destination: Engine, *, name: str = "") -> Copied:
    """Every row of `source` into the empty `destination` (refused if it holds data);
    the destination's dump must then equal the source's, or the copy is an error."""
    data = dump(source)  # one snapshot: what is copied is what the copy is compared with
    rows = restore(
        destination,
        parse_dump(json.dumps(data), "the source"),
        name=name,
        hint="copy into an empty database only (a new file, or a new database or schema)",
    )
    before, after = data["tables"], dump(destination)["tables"]
    if after != before:
        differ = sorted(t for t in before if before[t] != after.get(t))
        raise ExchangeError(
            f"the copy in {name or 'the destination'} differs from the source in "
            f"{', '.join(differ)}; remove it and try again"
        )
    return Copied(rows, {table: len(found) for table, found in after.items()})
