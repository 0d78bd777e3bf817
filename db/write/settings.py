"""The user's settings: who they are, where they are, the rules' numbers (db.days.Settings),
and what the dashboard remembers for them (theme, whether it asked about them)."""

from __future__ import annotations

import dataclasses
from typing import Any

from db import days
from db.models import Setting
from db.validation import ValidationError
from db.write.uow import UnitOfWork

ASKED_YOU = days.ASKED_YOU


def set_setting(uow: UnitOfWork, key: str, value: str) -> None:
    """Keep `value` under `key`: a setting of db.days.Settings (by its field or its
    command-line name) is checked first; any other key (theme, asked_you) is kept as is."""
    try:
        days.setting_info(key)
    except KeyError:
        with uow:
            uow.session.merge(Setting(key=key, value=str(value)))
            uow.commit()
        return
    change_settings(uow, {key: value})


def checked(values: dict[str, str]) -> dict[str, Any]:
    """{field: value} for typed {key or field: text}; ValidationError on the first that
    is unknown or does not read, naming the field (so a form shows it in place)."""
    out: dict[str, Any] = {}
    for key, typed in values.items():
        try:
            info = days.setting_info(key)
        except KeyError:
            raise ValidationError(key, f"no setting called {key!r}") from None
        try:
            out[info.name] = days.read_setting(info, str(typed))
        except ValueError as exc:
            raise ValidationError(info.name, str(exc)) from None
    return out


def change_settings(
    uow: UnitOfWork, values: dict[str, str], *, asked_you: bool = False
) -> days.Settings:
    """Keep every one of `values` (typed text by key or field name), all checked before
    any is written: one bad value changes nothing. `asked_you` also records that the
    first-start question was answered. Returns the settings as they now are."""
    found = checked(values)
    with uow:
        before = uow.settings
        for name, value in found.items():
            uow.session.merge(Setting(key=name, value=str(value)))
        if asked_you:
            uow.session.merge(Setting(key=ASKED_YOU, value="yes"))
        uow.settings_changed = True
        uow.commit()
    return dataclasses.replace(before, **found)


def reset_setting(uow: UnitOfWork, key: str) -> days.Settings:
    """Back to its default: the stored value goes (a later default then applies)."""
    try:
        info = days.setting_info(key)
    except KeyError:
        raise ValidationError(key, f"no setting called {key!r}") from None
    with uow:
        before = uow.settings
        found = uow.session.get(Setting, info.name)
        if found is not None:
            uow.session.delete(found)
        uow.settings_changed = True
        uow.commit()
    return dataclasses.replace(before, **{info.name: info.default})


def put_off_you(uow: UnitOfWork) -> None:
    """The first-start question was skipped: it is not asked again."""
    set_setting(uow, ASKED_YOU, "yes")
