"""One table of actions: the bindings, the key bar, the palette and the README all come from it."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from ipstui.app.actions import APP_ACTIONS, HOME_ACTIONS, LIVE_ACTIONS, bindings, readme_table
from ipstui.app.app import IpsApp
from ipstui.app.palette import _actions
from ipstui.app.screens.home import HomeScreen
from ipstui.app.screens.live import LiveScreen
from tests.ui.conftest import running, screen_text

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_key_table(text: str) -> list[str]:
    """The first table under the README's "## The console" heading, line by line."""
    section = text.split("\n## The console\n", 1)[1].split("\n## ", 1)[0]
    lines = section.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("| key |"))
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line.rstrip())
    return table


def test_the_readme_key_table_is_the_table_of_actions():
    written = readme_key_table(README.read_text(encoding="utf-8"))
    wanted = readme_table()
    diff = "\n".join(difflib.unified_diff(written, wanted, "README.md", "ipstui/app/actions.py", lineterm=""))
    assert written == wanted, f"the README's key table differs from the table of actions:\n{diff}"


def test_the_readme_parser_finds_a_changed_row():
    text = README.read_text(encoding="utf-8").replace("| Give the floor to the head of the queue |", "| something else |")
    assert readme_key_table(text) != readme_table()


@pytest.mark.parametrize(("owner", "rows"), [(LiveScreen, LIVE_ACTIONS), (HomeScreen, HOME_ACTIONS), (IpsApp, APP_ACTIONS)])
def test_every_key_runs_an_action_its_screen_has(owner, rows):
    for row in rows:
        name = row.action.split("(")[0]
        target = IpsApp if name.startswith("app.") else owner
        assert hasattr(target, "action_" + name.removeprefix("app.")), row


@pytest.mark.parametrize("rows", [LIVE_ACTIONS, HOME_ACTIONS])
def test_no_key_does_two_things_on_one_screen(rows):
    keys = [binding.key for binding in bindings(rows + APP_ACTIONS)]
    assert len(keys) == len(set(keys))


def test_the_screens_bind_what_the_table_says():
    bound = {(b.key, b.action, b.description, b.show) for b in LiveScreen.BINDINGS}
    assert bound == {(row.key, row.action, row.label, row.shown_in_key_bar) for row in LIVE_ACTIONS if row.key}
    assert [b.key for b in IpsApp.BINDINGS if b.priority] == ["ctrl+q"]


async def test_the_key_bar_and_the_palette_follow_the_table(demo):
    async with running(demo, size=(160, 35)) as pilot:
        await pilot.pause()
        bottom = screen_text(demo).splitlines()[-1]
        shown = [row for row in LIVE_ACTIONS + APP_ACTIONS if row.shown_in_key_bar]
        positions = [bottom.index(f" {row.key} {row.label} ") for row in shown]
        assert positions == sorted(positions)
        for row in LIVE_ACTIONS + APP_ACTIONS:
            if not row.shown_in_key_bar and row.key:
                assert f" {row.key} {row.label} " not in bottom, row
        titles = {title: (help_text, action) for title, help_text, action, _ in _actions(demo.screen)}
        assert titles == {row.palette_title: (row.help, row.action)
                          for row in LIVE_ACTIONS + APP_ACTIONS if row.palette_title}
