"""Time, spoken only at thresholds: never a ticking clock.

Each cue is said once, when its moment passes: five minutes left in the agenda item, the item's
planned time reached, ten minutes left in the call, the call's end, and a turn past the group's
bell cue. Cues already past when the console attaches are not said late (the console says where
the session stands instead).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable, Hashable

from ipstui.domain.state import SessionState
from ipstui.plain.lines import duration, fitted, name, plain

ITEM_WARNING = timedelta(minutes=5)
CALL_WARNING = timedelta(minutes=10)


class Cues:
    """Which thresholds of the live session have been passed, and the sentence for each new one."""

    def __init__(self, scheduled_end: Callable[[SessionState], datetime | None]) -> None:
        self.scheduled_end = scheduled_end
        self._said: set[Hashable] = set()

    def quietly(self, state: SessionState, now: datetime) -> None:
        """Note every threshold already passed, without saying it (at attach)."""
        self.due(state, now)

    def due(self, state: SessionState, now: datetime) -> list[str]:
        """The sentences for the thresholds passed since the last look, each once."""
        if not state.is_live:
            return []
        said = []
        for key, sentence in self._passed(state, state.clamp(now)):
            if key not in self._said:
                self._said.add(key)
                said.append(fitted(sentence))
        return said

    def _passed(self, state: SessionState, now: datetime):
        session = state.session_id
        item = state.current_segment()
        if item is not None and item.started_at is not None:
            planned = timedelta(minutes=item.planned_minutes)
            ends = item.started_at + planned
            title = plain(item.title)
            if planned > ITEM_WARNING and now >= ends - ITEM_WARNING:
                yield (session, "item-5", state.agenda_index, item.started_at), f"5 minutes left in {title}."
            if now >= ends:
                yield (session, "item-end", state.agenda_index, item.started_at), \
                    f"{title} has reached its {item.planned_minutes} planned minutes."
        end = self.scheduled_end(state)
        if end is not None and state.started_at is not None:
            if end - state.started_at > CALL_WARNING and now >= end - CALL_WARNING:
                yield (session, "call-10", end), f"10 minutes left in the call, which ends at {end:%H:%M %Z}."
            if now >= end:
                yield (session, "call-end", end), f"The call has reached its end time, {end:%H:%M %Z}."
        turn = state.turn
        if turn is not None and state.bell_due(now):
            # The threshold, not the moment it was seen: a tick a second (a minute on a fast clock) comes late.
            yield (session, "bell", turn.key, turn.started_at), \
                f"{name(turn.name)} has spoken {duration(state.settings.bell_minutes * 60)} this turn, past the bell cue."
