"""The installed console in a real terminal while another process holds the live session's lock for 5 s."""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal, console_env
from tests.torture.faultkit import HERE, Helper, session_events

HOLDER = HERE / "holder.py"
HELD_SECONDS = 5.0
# At 80×24 one panel shows at a time: a panel key changes the screen's text.
PANELS = (("1", "─ 1 Agenda"), ("3", "─ 3 Talk time"), ("4", "─ 4 Chat to read"), ("2", "─ 2 Hands"))
CLOCK = re.compile(r"^ (\d\d:\d\d:\d\d) running", re.M)


@pytest.fixture
def terminal(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    for name in ("Ana", "Ben"):
        cli("participant", "add", name)
    # A busy first header line: at 80 columns nothing more fits on it.
    cli("speak", "Ana")
    cli("hand", "raise", "Ben")
    term = Terminal("lock-held", [str(BIN), "--as", "sam"], (80, 24), console_env(cli.db))
    yield term
    term.close()
    Terminal.kill_server()


def clock_on(screen: str) -> str:
    """The session clock in the header."""
    found = CLOCK.search(screen)
    assert found, f"no session clock on screen:\n{screen}"
    return found.group(1)


def still_held(holder: Helper, since: float) -> bool:
    """Whether the holder has the lock yet (it says "let go" when it leaves)."""
    return len(holder.lines) == 1 and holder.proc.poll() is None and time.monotonic() - since < HELD_SECONDS


def test_the_console_answers_while_another_process_holds_the_lock_and_saves_after(cli: Cli, terminal: Terminal):
    session = next(cli.db.glob("session-*.json"))
    terminal.wait_for("Speaking Ana")
    before = session_events(session)

    holder = Helper(HOLDER, str(cli.db), str(HELD_SECONDS))
    holder.wait_ready()
    held_at = time.monotonic()
    try:
        first = clock_on(terminal.screen())
        terminal.keys("o", "Enter", pause=0)  # an ouch by the speaker: it needs the lock, so it waits off the event loop
        waiting = terminal.wait_for("saving: waiting for kim", timeout=HELD_SECONDS)
        for key, title in PANELS:
            terminal.keys(key, pause=0)
            screen = terminal.wait_for(title, timeout=HELD_SECONDS)
            assert "saving: waiting for kim" in screen
        # The clock goes on: the header shows a later second than before the key presses.
        deadline = held_at + HELD_SECONDS
        while clock_on(screen := terminal.screen()) == first and time.monotonic() < deadline:
            time.sleep(0.05)
        answered_while_held = still_held(holder, held_at)
        unsaved = session_events(session) == before
    finally:
        holder.proc.wait(timeout=HELD_SECONDS + 20)
    assert "saving: waiting for kim" in waiting, waiting
    assert clock_on(screen) != first, screen
    assert answered_while_held, "the screen answered only after the holder had let go"
    assert unsaved, "the ouch was saved while another process held the lock"

    # Once the holder lets go (without saving), the waiting ouch is saved and the header says so.
    assert holder.proc.returncode == 0 and [line.strip() for line in holder.lines] == ["held", "let go"]
    terminal.wait_gone("saving: waiting for", timeout=10)
    terminal.wait_for("ouch logged")
    after = session_events(session)
    assert [event["type"] for event in after[len(before):]] == ["ouch_logged"]
    assert after[-1]["by"] == "sam"
