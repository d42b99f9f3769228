"""People in a real terminal at 80×24 and 120×35 on the fast clock: someone leaves and comes back,
a standing preference set from the console, a member's request with their consent, kept from a
watching console and from the shareable report."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal, console_env

CARRIED = "step back when I dominate"
ASKED = "step up when I find something hard"


def people_dialog(term: Terminal, name: str, *keys: str) -> str:
    """Open the people dialog, type a name, press `keys` (the last one submits), and see it close."""
    term.keys("P")
    term.wait_for("they agreed to have it kept")
    term.type(name)
    term.keys(*keys)
    return term.wait_gone("they agreed to have it kept")


def meters(term: Terminal, size: tuple[int, int]) -> None:
    """The talk-time meters on screen: one key away at 80×24, always there at 120×35."""
    if size[0] < 110:
        term.keys("3")
    term.wait_for("Talk time")


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_people_leave_come_back_keep_preferences_and_requests(size, cli: Cli, terminals, monkeypatch):
    # The fast clock, one minute a second, shared by every process from the same real moment.
    real = datetime.now(timezone.utc).isoformat()
    clock = f"2026-12-05T22:15:00+00:00@60@{real}"
    monkeypatch.setenv("IPSTUI_CLOCK", clock)
    # Last week Søren gave the group a request, with his consent: it is carried into this call.
    cli("start", "--topic", "Connection", "--moderator", "Sam")
    cli("participant", "add", "Søren Berg")
    cli("request", "add", "soren", CARRIED, "--consent")
    cli("end")
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    for name in ("Chidi Okafor", "Ana Lima", "Søren Berg"):
        cli("participant", "add", name)
    cli("hand", "raise", "chidi")

    env = console_env(cli.db) | {"IPSTUI_CLOCK": clock}
    term = Terminal(f"people-{size[0]}", [str(BIN), "--as", "sam"], size, env)
    terminals.append(term)
    term.wait_for("Hands 1 (next Chidi Okafor)")
    meters(term, size)
    screen = term.wait_for(f"asks: {CARRIED}")
    assert "4 present" in screen

    # Chidi left: the hand comes down, and the console says so.
    people_dialog(term, "chidi", "Enter")
    screen = term.wait_for("Chidi Okafor left")
    assert "Hands 0" in screen.splitlines()[0]
    meters(term, size)
    screen = term.wait_for("3 present · 1 left")
    chidi = next(line for line in screen.splitlines() if "Chidi Okafor" in line and "×" in line)
    assert "left" in chidi and "not spoken yet" not in chidi

    # And back: tab completes the name, tab again on to the options, an arrow chooses the second.
    people_dialog(term, "chidi", "Tab", "Tab", "Down", "Enter")
    term.wait_for("Chidi Okafor is back")
    screen = term.wait_for("4 present")
    assert "present · 1 left" not in screen

    # Ana's comments never read aloud, set from the console; a comment of hers then stays private.
    people_dialog(term, "ana", "Tab", "Tab", "Down", "Down", "Enter")
    term.wait_for("Ana Lima's comments are")
    cli("chat", "add", "--author", "ana", "please do not read this")
    term.keys("4")
    screen = term.wait_for("▸ Private (1): 1 not to read aloud · enter: show")
    assert "please do not read this" not in screen and "To read 0" in screen.splitlines()[0]
    term.keys("End", "Enter")
    screen = term.wait_for("DO NOT READ (preference)")
    assert "please do not read this" in screen

    # Chidi's request: refused until "they agreed" is ticked, then shown under his meter.
    term.keys("P")
    term.wait_for("they agreed to have it kept")
    term.type("Chidi")
    term.keys("Tab")
    term.wait_for("Chidi Okafor · here · comments read aloud · no request")
    term.keys("Tab", "Down", "Down", "Down", "Down", "Tab")
    term.type(ASKED)
    term.keys("Enter")
    screen = term.wait_for("kept only with consent")
    term.keys("Space", "Enter")
    term.wait_gone("they agreed to have it kept")
    meters(term, size)
    screen = term.wait_for(f"asks: {ASKED}")
    assert f"asks: {CARRIED}" in screen

    # A name two people share is refused, and the dialog lists them.
    cli("participant", "add", "Ana Souza")
    term.keys("P")
    term.wait_for("they agreed to have it kept")
    term.type("ana")
    screen = term.wait_for("could be Ana Lima, Ana Souza")
    term.keys("Escape")
    term.wait_gone("they agreed to have it kept")

    # A watching console never shows a request, and its P opens nothing.
    watch = Terminal(f"watch-{size[0]}", [str(BIN), "--as", "kim", "--watch"], size, env)
    terminals.append(watch)
    watch.wait_for("Mutuality")
    meters(watch, size)
    screen = watch.wait_for("Søren Berg")
    assert "asks:" not in screen and ASKED not in screen and CARRIED not in screen
    watch.keys("P")
    screen = watch.wait_for("only watches")
    assert "they agreed to have it kept" not in screen and ASKED not in screen

    # The shareable report holds neither request; the team's list holds both.
    for fmt in ("md", "csv"):
        out = cli("report", "--format", fmt).out
        assert ASKED not in out and CARRIED not in out
    listed = cli("request", "list").out
    assert f"Chidi Okafor: {ASKED}" in listed and f"Søren Berg: {CARRIED}" in listed
