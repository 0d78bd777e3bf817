"""db/text.py: no control character reaches storage or a terminal, and every place that
cuts text to a width (the dashboard's tables, `afterview today`) cuts it the same way."""

from __future__ import annotations

import unicodedata

import pytest
from rich.cells import cell_len, set_cell_size

from db import validation
from db.text import cell_width, clean_line, clean_text, escape_controls, fit
from tui import safe as tui_safe
from tui.cli import common as cli_common
from tui.cli import today as cli_today

# Every C0 and C1 control character, DEL included: what a terminal acts on.
CONTROLS = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"]
LAYOUT = {"\t", "\n"}  # the two a multi-line note keeps

# Names and companies as people write them, in the scripts the dashboard will meet.
TEXTS = [
    "Dana Reyes",
    "Zoë Ångström-Ñúñez",
    "Zoe\u0308 (a combining diaeresis)",
    "李小龙 at 阿里巴巴",
    "김민준, 카카오",
    "ＡＢＣ Fullwidth Ltd",
    "Dana 😀 Reyes",
    "👩\u200d💻 Platform team",
    "👍🏽 thumbs",
    "❤️ Acme",
    "مرحبا بالعالم",
    "שלום עולם",
    "Дмитрий Иванов",
    "สวัสดีครับ ผม",
    "नमस्ते दुनिया",
    "🇫🇷 Paris SAS",
    "soft\xadhyphen",
    "\u1100\u1161\u11a8 (Hangul in jamo)",
]


def test_there_are_65_control_characters_to_guard_against() -> None:
    assert len(CONTROLS) == 65  # C0 (32), DEL, C1 (32): if this changes, so must CONTROL


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_no_control_character_survives_cleaning(char: str) -> None:
    typed = f"Dana{char}Reyes{char}!"
    line = clean_line(typed)
    assert not any(c in CONTROLS for c in line)
    assert line in ("DanaReyes!", "Dana Reyes !")  # dropped, or a tab / line break -> space
    text = clean_text(typed)
    assert [c for c in text if c in CONTROLS] == ([char, char] if char in LAYOUT else [])
    # The stored value (db.validation) goes through the same cleaning.
    assert validation.line(typed, "name") == line.strip()
    assert validation.text(typed) == text


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_an_echoed_value_shows_every_control_character_as_an_escape(char: str) -> None:
    shown = escape_controls(f"/tmp/a{char}b")
    assert not any(c in CONTROLS for c in shown)
    assert shown.startswith("/tmp/a\\") and shown.endswith("b")
    assert cli_common.printable(f"a{char}") == escape_controls(f"a{char}")


def test_cleaning_keeps_everything_else_verbatim() -> None:
    hostile = "[/]Acme [@click=app.quit]q[/] 日本\u2028next"
    assert clean_line(hostile) == "[/]Acme [@click=app.quit]q[/] 日本 next"
    assert clean_text("Hi Dana,\n\n\tThanks\r\n") == "Hi Dana,\n\n\tThanks\n"
    assert clean_line(None) == clean_text(None) == ""


@pytest.mark.parametrize("text", TEXTS)
def test_cell_width_is_what_textual_draws(text: str) -> None:
    assert cell_width(text) == cell_len(text)


@pytest.mark.parametrize("text", TEXTS)
def test_fit_cuts_to_the_width_with_an_ellipsis(text: str) -> None:
    for width in range(0, cell_width(text) + 2):
        cut = fit(text, width)
        assert cell_width(cut) <= width
        if cell_width(text) <= width:
            assert cut == text
        elif width:
            assert cut.endswith("…") and text.startswith(cut[:-1])
            # As much as fits: one more character would not have.
            assert cell_width(text[: len(cut)] + "…") > width or len(cut) - 1 == len(text)


@pytest.mark.parametrize("text", TEXTS)
def test_the_dashboard_and_the_command_line_cut_alike(text: str) -> None:
    for width in range(1, cell_width(text) + 2):
        drawn = tui_safe.fit(text, width)  # a table cell, padded to its column
        assert cell_len(drawn) == width
        assert (
            drawn.rstrip(" ") == cli_today.fit(text, width).rstrip(" ") == fit(text, width).rstrip()
        )


@pytest.mark.parametrize("text", [*TEXTS, "Quillstone Analytics", "Acme\tCo", "Ünïcode"])
def test_a_cell_is_padded_as_rich_pads_it(text: str) -> None:
    """The dashboard pads printable ASCII itself; Rich must agree on every cell."""
    for width in range(0, cell_width(text) + 3):
        assert tui_safe.fit(text, width) == set_cell_size(fit(text, width), width)


def test_a_wide_character_is_never_split() -> None:
    assert fit("李小龙", 4) == "李…"  # 3 cells; '李小' and '…' would take 5
    assert tui_safe.fit("李小龙", 4) == "李… "
    assert fit("👩\u200d💻 dev", 3) == "👩\u200d💻…"  # the joined pair stays whole
