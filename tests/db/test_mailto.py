"""The mailto: links of db/notes/mailto.py, as a mail client reads them."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from db.notes.mailto import mailto_url


def test_mailto_round_trips_non_ascii_breaks_and_reserved_characters() -> None:
    subject = "Thank you — Zoë & 日本? C++ #1 = 100%"
    body = "Hi Zoë,\n\nQ&A? Yes: 50% + 50% = 100% #win\r\nSee 日本.\rBye"
    url = mailto_url("zoe.baker+jobs@example.com", subject, body)
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and not parts.fragment
    assert parts.path == "zoe.baker+jobs@example.com"  # the address stays readable
    assert " " not in url and "\n" not in url and "+" not in parts.query
    assert "Zo%C3%AB" in url and "%E6%97%A5%E6%9C%AC" in url
    assert "%0D%0A%0D%0AQ%26A%3F" in url
    fields = parse_qs(parts.query, strict_parsing=True)
    assert fields == {
        "subject": [subject],
        "body": ["Hi Zoë,\r\n\r\nQ&A? Yes: 50% + 50% = 100% #win\r\nSee 日本.\r\nBye"],
    }


def test_mailto_escapes_what_an_address_cannot_hold() -> None:
    url = mailto_url(" zoë?&x#@例え.jp ", "", "")
    assert url == "mailto:zo%C3%AB%3F%26x%23@%E4%BE%8B%E3%81%88.jp"
    assert unquote(urlsplit(url).path) == "zoë?&x#@例え.jp"
    assert mailto_url("a@b.c", "Hi", "") == "mailto:a@b.c?subject=Hi"
