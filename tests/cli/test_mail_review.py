"""`afterview mail proposals / accept / dismiss` on the sample: the JSON a script reads,
one line per id, and a bad id that changes nothing."""

from __future__ import annotations

import json

import pytest

from tests.cli import run, table_rows, use_fixed_env


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


def proposals(capsys, demo) -> list[dict]:
    code, out, err = run(capsys, "--db", demo, "mail", "proposals", "--json")
    assert code == 0, err
    return json.loads(out)


def test_proposals_json_says_what_who_which_application_and_why(capsys, demo):
    found = proposals(capsys, demo)
    assert {p["kind"] for p in found} == {"sent", "reply", "interview", "stage"}
    for p in found:
        assert set(p) >= {
            "id",
            "kind",
            "label",
            "who",
            "application",
            "evidence",
            "subject",
            "date",
        }
        assert p["evidence"] and all(isinstance(line, str) for line in p["evidence"])
    invite = next(p for p in found if p["kind"] == "interview")
    assert invite["application"]["company"] == "Harbor & Vale"
    assert [(s["name"], s["new"]) for s in invite["panel"]] == [
        ("Nadia Kowalski", True), ("Oliver Grant", True), ("Mei Lin", True)
    ]  # fmt: skip
    assert invite["starts_at"].startswith("2026-12-01T14:00")
    sent = next(p for p in found if p["kind"] == "sent")
    assert sent["label"] == "thank-you" and sent["who"] == "Felix Schmidt"


def test_accept_reports_each_id_and_the_list_shrinks(capsys, demo):
    found = proposals(capsys, demo)
    invite = next(p for p in found if p["kind"] == "interview")
    sent = next(p for p in found if p["kind"] == "sent")
    code, out, err = run(capsys, "--db", demo, "mail", "accept", invite["id"], sent["id"])
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(
        f"{invite['id']}: Interview logged; thank-yous planned for Nadia, Oliver, Mei"
    )
    assert lines[1].startswith(f"{sent['id']}: Thank-you to Felix marked sent")
    assert len(proposals(capsys, demo)) == len(found) - 2


def test_a_bad_id_is_one_line_and_changes_nothing(capsys, demo):
    found = proposals(capsys, demo)
    before = table_rows(demo)
    code, out, err = run(capsys, "--db", demo, "mail", "accept", found[0]["id"], 999)
    assert code == 1 and out == ""
    assert err.strip() == "afterview: no proposal 999: `afterview mail proposals` lists them"
    assert table_rows(demo) == before
    run(capsys, "--db", demo, "mail", "dismiss", found[0]["id"])
    code, _, err = run(capsys, "--db", demo, "mail", "dismiss", found[0]["id"])
    assert code == 1 and "was dismissed already; nothing changed" in err
