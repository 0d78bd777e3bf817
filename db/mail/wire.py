"""Reading IMAP's answers as imaplib hands them over: FETCH and LIST responses (lists,
quoted strings, literals, NIL) into Python values, and BODYSTRUCTURE into the parts
worth fetching. imaplib returns responses as byte lines and (prefix, literal) pairs and
leaves their grammar to the caller; this is that grammar, for what the sync reads."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_TOKEN = re.compile(
    rb'\(|\)|"(?:[^"\\]|\\.)*"|\x00\d+\x00|[^\s()"\[\x00]+(?:\[[^\]]*\](?:<\d+>)?)?|\[[^\]]*\]'
)


def values(data: list) -> list:
    """imaplib's response items as one list of values: lists for (...), bytes for atoms,
    strings and literals, None for NIL."""
    literals: list[bytes] = []
    text = []
    for item in data:
        if isinstance(item, tuple):
            prefix, literal = item
            text.append(re.sub(rb"\{\d+\}$", b"", prefix))
            text.append(b"\x00%d\x00" % len(literals))
            literals.append(literal)
        elif item:
            text.append(item)
        text.append(b" ")
    stack: list[list] = [[]]
    for match in _TOKEN.finditer(b"".join(text)):
        token = match.group()
        if token == b"(":
            stack.append([])
        elif token == b")":
            if len(stack) > 1:
                done = stack.pop()
                stack[-1].append(done)
        elif token.startswith(b'"'):
            stack[-1].append(re.sub(rb"\\(.)", rb"\1", token[1:-1]))
        elif token.startswith(b"\x00"):
            stack[-1].append(literals[int(token[1:-1])])
        else:
            stack[-1].append(None if token.upper() == b"NIL" else token)
    return stack[0]


def fetched(data: list) -> list[dict[str, object]]:
    """Each message of a FETCH response as {ITEM: value}, item names upper-cased and
    BODY[...] keys as the server wrote them (e.g. 'BODY[1]<0>')."""
    out = []
    items = values(data)
    for i, value in enumerate(items):
        if isinstance(value, list) and i > 0 and isinstance(items[i - 1], bytes):
            pairs = {}
            for key, item in zip(value[::2], value[1::2], strict=False):
                if isinstance(key, bytes):
                    pairs[key.decode("ascii", "replace").upper()] = item
            out.append(pairs)
    return out


def text(value) -> str:
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class Part:
    """One leaf of a message's structure: its section number for BODY.PEEK[...]."""

    section: str
    type: str  # "text/plain", "text/calendar", ...
    encoding: str  # "base64", "quoted-printable", "7bit", ...
    charset: str
    size: int
    attachment: bool


def parts(structure) -> list[Part]:
    """Every leaf part of a BODYSTRUCTURE, in order; attached messages are not entered."""
    found: list[Part] = []
    _walk(structure, "", found)
    return found


def _walk(node, prefix: str, found: list[Part]) -> None:
    if not isinstance(node, list) or not node:
        return
    if isinstance(node[0], list):  # multipart: children first, then the subtype
        children = itertools.takewhile(lambda c: isinstance(c, list), node)
        for n, child in enumerate(children, 1):
            _walk(child, f"{prefix}.{n}" if prefix else str(n), found)
        return
    section = prefix or "1"
    kind = f"{text(node[0]).lower()}/{text(node[1]).lower()}"
    params = _pairs(node[2] if len(node) > 2 else None)
    encoding = text(node[5]).lower() if len(node) > 5 else ""
    try:
        size = int(text(node[6])) if len(node) > 6 else 0
    except ValueError:
        size = 0
    # The extension data after the size: text/* has a line count first, then md5,
    # then the disposition; other single parts have md5, then the disposition.
    at = 9 if kind.startswith("text/") else 8
    disposition = node[at] if len(node) > at else None
    attachment = isinstance(disposition, list) and text(disposition[0]).lower() == "attachment"
    found.append(
        Part(
            section, kind, encoding, params.get("charset", ""), size, attachment or "name" in params
        )
    )


def _pairs(value) -> dict[str, str]:
    if not isinstance(value, list):
        return {}
    return {text(k).lower(): text(v) for k, v in zip(value[::2], value[1::2], strict=False)}


def quoted(value: str) -> str:
    """A string argument as IMAP's quoted form."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
