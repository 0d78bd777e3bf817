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
