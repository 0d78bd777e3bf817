"""The mailto: link that hands a note to the user's mail client."""

from __future__ import annotations

import re
from urllib.parse import quote


def mailto_url(to: str, subject: str, body: str) -> str:
    """An RFC 6068 link: every reserved or non-ASCII character percent-encoded as UTF-8,
    spaces as %20 (never '+'), line breaks as %0D%0A; the address stays readable."""
    address = quote(to.strip(), safe="@!$'()*+,;:")
    fields = []
    if subject:
        fields.append("subject=" + quote(" ".join(subject.splitlines()), safe=""))
    if body:
        fields.append("body=" + quote(re.sub(r"\r\n|\r|\n", "\r\n", body), safe=""))
    return f"mailto:{address}" + ("?" + "&".join(fields) if fields else "")
