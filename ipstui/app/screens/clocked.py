"""The screens the console's clock ticks: they show the time and who else is attached."""

from __future__ import annotations

from datetime import datetime

from textual.reactive import reactive
from textual.screen import Screen

from ipstui.domain.agreement import Agreement


class ClockedScreen(Screen[None]):
    """A screen given the time each second and the other consoles as they come and go."""

    now: reactive[datetime | None] = reactive(None, repaint=False)
    """The console's clock."""
    peers: reactive[tuple] = reactive((), repaint=False)
    """The other consoles attached to this data folder."""


class AgreementShown:
    """A screen that shows the group's agreement: the app tells it each time the wording changes."""

    def show_agreement(self, agreement: Agreement) -> None:
        raise NotImplementedError
