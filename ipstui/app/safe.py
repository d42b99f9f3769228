"""Untrusted text on screen: always as literal content, never markup or control codes."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.content import Content

from ipstui.domain.text import format_seconds, terminal_safe


def cell(text: str, style: str = "") -> Text:
    """A DataTable cell from untrusted text: Rich Text is never parsed as markup."""
    return Text(terminal_safe(text), style=style, no_wrap=True, overflow="ellipsis")


def literal(text: str, style: str = "") -> Content:
    """Text people typed, shown as typed; escapes visible, nothing interpreted."""
    return Content.styled(terminal_safe(text), style)


def part(text: str, style: str = "") -> tuple[str, str]:
    """A piece for Content.assemble built from untrusted text."""
    return (terminal_safe(text), style)


def padded(text: str, width: int, style: str = "") -> tuple[str, str]:
    """A piece of untrusted text filled out with spaces to `width` cells (in a column of them)."""
    safe = terminal_safe(text)
    return (safe + " " * max(0, width - cell_len(safe)), style)


def fitted(text: str, width: int, style: str = "") -> tuple[str, str]:
    """Untrusted text in exactly `width` cells: cut with an ellipsis or filled with spaces.

    Counted in cells, not characters, so a wide (CJK) name keeps the next column in place.
    """
    safe = terminal_safe(text)
    if cell_len(safe) > width:
        # A wide character that would be split is dropped whole (set_cell_size pads in its place).
        safe = set_cell_size(safe, max(0, width - 1)).rstrip(" ") + "…"
    return padded(safe, width, style)


def clock_text(seconds: float) -> str:
    """Seconds as m:ss (h:mm:ss past an hour)."""
    return format_seconds(seconds)


def bar(fraction: float, width: int, marker: float | None = None) -> str:
    """A horizontal bar `width` cells wide, filled to `fraction`, with an optional tick."""
    fraction = max(0.0, min(1.0, fraction))
    filled = round(fraction * width)
    cells = ["█"] * filled + ["░"] * (width - filled)
    if marker is not None and width:
        position = min(width - 1, max(0, round(marker * width)))
        cells[position] = "│"
    return "".join(cells)


def wait_text(seconds: float) -> str:
    """A wait or an age: to the second for the first minute, then in whole minutes.

    Coarser past a minute so that fifty waiting hands do not all change every second.
    """
    if seconds < 60:
        return f"0:{int(max(0.0, seconds)):02d}"
    return f"{int(seconds // 60)} min"
