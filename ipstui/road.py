"""The console's one road to the data folder, off Textual's event loop.

`SessionSync` owns a worker thread that does everything that reads or writes the folder's
data, in the order asked: the moderator's commands, questions (the history, a report, the
closing's roster) and a fresh look whenever the folder changes. A second thread only waits
for the folder to change; a third keeps this console's heartbeat, which takes no lock, so
that a command waiting for another terminal's lock never makes this console look vanished.
What they find goes to the console (the full screen's app, or the line console) as news:
plain values carrying immutable views, posted from the worker's threads; the full-screen console wraps
each in a Textual message (app/messages.py). The screen never waits for a lock, the disk or
another terminal. Nothing here draws, and nothing here imports Textual.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass
from types import MappingProxyType
from itertools import chain
from typing import Any, Callable, Mapping

from ipstui.domain.agreement import Agreement
from ipstui.domain.clock import Clock
from ipstui.domain.outcome import Command, CommandError, Outcome
from ipstui.domain.state import SessionState, StateSnapshot
from ipstui.store import DataFolder, StoreError
from ipstui.store.atomic import observe_lock_waits
from ipstui.store.folder import Upcoming
from ipstui.store.presence import Peer, Presence
from ipstui.store.read_models import known_names
from ipstui.store.watch import FolderWatcher

# How often this console says it is here, and looks who else is.
BEAT_SECONDS = 2.0
PEERS_SECONDS = 1.0
# The longest the watcher sleeps between looks when the folder gives no sign.
LOOK_SECONDS = 0.5


@dataclass(frozen=True)
class FolderView:
    """What the folder holds at one moment, as the screens show it (immutable)."""

    session_id: str | None
    state: StateSnapshot | None
    names: tuple[str, ...]
    agreement: Agreement
    settings: Mapping[str, Any]
    upcoming: Upcoming


@dataclass(frozen=True)
class _GroupView:
    """The part of a view that only the group's file decides."""

    names: tuple[str, ...]
    agreement: Agreement
    settings: Mapping[str, Any]
    upcoming: Upcoming


def _frozen(value: Any) -> Any:
    """A JSON value that cannot be changed: mappings read-only, lists as tuples."""
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


# What the data folder can raise at a console: a damaged, planted or locked file, or the
# file system itself (a folder made unreadable, a failing disk).
FOLDER_ERRORS = (StoreError, OSError)


def folder_error_text(error: Exception) -> str:
    """One line for the person at the keys: a refused file is a message, not a crash."""
    if isinstance(error, OSError) and not isinstance(error, StoreError):
        where = f": {error.filename}" if error.filename else ""
        return f"cannot use the data folder ({error.strerror or error}{where}); nothing was changed"
    return str(error)


# -- the news the road posts --------------------------------------------------------------------

@dataclass
class StateChanged:
    """What the folder holds now, as the screens show it; or why it could not be read.

    `unsaved`: the view holds this console's own command while it is being written; its
    CommandDone follows once it is saved (or says why not, after the state on disk)."""

    view: FolderView | None
    error: str | None = None
    unsaved: bool = False


@dataclass
class CommandDone:
    """A command ran: its outcome, or why it was refused."""

    command: Command
    outcome: Outcome | None
    error: str | None = None


@dataclass
class Saving:
    """A write waits for a lock another terminal holds (`waiting_for` names it), or no longer waits."""

    waiting_for: str | None
    queued: int = 0


@dataclass
class PeersChanged:
    """The other consoles on this folder, as their heartbeats say."""

    peers: tuple[Peer, ...]


@dataclass
class Answered:
    """A question put to the folder off the event loop has its answer (or the reason there is none)."""

    then: Callable[[Any], None]
    result: Any
    error: str | None = None


News = StateChanged | CommandDone | Saving | PeersChanged | Answered


class SessionSync:
    """Runs the console's reads and writes in order on one thread, and says what changed."""

    def __init__(self, folder: DataFolder, post: Callable[[News], Any], presence: Presence | None = None,
                 heartbeat_clock: Clock | None = None, draw_while_saving: bool = False) -> None:
        # Its own DataFolder: its caches are the worker's alone.
        self.folder = DataFolder(folder.root, folder.clock, folder.stamp.by, folder.stamp.terminal)
        self.post = post
        self.presence = presence
        self.heartbeat_clock = heartbeat_clock or folder.clock
        # Whether a command's change is handed on while it is written (to a screen, which draws
        # the state on disk again should the write fail) or only once saved (to a line console:
        # what it has said cannot be unsaid).
        self.draw_while_saving = draw_while_saving
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._stop = threading.Event()
        self._look_queued = threading.Event()
        self._seen: tuple | None = None
        self._peers: tuple | None = None
        self._live: str | None = None  # the live session the last view showed
        # The last view's parts, each with the version of the file it was read from.
        self._last_snapshot: tuple[tuple, StateSnapshot] | None = None
        self._last_group: tuple[tuple, _GroupView] | None = None
        self._posted: FolderView | None = None  # the view last handed on
        self._busy = 0
        self._commands = 0  # commands asked for and not yet begun
        self._waiting_for: str | None = None  # whom the running job waits for, if it waits
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    # -- asking ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker (which looks at the folder first), the watcher and the heartbeat."""
        self.look(force=True)
        threads = [(self._work, "ipstui-sync"), (self._watch, "ipstui-watch")]
        if self.presence is not None:
            threads.append((self._beat, "ipstui-presence"))
        for target, name in threads:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop the threads; say goodbye to the other consoles."""
        self._stop.set()
        self._jobs.put(None)
        if self.presence is not None:
            # Goodbye after the last heartbeat, never before one that would bring this console back.
            for thread in self._threads:
                if thread.name == "ipstui-presence":
                    thread.join(timeout=1.0)
            self.presence.leave()

    def run(self, command: Command) -> None:
        """Run `command` after what is already asked; CommandDone says how it went."""
        with self._lock:
            self._commands += 1
            waiting_for, queued = self._waiting_for, self._commands
        if waiting_for is not None:
            self.post(Saving(waiting_for, queued))  # the header counts it at once
        self._put(lambda: self._run(command))

    def ask(self, question: Callable[[DataFolder], Any], then: Callable[[Any], None]) -> None:
        """Answer `question` about the folder off the loop; `then(answer)` runs on the loop."""
        self._put(lambda: self._answer(question, then))

    def look(self, force: bool = False) -> None:
        """Look at the folder again (once, however often asked meanwhile); `force` hands the view on even unchanged."""
        if force:
            self._seen = self._posted = None
        if not self._look_queued.is_set():
            self._look_queued.set()
            self._put(self._look)

    def idle(self) -> bool:
        """Whether nothing is waiting or running."""
        with self._lock:
            return self._busy == 0

    def _put(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._busy += 1
        self._jobs.put(job)

    # -- the worker -----------------------------------------------------------------------

    def _work(self) -> None:
        while not self._stop.is_set():
            job = self._jobs.get()
            if job is None:
                return
            try:
                job()
            except Exception as error:  # noqa: BLE001 - the road must outlive any one job
                self.post(StateChanged(None, f"could not finish: {error}"))
            finally:
                with self._lock:
                    self._busy -= 1

    def _run(self, command: Command) -> None:
        with self._lock:
            self._commands -= 1
        shown: list[tuple[str, StateSnapshot]] = []
        folded = (lambda session_id, state: self._show_unsaved(session_id, state, shown)) if self.draw_while_saving else None
        done = self._attempt(lambda: self.folder.execute(command, folded), lambda outcome, error: CommandDone(command, outcome, error))
        try:
            if shown:
                self._saved(*shown[0], failed=done.error is not None)
            # The change reaches the screen by the road every terminal's does (if it was not
            # shown while it was written), and before the outcome: that one's toast, if drawn
            # alone, put the change a whole frame (1/60 s) later.
            self._look()
        finally:
            self.post(done)

    def _show_unsaved(self, session_id: str, state: SessionState, shown: list[tuple[str, StateSnapshot]]) -> None:
        """Hand the screen the live session with a command's events folded in, while they are written.

        Drawing it overlaps the write (two fsyncs, the largest part of a key press the store
        decides); should the write fail, the state on disk is handed on again at once."""
        if session_id != self._live or self._last_group is None:
            return
        snapshot = state.snapshot()
        shown.append((session_id, snapshot))
        self._hand_on(self._folder_view(session_id, snapshot, self._last_group[1]), unsaved=True)

    def _saved(self, session_id: str, snapshot: StateSnapshot, failed: bool) -> None:
        """After a write whose state was shown while it was written: the next look finds
        nothing new if nothing else changed, or, if the write failed, hands on the state on
        disk again, whatever else has changed."""
        if failed:
            self._seen = self._last_snapshot = self._posted = None
            return
        key = self.folder.session_file(session_id).doc.held_key()
        self._last_snapshot = ((session_id, key), snapshot)
        if self._seen is not None and len(self._seen) == 3 and session_id == self._live:
            # What the folder looks like if nobody else changed it since: then the next look
            # ends at the fingerprint, having nothing new to hand on.
            self._seen = (self._seen[0], self._seen[1], key)

    def _answer(self, question: Callable[[DataFolder], Any], then: Callable[[Any], None]) -> None:
        self.post(self._attempt(lambda: question(self.folder), lambda answer, error: Answered(then, answer, error)))

    def _attempt(self, work: Callable[[], Any], told: Callable[[Any, str | None], News]) -> News:
        """Do `work`, saying meanwhile whom it waits for; `told(result, None)` or `told(None, why)`, to post."""
        observe_lock_waits(self._waiting)
        try:
            result = work()
        except (CommandError, *FOLDER_ERRORS) as error:
            return told(None, folder_error_text(error))
        else:
            return told(result, None)
        finally:
            observe_lock_waits(None)

    def _waiting(self, holder: str | None) -> None:
        with self._lock:
            self._waiting_for = None if holder is None else holder or "another terminal"
            waiting_for, queued = self._waiting_for, self._commands
        self.post(Saving(waiting_for, queued) if waiting_for is not None else Saving(None))

    def _look(self) -> None:
        """Hand on a fresh view if the folder changed since the last one."""
        self._look_queued.clear()
        try:
            seen = self._fingerprint()
            if seen == self._seen:
                return
            # Taken before reading: a file refused now is tried again when it next changes, not twice a second.
            self._seen = seen
            view = self._view()
        except FOLDER_ERRORS as error:
            self._posted = None
            self.post(StateChanged(None, folder_error_text(error)))
            return
        self._hand_on(view)

    def _hand_on(self, view: FolderView, unsaved: bool = False) -> None:
        """Post `view`, unless it is the very view posted last (the same snapshot and group parts)."""
        last = self._posted
        if (last is not None and last.session_id == view.session_id and last.state is view.state
                and last.names == view.names and last.agreement is view.agreement
                and last.settings is view.settings and last.upcoming is view.upcoming):
            return
        self._posted = view
        self.post(StateChanged(view, unsaved=unsaved))

    def _fingerprint(self) -> tuple:
        """What changes when anything the view shows does: the group file, the session files, the live one."""
        folder = self.folder
        if not folder.root.exists():
            return ("no folder",)
        names = frozenset(name for name in os.listdir(folder.root) if name.startswith("session-") and name.endswith(".json"))
        live = folder.session_file(self._live).doc.stat_key() if self._live else None
        return folder.group.doc.stat_key(), names, live

    def _view(self) -> FolderView:
        folder = self.folder
        exists = folder.root.exists()
        live = self._live = folder.live_session_id() if exists else None
        state = self._snapshot(live) if live is not None else None
        return self._folder_view(live, state, self._group_view(exists))

    @staticmethod
    def _folder_view(live: str | None, state: StateSnapshot | None, group: _GroupView) -> FolderView:
        names = group.names
        if state is not None:
            names = tuple(known_names(chain(names, (person.name for person in state.participants.values()))))
        return FolderView(live, state, names, group.agreement, group.settings, group.upcoming)

    def _snapshot(self, session_id: str) -> StateSnapshot:
        """The live session's snapshot: the last one again while its file has not changed."""
        file = self.folder.session_file(session_id)
        # Taken before reading: a change in between makes the next look read again.
        key = (session_id, file.doc.stat_key())
        if self._last_snapshot is None or self._last_snapshot[0] != key:
            self._last_snapshot = (key, file.state().snapshot())
        return self._last_snapshot[1]

    def _group_view(self, exists: bool) -> _GroupView:
        """What the view takes from the group's file: read again only when that file has changed."""
        folder = self.folder
        # The next moderator stands on the ended sessions too: which there are, and which is live.
        names = self._seen[1] if self._seen is not None and len(self._seen) == 3 else None
        key = (exists, folder.group.doc.stat_key(), names, self._live)
        if self._last_group is None or self._last_group[0] != key:
            roster = tuple(known_names(volunteer.name for volunteer in folder.volunteers())) if exists else ()
            group = _GroupView(roster, folder.agreement(), _frozen(folder.group.settings()), folder.upcoming())
            self._last_group = (key, group)
        return self._last_group[1]

    # -- the watcher ----------------------------------------------------------------------

    def _watch(self) -> None:
        """Wake on any change in the folder, and at least twice a second."""
        watcher = FolderWatcher(self.folder.root)
        try:
            while not self._stop.is_set():
                watcher.wait(LOOK_SECONDS)
                if not self._stop.is_set():
                    self.look()
        finally:
            watcher.close()

    # -- the heartbeat --------------------------------------------------------------------

    def _beat(self) -> None:
        """Say this console is here, and look who else is, however long a command waits."""
        beat_due = 0.0
        while not self._stop.is_set():
            try:
                beat_due = self._presence(time.monotonic(), beat_due)
            except Exception:  # noqa: BLE001 - a heartbeat missed is made up a second later
                pass
            self._stop.wait(PEERS_SECONDS)

    def _presence(self, now: float, beat_due: float) -> float:
        """Beat when due; tell the app when who is attached (or alive) has changed."""
        assert self.presence is not None
        moment = self.heartbeat_clock.now()
        if now >= beat_due:
            self.presence.beat(moment)
            beat_due = now + BEAT_SECONDS
        peers = tuple(self.presence.peers(moment))
        shape = tuple((peer.id, peer.actor, peer.terminal, peer.watch_only, peer.alive) for peer in peers)
        if shape != self._peers:
            self._peers = shape
            self.post(PeersChanged(peers))
        return beat_due
