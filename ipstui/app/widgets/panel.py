"""The base of the live console's panels: rows rendered from the screen's state and clock."""

from __future__ import annotations

from datetime import datetime

from textual.geometry import Region
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
        if text == self._subtitle_shown:
            return
        self._subtitle_shown = text
        if not (self.is_mounted and self.size):
            self.border_subtitle = text
            return
        # Drawn before: only its bottom line, where the subtitle is, changes. Set where Textual's
        # own setter keeps it (8.2.8: `_border_subtitle`, one line of Content), without that
        # setter's redrawing of the whole panel.
        self._border_subtitle = self.render_str(text).expand_tabs(4).split()[0]
        offset, outer = self.content_offset, self.outer_size
        self.refresh(Region(-offset.x, outer.height - 1 - offset.y, outer.width, 1))
