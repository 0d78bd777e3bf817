"""Stored times as the views read them: aware UTC moments, whatever form the text takes
on either engine (the fast paths of db.read.base.when and of the PostgreSQL loader
must give what the plain reading gave)."""

from __future__ import annotations

import datetime as dt

import pytest

from db.read.base import when

MOMENT = dt.datetime(2026, 11, 24, 10, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("stored", "moment"),
    [
        ("2026-11-24 10:30:00.000000", MOMENT),
        ("2026-11-24 10:30:00.500000", MOMENT.replace(microsecond=500000)),
        ("2026-11-24 10:30:00", MOMENT),
        ("2026-11-24T10:30:00", MOMENT),
        ("2026-11-24", MOMENT.replace(hour=0, minute=0)),  # a day alone: its UTC midnight
        (dt.datetime(2026, 11, 24, 10, 30), MOMENT),
        (MOMENT, MOMENT),
    ],
)
def test_a_stored_time_reads_as_an_aware_utc_moment(stored, moment) -> None:
    read = when(stored)
    assert read == moment
    assert read.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    ("sent", "text"),
    [
        (b"2026-11-24 10:30:00+00", "2026-11-24 10:30:00.000000"),
        (b"2026-11-24 10:30:00.5+00", "2026-11-24 10:30:00.500000"),
        (b"2026-11-24 10:30:00.123456+00", "2026-11-24 10:30:00.123456"),
        (b"2026-11-24 10:30:00.12+05:30", "2026-11-24 10:30:00.120000"),
    ],
)
def test_a_server_time_reads_as_the_fixed_width_text_sqlite_holds(sent, text) -> None:
    """So text order is time order on PostgreSQL too (the Pipeline's last touch)."""
    psycopg = pytest.importorskip("psycopg")
    from db.read.server import _loaders

    adapters = psycopg.adapt.AdaptersMap(psycopg.adapters)
    _loaders(adapters)
    oid = psycopg.adapters.types["timestamptz"].oid
    loader = adapters.get_loader(oid, psycopg.pq.Format.TEXT)(oid)
    assert loader.load(memoryview(sent)) == text
