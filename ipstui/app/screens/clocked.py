"""The screens the console's clock ticks: they show the time and who else is attached."""

from __future__ import annotations

from datetime import datetime

from textual.reactive import reactive
from textual.screen import Screen


class ClockedScreen(Screen[None]):
    """A screen given the time each second and the other consoles as they come and go."""

    now: reactive[datetime | None] = reactive(None, repaint=False)
    """The console's clock."""
    peers: reactive[tuple] = reactive((), repaint=False)
    """The other consoles attached to this data folder."""
