"""The read side keeps as many connections as threads read at once, not one per thread
that ever read: each keeps a page cache of its own (~3 MB at 5,000 applications on
SQLite; a server process on PostgreSQL)."""

from __future__ import annotations

import threading

import pytest

from db.store import Store
from db.write import applications


@pytest.fixture
def engine(any_engine):
    """Both engines (tests/pg.py): a SQLite file, and a PostgreSQL database."""
    return any_engine


def read_in_a_thread(views, release: bool) -> None:
    def read() -> None:
        views.pipeline_summary(limit=10)
        if release:
            views.release()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()


def test_threads_reading_one_after_another_share_one_connection(store: Store) -> None:
    applications.add_application(store.uow(), "Acme", "Engineer")
    views = store.views
    for _ in range(6):
        read_in_a_thread(views, release=True)
    assert len(views._open) == 1
    # and what a thread reads with is the one handed back: the same data either way
    assert [a.company for a in views.pipeline_summary().active] == ["Acme"]


def test_a_connection_is_not_handed_on_in_the_middle_of_a_snapshot(store: Store) -> None:
    views = store.views
    with views.snapshot() as con:
        views.release()  # a view inside a view ended: the outer read goes on
        assert views._con() is con
    views.release()
    read_in_a_thread(views, release=True)
    assert len(views._open) == 1


def test_threads_that_do_not_hand_back_each_keep_their_own(store: Store) -> None:
    """What the dashboard's workers did before they released: a connection per thread."""
    views = store.views
    for _ in range(3):
        read_in_a_thread(views, release=False)
    assert len(views._open) == 3
