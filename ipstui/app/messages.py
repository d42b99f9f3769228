"""The messages of the console: up from the screens to the app, and from the folder's road to the app.

Screens never touch the store or the app's internals: they post one of these to the app
(`self.app.post_message(...)`), and the app answers by handing the screens new state. What the
road to the folder finds (ipstui/road.py) comes as the messages at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from textual.message import Message

from ipstui import road

if TYPE_CHECKING:
    from ipstui.domain.outcome import Command


# -- up from the screens ------------------------------------------------------------------------

@dataclass
class RunCommand(Message):
    """Run a command on the live session (in turn, off the event loop)."""

    command: Command


@dataclass
class Say(Message):
    """Show one short message to the person at the keys."""

    text: str
    severity: str = "information"
    timeout: float = 3


@dataclass
class RewordAgreement(Message):
    """Give an agreement item the group's own words."""

    number: int
    text: str


@dataclass
class ChangeSetting(Message):
    """Set one of the group's settings (`ipstui settings set KEY VALUE`)."""

    key: str
    value: str


@dataclass
class ShowReport(Message):
    """Open one session's report."""

    session_id: str


@dataclass
class RemoveSession(Message):
    """Set a session's file aside (the moderator has said yes)."""

    session_id: str


class ShowClosing(Message):
    """Open the closing screen over the live console."""


@dataclass
class ZoomFile(Message):
    """Import a chat file ("chat"), follow one ("follow"), or record a participants report ("roster")."""

    kind: str
    path: str


# -- from the folder's road ---------------------------------------------------------------------

class FolderChanged(Message):
    """Something in the data folder may have changed (sent from a thread)."""


# The road's news (ipstui/road.py), as messages: the road knows no Textual; the app posts each
# piece of news it is given as the message of the same name, so handlers keep their names.

@dataclass
class StateChanged(road.StateChanged, Message):
    __doc__ = road.StateChanged.__doc__


@dataclass
class CommandDone(road.CommandDone, Message):
    __doc__ = road.CommandDone.__doc__


@dataclass
class Saving(road.Saving, Message):
    __doc__ = road.Saving.__doc__


@dataclass
class PeersChanged(road.PeersChanged, Message):
    __doc__ = road.PeersChanged.__doc__


@dataclass
class Answered(road.Answered, Message):
    __doc__ = road.Answered.__doc__


_AS_MESSAGE: dict[type, type[Message]] = {
    road.StateChanged: StateChanged, road.CommandDone: CommandDone, road.Saving: Saving,
    road.PeersChanged: PeersChanged, road.Answered: Answered,
}


def as_message(news: road.News) -> Message:
    """The message that carries a piece of the road's news to the app."""
    return _AS_MESSAGE[type(news)](**{item.name: getattr(news, item.name) for item in fields(news)})
