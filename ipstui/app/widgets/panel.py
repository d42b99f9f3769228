"""The base of the live console's panels: they render from the screen's state and clock."""

from __future__ import annotations

from datetime import datetime

from textual.containers import Vertical
from textual.reactive import reactive

from ipstui.domain.state import SessionState


class LivePanel(Vertical, can_focus=False):
    """A bordered panel bound to the live screen's state and time."""

    state: reactive[SessionState | None] = reactive(None, always_update=True)
    """The live session's state (the same object may come back changed)."""
    now: reactive[datetime | None] = reactive(None)
    """The console's clock."""

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
