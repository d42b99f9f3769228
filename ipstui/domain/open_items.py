"""Open items: what the moderating team owes someone before the call is over.

A direct message to answer, a breakout room asked for, a topic to continue after the meeting.
Each has a done mark, logged as an event, so every co-moderator sees what is still open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from ipstui.domain.events import EventType, NewEvent
from ipstui.domain.outcome import CommandError, Context, Outcome
from ipstui.domain.state import SessionState

KINDS = ("message", "breakout", "followup")
_TITLES = {"message": "direct message", "breakout": "breakout request", "followup": "after-meeting topic"}


@dataclass(frozen=True)
class OpenItem:
    """One thing owed: its kind, its number in the session (a comment's id, else the event's), what it says."""

    kind: str
    id: int
    who: str
    text: str
    at: datetime
    done: bool

    @property
    def title(self) -> str:
        """What kind of item it is, in words."""
        return _TITLES[self.kind]


def open_items(state: SessionState) -> list[OpenItem]:
    """Every direct message, breakout request and after-meeting topic, oldest first, with its done mark."""
    done = state.done_items
    items = [OpenItem("message", c.id, c.author, c.text, c.at, ("message", c.id) in done)
             for c in state.comments.values() if c.private_reason == "direct message"]
    items += [OpenItem("breakout", m.seq, ", ".join(map(str, m.detail.get("names", []))), str(m.detail.get("note", "")),
                       m.at, ("breakout", m.seq) in done) for m in state.breakouts]
    items += [OpenItem("followup", m.seq, str(m.detail.get("by", "")), str(m.detail.get("text", "")), m.at,
                       ("followup", m.seq) in done) for m in state.followups]
    return sorted(items, key=lambda item: (item.at, KINDS.index(item.kind), item.id))


def still_open(state: SessionState) -> list[OpenItem]:
    """The items not yet marked done."""
    return [item for item in open_items(state) if not item.done]


def check_item(state: SessionState, kind: str, item_id: int) -> tuple[str, int]:
    """The key of an item the session holds; ValueError for any other."""
    if not any(item.kind == kind and item.id == item_id for item in open_items(state)):
        raise ValueError(f"there is no {_TITLES.get(kind, 'open item')} {item_id}")
    return kind, item_id


@dataclass(frozen=True)
class MarkItemDone:
    """Mark an open item done (or open again)."""

    title: ClassVar[str] = "Mark open item done"
    kind: str
    id: int
    done: bool = True

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        if not state.is_live:
            raise CommandError("the session has ended")
        item = next((item for item in open_items(state) if (item.kind, item.id) == (self.kind, self.id)), None)
        if item is None:
            raise CommandError(f"there is no {_TITLES.get(self.kind, 'open item')} {self.id}")
        said = f"{item.title} {'from ' + item.who if item.kind == 'message' else item.who or item.text}".strip()
        if item.done == self.done:
            return Outcome((), f"{said} is already {'done' if self.done else 'open'}")
        event = NewEvent(EventType.ITEM_DONE, {"kind": self.kind, "id": self.id, "done": self.done})
        return Outcome((event,), f"{said}: {'done' if self.done else 'open again'}")
