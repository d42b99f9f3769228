"""The messages of the console: up from the screens to the app, and from the folder's road to the app.

Screens never touch the store or the app's internals: they post one of these to the app
(`self.app.post_message(...)`), and the app answers by handing the screens new state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from textual.message import Message

if TYPE_CHECKING:
    from ipstui.app.sync import FolderView
    from ipstui.domain.outcome import Command, Outcome
    from ipstui.store.presence import Peer


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


@dataclass
class StateChanged(Message):
    """What the folder holds now, as the screens show it; or why it could not be read.

    `unsaved`: the view holds this console's own command while it is being written; its
    CommandDone follows once it is saved (or says why not, after the state on disk)."""

    view: FolderView | None
    error: str | None = None
    unsaved: bool = False


@dataclass
class CommandDone(Message):
    """A command ran: its outcome, or why it was refused."""

    command: Command
    outcome: Outcome | None
    error: str | None = None


@dataclass
class Saving(Message):
    """A write waits for a lock another terminal holds (`waiting_for` names it), or no longer waits."""

    waiting_for: str | None
    queued: int = 0


@dataclass
class PeersChanged(Message):
    """The other consoles on this folder, as their heartbeats say."""

    peers: tuple[Peer, ...]


@dataclass
class Answered(Message):
    """A question put to the folder off the event loop has its answer (or the reason there is none)."""

    then: Callable[[Any], None]
    result: Any
    error: str | None = None
