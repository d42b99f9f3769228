"""What the group's screens read beside the sessions index: the next session, the volunteers,
the names to complete from, and what a command may know of the group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any, Iterable

from ipstui.domain.agreement import Agreement
from ipstui.domain.outcome import Context
from ipstui.domain.text import loose_key
from ipstui.store.index import SessionSummary


@dataclass(frozen=True)
class Upcoming:
    """What the last session decided for the next one."""

    moderator: str | None
    backup: str | None
    topic: str | None
    held_on: str | None = None  # the date of that last session (its call is over, however early it ended)


@dataclass(frozen=True)
class Volunteer:
    """Someone the group knows, with how often they have moderated."""

    name: str
    moderated: int
    last_moderated: str | None
    sessions: int


NOTHING_UPCOMING = Upcoming(None, None, None)


def upcoming(sessions: list[SessionSummary], weekday: int = 5) -> Upcoming:
    """The next moderator, backup and topic still standing: each as the latest session that chose it
    said, until the call it was chosen for has been held (`weekday`: the slot's, Monday 0).

    A session that chooses nobody (an extra one, say) keeps what was chosen before; only the call
    the choice was for uses it up.
    """
    ended = [summary for summary in sessions if summary.status == "ended"]
    if not ended:
        return NOTHING_UPCOMING
    moderator = _standing(ended, weekday, lambda s: s.next_moderator)
    topic = _standing(ended, weekday, lambda s: s.next_topic)
    return Upcoming(moderator.next_moderator if moderator else None,
                    moderator.backup_moderator if moderator else None,
                    topic.next_topic if topic else None, ended[-1].id[:10])


def chosen_for(sessions: list[SessionSummary], day: date, weekday: int = 5) -> Upcoming:
    """Who was chosen to moderate the call on `day`, with the backup and topic chosen for it
    (the newest choice whose call falls on that day); nothing when no call chose for that day."""
    ended = [summary for summary in sessions if summary.status == "ended"]
    moderator = next((s for s in reversed(ended) if s.next_moderator and _target(s, weekday) == day), None)
    topic = next((s for s in reversed(ended) if s.next_topic and _target(s, weekday) == day), None)
    return Upcoming(moderator.next_moderator if moderator else None,
                    moderator.backup_moderator if moderator else None,
                    topic.next_topic if topic else None)


def _day(summary: SessionSummary) -> date:
    return date.fromisoformat(summary.id[:10])


def _target(summary: SessionSummary, weekday: int) -> date:
    """The date of the call a session's choices are for: the first call day after its own."""
    held = _day(summary)
    return held + timedelta(days=(weekday - held.weekday() - 1) % 7 + 1)


def _standing(ended: list[SessionSummary], weekday: int, chose) -> SessionSummary | None:
    """The newest session that made this choice, if the call it was for has not been held since."""
    for index in range(len(ended) - 1, -1, -1):
        summary = ended[index]
        if not chose(summary):
            continue
        target = _target(summary, weekday)
        used = any(_day(later) >= target for later in ended[index + 1:])
        return None if used else summary
    return None


def volunteers(roster: list[dict[str, Any]]) -> list[Volunteer]:
    """Everyone on the roster with their moderation history, in roster order."""
    return [
        Volunteer(
            name=person["name"],
            moderated=len(person.get("moderated", [])),
            last_moderated=max(person.get("moderated") or [None], key=lambda x: x or ""),
            sessions=len(person.get("sessions", [])),
        )
        for person in roster
    ]


def known_names(names: Iterable[str]) -> list[str]:
    """Names to complete from, each once whatever its case, in alphabetical order."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return sorted(seen.values(), key=str.casefold)


def context(roster: list[dict[str, Any]], session_id: str, now: datetime, by: str, agreement: Agreement) -> Context:
    """What commands may know of the group right now; `session_id` is not "earlier"."""
    known: set[str] = set()
    quiet: set[str] = set()
    requests: dict[str, str] = {}
    spellings: dict[str, str] = {}
    for person in roster:
        spellings.setdefault(loose_key(person["name"]), person["name"])
        if set(person.get("sessions", ())) - {session_id}:
            known.add(person["key"])
        if person.get("no_read_aloud"):
            quiet.add(person["key"])
        if person.get("request"):
            requests[person["key"]] = person["request"]["text"]
    # Someone came to an earlier session exactly when the group has met before.
    return Context(now, by, frozenset(known), frozenset(quiet), agreement, MappingProxyType(requests),
                   MappingProxyType(spellings), group_has_history=bool(known))


def standing_requests(roster: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """The members' standing requests: name, words, and the session that recorded them."""
    return [(person["name"], person["request"]["text"], person["request"].get("since", ""))
            for person in roster if person.get("request")]
