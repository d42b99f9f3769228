"""Home: the next call for every caller, rotation, join details, and starting a session."""

from __future__ import annotations

from datetime import datetime, timezone

from ipstui.app.app import make_app
from ipstui.app.screens.home import HomeScreen
from ipstui.app.screens.live import LiveScreen
from ipstui.domain.clock import ManualClock
from ipstui.store import DataFolder
from tests.ui.conftest import empty_app, screen_text, wait_until, running


async def test_home_counts_down_and_shows_every_zone(tmp_path):
    clock = ManualClock(datetime(2026, 10, 29, 12, 0, tzinfo=timezone.utc))
    app = make_app(DataFolder(tmp_path / "db", clock=clock), clock, viewer_zone="Asia/Kolkata")
    async with running(app, size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "Saturday 31 October 2026  17:15–18:30 America/New_York" in text
        assert "Your time (Asia/Kolkata): Sunday 02:45" in text
        assert "starts in 2 days 09:15:00" in text
        assert "London        Sat 21:15–22:30  time change: 1h earlier" in text
        assert "New York      Sat 17:15–18:30" in text and "https://zoom.us/j/119362879" in text
        clock.advance(5)
        app.tick()
        await pilot.pause()
        assert "starts in 2 days 09:14:55" in screen_text(app)


async def test_starting_a_session_from_home_opens_the_console(tmp_path):
    app = empty_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        await pilot.pause()
        assert "the call is on now" in screen_text(app)
        await pilot.press("s", *"Mutuality", "enter", *"Sam", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LiveScreen)
        assert "Mutuality · moderator Sam" in screen_text(app)
        assert app.folder.live().state().moderator == "Sam"


async def test_a_session_started_elsewhere_appears(tmp_path):
    app = empty_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        await pilot.pause()
        other = DataFolder(tmp_path / "db", clock=app.clock, actor="kim", terminal="other")
        other.start("Worldview", "Kim")
        await wait_until(pilot, lambda: "Worldview · moderator Kim" in screen_text(app))
        assert isinstance(app.screen, LiveScreen)


async def test_home_after_a_call_ended_early_counts_down_to_next_week(tmp_path):
    from ipstui.domain import commands as c

    clock = ManualClock(datetime(2026, 12, 5, 22, 15, tzinfo=timezone.utc))  # Saturday 17:15 in New York
    folder = DataFolder(tmp_path / "db", clock=clock, actor="sam", terminal="ui")
    folder.start("Mutuality", "Sam")
    clock.advance(25 * 60)  # 17:40: the call ends early
    folder.execute(c.EndSession("Ana", None, "Boundaries"))
    app = make_app(folder, clock, viewer_zone="America/New_York")
    async with running(app, size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert isinstance(app.screen, HomeScreen) and "the call is on now" not in text
        assert "Saturday 12 December 2026" in text and "starts in 6 days 23:35:00" in text
