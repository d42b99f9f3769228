"""The installed console in a real terminal at 80×24 and 120×35, read back from the screen."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal, console_env


def answer(term: Terminal, key: str, title: str, text: str) -> None:
    """Open a one-line dialog with `key`, type `text`, press enter, and see the dialog close."""
    term.keys(key)
    term.wait_for(title)
    term.type(text)
    term.keys("Enter")
    term.wait_gone(title)


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_a_whole_session_in_a_real_terminal(size, cli: Cli, terminals):
    term = Terminal(f"console-{size[0]}", [str(BIN), "--as", "sam"], size, console_env(cli.db))
    terminals.append(term)
    term.wait_for("Next call")
    term.wait_for("Start session")

    term.keys("s")
    term.wait_for("Start the session")
    term.type("Mutuality")
    term.keys("Enter")
    term.wait_for("enter: start the session")
    term.type("Sam")
    term.keys("Enter")
    term.wait_for("Nobody speaking")
    term.wait_for("Mutuality · moderator Sam")

    for key, title in (("a", "Add participant"), ("h", "Raise hand")):
        for name in ("Ana", "Ben [bold]x[/]"):
            answer(term, key, title, name)
    screen = term.wait_for("Hands 2 (next Ana)")
    assert "Ben [bold]x[/]" in screen

    term.keys("n")
    screen = term.wait_for("Speaking Ana")
    assert "Hands 1 (next Ben [bold]x[/])" in screen

    term.keys("c")
    term.wait_for("Add chat comment")
    term.type("Ben")
    term.keys("Enter")
    term.wait_for("enter: add the comment")
    term.type("[@click=app.quit]hi[/] unclosed [")
    term.keys("Enter")
    term.wait_for("To read 1")
    term.keys("4")
    screen = term.wait_for("[@click=app.quit]hi[/] unclosed [")
    assert "4 Chat to read" in screen

    term.keys("g")
    screen = term.wait_for("Discomfort Agreement")
    assert "One person talk at a time." in screen
    term.keys("1", "5")
    term.wait_for("If it hurts say so.")
    term.keys("r")
    term.keys("Escape")
    term.wait_gone("Discomfort Agreement")

    term.keys("e")
    screen = term.wait_for("Roster · m: next")
    assert "never moderated" in screen
    term.keys("down", "m")  # Ana
    term.wait_for("Next moderator: Ana")
    term.keys("C-s")
    screen = term.wait_for("Next call")
    assert "Ana" in screen

    report = json.loads(cli("report", "--format", "json").out)
    assert report["session"]["status"] == "ended"
    assert report["session"]["next_moderator"] == "Ana"
    assert [p["name"] for p in report["participants"]] == ["Sam", "Ana", "Ben [bold]x[/]"]
    assert [r["item"] for r in report["agreement_reminders"]] == [15]
    assert report["chat"][0]["text"] == "[@click=app.quit]hi[/] unclosed ["


def test_the_console_follows_commands_from_another_terminal(cli: Cli, terminals):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    term = Terminal("follower", [str(BIN)], (120, 35), console_env(cli.db))
    terminals.append(term)
    term.wait_for("Nobody speaking")
    cli("participant", "add", "Ana")
    cli("speak", "Ana")
    term.wait_for("Speaking Ana")
    cli("chat", "add", "--author", "Ana", "esc \x1b[31m red")
    screen = term.wait_for("To read 1")
    assert "esc \\x1b[31m red" in screen
    cli("end")
    term.wait_for("Next call")
