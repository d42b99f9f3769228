"""A session's file: its append-only event log, and the state folded from it."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ipstui.domain.events import Event
from ipstui.domain.outcome import Command, CommandError, Context, Outcome
from ipstui.domain.state import Mark, SessionState
from ipstui.store.atomic import FileMode, damaged, encode
from ipstui.store.document import INVALID, JsonDocument, StatKey, reason

if TYPE_CHECKING:
    from ipstui.domain.commands import StartSession


@dataclass(frozen=True)
class Stamp:
    """Who acts, from where, and when: written into every event a command appends."""

    by: str
    terminal: str


def _check_log(data: dict[str, Any]) -> None:
    """The outline of a session file; the fold checks each event."""
    events = data.get("events")
    if not isinstance(events, dict) or not all(isinstance(event, dict) for event in events.values()):
        raise ValueError("its events are not a table of events")
    if not isinstance(data["meta"]["1"].get("generation", 0), int):
        raise ValueError("its generation is not a number")


class SessionFile:
    """One session's log on disk; every change goes through `execute` under the file's lock."""

    def __init__(self, path: Path, mode: FileMode = FileMode()) -> None:
        self.doc = JsonDocument(path, "session", mode, append_only="events", validate=_check_log)
        self._state: SessionState | None = None
        self._state_key: StatKey | None = None
        self._generation = 0

    @property
    def path(self) -> Path:
        return self.doc.path

    @property
    def session_id(self) -> str:
        return self.path.stem.removeprefix("session-")

    def state(self) -> SessionState:
        """The freshest state; only events new since the last look are folded in."""
        return self.read()[0]

    def read(self) -> tuple[SessionState, StatKey]:
        """The freshest state and the version of the file it was folded from."""
        data, key = self.doc.read()
        return self._fold(data, key), key

    def _fold(self, data: dict[str, Any], key: StatKey) -> SessionState:
        if self._state is not None and self._state_key == key:
            return self._state
        events = data["events"]
        generation = data["meta"]["1"].get("generation", 0)
        state = self._state
        # Only a log that grew by appends since the state was folded may be folded from its end:
        # one rewritten in place (by a hand, say) is folded afresh.
        if (state is None or self.doc.grew_from != self._state_key or len(events) < state.last_seq
                or not self._same_start(state, events) or generation != self._generation):
            state = SessionState()
            self._generation = generation
        try:
            self._fold_into(state, events)
        except BaseException:
            self._state = None
            raise
        self._state, self._state_key = state, key
        return state

    def _fold_into(self, state: SessionState, events: dict[str, Any]) -> None:
        try:
            for seq in range(state.last_seq + 1, len(events) + 1):
                state.apply(Event.from_doc(seq, events[str(seq)]))
        except INVALID as error:
            raise damaged(self.path, f"event log is inconsistent: {error!r}") from None

    def check(self, data: Any) -> SessionState:
        """The state `data` folds into; DamagedFile unless it is a sound session file."""
        self.doc.check(data)
        state = SessionState()
        self._fold_into(state, data["events"])
        return state

    @staticmethod
    def _same_start(state: SessionState, events: dict[str, Any]) -> bool:
        first = events.get("1")
        return bool(state.log) and first is not None and first.get("at") == state.log[0].at.isoformat()

    def create(self, command: StartSession, ctx: Context, stamp: Stamp) -> Outcome:
        """Write a new session file holding the start of the session."""
        with self.doc.lock:
            if self.doc.exists():
                raise FileExistsError(self.path)
            state = SessionState()
            outcome = command.run(state, ctx)
            docs = self._fold_first(state, command, outcome, ctx, stamp)
            self.doc.create({"session_id": command.session_id}, {"events": docs})
            self._state, self._state_key = state, self.doc.held_key()
        return outcome

    def purge_chat_text(self) -> int:
        """Empty the text of every chat comment, and the words it quoted (retention); returns how many.

        The one deliberate rewrite of a log: people's words are not kept longer than the group wants.
        """
        with self.doc.transaction() as tx:
            events = tx.table("events")
            targets = [doc for doc in events.all() if doc.get("type") == "chat_added"
                       and (doc["data"].get("text") or doc["data"].get("reply_to"))]
            for doc in targets:
                data = {key: value for key, value in doc["data"].items() if key != "reply_to"}
                events.update({"data": {**data, "text": "", "purged": True}}, doc_ids=[doc.doc_id])
            if targets:
                # A rewrite: every process must fold the log afresh, not just its new end.
                meta = tx.storage.data["meta"]["1"]
                tx.storage.data["meta"] = {"1": {**meta, "generation": int(meta.get("generation", 0)) + 1}}
        self._state = None
        return len(targets)

    def purge_request_text(self) -> int:
        """Empty the words of every member's request the log holds (retention, as for chat); returns how many."""
        with self.doc.transaction() as tx:
            events = tx.table("events")
            targets = [doc for doc in events.all() if doc.get("type") == "request_recorded" and doc["data"].get("text")]
            for doc in targets:
                events.update({"data": {**doc["data"], "text": "", "purged": True}}, doc_ids=[doc.doc_id])
            if targets:
                meta = tx.storage.data["meta"]["1"]
                tx.storage.data["meta"] = {"1": {**meta, "generation": int(meta.get("generation", 0)) + 1}}
        self._state = None
        return len(targets)

    def execute(self, command: Command, context: Callable[[], Context], stamp: Stamp,
                folded: Callable[[str, SessionState], None] | None = None) -> Outcome:
        """Run `command` against the freshest state under the lock and append its events.

        The events are folded in before they are written: what the fold would reject is
        refused (CommandError) and nothing is written. `folded(session_id, state)`, if given, is
        shown the state with them folded in while they are being written (it must not keep or
        change it): a screen can draw the change meanwhile, and must draw the state again if the
        write fails.
        """
        state: SessionState | None = None
        mark: Mark | None = None
        try:
            with self.doc.transaction() as tx:
                state = self._fold(tx.storage.data, self.doc.read()[1])
                # A terminal whose clock is behind the log's never writes time backwards.
                ctx = context()
                # (An ended session takes only the undoing of its end, stamped when it is done.)
                ctx = replace(ctx, now=state.clamp(ctx.now) if state.ended_at is None
                              else max(ctx.now, state.ended_at))
                outcome = command.run(state, ctx)
                if not outcome.changed:
                    return outcome
                mark = state.mark()
                for key, doc in self._fold_first(state, command, outcome, ctx, stamp).items():
                    tx.append(key, doc)
                if folded is not None:
                    folded(self.session_id, state)
        except BaseException:
            if state is not None and mark is not None:
                state.rewind(mark)  # not written: the cached state must not hold it either
            raise
        # The version this process wrote, not whatever is on disk once the lock is let go: another
        # terminal's write in between would otherwise be taken as folded into this state.
        self._state, self._state_key = state, self.doc.held_key()
        return outcome

    @staticmethod
    def _fold_first(state: SessionState, command: Command, outcome: Outcome, ctx: Context,
                    stamp: Stamp) -> dict[str, Any]:
        """Fold `outcome`'s events into `state` exactly as a reader will read them back, and return
        them as stored; CommandError, with `state` as it was, if the fold rejects any of them."""
        first = state.last_seq + 1
        docs = {}
        try:
            for offset, new in enumerate(outcome.events):
                event = Event(first + offset, new.type, ctx.now, first, stamp.by, stamp.terminal, new.data)
                docs[str(event.seq)] = json.loads(encode(event.to_doc()))
            state.extend(Event.from_doc(int(key), doc) for key, doc in docs.items())
        except INVALID as error:
            raise CommandError(f"{command.title.lower()} refused, nothing was changed: {reason(error)}") from None
        return docs
