"""Stateful property test: any sequence of moderator actions keeps the agreement's invariants."""

from __future__ import annotations

import copy

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from ipstui.domain import commands as c
from ipstui.domain.outcome import Command
from ipstui.domain.settings import QueuePolicy, SessionSettings
from ipstui.domain.state import ChatStatus, HandKind, SessionState
from tests.helpers import Driver

# Spellings of one person differ in case and spacing; they must be matched as one.
NAMES = st.sampled_from(["Ana", "ana", "ben", "Chloé", "Dia  Mo", "dia mo", "[b]Eli[/b]", "Zoë\u200dx"])
TEXTS = st.sampled_from(["hi", "[red]not markup[/]", "\x1b[2J", "line\nbreak", "שלום \u202e"])


def view(state: SessionState, now) -> tuple:
    """Everything a console shows, evaluated at one moment."""
    return (
        state.turn and (state.turn.name, state.turn.started_at),
        [(h.name, h.kind, h.raised_at) for h in state.ordered_hands(now)],
        {k: (round(state.talk_seconds(k, now), 6), p.turns, p.hands_raised) for k, p in state.participants.items()},
        {i: (x.status, x.private) for i, x in state.comments.items()},
        state.agenda_index,
        len(state.reminders),
    )


class ModeratorActions(RuleBasedStateMachine):
    """Every moderator action as a rule; a subclass says how a command is run (`act`)."""

    def act(self, command: Command) -> None:
        raise NotImplementedError

    @rule(name=NAMES)
    def add(self, name):
        self.act(c.AddParticipant(name))

    @rule(name=NAMES, kind=st.sampled_from(list(HandKind)))
    def raise_hand(self, name, kind):
        self.act(c.RaiseHand(name, kind))

    @rule(name=NAMES)
    def lower(self, name):
        self.act(c.LowerHand(name))

    @rule()
    def lower_all(self):
        self.act(c.LowerAllHands())

    @rule()
    def call_next(self):
        self.act(c.CallNextHand())

    @rule(name=NAMES)
    def speak(self, name):
        self.act(c.StartSpeaker(name))

    @rule()
    def stop(self):
        self.act(c.StopSpeaker())

    @rule(name=NAMES, text=TEXTS, private=st.booleans(), direct=st.booleans())
    def chat(self, name, text, private, direct):
        self.act(c.AddChatComment(name, text, private=private, direct=direct))

    @rule(comment=st.none() | st.integers(1, 6), status=st.sampled_from([ChatStatus.READ, ChatStatus.SKIPPED]))
    def mark(self, comment, status):
        self.act(c.MarkComment(comment, status))

    @rule(comment=st.integers(1, 6))
    def make_private(self, comment):
        self.act(c.MakeCommentPrivate(comment))

    @rule()
    def next_agenda_item(self):
        self.act(c.NextAgendaItem())

    @rule(item=st.integers(0, 26))
    def remind(self, item):
        self.act(c.RemindAgreement(item))


class Session(ModeratorActions):
    def __init__(self) -> None:
        super().__init__()
        self.d = Driver(SessionSettings(policy=QueuePolicy.PROGRESSIVE))
        self.undo_stack: list[object] = []
        self.last_talk: dict[str, float] = {}

    def act(self, command: Command) -> None:
        before = copy.deepcopy(self.d.state)
        now = self.d.clock.now()
        try:
            outcome = self.d.do(command)
        except c.CommandError:
            # A refused command changes nothing at all.
            assert view(self.d.state, now) == view(before, now)
            assert len(self.d.state.log) == len(before.log)
            return
        if outcome.changed:
            self.undo_stack.append(before)

    @rule(seconds=st.floats(0, 400, allow_nan=False))
    def wait(self, seconds):
        self.d.wait(seconds)

    @rule()
    def undo(self):
        now = self.d.clock.now()
        if not self.undo_stack:
            try:
                self.d.do(c.Undo())
            except c.CommandError:
                return
            raise AssertionError("undo succeeded with nothing to undo")
        before = self.undo_stack.pop()
        length = len(self.d.state.log)
        try:
            self.d.do(c.Undo())
        except c.CommandError as error:
            # One's own action, refused only when undoing it would make private words readable.
            assert "readable again" in str(error) and len(self.d.state.log) == length
            self.d.do(c.Undo(anyone=True))
        assert view(self.d.state, now) == view(before, now)
        self.last_talk = {}

    @invariant()
    def one_speaker_and_nobody_twice_in_the_queue(self):
        now = self.d.clock.now()
        speaking = [m for m in self.d.state.meters(now) if m.current_turn_seconds is not None]
        assert len(speaking) <= 1
        keys = [h.key for h in self.d.state.hands]
        assert len(keys) == len(set(keys))
        if self.d.state.turn:
            assert self.d.state.turn.key not in keys

    @invariant()
    def talk_never_decreases_nor_exceeds_the_session(self):
        now = self.d.clock.now()
        elapsed = self.d.state.elapsed_seconds(now)
        talk = {m.name: m.talk_seconds for m in self.d.state.meters(now)}
        for name, seconds in talk.items():
            assert seconds >= self.last_talk.get(name, 0.0) - 1e-9
            assert seconds <= elapsed + 1e-9
        assert sum(talk.values()) <= elapsed + 1e-6
        self.last_talk = talk


Session.TestCase.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
TestSession = Session.TestCase
