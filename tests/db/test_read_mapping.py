"""Rows as the views map them: records equal to those their __init__ makes (the mapper
fills a frozen record's fields at once, a NamedTuple's or a dataclass's), and stored times as aware UTC moments whatever
form the text takes on either engine (the fast paths of db.read.base.when and of the
PostgreSQL loader must give what the plain reading gave)."""

from __future__ import annotations

import datetime as dt

import pytest

from db.page_records import Stats
from db.read.base import mapper, when
from db.records import FollowUpItem

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


COLUMNS = ("id", "kind", "channel", "due_at", "status", "contact_id", "contact_name",
           "subject", "updated_at", "_extra")  # fmt: skip
ROW = (7, "check-in", "email", "2026-11-24 10:30:00.000000", "planned", 3, "Ada <b>",
       "[bold]hi[/]", None, "not a field")  # fmt: skip


def test_a_mapped_row_is_the_record_its_init_makes() -> None:
    """Columns it lacks take their defaults; given values are set as given."""
    make = mapper(FollowUpItem, [(name,) for name in COLUMNS])
    made = make(ROW, company="Acme")
    expected = FollowUpItem(
        id=7, kind="check-in", channel="email", due_at=MOMENT, status="planned",
        contact_id=3, contact_name="Ada <b>", subject="[bold]hi[/]", company="Acme",
    )  # fmt: skip
    assert type(made) is FollowUpItem and made == expected
    assert repr(made) == repr(expected) and hash(made) == hash(expected)
    assert made.body == "" and made.updated_at is None
    with pytest.raises(AttributeError):  # frozen
        made.status = "sent"  # type: ignore[misc]
    assert make(ROW, status="sent").status == "sent"  # given wins over its column


def test_a_mapped_row_refuses_what_init_refuses() -> None:
    make = mapper(FollowUpItem, [(name,) for name in COLUMNS])
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        make(ROW, colour="red")
    without_id = mapper(FollowUpItem, [(name,) for name in COLUMNS[1:]])
    with pytest.raises(TypeError, match="'id'"):
        without_id(ROW[1:])
    assert without_id(ROW[1:], id=8).id == 8


def test_a_field_with_a_default_factory_gets_a_new_value_each_time() -> None:
    names = ("funnel", "reply_rate", "median_days_to_reply", "conversion", "follow_ups_sent")
    make = mapper(Stats, [(name,) for name in names])
    row = ({}, None, None, {}, 0)
    first, second = make(row, sent_per_week=()), make(row, sent_per_week=())
    assert first == second == Stats(**dict(zip(names, row, strict=True)), sent_per_week=())
    assert first.reached == {} and first.reached is not second.reached
