"""Dates in a tracker's cells when the file must settle how to read them: the order
(24/11 or 11/24) for the whole file, and the year of a date written without one
('9/19' beside '9/19/24' in a personal sheet)."""

from __future__ import annotations

import datetime as dt
import re

from db.dates import (
    MONTHS,
    DateNotUnderstood,
    is_ambiguous,
    numeric_order,
    pair_order,
    written_day,
)
from db.exchange import ExchangeError

_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})")
_MONTH_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?")


def _order_shown(value: str) -> str | None:
    """'dmy' or 'mdy' when a date settles the order by itself (24/11/2026, 9/19)."""
    if order := numeric_order(value):
        return order
    found = _NUMERIC.fullmatch(value.strip())  # a day without its year: 9/19
    if not found or found[2] == ".":
        return None
    return pair_order(int(found[1]), int(found[3]))


def _ambiguous(value: str) -> bool:
    found = _NUMERIC.fullmatch(value.strip())
    if found and found[2] != ".":
        return int(found[1]) <= 12 and int(found[3]) <= 12
    return is_ambiguous(value)


def file_order(dates: list[tuple[int, str]], name: str) -> str | None:
    """Settle day-first or month-first for the whole file from the dates that show it;
    refuse a file whose dates disagree, or whose every such date reads both ways."""
    evidence: dict[str, tuple[int, str]] = {}
    for line, value in dates:
        if (order := _order_shown(value)) and order not in evidence:
            evidence[order] = (line, value)
    if len(evidence) == 2:
        (l1, v1), (l2, v2) = evidence["dmy"], evidence["mdy"]
        raise ExchangeError(
            f"{name}: dates mix day-first ({v1!r}, line {l1}) and month-first ({v2!r}, "
            f"line {l2}); fix one, or pass --day-first or --month-first"
        )
    if evidence:
        return next(iter(evidence))
    for line, value in dates:
        if _ambiguous(value):
            raise ExchangeError(
                f"{name}: a date such as {value.strip()!r} (line {line}) may be day-first or "
                "month-first; pass --day-first or --month-first"
            )
    return None


def _month_day(value: str, order: str | None) -> tuple[int, int] | None:
    """(month, day) of a date written without its year, or None."""
    text = value.strip().lower()
    if found := _NUMERIC.fullmatch(text):
        first, second = int(found[1]), int(found[3])
        day_first = found[2] == "." or order == "dmy"
        return (second, first) if day_first else (first, second)
    if (found := _MONTH_DAY.fullmatch(text)) and found[1] in MONTHS:
        return MONTHS[found[1]], int(found[2])
    if (found := _DAY_MONTH.fullmatch(text)) and found[2] in MONTHS:
        return MONTHS[found[2]], int(found[1])
    return None


class Days:
    """Reads a file's date cells in its order; a date without a year takes the most
    recent such day not after the file's newest full date, nor after today."""

    def __init__(self, order: str | None, cells: list[str], today: dt.date) -> None:
        self.order = order
        newest = None
        for cell in cells:
            try:
                day = written_day(cell, order)
            except DateNotUnderstood:
                continue
            if day and (newest is None or day > newest):
                newest = day
        self.anchor = min(newest or today, today)
        self.guessed: list[tuple[int, str, dt.date]] = []  # (line, cell, day read)

    def read(self, line: int, cell: str) -> dt.date | None:
        """The day, None when the cell is no date; DateNotUnderstood when it is one
        that does not exist (2026-02-30, 2/30)."""
        if day := written_day(cell, self.order):
            return day
        found = _month_day(cell, self.order)
        if found is None:
            return None
        month, day = found
        if not 1 <= month <= 12 or not 1 <= day <= (29 if month == 2 else 31):
            raise DateNotUnderstood(f"{cell.strip()!r} is not a real date")
        for year in range(self.anchor.year, self.anchor.year - 9, -1):  # 29 Feb: 8 back
            try:
                found_day = dt.date(year, month, day)
            except ValueError:
                if month != 2:  # 31 April is in no year
                    raise DateNotUnderstood(f"{cell.strip()!r} is not a real date") from None
                continue
            if found_day <= self.anchor:
                self.guessed.append((line, cell.strip(), found_day))
                return found_day
        return None
