"""Untrusted text: names people type, and showing any text safely in a terminal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


_JOINER = "\u200d"
_PICTOGRAPH_CATEGORIES = {"So", "Sk"}


def _joins_pictographs(text: str, at: int) -> bool:
    before = text[at - 1] if at else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    return (before == "\ufe0f" or unicodedata.category(before or " ") in _PICTOGRAPH_CATEGORIES) and (
        unicodedata.category(after or " ") in _PICTOGRAPH_CATEGORIES)


def _escaped(text: str, bad: set[str]) -> list[bool]:
    # A joiner shapes an emoji sequence; anywhere else it only makes the width of the text
    # on screen disagree with the terminal's, which shifts the rest of the row.
    return [char in bad or (char == _JOINER and not _joins_pictographs(text, at)) for at, char in enumerate(text)]


def unsafe_marks(text: str) -> list[bool]:
    """For each character of `text`, whether terminal_safe would escape it."""
    return _escaped(text, unsafe_chars(text))


def terminal_safe(text: str) -> str:
    """`text` with every printable character as given and every other one escaped."""
    if text.isprintable():
        return text
    bad = unsafe_chars(text)
    if not bad and _JOINER not in text:
        return text
    return "".join(escape_char(char) if escape else char for char, escape in zip(text, _escaped(text, bad)))


def one_cell_safe(text: str) -> str:
    """`text` with each character terminal_safe would escape shown as one visible cell instead
    (a control picture, else U+FFFD), so that positions in the text stay where they were."""
    bad = unsafe_chars(text)
    if not bad and _JOINER not in text:
        return text
    return "".join(_stand_in(char) if escape else char for char, escape in zip(text, _escaped(text, bad)))


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def clean_name(raw: str, what: str = "name") -> str:
    """A person's name or a topic as given, without surrounding blanks; blank is an error."""
    text = raw.strip()
    if not text or not any(not _needs_escape(char) for char in text if not char.isspace()):
        raise ValueError(f"the {what} is blank")
    return text


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1024)
def name_key(name: str) -> str:
    """How two spellings of one person's name are matched: case, spacing and Unicode form."""
    # Remembered: a fold asks it of the same few dozen names for most of the log's events.
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name).strip()).casefold()


def format_seconds(seconds: float) -> str:
    """Seconds as m:ss, or h:mm:ss past an hour."""
    whole = int(max(0.0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """`number` and its noun, singular for one: "1 comment", "2 comments", "1 ouch", "3 ouches"."""
    if number == 1:
        return f"{number} {noun}"
    return f"{number} {plural or (noun + ('es' if noun.endswith(('ch', 'sh', 's', 'x')) else 's'))}"


# Letters that carry their accent inside (no decomposition strips it), as a person would type them plain.
_PLAIN = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


def loose_key(name: str) -> str:
    """A name as someone might type it in a hurry: no case, no accents ("Søren", "Soren" and "soren" agree)."""
    decomposed = unicodedata.normalize("NFKD", name_key(name))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).translate(_PLAIN)
