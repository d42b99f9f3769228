"""The week around the call in a real terminal at 80×24 and 120×35, on the fast clock: today's
moderator filled in, open items and their done marks, the closing screen's warnings, reopening
a call just closed, an extra session that keeps next week's choice, and removing a stray session."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal, console_env, opened_terminals


@pytest.fixture
def open_terminal():
    """Opens a Terminal; every one opened is closed after the test, and the tmux server with them."""
    with opened_terminals() as opened:

        def open_one(name: str, command: list[str], size: tuple[int, int], env: dict[str, str]) -> Terminal:
            opened.append(Terminal(name, command, size, env))
            return opened[-1]

        yield open_one


def fast_clock(start: str) -> str:
    """`start` now, twenty times as fast."""
    return f"{start}@20@{datetime.now(timezone.utc).isoformat(timespec='seconds')}"


def bottom(screen: str, lines: int = 2) -> str:
    return "\n".join(screen.rstrip("\n").splitlines()[-lines:])


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_the_week_around_a_call(size, cli: Cli, open_terminal, monkeypatch):
    # Last week's call chose Ana to moderate today, on Worldview.
    monkeypatch.setenv("IPSTUI_CLOCK", fast_clock("2026-11-28T22:15:00+00:00"))
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("participant", "add", "Ana")
    cli("end", "--next-moderator", "Ana", "--backup", "Sam", "--next-topic", "Worldview")

    today = fast_clock("2026-12-05T22:10:00+00:00")  # five minutes before today's call
    monkeypatch.setenv("IPSTUI_CLOCK", today)
    term = open_terminal(f"week-{size[0]}", [str(BIN), "--as", "ana"], size, {**console_env(cli.db), "IPSTUI_CLOCK": today})
    term.wait_for("Start session")

    # s fills in today's moderator and topic.
    term.keys("s")
    screen = term.wait_for("Start the session")
    assert "Worldview" in screen and "Ana" in screen
    term.keys("Enter", "Enter")
    term.wait_for("Worldview · moderator Ana")

    # Open items: a direct message and an after-meeting topic, in a strip; i marks one done.
    cli("participant", "add", "Ben")
    cli("chat", "add", "--author", "Ben", "--direct", "can we talk after?")
    cli("followup", "Peer roles")
    # (Read once the co-moderator's toast has gone from over the strip.)
    screen = term.wait_for("Open items 2  i: mark done  │ DM from Ben  │ After Peer roles")
    assert "can we talk after?" not in bottom(screen)  # its words stay in the chat panel
    term.keys("i")
    screen = term.wait_for("enter: mark done, or open again")
    assert "[ ] Direct message from Ben" in screen and "[ ] After-meeting topic Peer roles" in screen
    term.keys("Enter")
    screen = term.wait_for("Open items 1  i: mark done  │ After Peer roles")
    assert "DM from Ben" not in bottom(screen)

    # The closing screen warns, lists the open items, and asks before closing with nobody chosen.
    cli("hand", "raise", "Ben", "--kind", "ouch")
    cli("speak", "Ana")
    term.wait_for("Speaking Ana")
    term.keys("e")
    screen = term.wait_for("Before closing")
    for seen in ("No next moderator chosen", "Ben's ouch is still waiting", "Ana is still speaking",
                 "[x] Direct message from Ben", "[ ] After-meeting topic", "Roster · m: next"):
        assert seen in screen, seen
    term.keys("C-s")
    term.wait_for("Close without choosing a next moderator?")
    term.keys("n")
    term.wait_gone("Close without choosing")
    assert "Before closing" in term.screen()
    term.keys("C-s")
    term.wait_for("Close without choosing a next moderator?")
    term.keys("y")
    screen = term.wait_for("Next call")
    assert "Moderator  not chosen yet" in screen  # today's call used Ana's turn up

    # u on home reopens the call just closed, after a yes.
    term.keys("u")
    screen = term.wait_for("Reopen (y)")
    assert "Reopen session 2026-12-05" in screen
    term.keys("y")
    term.wait_for("Worldview · moderator Ana")
    cli("end", "--next-moderator", "Ben", "--next-topic", "Hope", actor="ana")
    screen = term.wait_for("Next call")
    assert "Moderator  Ben" in screen and "Topic      Hope" in screen

    # An extra session that chooses nobody keeps next week's choice.
    cli("start", "--topic", "Oops", "--moderator", "Sam")
    term.wait_for("Oops · moderator Sam")
    cli("end")
    screen = term.wait_for("Next call")
    assert "Moderator  Ben" in screen and "Topic      Hope" in screen

    # The stray session is removed from the history, after a yes.
    term.keys("y")
    screen = term.wait_for("History · 3 sessions")
    term.keys("Delete")
    screen = term.wait_for("Remove (y)")
    assert "Remove session 2026-12-05-2 ('Oops'" in screen
    term.keys("y")
    term.wait_for("History · 2 sessions")
    screen = term.wait_gone("Oops")  # the row, and the toast saying what was done (it names it)
    assert "Worldview" in screen
    history = cli("history", "--print").out
    assert "Oops" not in history and "Worldview" in history
    report = json.loads(cli("report", "--format", "json").out)
    assert report["session"]["topic"] == "Worldview" and report["session"]["next_moderator"] == "Ben"
