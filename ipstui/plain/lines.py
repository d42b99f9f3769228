"""Sentences as the line console writes them: short, standing alone, nothing a terminal would obey."""

from __future__ import annotations

import textwrap

from ipstui.domain.text import terminal_safe

# A braille display shows 40 cells or 80; a screen reader reads a long line as one breath.
MOST = 160
NAME_MOST = 40


def plain(text: str) -> str:
    """Untrusted text as one line: line breaks as " / ", every other control spelled out (never raw)."""
    return terminal_safe(" / ".join(part.strip() for part in str(text).splitlines() if part.strip()) or "")


def first_upper(sentence: str) -> str:
    """A sentence begun with a capital, the rest as it was (names and titles keep their case)."""
    return sentence[:1].upper() + sentence[1:]


def name(text: str) -> str:
    """A person's name, short enough that any sentence about two people stays short."""
    said = plain(text)
    return said if len(said) <= NAME_MOST else said[: NAME_MOST - 1] + "…"


def fitted(sentence: str) -> str:
    """A sentence no longer than MOST characters (cut at a word, with "…" where it was cut)."""
    if len(sentence) <= MOST:
        return sentence
    cut = sentence[: MOST - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > MOST // 2 else cut) + "…"


def pieces(lead: str, text: str, again: str) -> list[str]:
    """`lead` then `text`, over as many lines as it takes; each later line opens with `again`."""
    body = plain(text)
    if not body:
        return [fitted(lead)]
    return textwrap.wrap(body, MOST, initial_indent=f"{lead} ", subsequent_indent=f"{again} ",
                         break_long_words=True, break_on_hyphens=False)


def duration(seconds: float) -> str:
    """A length of time as people say it: "45 seconds", "3 minutes 10 seconds", "1 hour 5 minutes"."""
    seconds = int(max(0.0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs and not hours:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts) or "0 seconds"

