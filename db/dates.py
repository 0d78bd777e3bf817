"""Reading the days and times people write, in one place, under three names:

- `typed_day`: a day typed into a form or a spreadsheet cell ("2026-11-24", "16 Nov",
  "12/01" in the user's date order, "last monday", "yesterday", "3 days ago");
- `past_moment`: when something happened (an interview, a reply): "yesterday 3pm",
  "last friday 14:00", "monday 9:00" (the latest Monday 9:00 gone, today's included),
  "today 2pm", "2026-11-23T09:00", "now";
- `future_day`: a day to come back to (a snooze): "tomorrow", "in 3 days", "friday",
  "next business day", "2026-12-01".

Dates written with their year (ISO, 24/11/2026, 24 Nov 2026) are read here by hand,
strictly and fast: a spreadsheet import reads thousands of them, and 30 February must
be called "not a real date" rather than skipped. The common words are read by hand
too: dateparser costs ~200-300 ms on its first call (import and compiling its English
data), so the forms read off the interface's thread (tui/modals/form_dialog.py
AsideReader) and most text never needs it. Everything else ("16 Nov", "12/01",
"1 december") goes to dateparser. Every failure is a `DateNotUnderstood` whose message
says what to type; `shown_day` and `shown_moment` say which day was understood.
"""

from __future__ import annotations

import datetime as dt
import re

Order = str  # "dmy" (24/11) or "mdy" (11/24): the user's date order setting
Prefer = str  # "past" or "future": which way text that could mean either is read

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
MONTHS = {
    name: number
    for number, full in enumerate(_MONTH_NAMES.split(), 1)
    for name in (full, full[:3], *(["sept"] if number == 9 else []))
}
_MONTHS_SHORT = [name[:3].capitalize() for name in _MONTH_NAMES.split()]
PAST_EXAMPLES = "YYYY-MM-DD, '16 Nov', 'last monday', 'yesterday' or '3 days ago'"
FUTURE_EXAMPLES = "'in 3 days', 'friday', 'next business day' or '2026-12-01'"
MOMENT_EXAMPLES = "'today 14:00', 'yesterday 3pm' or 'last friday 14:00'"


class DateNotUnderstood(ValueError):
    """Text that is not a day (or time); the message says what to type instead."""


def utc(value: object) -> dt.datetime:
    """Any clock's answer (arrow, aware datetime) as an aware UTC datetime."""
    if isinstance(value, dt.datetime):
        # A naive one is taken as UTC already, as arrow.get reads it.
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    import arrow

    return arrow.get(value).to("utc").datetime


def shown_day(day: dt.date, today: dt.date | None = None) -> str:
    """'Mon 23 Nov', with the year when it is not `today`'s ('Tue 12 Jan 2027'), in
    English whatever the machine's locale: how a form says which day it understood."""
    words = f"{WEEKDAYS[day.weekday()][:3].capitalize()} {day.day} {_MONTHS_SHORT[day.month - 1]}"
    return words if today is not None and day.year == today.year else f"{words} {day.year}"


def shown_moment(at: dt.datetime, today: dt.date | None = None) -> str:
    """'Mon 23 Nov, 09:00' (the year as in `shown_day`), as `at` reads on its own clock."""
    return f"{shown_day(at.date(), today)}, {at:%H:%M}"


# --- dates written with their year: forms, and the cells of a spreadsheet ---------------

_CLOCK = re.compile(  # LinkedIn writes "6/18/22, 5:28 AM": a comma may come first
    r",?[t\s]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([ap]\.?m\.?)?\s*(z|[+-]\d{2}:?\d{2})?$"
)
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")
_WEEKDAY = r"(?:[a-z]+,?\s+)?"
_DAY_MONTH = re.compile(
    _WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?[\s/.-]+([a-z]+)\.?,?[\s/.-]+(\d{4}|\d{2})"
)
_MONTH_DAY = re.compile(
    _WEEKDAY + r"([a-z]+)\.?[\s/.-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s/.-]+(\d{4}|\d{2})"
)


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _shown(text: str) -> str:
    """What was typed, quoted and short enough for a message under a field."""
    text = " ".join(str(text).split())
    return repr(text if len(text) <= 40 else text[:39] + "…")


def written_day(value: str, order: Order | None) -> dt.date | None:
    """A calendar date written with its year, or None when the text is not one.

    ISO (2026-11-24, 2026/11/24, 20261124) and named months (24 Nov 2026, Nov 24, 2026,
    Tue, 24 November 2026) are unambiguous. With dots (24.11.2026) the day comes first,
    as everywhere dots are used. With slashes or dashes (11/24/2026, 24-11-2026) `order`
    decides ('dmy' or 'mdy'; None reads month first). A time after the date is ignored.
    Two-digit years are 20xx. A date that does not exist raises DateNotUnderstood.
    """
    text = _CLOCK.sub("", value.strip().lower())
    try:
        if found := _ISO.fullmatch(text) or _COMPACT.fullmatch(text):
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        if found := _NUMERIC.fullmatch(text):
            first, second, year = int(found[1]), int(found[3]), _year(found[4])
            if found[2] == "." or order == "dmy":
                return dt.date(year, second, first)
            return dt.date(year, first, second)
        if (found := _DAY_MONTH.fullmatch(text)) and found[2] in MONTHS:
            return dt.date(_year(found[3]), MONTHS[found[2]], int(found[1]))
        if (found := _MONTH_DAY.fullmatch(text)) and found[1] in MONTHS:
            return dt.date(_year(found[3]), MONTHS[found[1]], int(found[2]))
    except ValueError:
        raise DateNotUnderstood(f"{_shown(value.strip())} is not a real date") from None
    return None


def numeric_order(value: str) -> Order | None:
    """'dmy' or 'mdy' when a slash or dash date settles the order by itself (24/11)."""
    found = _NUMERIC.fullmatch(_CLOCK.sub("", value.strip().lower()))
    if not found or found[2] == ".":
        return None
    return pair_order(int(found[1]), int(found[3]))


def pair_order(first: int, second: int) -> Order | None:
    """'dmy' when only the first number can be a day past the 12th, 'mdy' when only the
    second can; None when either reading works."""
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return None


def is_ambiguous(value: str) -> bool:
    """Whether a slash or dash date reads as two different days (03/04/2026)."""
    found = _NUMERIC.fullmatch(_CLOCK.sub("", value.strip().lower()))
    return bool(found and found[2] != "." and int(found[1]) <= 12 and int(found[3]) <= 12)


# --- days relative to today ---------------------------------------------------------------

_IN = re.compile(r"in (\d{1,3}) (day|days|week|weeks)")
_AGO = re.compile(r"(\d{1,3}) (day|days|week|weeks) ago")


def _normal(text: str) -> str:
    return " ".join((text or "").strip().lower().split())


def _weekday(raw: str, today: dt.date, prefer: Prefer) -> dt.date | None:
    """'friday', 'fri', 'last friday', 'next friday', 'on friday'. 'last' and 'next'
    never mean today; a bare name leaning to the past may ('tuesday' typed on a Tuesday
    for when something happened is today), leaning to the future never does."""
    for prefix, direction in (
        ("last ", "before"),
        ("next ", "future"),
        ("on ", prefer),
        ("", prefer),
    ):
        if raw.startswith(prefix):
            name = raw.removeprefix(prefix)
            for index, day in enumerate(WEEKDAYS):
                if name in (day, day[:3]):
                    back = (today.weekday() - index) % 7
                    if direction == "past":
                        return today - dt.timedelta(days=back)
                    if direction == "before":
                        return today - dt.timedelta(days=back or 7)
                    return today + dt.timedelta(days=(index - today.weekday()) % 7 or 7)
    return None


def _bare_weekday(raw: str) -> bool:
    """'monday', 'on mon': a weekday name that does not say which week."""
    name = raw.removeprefix("on ")
    return any(name in (day, day[:3]) for day in WEEKDAYS)


def _relative(raw: str, today: dt.date, prefer: Prefer) -> dt.date | None:
    """The common words, read without dateparser."""
    words = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if raw in words:
        return today + dt.timedelta(days=words[raw])
    for pattern, sign in ((_IN, 1), (_AGO, -1)):
        if m := pattern.fullmatch(raw):
            n = int(m.group(1)) * (7 if m.group(2).startswith("week") else 1)
            return today + dt.timedelta(days=sign * n)
    return _weekday(raw, today, prefer)


def _dateparser(raw: str, today: dt.date, order: Order, prefer: Prefer) -> dt.date | None:
    from dateparser.date import DateDataParser  # slow to import: only for the rarer forms

    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": prefer,
            "DATE_ORDER": "MDY" if order == "mdy" else "DMY",
            "RELATIVE_BASE": dt.datetime.combine(today, dt.time(12)),
            "REQUIRE_PARTS": ["day"],
            "RETURN_TIME_AS_PERIOD": True,
        },
    )
    found = parser.get_date_data(raw)
    # A week, month or year ("next year") is not a day.
    if found.date_obj is None or found.period not in ("day", "time"):
        return None
    return found.date_obj.date()


def typed_day(
    text: str, today: dt.date, order: Order = "dmy", *, prefer: Prefer = "past"
) -> dt.date:
    """The day someone typed. Where the text could mean a day either side of today (a
    weekday name, '16 Nov' without a year), `prefer` chooses: the past for when
    something happened, the future for a day to come; words that say which way
    ('tomorrow', 'last monday', '3 days ago') are read as said. `order` settles 12/01.
    Raises DateNotUnderstood, saying what to type."""
    raw = _normal(text)
    examples = PAST_EXAMPLES if prefer == "past" else FUTURE_EXAMPLES
    if not raw:
        raise DateNotUnderstood(f"Type a date, such as {examples}")
    if len(raw) > 60:  # no day is written that long; dateparser would take its time
        raise DateNotUnderstood(f"{_shown(text)} is an unknown date: type {examples}")
    day = (
        written_day(raw, order)
        or _relative(raw, today, prefer)
        or _dateparser(raw, today, order, prefer)
    )
    if day is None:
        raise DateNotUnderstood(f"{_shown(text)} is an unknown date: type {examples}")
    return day


def future_day(text: str, today: dt.date, order: Order = "dmy") -> dt.date:
    """A day after today to come back to something: 'tomorrow', 'in 3 days', 'friday'
    (the coming one), 'next business day' (Monday after a Friday), '2026-12-01'.
    Raises DateNotUnderstood for text that is not a day or a day not after today."""
    raw = _normal(text)
    if raw == "next business day":
        day = today + dt.timedelta(days=1)
        while day.weekday() >= 5:  # the same rule as db.days.is_business_day
            day += dt.timedelta(days=1)
        return day
    day = typed_day(raw, today, order, prefer="future")
    if day <= today:
        raise DateNotUnderstood(f"{shown_day(day)} is not after today: pick a later day")
    return day


# --- moments that have happened ----------------------------------------------------------

_ISO_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(z|[+-]\d{2}(:?\d{2})?)?"
)
_TIME = r"(?:at\s+)?(?P<hours>\d{1,2})(?:[:.](?P<minutes>\d{2}))?\s*(?P<half>am|pm|a\.m\.|p\.m\.)?"
_TIME_AFTER = re.compile(rf"(?:(?P<day>.*?)\s+)?{_TIME}")
_TIME_BEFORE = re.compile(rf"{_TIME}\s+(?P<day>.+)")


def _split_time(raw: str) -> tuple[str, dt.time | None]:
    """('yesterday', 15:00) from 'yesterday 3pm', '3pm yesterday' or 'yesterday at 15:00';
    (raw, None) when no time is written. A time needs minutes or am/pm: 'monday 9'
    is not one, nor is 12/01."""
    for pattern in (_TIME_AFTER, _TIME_BEFORE):
        m = pattern.fullmatch(raw)
        if m is None or (m["minutes"] is None and m["half"] is None):
            continue
        hours, minutes, half = int(m["hours"]), int(m["minutes"] or 0), m["half"]
        shown = m["hours"] + (f":{m['minutes']}" if m["minutes"] else "") + (half or "")
        if half:
            if not 1 <= hours <= 12:
                raise DateNotUnderstood(f"{shown} is not a time of day")
            hours = hours % 12 + (12 if half.startswith("p") else 0)
        if hours > 23 or minutes > 59:
            raise DateNotUnderstood(f"{shown} is not a time of day")
        return (m["day"] or "").strip(), dt.time(hours, minutes)
    return raw, None


def past_moment(
    text: str,
    now: dt.datetime,
    zone: dt.tzinfo,
    order: Order = "dmy",
    *,
    default_time: dt.time | None = None,
) -> dt.datetime:
    """When something happened, as an aware time in `zone`: 'now', 'today 2pm',
    'yesterday 3pm', 'last friday 14:00', 'monday 9:00', '2026-11-24 9:30', ISO
    ('2026-11-24T09:30', with seconds or an offset). The day is read with `typed_day`
    leaning to the past, and a bare weekday with a time is the latest such moment not
    after `now`: on a Tuesday at 10:30, 'tuesday 9:00' is this morning and 'monday 9:00'
    yesterday. A day written alone is read at `default_time` when one is given, else
    refused. Words that name a later moment ('today 2pm' in the morning, 'tomorrow
    10:00') are read as said: a caller that must refuse the future says so itself."""
    raw = _normal(text)
    if raw == "now":
        return now.astimezone(zone)
    if not raw:
        raise DateNotUnderstood(f"Type a day and a time, such as {MOMENT_EXAMPLES}")
    if _ISO_MOMENT.fullmatch(raw):
        try:
            at = dt.datetime.fromisoformat(raw.upper().replace(" ", "T", 1).replace(" ", ""))
        except ValueError:
            raise DateNotUnderstood(f"{_shown(text)} is not a real date") from None
        return at.replace(tzinfo=zone) if at.tzinfo is None else at.astimezone(zone)
    today = now.astimezone(zone).date()
    day_text, time = _split_time(raw)
    if time is None:
        time = default_time
        if time is None:
            written_day(raw, order)  # says "not a real date" for 2026-02-30 first
            raise DateNotUnderstood(f"Type a day and a time, such as {MOMENT_EXAMPLES}")
    day = typed_day(day_text, today, order) if day_text else today
    at = dt.datetime.combine(day, time, tzinfo=zone)
    if _bare_weekday(day_text) and at > now:  # 'tuesday 14:00' at 10:30 on a Tuesday
        at -= dt.timedelta(days=7)
    return at
