"""Settings as the write side keeps them and the read side hands them out."""

from __future__ import annotations

import sqlite3

import pytest

from db.validation import ValidationError
from db.write.settings import change_settings, put_off_you, reset_setting


def test_one_bad_value_among_several_changes_nothing(store, db_path) -> None:
    with pytest.raises(ValidationError) as caught:
        change_settings(
            store.uow(), {"your_name": "Ada", "thank_you_hours": "12", "send_hour": "25"}
        )
    assert caught.value.field == "send_hour"  # named for the form's row
    settings = store.views.settings
    assert (settings.your_name, settings.thank_you_hours, settings.send_hour) == ("", 24, 9)


def test_saved_settings_reach_the_read_side_at_once(store) -> None:
    assert store.views.settings.your_name == ""  # read (and kept) before the change
    saved = change_settings(store.uow(), {"your_name": " Ada Lovelace ", "zone": "Asia/Tokyo"})
    assert saved.your_name == store.views.settings.your_name == "Ada Lovelace"
    assert store.views.settings.timezone == "Asia/Tokyo"
    reset_setting(store.uow(), "zone")
    assert store.views.settings.timezone == "local"


def test_a_value_edited_by_hand_into_nonsense_falls_back_to_its_default(store, db_path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("INSERT INTO setting (key, value) VALUES ('thank_you_hours', 'a day')")
    con.commit()
    con.close()
    store.views.forget_settings()
    assert store.views.settings.thank_you_hours == 24  # the dashboard still opens


def test_the_question_about_you_is_settled_by_an_answer_or_by_putting_it_off(
    engine, clock, tmp_path
) -> None:
    from db.store import Store

    fresh = Store(engine, clock)  # no zone set, unlike the `store` fixture
    assert fresh.views.asked_about_you() is False
    put_off_you(fresh.uow())
    assert fresh.views.asked_about_you() is True


def test_a_zone_set_another_way_counts_as_asked(store) -> None:
    assert store.views.asked_about_you() is True  # the fixture set the zone
