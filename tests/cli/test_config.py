"""`afterview config`: the settings a person can read and change without the dashboard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.read import open_views
from db.read.base import SETTING_TYPES
from tests.cli import run, table_rows, use_fixed_env

HOSTILE = "Ada [b]Lovelace[/b] $(rm -rf ~) '; DROP TABLE setting;-- 🙂 Ødegård"


@pytest.fixture(autouse=True)
def fixed_env(monkeypatch, tmp_path):
    use_fixed_env(monkeypatch, tmp_path)


def settings_of(path: Path):
    views = open_views(path)
    try:
        return views.settings
    finally:
        views.close()


def test_the_list_names_every_setting_with_its_value_and_default(capsys, demo) -> None:
    code, out, err = run(capsys, "--db", demo, "config")
    assert (code, err) == (0, "")
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:]}
    # Every stored setting, the one stored as "timezone" named "zone" as the issue asks.
    keys = {"zone" if k == "timezone" else k for k in SETTING_TYPES}
    assert set(rows) == keys
    assert {"your_name", "signature", "phone", "zone", "date_order"} <= keys
    assert rows["zone"][1:] == ["Europe/London", "local"]  # the demo's value, the default
    assert rows["thank_you_hours"][1:] == ["24", "24"]
    assert rows["your_name"][1:] == ["(not", "set)", "(not", "set)"]
    assert list(rows)[:5] == ["your_name", "signature", "phone", "zone", "date_order"]


def test_json_lists_values_as_scripts_read_them(capsys, demo) -> None:
    run(capsys, "--db", demo, "config", "keep_warm_weeks", "8")
    code, out, _ = run(capsys, "--db", demo, "config", "--json")
    found = json.loads(out)
    assert code == 0
    assert found["keep_warm_weeks"] == {
        "value": 8,
        "default": 6,
        "set": True,
        "about": found["keep_warm_weeks"]["about"],
    }
    assert found["send_hour"]["value"] == 9 and found["send_hour"]["set"] is False
    assert found["zone"]["value"] == "Europe/London"


def test_set_then_get_and_the_rules_use_it(capsys, demo) -> None:
    assert run(capsys, "--db", demo, "config", "thank_you_hours", "48")[:2] == (
        0,
        "thank_you_hours = 48\n",
    )
    assert run(capsys, "--db", demo, "config", "thank_you_hours")[1] == "48\n"
    run(capsys, "--db", demo, "config", "your_name", "Ada Lovelace")
    run(capsys, "--db", demo, "config", "phone", "+44 20 7946 0000")
    run(capsys, "--db", demo, "config", "zone", "America/New_York")
    run(capsys, "--db", demo, "config", "date_order", "mdy")
    settings = settings_of(demo)
    assert settings.thank_you_hours == 48
    assert (settings.your_name, settings.phone) == ("Ada Lovelace", "+44 20 7946 0000")
    assert (settings.timezone, settings.date_order) == ("America/New_York", "mdy")


def test_reset_puts_a_setting_back_to_its_default(capsys, demo) -> None:
    run(capsys, "--db", demo, "config", "send_hour", "7")
    assert settings_of(demo).send_hour == 7
    code, out, _ = run(capsys, "--db", demo, "config", "send_hour", "--reset")
    assert (code, out) == (0, "send_hour is back to its default: 9\n")
    assert settings_of(demo).send_hour == 9
    assert json.loads(run(capsys, "--db", demo, "config", "--json")[1])["send_hour"]["set"] is False


def test_an_unknown_key_is_one_line_and_changes_nothing(capsys, demo) -> None:
    before = table_rows(demo)
    code, out, err = run(capsys, "--db", demo, "config", "your_nmae", "Ada")
    assert code == 1 and out == ""
    assert err.startswith("afterview: no setting called 'your_nmae'")
    assert "your_name" in err and err.count("\n") == 1
    assert table_rows(demo) == before


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("thank_you_hours", "0", "thank_you_hours must be a whole number from 1 to 168, not '0'"),
        ("thank_you_hours", "a day", "thank_you_hours must be a whole number"),
        ("send_hour", "24", "send_hour must be a whole number from 0 to 23, not '24'"),
        (
            "max_unanswered_check_ins",
            "-1",
            "max_unanswered_check_ins must be a whole number from 0 to 10",
        ),
        ("zone", "Mars/Olympus_Mons", "zone must be a time zone such as Europe/London"),
        ("zone", "../../etc/passwd", "zone must be a time zone"),
        ("date_order", "ymd", "date_order must be dmy or mdy, not 'ymd'"),
        ("phone", "call me maybe", "phone must be a number with digits"),
        ("your_name", "x" * 201, "your_name is too long (201 characters; at most 200)"),
    ],
)
def test_a_bad_value_is_one_line_and_changes_nothing(capsys, demo, key, value, said) -> None:
    before = table_rows(demo)
    code, out, err = run(capsys, "--db", demo, "config", key, value)
    assert code == 1 and out == ""
    assert err.startswith(f"afterview: {said}") and err.count("\n") == 1
    assert table_rows(demo) == before


def test_hostile_text_round_trips_literally(capsys, demo) -> None:
    code, out, _ = run(capsys, "--db", demo, "config", "your_name", HOSTILE)
    assert code == 0 and out == f"your_name = {HOSTILE}\n"
    assert run(capsys, "--db", demo, "config", "your_name")[1] == f"{HOSTILE}\n"
    signature = 'Warm regards,\n[b]Ada[/b] — "Ødegård"\n+44 (0)20 7946 0000'
    run(capsys, "--db", demo, "config", "signature", signature)
    assert run(capsys, "--db", demo, "config", "signature")[1] == f"{signature}\n"
    listed = json.loads(run(capsys, "--db", demo, "config", "--json")[1])
    assert listed["your_name"]["value"] == HOSTILE
    assert listed["signature"]["value"] == signature
    # The list keeps each setting on its own line: the signature's breaks are written \n.
    text = run(capsys, "--db", demo, "config")[1]
    assert "Warm regards,\\n[b]Ada[/b]" in text
    assert len(text.splitlines()) == len(SETTING_TYPES) + 1


def test_control_characters_never_reach_the_terminal(capsys, demo) -> None:
    run(capsys, "--db", demo, "config", "your_name", "Ada\x1b[31m Lovelace\x07")
    assert run(capsys, "--db", demo, "config", "your_name")[1] == "Ada[31m Lovelace\n"


def test_a_missing_database_is_one_line(capsys, tmp_path) -> None:
    code, _, err = run(capsys, "--db", tmp_path / "none.db", "config", "your_name", "Ada")
    assert code == 1 and err.startswith("afterview: no database at")
    assert not (tmp_path / "none.db").exists()


def test_help_lists_config(capsys) -> None:
    _, out, _ = run(capsys, "--help")
    assert "config" in out
    code, out, _ = run(capsys, "config", "--help")
    assert code == 0 and "--reset" in out and "your_name" in out
