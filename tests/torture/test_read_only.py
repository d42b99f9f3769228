"""A data folder on a read-only mount: everything reads, every write is refused, nothing changes."""

from __future__ import annotations

import json

import pytest

from ipstui.app.app import make_app
from ipstui.app.screens.live import LiveScreen
from ipstui.domain.clock import ManualClock
from ipstui.store import DataFolder
from tests.torture.faultkit import data_files, live_on_tmpfs, one_line_failure, remount, tmpfs
from tests.ui.conftest import NOW, screen_text, wait_until, running

READS = [["status"], ["report"], ["report", "--format", "json"], ["history", "--print"], ["announce"]]
WRITES = [
    ["hand", "raise", "Bo"],
    ["chat", "add", "--author", "Ana", "on a read-only disk"],
    ["chat", "read"],
    ["participant", "add", "Dee"],
    ["speak", "--stop"],
    ["undo"],
    ["end", "--next-moderator", "Ana"],
]


@pytest.mark.reliability("faults", "read-only data folder (remounted ro)")
def test_a_read_only_folder_reads_and_refuses_every_write(ledger):
    with live_on_tmpfs(1024) as (point, cli):
        cli("chat", "add", "--author", "Ana", "hello")
        cli("speak", "Ana")
        before = data_files(cli.db)
        remount(point, "ro")
        for args in READS:
            result = cli(*args, check=False)
            ledger.tried(survived=result.code == 0)
            assert result.code == 0, (args, result.err)
        assert json.loads(cli("report", "--format", "json").out)["chat"][0]["text"] == "hello"
        for args in WRITES:
            result = cli(*args, check=False)
            one_line_failure(result, "read-only")
            unchanged = data_files(cli.db) == before
            ledger.tried(survived=unchanged)
            assert unchanged, args
        remount(point, "rw")
        cli("hand", "raise", "Sam")


@pytest.mark.reliability("faults", "read-only data folder under the console")
async def test_the_console_on_a_read_only_folder_shows_the_session_and_refuses_plainly(ledger):
    with tmpfs(1024) as point:
        clock = ManualClock(NOW)
        writer = DataFolder(point / "db", clock=clock, actor="sam", terminal="t")
        writer.start("Mutuality", "Sam")
        before = data_files(writer.root)
        remount(point, "ro")
        for watch_only, needle in ((True, "only watches"), (False, "read-only")):
            folder = DataFolder(point / "db", clock=clock, actor="kim", terminal="ui")
            app = make_app(folder, clock, viewer_zone="Europe/London", read_only=watch_only)
            async with running(app, size=(120, 35)) as pilot:
                await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
                assert "Mutuality" in screen_text(app)
                await pilot.press("o", "enter")  # an ouch by the speaker, where the console may act
                await wait_until(pilot, lambda: any(needle in n.message for n in app._notifications))
                alive = app.is_running and isinstance(app.screen, LiveScreen)
                unchanged = data_files(point / "db") == before
                ledger.tried(survived=alive and unchanged)
                assert alive and unchanged
