"""What the group's screens read beside the sessions index: the next session, the volunteers,
the names to complete from, and what a command may know of the group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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


def upcoming(sessions: list[SessionSummary]) -> Upcoming:
    """The next moderator, backup and topic chosen when the last ended session closed."""
    ended = [summary for summary in sessions if summary.status == "ended"]
    if not ended:
        return NOTHING_UPCOMING
    last = ended[-1]
    return Upcoming(last.next_moderator, last.backup_moderator, last.next_topic, last.id[:10])


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
    return Context(now, by, frozenset(known), frozenset(quiet), agreement, MappingProxyType(requests),
                   MappingProxyType(spellings))


def standing_requests(roster: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """The members' standing requests: name, words, and the session that recorded them."""
    return [(person["name"], person["request"]["text"], person["request"].get("since", ""))
            for person in roster if person.get("request")]
