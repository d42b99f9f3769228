"""Untrusted text: shown with every printable character as given, nothing a terminal obeys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipstui.domain.text import clean_name, escape_char, name_key, one_cell_safe, terminal_safe, unsafe_chars


def test_printable_text_is_untouched():
    for text in ["[bold]x[/]", "[@click=app.quit]y[/]", "unclosed [", "שלום עולם", "🙂 👩‍👩‍👧", "Zoë  Smith"]:
        assert terminal_safe(text) == text


def test_control_and_format_characters_are_escaped_visibly():
    assert terminal_safe("a\x1b[31mb") == "a\\x1b[31mb"
    assert terminal_safe("x\x9by") == "x\\x9by"
    assert terminal_safe("evil\u202etxt") == "evil\\u202etxt"
    assert terminal_safe("nul\x00") == "nul\\x00"
    assert terminal_safe("\udcff") == "\\udcff"


@given(st.text())
def test_no_escape_byte_survives(text):
    shown = terminal_safe(text)
    assert not unsafe_chars(shown)
    assert all(ord(ch) >= 0x20 and not 0x7F <= ord(ch) <= 0x9F for ch in shown)


def test_names():
    assert clean_name("  Ana ") == "Ana"
    for blank in ["", "   ", "\t", "\x1b"]:
        with pytest.raises(ValueError):
            clean_name(blank)
    assert name_key("ZOË  smith") == name_key("zoë smith")


def test_a_joiner_is_kept_only_between_pictographs():
    # Between letters it joins nothing a terminal draws, but makes the screen's idea of the
    # text's width disagree with the terminal's, shifting everything after it on the row.
    assert terminal_safe("ro\u200dw") == "ro\\u200dw"
    assert terminal_safe("\u200dx\u200d") == "\\u200dx\\u200d"
    for emoji in ("👩\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈", "👍🏽\u200d👍"):
        assert terminal_safe(emoji) == emoji


@given(st.text())
def test_a_text_field_shows_one_visible_cell_for_each_escaped_character(text):
    shown = one_cell_safe(text)
    assert len(shown) == len(text) and not unsafe_chars(shown)
    # Replaced exactly where terminal_safe escapes: positions in the field stay put.
    assert terminal_safe(text) == "".join(escape_char(was) if now != was else was for now, was in zip(shown, text))


def test_a_fold_asks_the_names_it_has_seen_of_a_memory():
    # name_key is remembered: a fold asks it of the same few names for most of a log's events.
    from ipstui.domain import commands as c
    from ipstui.domain.state import SessionState
    from tests.helpers import Driver

    d = Driver()
    for name in ("Ana", "Bo"):
        d.do(c.AddParticipant(name))
    for turn in range(20):
        d.do(c.RaiseHand(("Ana", "Bo")[turn % 2]))
        d.do(c.CallNextHand())
    before = name_key.cache_info()
    again = SessionState.fold(d.state.log)
    after = name_key.cache_info()
    assert again.participants.keys() == d.state.participants.keys()
    assert after.hits - before.hits >= 40 and after.misses == before.misses
    assert after.maxsize is not None and after.currsize <= after.maxsize
