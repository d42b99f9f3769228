"""Co-moderators racing each other: the store settles it, never luck."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from ipstui.domain.commands import AddParticipant
from ipstui.domain.events import EventType
from ipstui.store import DataFolder
from tests.e2e.conftest import Cli

RACER = Path(__file__).with_name("racer.py")


def race(db: Path, mode: str, tags: list[str], count: int = 1) -> dict[str, list[str]]:
    procs = {tag: subprocess.Popen([sys.executable, str(RACER), str(db), tag, mode, str(count)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for tag in tags}
    for proc in procs.values():
        assert proc.stdout.readline().strip() == "ready"
    (db / "go").touch()
    lines = {}
    for tag, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and err == "", err
        lines[tag] = out.splitlines()
    (db / "go").unlink()
    return lines


def test_two_consoles_racing_call_next_never_call_anyone_twice(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    folder = DataFolder(cli.db)
    for tag in ("a", "b"):
        for number in range(200):
            folder.execute(AddParticipant(f"{tag}-{number}"))
    lines = race(cli.db, "call-next", ["a", "b"], 200)
    called = [line.split(" ", 1)[1] for out in lines.values() for line in out if line.startswith("called")]
    refused = [line for out in lines.values() for line in out if line.startswith("refused")]
    assert len(called) + len(refused) == 400
    assert all("queue is empty" in line for line in refused)
    assert Counter(called).most_common(1)[0][1] == 1, "someone was called twice"
    state = folder.live().state()
    raised = [e.data["name"] for e in state.log if e.type is EventType.HAND_RAISED]
    assert sorted(raised) == sorted(f"{t}-{n}" for t in "ab" for n in range(200))
    waiting = {hand.name for hand in state.hands}
    assert set(called) | waiting == set(raised) and not set(called) & waiting
    starts = [e for e in state.log if e.type is EventType.SPEAKER_STARTED]
    assert len(starts) == len(called)


def test_a_comment_marked_read_by_two_at_once_is_read_once(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("chat", "add", "--author", "Ana", "hello")
    lines = race(cli.db, "read", ["a", "b", "c"])
    outcomes = sorted(out[0] for out in lines.values())
    assert sum("marked read" in line for line in outcomes) == 1
    assert sum("was already read" in line for line in outcomes) == 2
    state = DataFolder(cli.db).live().state()
    assert [e.type for e in state.log].count(EventType.CHAT_MARKED) == 1


def test_two_undos_at_once_undo_two_different_actions_once_each(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    for name in ("Ana", "Ben", "Cy"):
        cli("participant", "add", name)
    lines = race(cli.db, "undo", ["a", "b"])
    state = DataFolder(cli.db).live().state()
    undone = [e.data["action"] for e in state.log if e.type is EventType.UNDONE]
    assert len(undone) == len(set(undone)) == 2
    assert sorted(state.participants) == ["ana", "sam"]
    assert all(out[0].startswith("undid: add ") for out in lines.values())
