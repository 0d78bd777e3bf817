"""`afterview copy SRC DEST`: a SQLite history into PostgreSQL and back out unchanged,
checked by comparing dumps; never into a database that holds data."""

from __future__ import annotations

import pytest

from db.target import ServerURL
from tests.cli import demo_db, digest, run, table_rows, use_fixed_env


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


@pytest.mark.pg
def test_a_file_goes_to_the_server_and_comes_back_unchanged(capsys, tmp_path, pg_url):
    sample = demo_db(tmp_path)
    before = digest(sample)
    code, out, err = run(capsys, "copy", sample, pg_url)
    assert code == 0, err
    assert "Both hold the same" in out and "25 applications" in out
    assert digest(sample) == before  # the source is only read

    back = tmp_path / "back.db"
    code, _, err = run(capsys, "copy", pg_url, back)
    assert code == 0, err
    assert table_rows(back) == table_rows(sample)
    assert table_rows(ServerURL(pg_url)) == table_rows(sample)
    today = run(capsys, "today", "--db", sample, "--json")[1]
    assert run(capsys, "today", "--db", pg_url, "--json")[1] == today
    assert run(capsys, "today", "--db", back, "--json")[1] == today


def test_a_destination_with_data_is_refused_and_left_alone(capsys, tmp_path, demo):
    sample = demo_db(tmp_path, "mine.db")
    before = digest(demo)
    code, _, err = run(capsys, "copy", sample, demo)
    assert code == 1 and err.count("\n") == 1
    assert "already holds data" in err
    assert digest(demo) == before


def test_a_missing_source_or_the_same_database_twice_is_one_line(capsys, tmp_path):
    code, _, err = run(capsys, "copy", tmp_path / "none.db", tmp_path / "new.db")
    assert code == 1 and "no database at" in err
    assert not (tmp_path / "new.db").exists()
    sample = demo_db(tmp_path)
    code, _, err = run(capsys, "copy", sample, sample)
    assert code == 1 and "the same database" in err


@pytest.mark.pg
def test_a_large_history_copies_whole_with_every_value_the_database_derives(
    capsys, tmp_path, pg_url
):
    """Times with fractions of a second (as a real history has): on the server the copy
    goes in bulk with the triggers off and the derived values worked out at the end;
    they must equal the source's (answer_seconds counted in whole seconds as SQLite
    counts them, from the time rounded to the millisecond), the stats read from them must agree, and the triggers must be on again."""
    import sqlite3

    import arrow
    import psycopg

    from db.demo.large import build_large
    from db.engine import open_database
    from db.store import Store

    clock = lambda: arrow.get("2026-11-24T10:30:00+00:00")  # noqa: E731
    sample = tmp_path / "large.db"
    engine = open_database(sample)
    build_large(engine, 40, clock)
    engine.dispose()
    with sqlite3.connect(sample) as con:  # SQLite counts .9997 s as the next second
        con.execute(
            "UPDATE interview SET created_at = substr(created_at, 1, 19) || '.999700' "
            "WHERE id = (SELECT min(id) FROM interview)"
        )
    code, out, err = run(capsys, "copy", sample, pg_url)
    assert code == 0, err
    assert "40 applications" in out

    def stats(target):
        engine = open_database(target)
        try:
            return Store(engine, clock).views.stats()
        finally:
            engine.dispose()

    assert stats(ServerURL(pg_url)) == stats(sample)
    with psycopg.connect(pg_url, autocommit=True) as con:
        aid = con.execute("SELECT min(id) FROM application").fetchone()[0]
        con.execute(
            "UPDATE follow_up SET status = 'planned', due_at = '2020-01-01T09:00:00Z' "
            "WHERE id = (SELECT max(id) FROM follow_up WHERE application_id = %s)",
            (aid,),
        )
        due = con.execute("SELECT next_due_at FROM application WHERE id = %s", (aid,))
        assert due.fetchone()[0].year == 2020  # the triggers keep it again


@pytest.mark.pg
def test_a_copy_leaves_every_table_ready_for_index_only_reads(capsys, tmp_path, pg_url):
    """Each page of every table is marked all-visible after the copy: the foreign keys'
    checks lock the rows they point at while the rows are inserted, and a plain VACUUM
    left the pages of such tables (company, contact) unmarked, so the panes' index-only
    reads went to the table for every row until a later vacuum."""
    import psycopg

    code, _, err = run(capsys, "copy", demo_db(tmp_path), pg_url)
    assert code == 0, err
    with psycopg.connect(pg_url) as con:
        unmarked = con.execute(
            "SELECT relname, relpages, relallvisible FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
            " AND relpages > 0 AND relallvisible < relpages ORDER BY relname"
        ).fetchall()
    assert unmarked == []
