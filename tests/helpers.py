"""Shared test helpers: a session driven through the domain with a hand-moved clock."""

from __future__ import annotations

from datetime import datetime, timezone

from ipstui.domain.clock import ManualClock
from ipstui.domain.commands import StartSession
from ipstui.domain.outcome import Command, Context, Outcome
from ipstui.domain.events import Event
from ipstui.domain.settings import SessionSettings
from ipstui.domain.state import SessionState

T0 = datetime(2026, 11, 28, 22, 15, tzinfo=timezone.utc)


class Driver:
    """Runs commands the way the store does, in memory: stamp, number, fold."""

    def __init__(self, settings: SessionSettings | None = None, known: set[str] | None = None,
                 quiet: set[str] | None = None) -> None:
        self.clock = ManualClock(T0)
        self.state = SessionState()
        self.known = frozenset(known or ())
        self.quiet = frozenset(quiet or ())
        self.do(StartSession("2026-11-28", "Mutuality", "Sam", settings or SessionSettings()))

    def ctx(self) -> Context:
        return Context(self.clock.now(), "tester", self.known, self.quiet)

    def do(self, command: Command) -> Outcome:
        outcome = command.run(self.state, self.ctx())
        first = self.state.last_seq + 1
        for offset, new in enumerate(outcome.events):
            self.state.apply(Event(first + offset, new.type, self.clock.now(), first, "tester", "t", new.data))
        return outcome

    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def talk(self, name: str) -> float:
        return next(m.talk_seconds for m in self.state.meters(self.clock.now()) if m.name == name)


def group_disk_full(monkeypatch) -> None:
    """From now on every write of the group's file fails as on a full disk (the session files are written)."""
    from ipstui.store import atomic, document
    from ipstui.store.errors import WriteFailed

    real = atomic.write_bytes_atomic

    def full(path, payload, *args, **kwargs):
        if path.name == "group.json":
            raise WriteFailed(path, OSError(28, "No space left on device"))
        return real(path, payload, *args, **kwargs)

    monkeypatch.setattr(document, "write_bytes_atomic", full)
