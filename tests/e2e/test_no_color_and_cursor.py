"""The full-screen console for those who do not go by colour: NO_COLOR, and the terminal's cursor on the focused row."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import Cli
from tests.torture.rawpty import RawConsole

# SGR parameters that set a colour: 30-38 and 40-48 (38/48 with a palette or RGB), 90-97, 100-107.
COLOUR = re.compile(r"^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$")


def colours(output: bytes) -> set[str]:
    found = set()
    for params in re.findall(r"\x1b\[([0-9;:]*)m", output.decode("utf-8", "replace")):
        found |= {part for part in re.split("[;:]", params) if COLOUR.match(part)}
    return found


@pytest.fixture
def call(cli: Cli) -> Cli:
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    for person in ("Ana", "Ben", "Cy"):
        cli("participant", "add", person)
        cli("hand", "raise", person)
    return cli


def row_of(console: RawConsole, text: str) -> int:
    return next(y for y, line in enumerate(console.screen.display) if text in line)


@pytest.mark.parametrize("no_color", [False, True])
def test_no_color_writes_no_colour_and_the_cursor_row_still_stands_out(call: Cli, no_color: bool):
    console = RawConsole(call.db, [], size=(120, 35), env={"NO_COLOR": "1"} if no_color else {})
    try:
        console.wait_for("3. Cy")
        console.send("\x1b[B")  # down: the second hand
        # The frame that moves the focus moves the terminal's cursor to the focused row too.
        console._poll(lambda shown: console.screen.cursor.y == row_of(console, "2. Ben"), "the focus never moved", 10)
        with console._lock:
            line = row_of(console, "2. Ben")
            x = console.screen.display[line].index("2. Ben")
            chosen, other = console.screen.buffer[line][x], console.screen.buffer[row_of(console, "3. Cy")][x]
    finally:
        console.quit()
    used = colours(bytes(console.output))
    if no_color:
        assert used == set(), used
        assert chosen.reverse and not other.reverse
    else:
        assert used  # the check above can see colour when it is there


def test_the_terminal_cursor_follows_the_focused_row(call: Cli):
    console = RawConsole(call.db, [], size=(120, 35))
    try:
        console.wait_for("3. Cy")
        for step, name in ((None, "1. Ana"), ("\x1b[B", "2. Ben"), ("\x1b[B", "3. Cy"), ("\x1b[A", "2. Ben")):
            if step:
                console.send(step)
            console._poll(lambda shown, name=name: console.screen.cursor.y == row_of(console, name),
                          f"the cursor is not on {name}", 10)
    finally:
        console.quit()
