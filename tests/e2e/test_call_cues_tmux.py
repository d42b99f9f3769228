"""Cues, words and keys in a real terminal at 80×24 and 120×35, on a fast clock, read after each step."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from rich.cells import cell_len

from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal, console_env

# Saturday 17:15 in New York, twenty times as fast as real time: three minutes take nine seconds.
START = datetime(2026, 11, 28, 22, 15, tzinfo=timezone.utc)
SPEED = 20
WIDE_NAME = "王秀英陈静李娜张伟"


def line_with(screen: str, text: str) -> str:
    return next(line for line in screen.splitlines() if text in line)


def palette(term: Terminal, word: str, found: str) -> str:
    """Open the command palette, type `word`, and see `found` offered."""
    term.keys("C-p")
    term.type(word)
    return term.wait_for(found)


def meter_row(screen: str, name: str) -> str:
    """A person's meter: the line with their name and a turn count."""
    return next(line for line in screen.splitlines() if name in line and "×" in line)


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
def test_cues_words_and_keys_in_a_real_terminal(size, cli: Cli, terminals, monkeypatch):
    narrow = size[0] < 110
    # The console and the command line read the same fast clock, started at the same real moment.
    clock = f"{START.isoformat()}@{SPEED}@{datetime.now(timezone.utc).isoformat()}"
    monkeypatch.setenv("IPSTUI_CLOCK", clock)
    cli("start", "--topic", "Mutuality: moving from helping to learning together", "--moderator", "Sam")
    for name in ("Ana", WIDE_NAME):
        cli("participant", "add", name)
    cli("speak", "Sam")
    term = Terminal(f"cues-{size[0]}", [str(BIN), "--as", "sam"], size, {**console_env(cli.db), "IPSTUI_CLOCK": clock})
    terminals.append(term)

    # The header: who speaks, the queue, and the moderator's name whatever the width.
    screen = term.wait_for("Speaking Sam")
    assert line_with(screen, "running").rstrip().endswith("· moderator Sam")
    if narrow:
        # The tab strip names the four panels, marks the one shown, and says how to leave.
        strip = line_with(screen, "ctrl+q quit")
        assert "1 Agenda" in strip and "[2 Hands]" in strip and "3 Meters" in strip and "4 Chat" in strip
        term.keys("3")
        screen = term.wait_for("[3 Meters]")
    else:
        assert "ctrl+q quit" not in screen and "3 Talk time" in screen

    # The meters: a wide name keeps the bar's column; nobody is "new here" in a group's first session.
    wide, ana = meter_row(screen, "王秀英"), meter_row(screen, "Ana")
    assert cell_len(wide[:wide.index("░")]) == cell_len(ana[:ana.index("░")]), screen
    assert "new here" not in screen and "not spoken" in ana

    # Past three minutes of a clear share: "step back?" and the bell, whole.
    screen = term.wait_for("step back?", timeout=30)
    sam = meter_row(screen, "Sam")
    assert "step back?" in sam and "now 3:" in sam and "…" not in sam
    screen = term.wait_for("bell due")
    term.keys("b")
    term.wait_for("Who rang the bell?")
    term.keys("Enter")
    screen = term.wait_for("bell: sam 17:")
    assert "Hands 0" in line_with(screen, "Speaking Sam")

    # The agenda in words: the running segment against its plan, and the projected end.
    if narrow:
        term.keys("1")
        term.wait_for("[1 Agenda]")
    screen = term.wait_for("ends 18:")
    assert " of 10 min" in line_with(screen, "Welcome and agreement")
    assert "min early" in line_with(screen, "ends 18:") or "on time" in line_with(screen, "ends 18:")
    assert "Projected end" not in screen

    # The palette finds an action by another word for it.
    palette(term, "remind", "Show agreement")
    term.keys("Escape")
    term.wait_gone("remind")
    palette(term, "breakout", "Request breakout")
    term.keys("Enter")
    term.wait_for("Request breakout: who")
    term.type("Ana, Sam")
    term.keys("Enter")
    term.wait_gone("Request breakout: who")

    # The keys panel opens from the palette and closes on escape; the console stays.
    palette(term, "keys", "Show help for the focused widget")
    term.keys("Enter")
    term.wait_for("Next panel")
    term.keys("Escape")
    screen = term.wait_gone("Next panel")
    assert "Speaking Sam" in screen

    # History tabs by number, without going through the tab bar.
    term.keys("H")
    screen = term.wait_for("1 Sessions")
    assert "2 Rotation" in screen and "4 Attendance" in screen
    term.keys("2")
    screen = term.wait_for("Who has moderated")
    term.keys("3")
    screen = term.wait_for("Mutuality: moving from helping")
    term.keys("4")
    term.wait_for("Attendance, oldest to newest")
    term.keys("Escape")
    term.wait_for("Speaking Sam")

    # ctrl+q leaves; the session goes on.
    term.keys("C-q")
    term.wait_for("[exited]")
    assert "live" in cli("history").out
