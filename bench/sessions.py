"""Large sessions for benchmarks, written straight into a data folder."""

from __future__ import annotations

import atexit
import random
import shutil
import tempfile
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


def big_history(root: Path, sessions: int, events: int, seed: int = 11) -> DataFolder:
    """`sessions` ended weekly sessions of about `events` events each, written straight to disk."""
    from ipstui.domain.settings import SessionSettings
    from ipstui.store.folder import index_entry

    rng = random.Random(seed)
    clock = ManualClock(START - timedelta(weeks=sessions))
    folder = DataFolder(root, clock=clock, actor="bench", terminal="bench")
    folder._prepare()
    pool = [f"Person {n:03d}" for n in range(60)]
    topics = [f"Workbook topic {n}" for n in range(40)]
    for week in range(sessions):
        clock.set(START - timedelta(weeks=sessions - week))
        session_id = clock.now().date().isoformat()
        state = SessionState()
        pending: list[Event] = []

        def apply(command) -> None:
            try:
                outcome = command.run(state, c.Context(clock.now()))
            except c.CommandError:
                return
            first = state.last_seq + 1
            for offset, new in enumerate(outcome.events):
                event = Event(first + offset, new.type, clock.now(), first, "bench", "bench", new.data)
                state.apply(event)
                pending.append(event)

        people = rng.sample(pool, rng.randint(6, 14))
        apply(c.StartSession(session_id, rng.choice(topics), people[0], SessionSettings()))
        for name in people[1:]:
            apply(c.AddParticipant(name))
        while state.last_seq < events - 1:
            clock.advance(rng.uniform(2, 15))
            roll = rng.random()
            name = rng.choice(people)
            if roll < 0.35:
                apply(c.RaiseHand(name, rng.choice(list(HandKind))))
            elif roll < 0.6:
                apply(c.CallNextHand())
            elif roll < 0.85:
                apply(c.AddChatComment(name, f"a comment {rng.randint(0, 999)}", private=rng.random() < 0.1))
            else:
                apply(c.MarkComment())
        apply(c.EndSession(rng.choice(people), None))
        file = folder.session_file(session_id)
        file.doc.create({"session_id": session_id}, {"events": {}})
        with file.doc.transaction() as tx:
            tx.table("events").insert_multiple(Document(e.to_doc(), doc_id=e.seq) for e in pending)
        folder.group.add_session(index_entry(state))
        for name in people:
            folder.group.note_participant(name, session_id, None)
        folder.group.note_moderated(state.moderator, session_id)
    return folder


def scratch() -> Path:
    """A folder for one benchmark's data, removed when the benchmark's process ends."""
    work = Path(tempfile.mkdtemp(prefix="ipstui-bench-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    return work
