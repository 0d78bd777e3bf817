"""`afterview stats`: figures a script can trust, and that add up."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.cli import run, use_fixed_env
from tests.db.test_rules_13 import build_search


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


def test_stats_json_adds_up_on_a_fixed_search(capsys, store, clock, db_path) -> None:
    build_search(store, clock)
    store.close()

    code, out, err = run(capsys, "stats", "--json", "--db", db_path)

    assert (code, err) == (0, "")
    figures = json.loads(out)
    con = sqlite3.connect(db_path)
    total, sent, answered = con.execute(
        "SELECT count(*), sum(stage != 'wishlist'), sum(stage != 'wishlist' AND ("
        " EXISTS (SELECT 1 FROM response r WHERE r.application_id = a.id)"
        " OR EXISTS (SELECT 1 FROM interview i WHERE i.application_id = a.id)))"
        " FROM application a"
    ).fetchone()
    con.close()
    assert (total, sent, answered) == (6, 5, 4)
    assert sum(figures["funnel"].values()) == figures["applications"] == total
    assert figures["reply_rate"] == pytest.approx(answered / sent)
    assert (figures["sent"], figures["answered"]) == (sent, answered)
    assert figures["median_days_to_reply"] == 5
    reached = figures["reached"]
    assert reached["wishlist"] == total and reached["applied"] == sent
    assert list(reached.values()) == sorted(reached.values(), reverse=True)  # a funnel
    for step, share in figures["conversions"].items():
        stage, after = step.split("->")
        assert share == (pytest.approx(reached[after] / reached[stage]) if reached[stage] else None)


def test_stats_as_text_says_the_reply_rate_and_each_stage(capsys, store, clock, db_path) -> None:
    build_search(store, clock)
    store.close()

    code, out, _ = run(capsys, "stats", "--db", db_path)

    assert code == 0
    assert "Reply rate: 80% (4 of 5 sent got an answer)" in out
    assert "Median days to the first answer: 5" in out
    screening = next(line for line in out.splitlines() if line.strip().startswith("screening"))
    assert screening.split() == ["screening", "1", "2", "50%"]


def test_stats_of_a_missing_database_is_one_line(capsys, tmp_path) -> None:
    code, out, err = run(capsys, "stats", "--db", tmp_path / "nowhere.db")

    assert code == 1 and out == ""
    assert err.startswith("afterview: ") and len(err.splitlines()) == 1
