"""What every command shares: the context it runs in, its outcome, and its refusal.

Apart from the commands themselves, which load on the first action: the console and the
store start without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Protocol

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


@dataclass(frozen=True)
class Outcome:
    """The events a command appends (none if it changed nothing) and what it did."""

    events: tuple[NewEvent, ...]
    message: str

    @property
    def changed(self) -> bool:
        """Whether anything is appended."""
        return bool(self.events)


class Command(Protocol):
    """A moderator's action, under its command-palette title."""

    title: ClassVar[str]

    def run(self, state: SessionState, ctx: Context) -> Outcome: ...
