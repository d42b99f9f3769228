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


async def test_delete_in_history_removes_the_highlighted_session_after_a_yes(demo):
    from ipstui.app.screens.history import HistoryScreen
    from ipstui.app.screens.prompts import ConfirmModal
    from tests.ui.conftest import screen_text

    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("H")
        assert isinstance(demo.screen, HistoryScreen)
        await pilot.press("delete")  # the live session first: the store refuses it
        assert isinstance(demo.screen, ConfirmModal)
        await pilot.press("y")
        assert [s.id for s in demo.folder.sessions()] == ["2026-11-21", "2026-11-28"]
        await pilot.press("down", "delete")
        assert "Remove session 2026-11-21 ('Connection: what makes it peer" in screen_text(demo)
        await pilot.press("n")
        assert [s.id for s in demo.folder.sessions()] == ["2026-11-21", "2026-11-28"]
        await pilot.press("delete", "y")
        assert [s.id for s in demo.folder.sessions()] == ["2026-11-28"]
        assert "History · 1 session" in screen_text(demo)
        assert "2026-11-21" not in screen_text(demo)
