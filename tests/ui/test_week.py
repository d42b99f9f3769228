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


async def test_open_items_strip_and_done_marks_reach_a_co_moderator(demo, tmp_path):
    from ipstui.app.screens.open_items import OpenItemsModal
    from ipstui.domain.open_items import still_open
    from tests.ui.conftest import live_state, screen_text, wait_until

    # A co-moderator's console on the same folder.
    other = make_app(DataFolder(demo.folder.root, clock=demo.clock, actor="kim", terminal="ui:2"), demo.clock,
                     viewer_zone="Europe/London")
    async with running(demo, size=(120, 35)) as pilot:
        strip = screen_text(demo).splitlines()[-2]
        assert "Open items 2" in strip and "DM from Jordan" in strip and "After Peer roles inside clinical" in strip
        assert "leave at 6:15" not in strip  # a direct message's words stay in the chat panel
        await pilot.press("i")
        assert isinstance(demo.screen, OpenItemsModal)
        assert "[ ] Direct message from Jordan" in screen_text(demo)
        await pilot.press("enter")
        assert [item.kind for item in still_open(live_state(demo))] == ["followup"]
        strip = screen_text(demo).splitlines()[-2]
        assert "Open items 1" in strip and "DM from Jordan" not in strip
    async with running(other, size=(120, 35)) as pilot:
        await wait_until(pilot, lambda: "Open items 1" in screen_text(other))
        await pilot.press("i")
        assert "[x] Direct message from Jordan" in screen_text(other)
        await pilot.press("enter")  # the first open one is highlighted: the follow-up
        assert "Open items all 2 done" in screen_text(other)
        await pilot.press("i", "enter")  # all done: the first is highlighted, and opens again
        assert "Open items 1" in screen_text(other) and "DM from Jordan" in screen_text(other)


async def test_the_closing_screen_warns_and_offers_the_whole_roster(demo):
    from ipstui.app.screens.closing import ClosingScreen
    from ipstui.app.screens.prompts import ConfirmModal
    from tests.ui.conftest import live_state, screen_text

    demo.folder.execute(c.StopSpeaker())
    demo.folder.execute(c.StartSpeaker("Tomás"))
    demo.folder.group.note_participant("Wren", "2026-11-21", None)  # on the roster, not here today
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("e")
        assert isinstance(demo.screen, ClosingScreen)
        text = screen_text(demo)
        for warning in ("No next moderator chosen (m on a name)", "Aisha's ouch is still waiting",
                        "3 more hands up:", "Tomás is still speaking (0:00)",
                        "Direct message from Jordan not answered (i: mark done)"):
            assert warning in text, warning
        assert "[ ] Direct message from Jordan" in text and "[ ] After-meeting topic Peer roles" in text
        present = {p.name for p in live_state(demo).participants.values()}
        absent = [v.name for v in demo.screen.volunteers if v.name not in present]
        assert absent == ["Wren"] and "Wren  never moderated  not here today" in text
        assert [v.name for v in demo.screen.volunteers][:len(present)] == [p.name for p in live_state(demo).participants.values()]
        await pilot.press("i", "enter")  # the direct message, marked done from here
        text = screen_text(demo)
        assert "[x] Direct message from Jordan" in text and "not answered" not in text
        await pilot.press("ctrl+s")  # nobody chosen: asked first
        assert isinstance(demo.screen, ConfirmModal) and live_state(demo).is_live
        await pilot.press("n")
        assert isinstance(demo.screen, ClosingScreen) and live_state(demo).is_live
        # Someone not here today can be chosen.
        await pilot.press(*["down"] * len(present), "m")
        assert "No next moderator chosen" not in screen_text(demo)
        await pilot.press("ctrl+s")
        ended = demo.folder.sessions()[-1]
        assert ended.status == "ended" and ended.next_moderator == absent[0]


async def test_closing_with_nobody_chosen_goes_on_after_a_yes(demo):
    from tests.ui.conftest import screen_text

    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("e", "ctrl+s")
        assert "Close without choosing a next moderator?" in screen_text(demo)
        await pilot.press("y")
        assert isinstance(demo.screen, HomeScreen)
        assert demo.folder.sessions()[-1].status == "ended"


async def test_home_follows_a_session_removed_elsewhere(tmp_path):
    from tests.ui.conftest import screen_text, wait_until

    clock = ManualClock(datetime(2026, 11, 28, 22, 15, tzinfo=timezone.utc))
    folder = DataFolder(tmp_path / "db", clock=clock, actor="sam", terminal="ui")
    folder.start("Mutuality", "Sam")
    folder.execute(c.EndSession("Ana", "Ben", "Worldview"))
    clock.advance(3600)
    stray, _ = folder.start("Oops", "Sam")
    folder.execute(c.EndSession("Zed"))
    app = make_app(folder, clock, viewer_zone="America/New_York")
    async with running(app, size=(120, 35)) as pilot:
        await wait_until(pilot, lambda: "Moderator  Zed" in screen_text(app))
        DataFolder(folder.root, clock=clock, actor="kim", terminal="there").remove_session(stray)
        await wait_until(pilot, lambda: "Moderator  Ana" in screen_text(app))
        assert "Topic      Worldview" in screen_text(app)


async def test_u_on_home_reopens_the_call_just_closed_after_a_yes(demo):
    from ipstui.app.screens.live import LiveScreen
    from tests.ui.conftest import live_state, screen_text

    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("e", "down", "m", "ctrl+s")
        assert isinstance(demo.screen, HomeScreen)
        await pilot.press("u")
        assert "Reopen session 2026-11-28 ('Mutuality: moving from helping" in screen_text(demo)
        await pilot.press("n")
        assert isinstance(demo.screen, HomeScreen) and demo.folder.live_session_id() is None
        await pilot.press("u", "y")
        assert isinstance(demo.screen, LiveScreen)
        assert live_state(demo).is_live and live_state(demo).next_moderator is None
        assert "is live again" in list(demo._notifications)[-1].message
