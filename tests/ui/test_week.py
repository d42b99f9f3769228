"""The week around the call in the console: starting today's call, the closing screen, open items."""

from __future__ import annotations

from datetime import datetime, timezone

from textual.widgets import Input

from ipstui.app.app import make_app
from ipstui.app.screens.home import HomeScreen
from ipstui.app.screens.prompts import StartModal
from ipstui.domain import commands as c
from ipstui.domain.clock import ManualClock
from ipstui.store import DataFolder
from tests.ui.conftest import running

WEEK = 7 * 86400


async def test_s_on_home_fills_in_todays_moderator_not_next_weeks(tmp_path):
    clock = ManualClock(datetime(2026, 11, 28, 22, 15, tzinfo=timezone.utc))  # Saturday 17:15 in New York
    folder = DataFolder(tmp_path / "db", clock=clock, actor="sam", terminal="ui")
    folder.start("Mutuality", "Sam")
    folder.execute(c.EndSession("Ana", "Ben", "Worldview"))
    clock.advance(WEEK)
    folder.start("Worldview", "Ana")
    clock.advance(60 * 60)
    folder.execute(c.EndSession("Cy", None, "Hope"))  # next week's choice
    app = make_app(folder, clock, viewer_zone="America/New_York")
    async with running(app, size=(120, 35)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        assert isinstance(app.screen, StartModal)
        assert app.screen.query_one("#start-moderator", Input).value == "Ana"
        assert app.screen.query_one("#start-topic", Input).value == "Worldview"
