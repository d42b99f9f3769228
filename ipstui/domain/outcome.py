"""What every command shares: the context it runs in, its outcome, and its refusal.

Apart from the commands themselves, which load on the first action: the console and the
store start without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Mapping, Protocol

from ipstui.domain.agreement import DEFAULT_AGREEMENT, Agreement
from ipstui.domain.events import NewEvent

if TYPE_CHECKING:
    from ipstui.domain.state import SessionState


class CommandError(ValueError):
    """The command does not fit the session as it stands; nothing was changed."""


@dataclass(frozen=True)
class Context:
    """What a command may know beyond the session: the time, the group's roster and agreement."""

    now: datetime
    actor: str = ""
    known_people: frozenset[str] = frozenset()
    no_read_aloud: frozenset[str] = frozenset()
    agreement: Agreement = DEFAULT_AGREEMENT
    requests: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The standing requests of the group's members, by name key, carried into each session they join."""
    spellings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """The roster's names by their loose key: "Soren" added is the Søren Berg the group knows, not a newcomer."""
    group_has_history: bool = True
    """Whether the group met before this session: in its very first one nobody is "new here"."""

    def is_new(self, key: str) -> bool:
        """Whether the person of `key` is new to the group: no earlier session of it had them."""
        return self.group_has_history and key not in self.known_people


@dataclass(frozen=True)
class Outcome:
    """The events a command appends (none if it changed nothing) and what it did."""

    events: tuple[NewEvent, ...]
    message: str

    @property
    def changed(self) -> bool:
        """Whether anything is appended."""
        return bool(self.events)


# What a command changes in the group's file besides its session's log. A command declares
# them as data (`group_effects`, none if absent); the store carries them out with the command.
ROSTER = "roster"  # everyone in the session is noted in the roster as having attended it
PREFERENCE = "preference"  # the person the command names (`name`) keeps `no_read_aloud` as a standing preference
ROTATION = "rotation"  # the session's moderator is counted in the rotation
PEOPLE = "people"  # the roster's standing preferences and requests follow what the session's log says of them


class Command(Protocol):
    """A moderator's action, under its command-palette title (and its `group_effects`, if any)."""

    title: ClassVar[str]

    def run(self, state: SessionState, ctx: Context) -> Outcome: ...
