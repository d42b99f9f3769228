"""A few lines on the data folder's live session, or on the next one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import pendulum

from ipstui.domain.schedule import scheduled_end, slot_from_settings
from ipstui.domain.state import SessionState
from ipstui.domain.text import format_seconds

if TYPE_CHECKING:
    from ipstui.store.read_models import Upcoming


def status_lines(state: SessionState | None, settings: dict[str, Any], now: datetime,
                 held_on: str | None = None, upcoming: Upcoming | None = None) -> list[str]:
    """What a moderator needs at a glance, as plain lines (`held_on`: the date of the last call held;
    `upcoming`: who was chosen to moderate the next call, and its topic, said when there is no live call)."""
    slot = slot_from_settings(settings)
    if state is None:
        start = slot.next_start(now, held_on)
        wait = start.diff(pendulum.instance(now)).in_words() if start > now else "now"
        lines = [f"No live session. Next call: {start.format('dddd D MMMM YYYY, HH:mm')} {slot.zone} (in {wait})"]
        if upcoming is not None:
            backup = f" (backup: {upcoming.backup})" if upcoming.moderator and upcoming.backup else ""
            lines.append(f"Moderator: {upcoming.moderator or 'not chosen yet'}{backup}; "
                         f"topic: {upcoming.topic or 'to be announced'}")
        for local in slot.local_times(start):
            note = " (please note time change)" if local.changed else ""
            lines.append(f"  {local.zone:<22} {local.start.format('ddd HH:mm')}-{local.end.format('HH:mm')}{note}")
        return lines
    assert state.started_at is not None
    end = scheduled_end(slot, state.started_at)
    left = (end - pendulum.instance(state.clamp(now))).total_seconds()
    lines = [
        f"Session {state.session_id}: {state.topic} (moderator {state.moderator})",
        f"Running {format_seconds(state.elapsed_seconds(now))}, "
        + (f"{format_seconds(left)} left" if left >= 0 else f"{format_seconds(-left)} over"),
    ]
    segment = state.current_segment()
    if segment is not None:
        lines.append(
            f"Agenda: {segment.title} {format_seconds(state.segment_seconds(segment, now))} "
            f"of {segment.planned_minutes} min"
        )
    if state.turn is not None:
        lines.append(f"Speaking: {state.turn.name} for {format_seconds(state.current_turn_seconds(now))}"
                     + (" (bell)" if state.bell_due(now) else ""))
    else:
        lines.append("Speaking: nobody")
    queue = state.queue(now)
    if queue:
        hands = ", ".join(
            f"{hand.name}{'' if hand.kind.value == 'ordinary' else ' (' + hand.kind.value + ')'} "
            f"{format_seconds(hand.waited_seconds)}" for hand in queue
        )
        lines.append(f"Hands ({len(queue)}): {hands}")
    else:
        lines.append("Hands: none")
    waiting = state.to_read()
    lines.append(f"Chat to read: {len(waiting)}" + (f", oldest from {waiting[0].author}" if waiting else ""))
    lines.append(f"People: {len(state.participants)}")
    return lines
