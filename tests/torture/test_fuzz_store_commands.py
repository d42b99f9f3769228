"""Random moderator actions through the real store: a second reader of the folder always agrees."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, rule, run_state_machine_as_test

from ipstui.domain import commands as c
from ipstui.domain.outcome import Command
from ipstui.domain.clock import ManualClock
from ipstui.domain.settings import QueuePolicy, SessionSettings
from ipstui.domain.state import HandKind, SessionState
from ipstui.store import DataFolder
from tests.helpers import T0
from tests.unit.test_state_machine import ModeratorActions, view


class StoreSession(ModeratorActions):
    """One moderator acting through a DataFolder on disk; a fresh DataFolder reads behind it."""

    commands_run = 0

    def __init__(self) -> None:
        super().__init__()
        self._scratch = tempfile.TemporaryDirectory()
        self.root = Path(self._scratch.name) / "db"
        self.clock = ManualClock(T0)
        self.writer = DataFolder(self.root, clock=self.clock, actor="sam", terminal="test:1")
        self.undo_stack: list[SessionState] = []

    @initialize(policy=st.sampled_from(list(QueuePolicy)))
    def start(self, policy):
        self.writer.start("Mutuality", "Sam", SessionSettings(policy=policy))

    def teardown(self) -> None:
        self._scratch.cleanup()

    def act(self, command: Command) -> None:
        StoreSession.commands_run += 1
        file = self.writer.live()
        before, raw = copy.deepcopy(file.state()), file.path.read_bytes()
        try:
            outcome = self.writer.execute(command)
        except c.CommandError:
            assert file.path.read_bytes() == raw  # a refused command writes nothing
            return
        if outcome.changed:
            self.undo_stack.append(before)
        else:
            assert file.path.read_bytes() == raw

    @rule()
    def undo(self):
        now = self.clock.now()
        expected = self.undo_stack.pop() if self.undo_stack else None
        events = len(self.writer.live().state().log)
        # As the console does after its "yes": an undo that would make private words readable asks first.
        self.act(c.Undo(anyone=True))
        if expected is None:
            assert len(self.writer.live().state().log) == events, "undo with nothing to undo"
            return
        self.undo_stack.pop()  # the undo itself is no action to undo
        assert view(self.writer.live().state(), now) == view(expected, now)

    @rule(seconds=st.one_of(st.floats(0, 600, allow_nan=False), st.just(-5.0)))
    def wait(self, seconds):
        # A small step back stands for a corrected system clock.
        self.clock.advance(seconds)

    @invariant()
    def a_fresh_reader_agrees_and_the_agreement_holds(self):
        if not self.root.exists():
            return
        now = self.clock.now()
        state = self.writer.live().state()
        theirs = DataFolder(self.root, clock=self.clock).live().state()
        assert view(theirs, now) == view(state, now)
        assert [e.to_doc() for e in theirs.log] == [e.to_doc() for e in state.log]
        meters = state.meters(now)
        assert sum(m.current_turn_seconds is not None for m in meters) <= 1
        assert all(m.talk_seconds >= 0 and (m.current_turn_seconds or 0) >= 0 for m in meters)
        keys = [hand.key for hand in state.hands]
        assert len(keys) == len(set(keys)) and (state.turn is None or state.turn.key not in keys)
        kinds = [hand.kind for hand in state.ordered_hands(now)]
        order = [HandKind.OUCH, HandKind.REPLY, HandKind.ORDINARY]
        assert kinds == sorted(kinds, key=order.index)
        assert not any(comment.private for comment in state.to_read())
        assert all(c.private for c in state.comments.values() if c.private_reason)


@pytest.mark.reliability("fuzz", "random moderator commands through the store, read back by a second folder")
def test_random_commands_through_the_store_read_back_the_same_by_a_second_reader(ledger):
    StoreSession.commands_run = 0
    run_state_machine_as_test(StoreSession, settings=settings(max_examples=60, stateful_step_count=30, deadline=None))
    ledger.tried(times=StoreSession.commands_run)
