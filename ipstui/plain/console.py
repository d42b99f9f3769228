"""The line console's loop: typed lines in, sentences out, the folder on the same road as the full console's.

Reads and writes of the data folder run on `SessionSync`'s worker, as for the full-screen console;
what it finds comes back here as messages. The main thread only reads typed lines, so an
announcement can arrive while a line is half typed: it is written above the line, and the line
is written again as it was.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from datetime import datetime
from typing import Any, Callable, TextIO

from ipstui.domain.clock import Clock
from ipstui.domain.outcome import Command
from ipstui.domain.privacy import audience
from ipstui.domain.schedule import scheduled_end, slot_from_settings
from ipstui.domain.state import SessionState
from ipstui.domain.text import loose_key, terminal_safe
from ipstui.plain import answers
from ipstui.plain.cues import Cues
from ipstui.plain.lines import first_upper, fitted, name, plain
from ipstui.plain.narrator import Narrator
from ipstui.plain.words import WORDS, Act, Ask, Misread, read_line
from ipstui.road import Answered, CommandDone, FolderView, PeersChanged, Saving, SessionSync, StateChanged
from ipstui.store import DataFolder
from ipstui.store.presence import Peer, PeerChanges, Presence

PROMPT = "> "
# The words after which a name is typed (tab completes it).
NAME_WORDS = ("speak", "hand", "lower", "add", "ouch", "bell")
TICK_SECONDS = 1.0


class Output:
    """Writes whole lines; a line being typed stays below them, as it was."""

    def __init__(self, stream: TextIO, line_editing: Any | None) -> None:
        self.stream = stream
        self.editing = line_editing
        self.lock = threading.Lock()
        self.prompt: str | None = None  # the prompt showing, while a line is read

    def say(self, lines: list[str]) -> None:
        if not lines:
            return
        # Nothing a terminal obeys, whatever the text came from: sentences are made of escaped
        # text already, and this is the last word on it (a control, C1 or lone surrogate spelled out).
        text = "".join(f"{terminal_safe(line)}\n" for line in lines)
        with self.lock:
            if self.prompt is not None:
                # What is being typed may hold a completed name: shown again, it is shown safe.
                typed = terminal_safe(self.editing.get_line_buffer()) if self.editing is not None else ""
                # Over an empty prompt, from the line's start; under a half-typed line, on the next.
                text = ("\n" if typed else "\r") + text + self.prompt + typed
            self.stream.write(text)
            self.stream.flush()

    def read(self, prompt: str) -> str | None:
        """One typed line (None at the end of input)."""
        shown = prompt if self.editing is not None else ""
        with self.lock:
            self.prompt = shown or None
        try:
            return input(shown) if self.editing is not None else _plain_input()
        except EOFError:
            return None
        finally:
            with self.lock:
                self.prompt = None


def _interrupt(signum: int, frame: Any) -> None:
    # Once: a second signal while the console closes must not end it before its goodbye.
    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    raise KeyboardInterrupt


def _plain_input() -> str:
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\n")


def line_editing(complete: Callable[[str, int], str | None]) -> Any | None:
    """Readline, set to edit with plain characters only; None when input is not a terminal."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    # Before readline loads: on a "dumb" terminal it edits with characters, backspaces and
    # carriage returns, never a cursor movement or a mode switch.
    os.environ["TERM"] = "dumb"
    try:
        import readline
    except ImportError:
        return None
    for setting in ("set enable-bracketed-paste off", "set enable-meta-key off", "set bell-style none",
                    "set horizontal-scroll-mode on", "tab: complete"):
        readline.parse_and_bind(setting)
    readline.set_completer_delims("")
    readline.set_completer(complete)
    return readline


class PlainConsole:
    """One line console on a data folder."""

    def __init__(self, folder: DataFolder, clock: Clock, read_only: bool = False,
                 presence: Presence | None = None, heartbeat_clock: Clock | None = None,
                 stream: TextIO | None = None, editing: bool = True) -> None:
        self.folder = folder
        self.clock = clock
        self.read_only = read_only
        self.seen_by = audience(not read_only)
        self.out = Output(stream or sys.stdout, line_editing(self._complete) if editing else None)
        self.narrator = Narrator(folder.stamp.terminal, self.seen_by)
        self.cues = Cues(self._scheduled_end)
        self.view: FolderView | None = None
        self.session_id: str | None = None
        self.lock = threading.Lock()  # the narrator's fold: the worker's messages and the typed questions
        self.first_view = threading.Event()
        self.stopping = threading.Event()
        self.peer_changes = PeerChanges()
        self.waiting_for: str | None = None
        self.heartbeat_clock = heartbeat_clock or clock
        self.sync = SessionSync(folder, self._post, presence, self.heartbeat_clock)

    # -- running ------------------------------------------------------------------------------

    def run(self) -> int:
        self.out.say(["ipstui, line console. Type help for the commands." +
                      (" This console only watches." if self.read_only else "")])
        # A hung-up terminal (an SSH connection dropped) or a stop asked for: leave as after quit.
        for sig in (signal.SIGHUP, signal.SIGTERM):
            signal.signal(sig, _interrupt)
        self.sync.start()
        self.first_view.wait(10)
        ticker = threading.Thread(target=self._tick, name="ipstui-cues", daemon=True)
        ticker.start()
        try:
            while True:
                line = self.out.read(PROMPT)
                if line is None or self._typed(line) is False:
                    break
        except KeyboardInterrupt:
            pass
        self.stopping.set()
        self.out.say(["Leaving the line console; the session goes on."])
        self.sync.stop()
        return 0

    def _tick(self) -> None:
        while not self.stopping.wait(TICK_SECONDS):
            with self.lock:
                state = self.narrator.state
                said = self.cues.due(state, self.clock.now()) if state is not None and self.session_id else []
            self.out.say(said)

    # -- what the folder says -------------------------------------------------------------------

    def _post(self, message: Any) -> None:
        """Messages from the worker, the watcher and the heartbeat (their threads, not this one)."""
        if isinstance(message, StateChanged):
            self._on_view(message)
            self.first_view.set()
        elif isinstance(message, CommandDone):
            self._on_done(message)
        elif isinstance(message, Saving):
            self._on_saving(message)
        elif isinstance(message, PeersChanged):
            self._on_peers(message.peers)
        elif isinstance(message, Answered):
            if message.error is not None:
                self.out.say([fitted(f"Could not finish: {plain(message.error)}.")])
            else:
                message.then(message.result)

    def _on_view(self, message: StateChanged) -> None:
        view = message.view
        if view is None:
            self.out.say([fitted(f"The data folder could not be read: {plain(message.error or 'unknown error')}.")])
            return
        first = self.view is None
        self.view = view
        now = self.clock.now()
        with self.lock:
            ended = self.session_id if self.session_id != view.session_id else None
            said: list[str] = []
            if ended is not None and self.narrator.state is not None:
                # The session this console followed is no longer live: its last events, then what is now.
                self.sync.ask(lambda folder: folder.session_file(ended).state(), self._ended)
            self.session_id = view.session_id
            if view.state is None:
                if first:
                    said = self._home_lines(view, now)
            elif first:
                said = self.narrator.attach(view.state.log, now)
                self.cues.quietly(self.narrator.state, now)
            elif ended is not None or self.narrator.state is None or \
                    self.narrator.state.session_id != view.state.session_id:
                self.narrator.state = SessionState()
                said = self.narrator.follow(view.state.log)
            else:
                said = self.narrator.follow(view.state.log)
        self.out.say(said)

    def _ended(self, state: SessionState) -> None:
        with self.lock:
            follower = Narrator(self.narrator.terminal, self.seen_by)
            previous = self.narrator.state
            follower.state = previous if previous is not None and previous.session_id == state.session_id else None
            said = follower.follow(state.log) if follower.state is not None else []
            if self.session_id is None:
                self.narrator.state = None
        self.out.say(said)

    def _home_lines(self, view: FolderView, now: datetime) -> list[str]:
        from ipstui.reports.status import status_lines

        lines = [fitted(" ".join(line.split())) for line in
                 status_lines(None, dict(view.settings), now, view.upcoming.held_on)]
        upcoming = view.upcoming
        if upcoming.moderator:
            lines.append(fitted(f"Moderator: {name(upcoming.moderator)}"
                                + (f", backup {name(upcoming.backup)}." if upcoming.backup else ".")))
        if upcoming.topic:
            lines.append(fitted(f"Topic: {plain(upcoming.topic)}."))
        lines.append("Type start, then a topic, to start the session.")
        return lines

    def _on_done(self, message: CommandDone) -> None:
        self.waiting_for = None
        if message.outcome is None:
            self.out.say([fitted(f"Not done: {plain(message.error or 'refused')}.")])
        elif not message.outcome.changed:
            self.out.say([fitted(first_upper(plain(message.outcome.message)).rstrip(".") + ".")])

    def _on_saving(self, message: Saving) -> None:
        if message.waiting_for is not None and message.waiting_for != self.waiting_for:
            self.out.say([fitted(f"Saving: waiting for {plain(message.waiting_for)}.")])
        self.waiting_for = message.waiting_for

    def _on_peers(self, peers: tuple[Peer, ...]) -> None:
        said = []
        for change in self.peer_changes.update(peers, self.heartbeat_clock.now()):
            who = name(change.peer.actor)
            if change.kind == "joined":
                role = ", watching" if change.peer.watch_only else ""
                said.append(fitted(f"{who} is attached from {plain(change.peer.terminal)}{role}."))
            elif change.kind == "vanished":
                said.append(fitted(f"{who}'s console vanished without a goodbye."))
            else:
                said.append(fitted(f"{who} left."))
        self.out.say(said)

    # -- typed lines ----------------------------------------------------------------------------

    def _typed(self, line: str) -> bool:
        """Do what a line asks; False when it asks to leave."""
        word = line.strip().split(" ", 1)[0].lower()
        if word == "start":
            self._start(line.strip()[5:].strip())
            return True
        read = read_line(line)
        if read is None:
            return True
        if isinstance(read, Misread):
            self.out.say([fitted(read.sentence)])
        elif isinstance(read, Act):
            self._act(read.command)
        elif read.question in ("quit",):
            return False
        elif read.question == "end":
            self._closing()
        else:
            self.out.say(self._answer(read))
        return True

    def _act(self, command: Command) -> None:
        if self.read_only:
            self.out.say(["This console only watches: it cannot change the session."])
        elif self.session_id is None:
            self.out.say(["No session is live. Type start, then a topic, to start one."])
        else:
            self.sync.run(command)

    def _answer(self, asked: Ask) -> list[str]:
        now = self.clock.now()
        if asked.question == "help":
            return answers.help_lines()
        if asked.question == "agreement":
            return answers.agreement(self.view.agreement, asked.rest) if self.view else []
        with self.lock:
            state = self.narrator.state
            if state is None or not state.is_live:
                return ["No session is live."]
            if asked.question == "status":
                return self.narrator.where_we_are(now)
            if asked.question == "queue":
                return answers.queue(state, now)
            if asked.question == "who":
                return answers.who(state, now)
            if asked.question == "time":
                return answers.time(state, now, self._scheduled_end(state))
            if asked.question == "chat":
                return answers.chat(state, asked.rest, self.seen_by)
            if asked.question == "talk":
                return answers.talk(state, now)
            return answers.agenda(state, now)

    def _start(self, topic: str) -> None:
        if self.read_only:
            self.out.say(["This console only watches: it cannot start a session."])
            return
        chosen = topic or (self.view.upcoming.topic if self.view is not None else None) or ""
        if not chosen:
            self.out.say(["Say the topic: start, then the topic."])
            return
        me = self.folder.stamp.by
        self.sync.ask(lambda folder: folder.start(chosen, me)[1], lambda outcome: None)

    def _closing(self) -> None:
        """A recap in a few lines, then the next moderator, backup and topic, then the end."""
        if self.read_only:
            self.out.say(["This console only watches: it cannot end the session."])
            return
        from ipstui.domain.analysis import recap

        with self.lock:
            state = self.narrator.state
            if state is None or not state.is_live:
                self.out.say(["No session is live."])
                return
            facts = recap(state, self.clock.now())
        self.out.say(_recap_lines(facts))
        chosen = []
        for question in ("Next moderator", "Backup", "Next topic"):
            typed = self.out.read(f"{question} (enter for none): ")
            if typed is None:
                self.out.say(["The session goes on."])
                return
            chosen.append(typed.strip() or None)
        sure = self.out.read("End the session now? Type yes to end it: ")
        if (sure or "").strip().lower() not in ("yes", "y"):
            self.out.say(["The session goes on."])
            return
        from ipstui.domain.commands import EndSession

        self.sync.run(EndSession(chosen[0], chosen[1], chosen[2]))

    # -- helpers --------------------------------------------------------------------------------

    def _scheduled_end(self, state: SessionState) -> datetime | None:
        if state.started_at is None:
            return None
        settings = dict(self.view.settings) if self.view is not None else {}
        return scheduled_end(slot_from_settings(settings), state.started_at)

    def _complete(self, text: str, index: int) -> str | None:
        """Tab: a command's word, or after one that takes a name, a name."""
        word, space, rest = text.partition(" ")
        if not space:
            found = [choice + " " for choice in WORDS + ("start",) if choice.startswith(word.lower())]
        else:
            names = list(self.view.names) if self.view is not None else []
            wanted = loose_key(rest)
            # Readline echoes what it completes straight to the terminal: a name that would need
            # escaping is never offered (it could not have been typed either).
            found = [f"{word} {person}" for person in names
                     if loose_key(person).startswith(wanted) and terminal_safe(person) == person]
        return found[index] if index < len(found) else None


def _recap_lines(facts: Any) -> list[str]:
    figures = facts.figures
    from ipstui.plain.lines import duration

    said = [f"Recap: the call ran {duration(figures.length_seconds)}, {figures.attendance} attended, "
            f"{figures.spoke} spoke."]
    said.append(f"Comments: {figures.comments}, {figures.comments_read} read, {figures.comments_private} private, "
                f"{facts.comments_unread} still to read.")
    if figures.ouches or figures.bells:
        said.append(f"Ouches: {figures.ouches}. Bells: {figures.bells}.")
    if facts.listeners:
        said.append(fitted("Did not speak: " + ", ".join(name(person) for person in facts.listeners) + "."))
    for topic in facts.followups:
        said.append(fitted(f"After-meeting topic: {plain(topic)}."))
    for breakout in facts.breakouts:
        note = f" Note: {plain(breakout.note)}." if breakout.note else ""
        said.append(fitted("Breakout asked for: " + ", ".join(name(person) for person in breakout.names) + "." + note))
    return [fitted(line) for line in said]


def run_plain(folder: DataFolder, clock: Clock, read_only: bool, heartbeat_clock: Clock) -> int:
    """`ipstui --plain`: the line console on `folder` until its user leaves."""
    if folder.root.exists():
        folder.check_readable()
        folder.group.settings()
    presence = Presence(folder.root, folder.stamp.by, folder.stamp.terminal, read_only, folder.mode)
    return PlainConsole(folder, clock, read_only, presence, heartbeat_clock).run()
