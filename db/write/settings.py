"""The user's settings: the rules' numbers (db.days.Settings), time zone, theme."""

from __future__ import annotations

from db import days
from db.models import Setting
from db.read.base import SETTING_TYPES
from db.validation import ValidationError
from db.write.uow import UnitOfWork


def set_setting(uow: UnitOfWork, key: str, value: str) -> None:
    """Keep `value` under `key`; a rule's number or the time zone is checked first."""
    if key == "timezone":
        try:
            days.zone(value)
        except ValueError:
            raise ValidationError(key, f"Unknown time zone {value!r}") from None
    if key in SETTING_TYPES:
        try:
            SETTING_TYPES[key](value)
        except ValueError:
            raise ValidationError(key, f"{key} must be a {SETTING_TYPES[key].__name__}") from None
    with uow:
        uow.session.merge(Setting(key=key, value=str(value)))
        uow.settings_changed = key in SETTING_TYPES
        uow.commit()
