"""History and a session's report in the console."""

from __future__ import annotations

from ipstui.app.screens.history import HistoryScreen
from ipstui.app.screens.live import LiveScreen
from ipstui.app.screens.report import ReportScreen
from ipstui.domain import commands as c
from ipstui.app.messages import ShowReport
from tests.ui.conftest import screen_text, running


def table_rows(screen, selector: str) -> list[list[str]]:
    """A DataTable's cells as plain strings."""
    table = screen.query_one(selector)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_history_lists_filters_and_opens_a_report(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with running(demo, size=(120, 35)) as pilot:
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
    async with running(demo, size=(120, 35)) as pilot:
        demo.run_command(c.CallNextHand())
        demo.post_message(ShowReport("2026-11-28"))
        await pilot.settle()
        screen = demo.screen
        for tab in ("tab-hands", "tab-chat", "tab-timeline", "tab-summary"):
            screen.query_one("#report-tabs").active = tab  # each table is filled when first shown
            await pilot.pause()
        summary = screen.query_one("#report-lines").content.plain
        assert "reminder of item 1: One person talk at a time." in summary
        assert "After the meeting: Peer roles inside clinical teams" in summary
        hands = table_rows(screen, "#hand-table")
        assert ["Aisha", "ouch", "1:25", "called"] == hands[-1][1:]
        assert ["Wen", "reply", "2:10", "still up"] == hands[-2][1:]
        chat = table_rows(screen, "#chat-table")
        assert ["Jordan", "PRIVATE (direct message), never exported", "Maya, I need to leave at 6:15, sorry"] == chat[-1][2:]
        timeline = table_rows(screen, "#timeline-table")
        assert timeline[0][1:] == ["maya", "demo", "session started: Mutuality: moving from helping to learning together"]
        assert timeline[-1][1:] == ["maya", "demo", "Aisha speaking"]


async def test_rotation_topics_and_attendance_tabs(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("H")
        screen = demo.screen
        rotation = screen.query_one("#rotation-lines").content.plain
        assert rotation.index("never moderated") < rotation.index("moderated 1×")
        assert "Jordan" in rotation and "moderated 1×, last 2026-11-21" in rotation
        assert "Mutuality: moving from helping" in screen.query_one("#topic-lines").content.plain
        attendance = screen.query_one("#attendance-lines").content.plain
        assert "2026-11-28      9 people  1 new" in attendance and "█" in attendance


async def test_a_second_report_reuses_the_mounted_screen(demo):
    # Mounting the report screen is most of a first report's cost (B5: 234 ms against 52 ms).
    async with running(demo, size=(120, 35)) as pilot:
        demo.post_message(ShowReport("2026-11-21"))
        await pilot.settle()
        first = demo.screen
        assert isinstance(first, ReportScreen) and first.state.session_id == "2026-11-21"
        await pilot.press("escape")
        demo.post_message(ShowReport("2026-11-28"))
        await pilot.settle()
        assert demo.screen is first and first.state.session_id == "2026-11-28"
        assert "Session 2026-11-28" in screen_text(demo)
