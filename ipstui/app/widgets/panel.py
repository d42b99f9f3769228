"""The base of the live console's panels: rows rendered from the screen's state and clock."""

from __future__ import annotations

from datetime import datetime

from textual.reactive import reactive

from ipstui.app.widgets.row_list import RowList
from ipstui.domain.state import SessionState


class LivePanel(RowList):
    """A bordered list of rows bound to the live screen's state and time.

    The panel is the list itself, not a container around one: the live screen's widgets are
    styled, laid out and drawn at every start, and each one counts.
    """

    state: reactive[SessionState | None] = reactive(None, repaint=False)
    """The live session's state (the same object may come back changed)."""
    now: reactive[datetime | None] = reactive(None, repaint=False)
    """The console's clock."""
    _subtitle_shown: str | None = None

    def watch_state(self) -> None:
        if self.is_mounted:
            self._refresh_view()

    def watch_now(self) -> None:
        if self.is_mounted:
            self._refresh_view()

    def _refresh_view(self) -> None:
        if self.state is not None and self.now is not None:
            self.show(self.state, self.now)

    def on_mount(self) -> None:
        self._refresh_view()

    def show(self, state: SessionState, now: datetime) -> None:
        """Render `state` as of `now`."""
        raise NotImplementedError

    def set_subtitle(self, text: str) -> None:
        """Put `text` under the panel, drawing the panel again only if it says something new."""
        # Textual 8.2.8 redraws the whole widget at every setting of border_subtitle, even
        # to the same text: each tick and each change redrew every panel for nothing.
        if text != self._subtitle_shown:
            self._subtitle_shown = text
            self.border_subtitle = text
