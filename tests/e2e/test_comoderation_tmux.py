"""Three consoles in real terminals on one data folder, kept in step."""

from __future__ import annotations

import json
import os
import signal

import pytest

from tests.e2e.conftest import BIN, Cli
from tests.e2e.test_console_tmux import answer
from tests.e2e.tmux import Terminal, console_env


@pytest.fixture
def consoles(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    opened = {}
    for actor in ("sam", "kim", "lee"):
        opened[actor] = Terminal(f"co-{actor}", [str(BIN), "--as", actor], (120, 35), console_env(cli.db))
    yield opened
    for term in opened.values():
        term.close()
    Terminal.kill_server()


def everywhere(consoles: dict[str, Terminal], text: str, but: str | None = None) -> None:
    for actor, term in consoles.items():
        if actor != but:
            term.wait_for(text)


def test_actions_in_each_console_appear_in_the_others(cli: Cli, consoles):
    everywhere(consoles, "Nobody speaking")
    consoles["sam"].wait_for("with kim, lee")
    consoles["kim"].wait_for("with ")

    answer(consoles["sam"], "a", "Add participant", "Ana")
    everywhere(consoles, "sam: add Ana", but="sam")
    answer(consoles["kim"], "h", "Raise hand", "Ana")
    everywhere(consoles, "Hands 1 (next Ana)")
    consoles["lee"].keys("n")
    everywhere(consoles, "Speaking Ana")
    cli("chat", "add", "--author", "Ana", "from the command line", actor="ray")
    everywhere(consoles, "To read 1")
    consoles["kim"].keys("r")
    everywhere(consoles, "To read 0")

    report = json.loads(cli("report", "--format", "json").out)
    assert report["chat"][0]["status"] == "read"
    session = next(cli.db.glob("session-*.json"))
    events = json.loads(session.read_bytes())["events"]
    assert [events[k]["by"] for k in sorted(events, key=int)][-5:] == ["sam", "kim", "lee", "ray", "kim"]


def test_a_killed_console_leaves_the_others_running_and_the_data_intact(cli: Cli, consoles):
    everywhere(consoles, "Nobody speaking")
    consoles["sam"].wait_for("with kim, lee")
    os.kill(consoles["kim"].program_pid(), signal.SIGKILL)
    consoles["sam"].wait_for("kim vanished without a goodbye", timeout=20)
    consoles["sam"].wait_for("with lee")
    answer(consoles["sam"], "a", "Add participant", "Ana")
    consoles["lee"].wait_for("sam: add Ana")
    report = json.loads(cli("report", "--format", "json").out)
    assert [p["name"] for p in report["participants"]] == ["Sam", "Ana"]
