"""Checks on what a person types, with messages they can act on. Control characters
are removed by db.text before any check."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from db.text import clean_line, clean_text

MAX_NAME = 200
MAX_LINE = 2_000
MAX_TEXT = 2_000_000
EARLIEST = dt.date(1970, 1, 1)
LATEST = dt.date(2100, 12, 31)


class ValidationError(ValueError):
    """A field a person must fix; `field` names it for the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def line(value: str | None, field: str, *, required: bool = False, limit: int = MAX_LINE) -> str:
    text = clean_line(value).strip()
    if required and not text:
        raise ValidationError(field, f"{field.replace('_', ' ').capitalize()} is required")
    if len(text) > limit:
        raise ValidationError(
            field,
            f"{field.replace('_', ' ').capitalize()} is too long "
            f"({len(text):,} characters; at most {limit:,})",
        )
    return unicodedata.normalize("NFC", text)


def name(value: str | None, field: str = "name") -> str:
    return line(value, field, required=True, limit=MAX_NAME)


def text(value: str | None, field: str = "notes") -> str:
    body = clean_text(value)
    if len(body) > MAX_TEXT:
        raise ValidationError(field, f"{field.capitalize()} is too long (at most 2 MB of text)")
    return body


def email(value: str | None) -> str:
    raw = line(value, "email")
    if not raw:
        return ""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(raw, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValidationError("email", f"Email looks wrong: {exc}") from None


def phone(value: str | None) -> str:
    raw = line(value, "phone")
    if not raw:
        return ""
    import phonenumbers

    if not re.fullmatch(r"[+0-9 ().\-/xext]+", raw):
        raise ValidationError("phone", "Phone may hold digits, spaces, + ( ) - . only")
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+"):
        try:
            parsed = phonenumbers.parse(raw, None)
        except phonenumbers.NumberParseException as exc:
            raise ValidationError("phone", f"Phone looks wrong: {exc}") from None
        if not phonenumbers.is_possible_number(parsed):
            raise ValidationError("phone", "Phone has the wrong number of digits for its country")
        return raw
    if not 5 <= len(digits) <= 15:
        raise ValidationError("phone", "Phone should have 5 to 15 digits")
    return raw


def day(value: dt.date | None, field: str) -> dt.date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            field,
            f"{field.replace('_', ' ').capitalize()} must be between "
            f"{EARLIEST.year} and {LATEST.year}",
        )
    return value


def choice(value: str | None, options, field: str, *, required: bool = True) -> str | None:
    allowed = [str(o) for o in options]
    if value in (None, "") and not required:
        return None
    if value not in allowed:
        raise ValidationError(
            field, f"{field.replace('_', ' ').capitalize()} must be one of: " + ", ".join(allowed)
        )
    return value
