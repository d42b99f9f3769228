"""Screens the app tells of changes beyond the live console's own: the session, the group's settings."""

from __future__ import annotations

from typing import Any

from ipstui.domain.schedule import WeeklySlot
from ipstui.domain.state import SessionState


class SessionShown:
    """A screen over the live console that shows the session: the app hands it each new state."""

    def show_session(self, state: SessionState) -> None:
        raise NotImplementedError


class GroupShown:
    """A screen that shows the group's settings: the app tells it each time they change."""

    def show_group(self, slot: WeeklySlot, upcoming: Any, settings: dict[str, Any]) -> None:
        raise NotImplementedError
