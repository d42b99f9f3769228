"""The agenda editor and the group's settings in a real terminal, at 80×24 and 120×35, read back after each step."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal, console_env

# A Tuesday: the next call is Saturday 5 December 2026, far from a daylight-saving switch.
TUESDAY = "2026-12-01T12:00:00+00:00@1"


def replace(term: Terminal, key: str, title: str, text: str, then: str) -> str:
    """Open a one-line dialog with `key`, put `text` in place of what it holds, enter, and wait for `then`."""
    term.keys(key)
    term.wait_for(title)
    term.keys("C-u")
    term.type(text)
    term.keys("Enter")
    return term.wait_for(then)


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_settings_then_the_agenda_editor_in_a_real_terminal(size, cli: Cli, terminals, monkeypatch):
    monkeypatch.setenv("IPSTUI_CLOCK", TUESDAY)
    env = {**console_env(cli.db), "IPSTUI_CLOCK": TUESDAY}
    term = Terminal(f"agenda-{size[0]}", [str(BIN), "--as", "sam"], size, env)
    terminals.append(term)
    screen = term.wait_for("S Settings")
    assert "please note time change" not in screen and "17:15–18:30" in screen

    # Home: S opens the settings; the time is changed from the keyboard.
    term.keys("S")
    screen = term.wait_for("Group settings")
    assert "saturday" in screen and "17:15" in screen
    term.keys("Down")
    screen = replace(term, "Enter", "time: when the call starts", "7pm", "HH:MM")  # refused; nothing changed
    assert "Group settings" in screen
    replace(term, "Enter", "time: when the call starts", "17:30", "time is now 17:30")
    term.keys("Escape")
    screen = term.wait_for("(*please note time change)")
    assert "17:30*–18:45" in screen and "it was Saturdays 17:15–18:30" in screen
    assert '"start":"17:30"' in (cli.db / "group.json").read_text()

    # The call starts; A opens the agenda editor on the running item.
    term.keys("s")
    term.wait_for("Start the session")
    term.type("Mutuality")
    term.keys("Enter")
    term.wait_for("enter: start the session")
    term.type("Sam")
    term.keys("Enter")
    term.wait_for("Nobody speaking")
    term.keys("A")
    term.wait_for("Edit agenda")
    # Each waited for: a capture can fall between the parts of one large frame on a busy machine.
    term.wait_for("1. now  Welcome and agreement  10 min")
    term.wait_for("a Add")

    replace(term, "t", "Minutes for Welcome and agreement", "12", "1. now  Welcome and agreement  12 min")

    term.keys("a")
    term.wait_for("Add agenda item")
    term.type("Poem")
    term.keys("Enter")
    term.wait_for("enter: add the item")
    term.type("5")
    term.keys("Enter")
    screen = term.wait_for("2.      Poem  5 min")
    assert "3.      Check-in  15 min" in screen

    term.keys("Down", "J")
    screen = term.wait_for("3.      Poem  5 min")
    assert "2.      Check-in  15 min" in screen
    term.keys("K")
    term.wait_for("2.      Poem  5 min")
    term.keys("K")
    term.wait_for("'Poem' is already")  # never before the running item
    term.keys("J")
    term.wait_for("3.      Poem  5 min")
    replace(term, "r", "Rename item 3", "A short poem", "3.      A short poem  5 min")
    term.keys("d")
    screen = term.wait_for("removed item 3")
    assert "A short poem  5 min" not in screen
    term.keys("Home", "d")
    screen = term.wait_for("cannot remove item 1")  # the running item stays
    assert "1. now  Welcome and agreement  12 min" in screen

    term.keys("Escape")
    term.wait_gone("Edit agenda")
    term.keys("u")
    term.wait_for("undid: agenda item")
    term.keys("1")
    screen = term.wait_for("A short poem")
    assert "Welcome and agreement" in screen
    listed = cli("agenda", "list").out
    assert " 3.      A short poem (5 min)" in listed and "(12 min)" in listed
