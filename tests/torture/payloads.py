"""Hostile text: what people, Zoom files and CSVs may carry, and how it must read once made safe."""

from __future__ import annotations

from ipstui.domain.text import terminal_safe

# Short enough to show whole in a table cell, each distinct, each printable somewhere.
PAYLOADS = {
    "markup": "[bold red]x[/]",
    "action": "[@click=app.quit]q[/]",
    "link": "[link=file:///etc/passwd]pw[/link]",
    "unclosed": "un[closed [",
    "clear": "cl\x1b[2Jr",
    "title": "ti\x1b]0;PWNED\x07t",
    "clipboard": "cb\x1b]52;c;cHduZWQ=\x07d",
    "hyperlink": "hy\x1b]8;;http://evil\x1b\\p",
    "c1": "c1\x9b5i\x9d0;PWNED\x85e",
    "bidi": "bi\u202eid\u2066x\u2067y\u2068z\u2069",
    "zero-width": "ze\u200bro\u200dw\ufeffj",
}
# A command-line argument cannot hold NUL, nor exceed the kernel's 128 KiB per argument.
NUL = "nu\x00l"
ARGUMENT_MAX = "A" * 100_000
MEGABYTE = "M" * 1_000_000


def shown(text: str) -> str:
    """How `text` must read on a terminal: printable characters as given, the rest spelled out."""
    return terminal_safe(text)
