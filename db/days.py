"""The user's settings and the calendar the rules count in (rule 11): business days,
the user's zone and the hour notes go out. Pure functions; no clock of their own."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any


def _setting(default, label: str, about: str, **rule) -> Any:
    """A setting's default, the label its form row shows, one line on what it does, and
    what a value must be (`low`/`high` for a number, `choices`, `lines` for several
    lines, `key` when the command line names it otherwise)."""
    return field(default=default, metadata={"label": label, "about": about, **rule})


@dataclass(frozen=True)
class Settings:
    """Defaults from DESIGN.md; every one can be changed by the user (the settings screen,
    `afterview config`). A field added here is listed, checked and stored by itself."""

    thank_you_hours: int = _setting(
        24,
        "Thank-you within",
        "hours after an interview by which the thank-you is due",
        low=1,
        high=168,
    )
    check_in_business_days: int = _setting(
        5,
        "Check in after",
        "business days of silence after an interview or a check-in before a check-in",
        low=1,
        high=60,
    )
    applied_check_in_days: int = _setting(
        10,
        "Check in after applying",
        "business days with no answer after applying before one polite check-in",
        low=1,
        high=60,
    )
    min_gap_business_days: int = _setting(
        2,
        "Gap between notes",
        "business days at least between two notes to one company",
        low=1,
        high=30,
    )
    max_unanswered_check_ins: int = _setting(
        2,
        "Check-in cap",
        "check-ins sent without an answer before Afterview plans no more",
        low=0,
        high=10,
    )
    keep_warm_weeks: int = _setting(
        6,
        "Keep warm every",
        "weeks between keep-warm notes to one person",
        low=1,
        high=52,
    )
    keep_warm_max: int = _setting(
        3,
        "Keep-warm notes",
        "keep-warm notes to one person, at most",
        low=0,
        high=20,
    )
    send_hour: int = _setting(
        9, "Send hour", "the hour (0-23) at which planned notes fall due", low=0, high=23
    )
    timezone: str = _setting(
        "local",
        "Time zone",
        "where you are: an IANA name such as Europe/London, or local",
        key="zone",
        group="you",
    )
    date_order: str = _setting(
        "dmy",
        "Date order",
        "how a date such as 12/01 typed into a form reads",
        choices=("dmy", "mdy"),
        group="you",
    )
    your_name: str = _setting(
        "",
        "Your name",
        "signs your drafts and introduces you in call scripts",
        limit=200,
        group="you",
    )
    signature: str = _setting(
        "",
        "Signature",
        "ends every draft; empty: the draft's own closing line and your name",
        limit=1_000,
        lines=True,
        group="you",
    )
    phone: str = _setting(
        "", "Your phone", "the number a voicemail script leaves", limit=50, group="you"
    )
    mail_accept_sent: str = _setting(
        "no",
        "Accept sent notes",
        "yes: a note found in Sent that went to exactly the person of a planned follow-up, "
        "within its due window, marks it sent without asking",
        choices=("no", "yes"),
    )

    @property
    def zone(self) -> dt.tzinfo:
        return zone(self.timezone)


@dataclass(frozen=True)
class SettingInfo:
    """One setting as the settings screen and `afterview config` show it."""

    name: str
    """The field of Settings, and the key it is stored under."""
    key: str
    """Its name on the command line (snake_case)."""
    kind: type
    default: Any
    label: str
    about: str
    group: str
    """"you" (who you are, where you are) or "rules" (the follow-up rules' numbers)."""
    rule: dict[str, Any]


ASKED_YOU = "asked_you"
"""Stored once the first-start question about you was answered or put off."""

YOU_ORDER = ("your_name", "signature", "phone", "timezone", "date_order")


def setting_infos() -> tuple[SettingInfo, ...]:
    """Every setting, yours first, then the rules', each group in Settings' order."""
    return _infos()


@lru_cache(maxsize=1)
def _infos() -> tuple[SettingInfo, ...]:
    found = []
    for f in fields(Settings):
        meta = dict(f.metadata)
        label = meta.pop("label", f.name.replace("_", " ").capitalize())
        about, group = meta.pop("about", ""), meta.pop("group", "rules")
        key = meta.pop("key", f.name)
        found.append(
            SettingInfo(f.name, key, type(f.default), f.default, label, about, group, meta)
        )
    return tuple(
        sorted(
            found,
            key=lambda i: (i.group != "you", YOU_ORDER.index(i.name) if i.name in YOU_ORDER else 0),
        )
    )


def setting_info(key: str) -> SettingInfo:
    """The setting a command-line key or a field name stands for; KeyError if none."""
    for info in _infos():
        if key in (info.key, info.name):
            return info
    raise KeyError(key)


def read_setting(info: SettingInfo, typed: str) -> Any:
    """The value `typed` stands for, or ValueError with a message a person can act on.
    Text keeps what was typed (control characters go); numbers and choices are trimmed."""
    from db.text import clean_line, clean_text

    rule, shown = info.rule, f", not {typed!r}" if typed.strip() else ""
    if info.kind is int:
        low, high = rule.get("low", 0), rule.get("high")
        span = f"from {low} to {high}" if high is not None else f"of {low} or more"
        text = typed.strip()
        if not re.fullmatch(r"[+-]?[0-9]{1,9}", text) or not low <= int(text) <= (
            10**9 if high is None else high
        ):
            raise ValueError(f"{info.key} must be a whole number {span}{shown}")
        return int(text)
    if info.kind is bool:
        text = typed.strip().lower()
        if text not in ("yes", "no", "true", "false", "on", "off", "1", "0"):
            raise ValueError(f"{info.key} must be yes or no{shown}")
        return text in ("yes", "true", "on", "1")
    if "choices" in rule:
        text = typed.strip().lower()
        if text not in rule["choices"]:
            raise ValueError(f"{info.key} must be {' or '.join(rule['choices'])}{shown}")
        return text
    if info.key == "zone":
        text = typed.strip()
        try:
            zone(text)
        except ValueError:
            raise ValueError(
                f"{info.key} must be a time zone such as Europe/London, or local{shown}"
            ) from None
        return text
    text = clean_text(typed) if rule.get("lines") else clean_line(typed)
    text, limit = unicodedata.normalize("NFC", text).strip(), rule.get("limit", 2_000)
    if len(text) > limit:
        raise ValueError(f"{info.key} is too long ({len(text):,} characters; at most {limit:,})")
    if info.name == "phone" and text and not any(c.isdigit() for c in text):
        raise ValueError(f"{info.key} must be a number with digits{shown}")
    return text


def stored_settings(rows) -> Settings:
    """Settings from the stored (key, text) rows; a value that no longer reads (edited
    by hand, or from an older version) falls back to its default."""
    values = {}
    for name, text in rows:
        try:
            values[name] = read_setting(setting_info(name), text)
        except (KeyError, ValueError):
            continue
    return Settings(**{k: v for k, v in values.items() if k in _NAMES})


_NAMES = frozenset(f.name for f in fields(Settings))


@lru_cache(maxsize=16)
def zone(name: str) -> dt.tzinfo:
    """A named zone from the system's tz database (zoneinfo: ~0.1 ms, where dateutil's
    gettz took ~11 ms on the first data load), or the machine's own for "local"."""
    if name == "local":
        from dateutil import tz as dateutil_tz  # only here: its import costs ~9 ms

        return dateutil_tz.tzlocal()
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5


def roll_forward(day: dt.date) -> dt.date:
    """The day itself if it is a business day, else the Monday after."""
    while not is_business_day(day):
        day += dt.timedelta(days=1)
    return day


def add_business_days(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            n -= 1
    return day


def next_business_day(day: dt.date) -> dt.date:
    return add_business_days(day, 1)


def business_days_between(a: dt.date, b: dt.date) -> int:
    """Business days in (earlier, later]: Mon→Wed is 2, Fri→Mon is 1, a day to itself 0."""
    lo, hi = sorted((a, b))
    count, day = 0, lo
    while day < hi:
        day += dt.timedelta(days=1)
        count += is_business_day(day)
    return count


def local_date(at: dt.datetime, settings: Settings) -> dt.date:
    return at.astimezone(settings.zone).date()


def at_send_hour(day: dt.date, settings: Settings) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(settings.send_hour), tzinfo=settings.zone)
    return local.astimezone(dt.UTC)


def soonest(now: dt.datetime, settings: Settings) -> dt.datetime:
    """Now if it is a business day, else the next business morning."""
    today = local_date(now, settings)
    return now if is_business_day(today) else at_send_hour(roll_forward(today), settings)
