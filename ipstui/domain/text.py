"""Untrusted text: names people type, and showing any text safely in a terminal."""

from __future__ import annotations

import re
import unicodedata

# Joiners shape emoji and several scripts; every other format character (bidi
# overrides, zero-width spaces) can disguise text, so it is shown escaped.
_KEPT_FORMAT = {"\u200c", "\u200d"}
_ESCAPED_CATEGORIES = {"Cc", "Cs", "Co", "Cf", "Zl", "Zp"}


def _needs_escape(char: str) -> bool:
    if char in _KEPT_FORMAT:
        return False
    return unicodedata.category(char) in _ESCAPED_CATEGORIES


def escape_char(char: str) -> str:
    """A visible, unambiguous spelling of one character: \\x1b, \\u202e, \\U000e0001."""
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def unsafe_chars(text: str) -> set[str]:
    """The characters of `text` that must never reach a terminal raw."""
    return {char for char in set(text) if _needs_escape(char)}


def terminal_safe(text: str) -> str:
    """`text` with every printable character as given and every other one escaped."""
    if text.isprintable():
        return text
    bad = unsafe_chars(text)
    if not bad:
        return text
    return "".join(escape_char(char) if char in bad else char for char in text)


def clean_name(raw: str, what: str = "name") -> str:
    """A person's name or a topic as given, without surrounding blanks; blank is an error."""
    text = raw.strip()
    if not text or not any(not _needs_escape(char) for char in text if not char.isspace()):
        raise ValueError(f"the {what} is blank")
    return text


_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """How two spellings of one person's name are matched: case, spacing and Unicode form."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name).strip()).casefold()
