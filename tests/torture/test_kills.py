"""SIGKILL at random moments while several processes write: nothing torn, nothing acknowledged lost."""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from pathlib import Path

import pytest

from ipstui.store import DataFolder
from tests.e2e.conftest import Cli
from tests.e2e.test_concurrency import WRITER
from tests.torture.faultkit import HERE, Helper, all_parse, session_events

ROTATOR = HERE / "rotator.py"


def kill_at_random(helpers: list[Helper], rng: random.Random, longest: float) -> None:
    """Kill each helper with SIGKILL at its own random moment within `longest` seconds."""
    start = time.monotonic()
    for moment, helper in sorted(((rng.uniform(0, longest), h) for h in helpers), key=lambda pair: pair[0]):
        time.sleep(max(0.0, start + moment - time.monotonic()))
        helper.kill()


def counted(events: list[dict], kind: str, key: str) -> Counter:
    return Counter(event["data"][key] for event in events if event["type"] == kind)


@pytest.mark.reliability("faults", "SIGKILL of 4 writers on one session at random moments")
def test_writers_killed_at_random_moments_keep_each_acknowledged_action_once(cli: Cli, ledger):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    session = next(cli.db.glob("session-*.json"))
    rng = random.Random(20261128)
    texts: list[str] = []
    people: list[str] = []
    for round_ in range(10):
        writers = [Helper(WRITER, str(cli.db), f"r{round_}w{k}", "1", "1000000") for k in range(4)]
        for writer in writers:
            writer.wait_ready()
        kill_at_random(writers, rng, 0.35)
        for writer, tag in zip(writers, (f"r{round_}w{k}" for k in range(4))):
            for (number,) in writer.acknowledged():
                n = int(number)
                (texts if n % 10 else people).append(f"{tag}-{n}" if n % 10 else f"{tag}-p{n}")
        all_parse(cli.db)
        events = session_events(session)
        chat = counted(events, "chat_added", "text")
        added = counted(events, "participant_added", "name")
        raised = counted(events, "hand_raised", "name")
        lost = [t for t in texts if chat[t] != 1] + [p for p in people if added[p] != 1 or raised[p] != 1]
        doubled = [item for counter in (chat, added, raised) for item, times in counter.items() if times > 1]
        # The next command works, and lands once.
        probe = f"probe {round_}"
        cli("chat", "add", "--author", "Sam", probe)
        landed = counted(session_events(session), "chat_added", "text")[probe] == 1
        ledger.tried(survived=not doubled and landed and not lost, lost=len(lost), times=len(writers))
        assert lost == [] and doubled == [] and landed, (lost, doubled)
    assert len(texts) + len(people) >= 100, "too few acknowledged actions to prove anything"
    report = json.loads(cli("report", "--format", "json").out)
    assert sorted(c["id"] for c in report["chat"]) == list(range(1, len(report["chat"]) + 1))


def index_agrees(db: Path) -> tuple[dict, dict]:
    """Open the folder as the next command would; the index and every session file must agree."""
    folder = DataFolder(db, actor="checker", terminal="checker")
    folder.live_session_id()
    index = {entry.id: entry for entry in folder.sessions()}
    files = {}
    for path in db.glob("session-*.json"):
        state = folder.session_file(path.stem.removeprefix("session-")).state()
        session_events(path)
        if state.started_at is not None:
            files[state.session_id] = state
    assert set(index) == set(files), (set(index) ^ set(files))
    for session_id, state in files.items():
        assert index[session_id].status == ("live" if state.is_live else "ended"), session_id
        assert index[session_id].next_moderator == state.next_moderator, session_id
    roster = {person["name"]: person for person in folder.group.roster()}
    return files, roster


@pytest.mark.reliability("faults", "SIGKILL while starting and ending sessions (two files)")
def test_start_and_end_killed_at_random_moments_leave_index_and_sessions_in_step(cli: Cli, ledger):
    rng = random.Random(7)
    starts: list[str] = []
    ends: list[tuple[str, str, str]] = []
    volunteers: list[str] = []
    cli("init")
    for round_ in range(14):
        rotators = [Helper(ROTATOR, str(cli.db), f"r{round_}x{k}") for k in range(2)]
        for rotator in rotators:
            rotator.wait_ready()
        kill_at_random(rotators, rng, 0.5)
        for rotator in rotators:
            refusals = [line for line in rotator.lines if line.startswith("refused ")]
            assert not [r for r in refusals if "damaged" in r or "busy" in r], refusals
            for words in rotator.acknowledged():
                if words[0] == "start":
                    starts.append(words[1])
                elif words[0] == "add":
                    volunteers.append(words[1])
                else:
                    ends.append((words[1], words[2], words[3]))
        all_parse(cli.db)
        files, roster = index_agrees(cli.db)
        lost = [s for s in starts if s not in files]
        lost += [s for s, _, _ in ends if s not in files or files[s].is_live]
        lost += [s for s, moderator, _ in ends if s not in roster.get(moderator, {}).get("moderated", [])]
        lost += [v for v in volunteers if v not in roster]
        # The next command works: end what is live, or start anew.
        live = [s for s, state in files.items() if state.is_live]
        assert len(live) <= 1, live
        if live:
            cli("end", "--next-moderator", "Sam")
        else:
            cli("start", "--topic", f"After round {round_}", "--moderator", "Sam")
        works = len(index_agrees(cli.db)[0]) >= len(files)
        ledger.tried(survived=works and not lost, lost=len(lost), times=len(rotators))
        assert lost == [] and works, lost
    assert len(starts) >= 10 and len(ends) >= 10, (len(starts), len(ends))
