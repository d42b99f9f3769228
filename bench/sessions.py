"""Large sessions for benchmarks, written straight into a data folder."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tinydb.table import Document

from ipstui.domain import commands as c
from ipstui.domain.clock import ManualClock
from ipstui.domain.events import Event
from ipstui.domain.state import HandKind, SessionState
from ipstui.store import DataFolder

START = datetime(2026, 11, 28, 22, 15, tzinfo=timezone.utc)


def big_session(root: Path, events: int, people: int = 30, seed: int = 7) -> DataFolder:
    """A live session of about `events` events: speakers, hands, chat, agenda."""
    clock = ManualClock(START)
    folder = DataFolder(root, clock=clock, actor="bench", terminal="bench")
    folder.start("Mutuality", "Maya")
    names = [f"Person {n:02d}" for n in range(people)]
    for name in names:
        folder.execute(c.AddParticipant(name))
    state = folder.live().state()
    rng = random.Random(seed)
    pending: list[Event] = []
    seq = state.last_seq
    while seq < events:
        clock.advance(rng.uniform(0.2, 2.0))
        roll = rng.random()
        name = rng.choice(names)
        if roll < 0.35:
            command = c.RaiseHand(name, rng.choice(list(HandKind)))
        elif roll < 0.55:
            command = c.CallNextHand()
        elif roll < 0.7:
            command = c.StartSpeaker(name)
        elif roll < 0.9:
            command = c.AddChatComment(name, f"comment about topic {rng.randint(0, 999)}", private=rng.random() < 0.1)
        else:
            command = c.MarkComment()
        try:
            outcome = command.run(state, c.Context(clock.now()))
        except c.CommandError:
            continue
        first = seq + 1
        for new in outcome.events:
            seq += 1
            event = Event(seq, new.type, clock.now(), first, "bench", "bench", new.data)
            state.apply(event)
            pending.append(event)
    file = folder.live()
    with file.doc.transaction() as tx:
        tx.table("events").insert_multiple(Document(e.to_doc(), doc_id=e.seq) for e in pending)
    return folder


def ensure_hands(folder: DataFolder, count: int) -> None:
    """Raise hands until `count` are waiting (outside any measurement)."""
    state = folder.live().state()
    for person in list(state.participants.values()):
        if len(state.hands) >= count:
            return
        if state.hand_of(person.name) is None and (state.turn is None or state.turn.key != person.key):
            folder.execute(c.RaiseHand(person.name))
            state = folder.live().state()


def fresh_clock(folder: DataFolder) -> ManualClock:
    """A clock just after the session's last event."""
    state = folder.live().state()
    clock = ManualClock((state.last_at or START) + timedelta(seconds=1))
    folder.clock = clock
    return clock
