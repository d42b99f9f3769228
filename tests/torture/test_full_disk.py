"""A full disk under the data folder: a clear refusal, intact files, no litter, and work resumes."""

from __future__ import annotations

import errno
import json
import os

import pytest

from ipstui.app.screens.live import LiveScreen
from ipstui.domain import commands as c
from ipstui.store import DataFolder, StoreError
from ipstui.store import atomic
from tests.e2e.conftest import Cli
from tests.torture.faultkit import (
    MountRefused,
    data_files,
    fill,
    litter,
    live_on_tmpfs,
    one_line_failure,
    session_events,
    tmpfs,
)
from tests.ui.conftest import empty_app, wait_until, running

WHILE_FULL = [
    ["chat", "add", "--author", "Ana", "said while the disk was full"],
    ["hand", "raise", "Bo"],
    ["participant", "add", "Dee"],
    ["speak", "Ana"],
    ["end", "--next-moderator", "Ana"],
]


@pytest.mark.reliability("faults", "full disk under the command line (tmpfs)")
def test_a_full_disk_refuses_in_one_line_and_keeps_every_earlier_action(ledger, tmp_path, monkeypatch):
    try:
        with tmpfs(512) as point:
            _full_disk_through_the_command_line(Cli(point / "db"), point / "filler", ledger)
    except MountRefused:
        _full_disk_injected(tmp_path, monkeypatch, ledger)


def _full_disk_through_the_command_line(cli: Cli, filler, ledger) -> None:
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    acknowledged = ["Sam"]
    for name in ("Ana", "Bo", "Cy"):
        cli("participant", "add", name)
        acknowledged.append(name)
    for number in range(6):
        cli("chat", "add", "--author", "Ana", f"before the disk filled {number}")
        acknowledged.append(f"before the disk filled {number}")
    session = next(cli.db.glob("session-*.json"))
    assert fill(filler) > 0
    before = data_files(cli.db)
    for args in WHILE_FULL:
        result = cli(*args, check=False)
        one_line_failure(result, "no space left", str(cli.db))
        intact = data_files(cli.db) == before and litter(cli.db) == []
        ledger.tried(survived=intact)
        assert intact, (args, litter(cli.db))
    # Reading needs no space.
    report = json.loads(cli("report", "--format", "json").out)
    kept = {p["name"] for p in report["participants"]} | {x["text"] for x in report["chat"]}
    lost = [item for item in acknowledged if item not in kept]
    filler.unlink()
    cli("hand", "raise", "Bo")
    cli("end", "--next-moderator", "Ana")
    resumed = [e["type"] for e in session_events(session)][-2:] == ["hand_raised", "session_ended"]
    ended = json.loads(cli("report", "--format", "json").out)["session"]
    resumed = resumed and ended["status"] == "ended" and ended["next_moderator"] == "Ana"
    ledger.tried(survived=resumed and not lost, lost=len(lost))
    assert lost == [] and resumed, ended


def _full_disk_injected(tmp_path, monkeypatch, ledger) -> None:
    """Where mounting is refused: the same refusal with ENOSPC from the write itself."""
    folder = DataFolder(tmp_path / "db", actor="sam", terminal="t")
    folder.start("Mutuality", "Sam")
    before = data_files(folder.root)
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "write", full)
    with pytest.raises(StoreError, match="no space left"):
        folder.execute(c.AddChatComment("Ana", "while full"))
    monkeypatch.setattr(atomic.os, "write", real_write)
    intact = data_files(folder.root) == before and litter(folder.root) == []
    ledger.tried(survived=intact)
    assert intact


@pytest.mark.reliability("faults", "full disk under the console (tmpfs)")
async def test_the_console_says_the_disk_is_full_and_keeps_running(ledger):
    with tmpfs(512) as point:
        app = empty_app(point / "db")
        app.folder.start("Mutuality", "Sam")
        session = app.folder.live().path
        async with running(app, size=(120, 35)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
            fill(point / "filler")
            before = data_files(app.folder.root)
            for keys in (("o", "enter"), ("b", "enter"), ("]",)):
                await pilot.press(*keys)
                await wait_until(pilot, lambda: any("no space left" in n.message for n in app._notifications))
                intact = data_files(app.folder.root) == before and litter(app.folder.root) == []
                alive = app.is_running and isinstance(app.screen, LiveScreen)
                ledger.tried(survived=intact and alive)
                assert intact and alive
                app.clear_notifications()
            (point / "filler").unlink()
            await pilot.press("o", "enter")
            await wait_until(pilot, lambda: any("ouch" in n.message for n in app._notifications))
            assert [e["type"] for e in session_events(session)][-1] == "ouch_logged"


@pytest.mark.reliability("faults", "disk full between the session file and the group file")
def test_an_end_cut_short_by_a_full_disk_is_completed_once_there_is_room(ledger):
    with live_on_tmpfs(1024) as (point, cli):
        folder = DataFolder(cli.db)
        session_id = folder.live_session_id()
        # A long roster makes the group file far bigger than the session's: only the session fits.
        with folder.group.doc.lock:
            folder.group.note_participants([f"member {n:03}" for n in range(400)], session_id)
        spare = point / "spare"
        spare.write_bytes(b"\0" * 16384)
        fill(point / "filler")
        spare.unlink()
        result = cli("end", "--next-moderator", "Ana", check=False)
        one_line_failure(result, "ended session", "group.json was not updated (no space left")
        half_done = folder.state(session_id).ended_at is not None and litter(cli.db) == []
        # Reading still works on the full disk, and already knows the session has ended.
        status = cli("status", check=False)
        reads = status.code == 0 and cli("report", "--format", "json", check=False).code == 0
        (point / "filler").unlink()
        cli("history", "--print")
        index = {entry.id: entry for entry in DataFolder(cli.db).sessions()}[session_id]
        moderated = {p["name"]: p["moderated"] for p in folder.group.roster()}["Sam"]
        repaired = index.status == "ended" and index.next_moderator == "Ana" and moderated == [session_id]
        ledger.tried(survived=half_done and reads and repaired, lost=0 if repaired else 1)
        assert half_done and reads and repaired, (status.err, index, moderated)
