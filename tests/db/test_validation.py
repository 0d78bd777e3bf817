"""What a person types is kept exactly, minus what a terminal would act on (rule 7).

Rule 7 (get every name, title and address right) starts here: nothing is title-cased,
trimmed inside or "corrected"; control characters are removed so a pasted escape
sequence cannot repaint the screen. The guards that compare a note against names
belong to db/notes.py and are tested with it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from db import validation
from db.enums import Channel
from db.validation import ValidationError


@pytest.mark.parametrize(
    "name",
    ["Zoë O'Brien-Łukasiewicz", "de la Cruz", "MARÍA josé", "李小龙", "Dr. A. N. Other", "d'Arcy"],
)
def test_rule_07_names_are_kept_exactly_as_typed(name) -> None:
    assert validation.name(name) == name
    assert validation.name(f"  {name}\t") == name  # only the ends are trimmed


def test_rule_07_names_are_stored_in_one_unicode_form() -> None:
    # 'ë' typed as e + combining diaeresis is the same name as the single character.
    assert validation.name("Zoe\u0308") == "Zoë"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Dana\x1b[31m Reyes", "Dana[31m Reyes"),  # ESC removed: no colour change
        ("Dana\x00 Reyes\x07", "Dana Reyes"),  # NUL and bell
        ("Dana\x9b2J Reyes", "Dana2J Reyes"),  # the one-byte CSI
        ("Dana\nReyes", "Dana Reyes"),  # a one-line field stays one line
        ("Dana\r\nReyes", "Dana Reyes"),
    ],
)
def test_rule_07_control_characters_are_stripped_from_names(typed, stored) -> None:
    assert validation.name(typed) == stored


def test_rule_07_email_keeps_the_mailbox_exact_and_lowercases_the_domain() -> None:
    assert validation.email("Dana.Reyes@Acme.EXAMPLE") == "Dana.Reyes@acme.example"
    assert validation.email("  ") == ""  # optional


@pytest.mark.parametrize("typed", ["dana@", "dana.acme.example", "dana@acme", "da na@acme.example"])
def test_rule_07_a_mistyped_email_is_refused_with_a_reason(typed) -> None:
    with pytest.raises(ValidationError) as raised:
        validation.email(typed)

    assert raised.value.field == "email"
    assert raised.value.message.startswith("Email looks wrong: ")


def test_phone_numbers_are_kept_as_written() -> None:
    assert validation.phone("+44 20 7946 0000") == "+44 20 7946 0000"
    assert validation.phone("(030) 123-4567") == "(030) 123-4567"
    assert validation.phone("") == ""


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("call me", "digits, spaces"),
        ("123", "5 to 15 digits"),
        ("+1 2", "Phone looks wrong"),
        ("+44 20 7946 0000 0000 00", "wrong number of digits"),
    ],
)
def test_a_wrong_phone_number_is_refused(typed, says) -> None:
    with pytest.raises(ValidationError, match=says):
        validation.phone(typed)


def test_notes_keep_line_breaks_and_tabs_but_not_escapes() -> None:
    typed = "Topics:\n\t- billing\x1b]8;;https://evil.example\x07link\n"

    assert validation.text(typed) == "Topics:\n\t- billing]8;;https://evil.examplelink\n"


def test_required_fields_and_limits_name_the_field() -> None:
    with pytest.raises(ValidationError, match="Role is required") as raised:
        validation.line(" \x1b ", "role", required=True)
    assert raised.value.field == "role"
    with pytest.raises(ValidationError, match="Name is too long"):
        validation.name("x" * 201)
    assert validation.name("x" * 200) == "x" * 200
    with pytest.raises(ValidationError, match="Notes is too long"):
        validation.text("x" * (validation.MAX_TEXT + 1))


def test_days_outside_a_sane_range_are_refused() -> None:
    assert validation.day(dt.date(2026, 11, 24), "met_on") == dt.date(2026, 11, 24)
    assert validation.day(None, "met_on") is None
    with pytest.raises(ValidationError, match="Met on must be between 1970 and 2100"):
        validation.day(dt.date(1900, 1, 1), "met_on")


def test_choices_must_be_one_of_the_options() -> None:
    assert validation.choice("phone", Channel, "channel") == "phone"
    assert validation.choice("", Channel, "channel", required=False) is None
    with pytest.raises(ValidationError, match="Channel must be one of: email, phone"):
        validation.choice("fax", Channel, "channel")
    with pytest.raises(ValidationError):
        validation.choice("", Channel, "channel")
