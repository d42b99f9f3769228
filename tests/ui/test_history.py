"""History and a session's report in the console."""

from __future__ import annotations

from ipstui.app.screens.history import HistoryScreen
from ipstui.app.screens.live import LiveScreen
from ipstui.app.screens.report import ReportScreen
from ipstui.domain import commands as c
from tests.ui.conftest import demo_app, screen_text


async def test_history_lists_filters_and_opens_a_report(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with demo.run_test(size=(120, 35)) as pilot:
        await pilot.press("H")
        assert isinstance(demo.screen, HistoryScreen)
        text = screen_text(demo)
        assert "History · 2 sessions" in text
        rows = [line for line in text.splitlines() if line.strip().startswith("2026-11-")]
        assert rows[0].split()[0] == "2026-11-28" and "live" in rows[0] and " 9 " in rows[0]
        assert rows[1].split()[0] == "2026-11-21" and "Connection" in rows[1]
        await pilot.press("slash", *"conn")
        rows = [line for line in screen_text(demo).splitlines() if line.strip().startswith("2026-11-")]
        assert len(rows) == 1 and "Connection" in rows[0]
        await pilot.press("enter", "enter")
        assert isinstance(demo.screen, ReportScreen)
        text = screen_text(demo)
        assert "Connection: what makes it peer support?" in text and "length 59:50" in text
        assert "Next moderator Maya · backup Priya" in text
        await pilot.press("m")
        written = tmp_path / "ipstui-report-2026-11-21.md"
        assert written.exists() and "# Session 2026-11-21" in written.read_text()
        await pilot.press("escape", "escape")
        assert isinstance(demo.screen, LiveScreen)


async def test_the_report_shows_waits_agreement_private_chat_and_who_acted(demo):
    async with demo.run_test(size=(120, 35)) as pilot:
        demo.run_command(c.CallNextHand())
        demo.show_report("2026-11-28")
        await pilot.pause()
        report = demo.screen.query_one("#report-lines").content.plain
        for expected in ("Aisha ouch  waited 1:25, called", "Wen reply  waited 2:10, still up",
                         "reminder of item 1: One person talk at a time.", "PRIVATE (direct message), never exported",
                         "Maya, I need to leave at 6:15, sorry", "After the meeting: Peer roles inside clinical teams",
                         "maya @demo session started", "Aisha speaking"):
            assert expected in report, expected


async def test_rotation_topics_and_attendance_tabs(demo):
    async with demo.run_test(size=(120, 35)) as pilot:
        await pilot.press("H")
        screen = demo.screen
        rotation = screen.query_one("#rotation-lines").content.plain
        assert rotation.index("never moderated") < rotation.index("moderated 1×")
        assert "Jordan" in rotation and "moderated 1×, last 2026-11-21" in rotation
        assert "Mutuality: moving from helping" in screen.query_one("#topic-lines").content.plain
        attendance = screen.query_one("#attendance-lines").content.plain
        assert "2026-11-28      9 people  1 new" in attendance and "█" in attendance
