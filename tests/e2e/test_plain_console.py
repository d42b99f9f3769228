"""`ipstui --plain` through a real pseudo-terminal: a call moderated in lines while others act too."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest

from tests.e2e.conftest import BIN, Cli
from tests.e2e.tmux import Terminal, console_env
from tests.torture.rawpty import RawConsole


class PlainTerminal:
    """The line console on a pty: every byte it wrote, read as lines, in order."""

    def __init__(self, console: RawConsole) -> None:
        self.console = console
        self.read_to = 0  # where the next wait starts: what is said must come in order

    def text(self) -> str:
        with self.console._lock:
            return bytes(self.console.output).decode("utf-8", "replace")

    def said(self, needle: str, timeout: float = 20.0) -> str:
        """Wait until a line holding `needle` comes after the last one waited for; that line."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            at = text.find(needle, self.read_to)
            if at >= 0:
                start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
                end = text.find("\r\n", at)
                end = len(text) if end < 0 else end
                self.read_to = end
                return text[start:end]
            if self.console.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} was not said after what came before:\n{text[self.read_to - 200:]}")
            time.sleep(0.05)

    def type(self, line: str) -> None:
        self.console.send(line + "\r")

    def leave(self) -> int:
        self.type("quit")
        self.said("Leaving the line console")
        code = self.console.proc.wait(20)
        self.console._reader.join(5)
        return code


@pytest.fixture
def opened():
    consoles: list[RawConsole] = []
    terminals: list[Terminal] = []
    yield consoles, terminals
    for console in consoles:
        if console.proc.poll() is None:
            console.proc.kill()
            console.proc.wait()
    for terminal in terminals:
        terminal.close()
    Terminal.kill_server()


def test_a_call_moderated_in_lines_while_a_full_console_and_the_command_line_act(cli: Cli, opened):
    consoles, terminals = opened
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    for person in ("Ana López", "Ben", "Chidi Okafor"):
        cli("participant", "add", person)
    console = RawConsole(cli.db, ["--plain"], size=(80, 24))
    consoles.append(console)
    plain = PlainTerminal(console)
    assert plain.said("Live session: Mutuality, moderated by Sam") .startswith("Live session")
    plain.said("Nobody is speaking.")

    full = Terminal("full", [str(BIN), "--as", "kim"], (120, 35), console_env(cli.db))
    terminals.append(full)
    full.wait_for("Nobody speaking")
    plain.said("kim is attached from")

    cli("hand", "raise", "ana", "--kind", "ouch", actor="lee")
    assert plain.said("raised an ouch hand") == "Ana López raised an ouch hand, first in the queue (by lee)."

    full.keys("h")
    full.wait_for("Raise hand")
    full.type("Ben")
    full.keys("Enter")
    assert plain.said("Ben raised") == "Ben raised a hand, second in the queue (by kim)."

    plain.type("next")
    assert plain.said("has the floor") == "Ana López has the floor, their first turn."
    full.wait_for("Speaking Ana López")

    cli("chat", "add", "--author", "Chidi Okafor", "hello all", actor="lee")
    assert plain.said("Comment 1") == "Comment 1 to read, from Chidi Okafor: hello all"
    cli("chat", "add", "--author", "Ben", "--direct", "please call me soon, this is hard", actor="lee")
    assert plain.said("Direct message 2") == \
        "Direct message 2 from Ben, not to be read aloud; type chat 2 to hear it."
    assert "this is hard" not in plain.text()
    plain.type("chat 2")
    assert "this is hard" in plain.said("Comment 2 from Ben, private")

    plain.type("read 1")
    assert plain.said("Comment 1 marked") == "Comment 1 marked read."
    full.wait_gone("hello all")

    plain.console.send("speak chi")
    plain.console.send("\t")  # tab completes the name
    plain.type("")
    assert plain.said("Ana López stopped after").startswith("Ana López stopped after ")
    assert plain.said("Chidi Okafor has the floor") == "Chidi Okafor has the floor, their first turn."

    plain.type("nxt")
    assert plain.said("Not understood") == "Not understood: nxt. Did you mean next? Type help for the commands."
    plain.type("hands")
    assert plain.said("in calling order") == "1 hand up, in calling order."
    assert plain.said("First:").startswith("First: Ben, a hand, waiting ")
    plain.type("status")
    assert plain.said("hand up, next") == "1 hand up, next Ben."

    full.keys("u")
    assert plain.said("Undone") == "Undone: Ben raised a hand (by kim)."

    plain.type("end")
    assert plain.said("Recap:").startswith("Recap: the call ran ")
    plain.said("Next moderator (enter for none):")
    plain.type("Ben")
    plain.said("Backup (enter for none):")
    plain.type("Chidi Okafor")
    plain.said("Next topic (enter for none):")
    plain.type("Boundaries")
    plain.said("End the session now?")
    plain.type("yes")
    assert plain.said("Chidi Okafor stopped after").startswith("Chidi Okafor stopped after ")
    plain.said("The session has ended.")
    assert plain.said("Next moderator:") == "Next moderator: Ben, backup Chidi Okafor."
    assert plain.said("Next topic:") == "Next topic: Boundaries"
    full.wait_for("Next call")

    assert plain.leave() == 0
    output = bytes(console.output)
    assert b"\x1b" not in output and "\x9b".encode() not in output and b"\x9b" not in output, "an escape was written"
    assert all(len(line) <= 160 for line in output.decode().replace("\r", "\n").split("\n"))


def test_five_quiet_minutes_of_a_fast_call_say_only_the_thresholds(cli: Cli, opened, monkeypatch):
    consoles, _ = opened
    real = datetime.now(timezone.utc)
    origin = datetime(2026, 12, 5, 22, 15, tzinfo=timezone.utc)  # Saturday 17:15 in New York
    clock = {"IPSTUI_CLOCK": f"{origin.isoformat()}@60@{real.isoformat()}"}  # a second is a minute
    with monkeypatch.context() as patched:
        patched.setenv("IPSTUI_CLOCK", clock["IPSTUI_CLOCK"])
        cli("start", "--topic", "Quiet", "--moderator", "Sam")
        cli("participant", "add", "Ana")
        cli("speak", "Ana")
    console = RawConsole(cli.db, ["--plain"], size=(80, 24), env=clock)
    consoles.append(console)
    plain = PlainTerminal(console)
    plain.said("Ana is speaking")
    plain.said("comments to read.")
    after_attach = plain.read_to
    # The bell (3 minutes into Ana's turn) and five minutes left in the 10-minute first item.
    plain.said("past the bell cue", timeout=30)
    plain.said("5 minutes left in", timeout=30)
    # Until 8 minutes into the call (a minute before the item's end): nothing more.
    while datetime.now(timezone.utc) < real + timedelta(seconds=8):
        time.sleep(0.1)
    quiet = plain.text()[after_attach:]
    assert plain.leave() == 0
    lines = [line for line in quiet.replace("\r", "\n").split("\n") if line.strip("> ")]
    assert len(lines) == 2, lines
    assert lines[0].startswith("Ana has spoken 3 minutes this turn")
    assert lines[1] == "5 minutes left in Welcome and agreement."


def test_a_watching_line_console_changes_nothing_and_never_says_private_words(cli: Cli, opened):
    consoles, _ = opened
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("participant", "add", "Ben")
    cli("chat", "add", "--author", "Ben", "--direct", "my secret words")
    console = RawConsole(cli.db, ["--plain", "--watch"], size=(80, 24))
    consoles.append(console)
    plain = PlainTerminal(console)
    plain.said("This console only watches.")
    plain.said("1 private message")
    for typed in ("next", "speak Ben", "end", "start Boundaries"):
        plain.type(typed)
        assert plain.said("This console only watches:").startswith("This console only watches: it cannot")
    plain.type("chat 1")
    assert plain.said("Comment 1 from Ben, private") == \
        "Comment 1 from Ben, private: not to be read aloud: (private: its words are not shown on this console)"
    assert plain.leave() == 0
    assert "secret" not in plain.text()
    report = json.loads(cli("report", "--format", "json").out)
    assert report["session"]["status"] == "live"
    assert [(person["name"], person["turns"]) for person in report["participants"]] == [("Sam", 0), ("Ben", 0)]
