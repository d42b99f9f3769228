"""A live call that signals what matters, in a real terminal at 80×24 and 120×35 on the fast clock:
another process's ouch hand and direct message told by kind, private items folded apart, the
reading list counting new comments below, `o` tied to who said it, and the report's ouch count."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal, console_env

SECRET = "words for the moderator only"


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_a_call_signals_ouch_hands_direct_messages_and_new_comments(size, cli: Cli, monkeypatch):
    # The fast clock, shared by the console and the command line: ten seconds of session a second.
    now = datetime.now(timezone.utc).isoformat()
    clock = f"2026-12-05T17:00:00+00:00@10@{now}"
    monkeypatch.setenv("IPSTUI_CLOCK", clock)
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    for name in ("Ana", "Ben", "Cy"):
        cli("participant", "add", name)
    cli("speak", "Ben")
    term = Terminal(f"signals-{size[0]}", [str(BIN), "--as", "sam"], size, {**console_env(cli.db), "IPSTUI_CLOCK": clock})
    try:
        a_call_that_signals(term, cli)
    finally:
        term.close()
        Terminal.kill_server()


def a_call_that_signals(term: Terminal, cli: Cli) -> None:
    """The call, read from the screen after each step."""
    term.wait_for("Speaking Ben")

    # Another process raises an ouch hand: the toast says its kind, the header the ouch.
    cli("hand", "raise", "Ana", "--kind", "ouch", actor="kim")
    screen = term.wait_for("kim: Ana raised an ouch hand")
    assert "Hands 1 (next Ana, ouch)" in screen
    cli("hand", "raise", "Cy", "--kind", "reply", actor="kim")
    term.wait_for("kim: Cy raised a reply hand")

    # A direct message: named from whom, never by its words; the header counts it.
    cli("chat", "add", "--author", "Cy", "--direct", SECRET, actor="kim")
    screen = term.wait_for("kim: direct message from Cy")
    assert "DM 1" in screen and SECRET not in screen
    cli("chat", "add", "--author", "Ana", "a comment to read", actor="kim")
    term.wait_for("To read 1")

    # The chat: the comment to read, then the private items folded into one line.
    term.keys("4")
    screen = term.wait_for("▸ Private (1): 1 DM · enter: show")
    assert "a comment to read" in screen and SECRET not in screen
    term.keys("End", "Enter")
    screen = term.wait_for("DO NOT READ (direct message)")
    assert SECRET in screen and "▾ Private (1)" in screen
    term.keys("Enter")
    screen = term.wait_gone(SECRET)
    assert "▸ Private (1)" in screen

    # New comments past the bottom of the list, with the cursor on the oldest: counted, not yanked.
    term.keys("Home")
    for number in range(12):
        cli("chat", "add", "--author", "Ana", f"later comment {number}", actor="kim")
    screen = term.wait_for("new below ↓")
    assert "a comment to read" in screen and "later comment 11" not in screen
    term.keys("End")
    screen = term.wait_for("later comment 11")
    term.wait_gone("new below")

    # o: an ouch by the speaker, at once; then one by Ana with Ben, the name completed by tab.
    term.keys("o")
    screen = term.wait_for("Who said ouch? (empty: the room)")
    assert "Ben" in screen and "With whom? (optional)" in screen
    term.keys("Enter")
    term.wait_for("ouch logged (Ben)")
    term.keys("o")
    term.wait_for("Who said ouch?")
    term.keys("C-u")
    term.type("An")
    term.keys("Tab")
    term.wait_for("Ana")
    term.keys("Tab")
    term.type("Ben")
    term.keys("Enter")
    term.wait_for("ouch logged (Ana)")

    # The report counts Ana's ouch hand and her logged ouch as one moment, Ben's as another.
    report = cli("report", "--format", "md").out
    assert "- Ouch moments: 2;" in report
