"""A Zoom participants report recorded from the console: the same flow as the command line, one message."""

from __future__ import annotations

from pathlib import Path

from ipstui.app.app import make_app
from ipstui.app.messages import ZoomFile
from tests.ui.conftest import demo_app, live_state, wait_until, running

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zoom"


def last_toast(app):
    notes = list(app._notifications)
    return notes[-1] if notes else None


async def test_the_console_records_the_readable_rows_and_names_the_skipped_ones(tmp_path):
    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"Import participants report")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.press(*str(FIXTURES / "participants_skipped_rows.csv"), "enter")
        # Read, parsed and recorded off the event loop; one toast follows.
        await wait_until(pilot, lambda: last_toast(app) is not None and "skipped 5 rows" in last_toast(app).message)
        toast = last_toast(app)
        assert toast.severity == "warning"
        assert toast.message.startswith("recorded attendance of 2 people (")
        assert "participants_skipped_rows.csv:6: leaves" in toast.message and toast.message.endswith("(and 2 more)")
        minutes = {p.name: p.minutes_attended for p in live_state(app).participants.values()}
        assert minutes["Maya"] == 85 and minutes["Tom"] == 75


async def test_the_console_records_nothing_from_a_file_with_nothing_to_record(tmp_path):
    app = demo_app(tmp_path / "db")
    report = tmp_path / "empty.csv"
    report.write_text("Name (Original Name),User Email,Total Duration (Minutes),Guest\n", encoding="utf-8")
    async with running(app, size=(120, 35)) as pilot:
        await pilot.pause()
        before = len(live_state(app).log)
        app.post_message(ZoomFile("roster", str(report)))
        await wait_until(pilot, lambda: last_toast(app) is not None and "nothing was recorded" in last_toast(app).message)
        assert last_toast(app).severity == "error"
        assert last_toast(app).message == f"{report}: no one to record; nothing was recorded"
        assert len(live_state(app).log) == before


async def test_a_console_served_over_ssh_opens_no_file_of_the_host(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder_app = demo_app(tmp_path / "db")
    app = make_app(folder_app.folder, folder_app.clock, viewer_zone="Europe/London", host_files=False)
    secret = tmp_path / "meeting_saved_chat.txt"
    secret.write_text("17:01:02 From Ana to Kim (Direct Message):\n\tthe host's own words\n", encoding="utf-8")
    async with running(app, size=(120, 35)) as pilot:
        await pilot.pause()
        before = len(live_state(app).log)
        for kind in ("chat", "follow", "roster"):
            app.post_message(ZoomFile(kind, str(secret)))
        await wait_until(pilot, lambda: sum("opens no file of the host" in n.message for n in app._notifications) == 3)
        assert "`ipstui roster import FILE`" in last_toast(app).message
        assert len(live_state(app).log) == before
        # The report's exports too: nothing is written in the server's working folder.
        await pilot.press("H")
        await pilot.press("enter")
        await pilot.press("m")
        await wait_until(pilot, lambda: "writes no file on the host" in last_toast(app).message)
        assert not list(tmp_path.glob("ipstui-report-*"))
