"""Locks: a holder killed mid-transaction frees the file at once; one held too long says busy."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

import pytest

from ipstui.app.screens.live import LiveScreen
from ipstui.domain import commands as c
from ipstui.road import CommandDone, Saving, SessionSync
from ipstui.store import DataFolder
from ipstui.store.atomic import FileLock, encode, write_bytes_atomic
from ipstui.store.presence import ALIVE, Presence
from tests.e2e.conftest import Cli
from tests.torture.faultkit import HERE, Helper, data_files, litter, one_line_failure, session_events
from tests.ui.conftest import screen_text, empty_app, wait_until, running

HOLDER = HERE / "holder.py"


def live_session(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("participant", "add", "Ana")
    return next(cli.db.glob("session-*.json"))


def timed(cli: Cli, *args: str):
    start = time.monotonic()
    result = cli(*args, check=False)
    return result, time.monotonic() - start


@pytest.mark.reliability("faults", "lock holder SIGKILLed mid-transaction")
def test_a_holder_killed_mid_transaction_frees_the_file_at_once(cli: Cli, ledger):
    session = live_session(cli)
    for round_ in range(4):
        holder = Helper(HOLDER, str(cli.db))
        holder.wait_ready()
        holder.kill()
        result, took = timed(cli, "chat", "add", "--author", "Ana", f"after kill {round_}")
        events = session_events(session)
        prompt = result.code == 0 and took < FileLock(session).timeout / 2
        clean = all(e["type"] != "uncommitted" for e in events) and events[-1]["data"]["text"] == f"after kill {round_}"
        ledger.tried(survived=prompt and clean)
        assert prompt and clean, (result.err, took)


@pytest.mark.reliability("faults", "stale lock and temporary files left by a dead writer")
def test_stale_lock_and_temporary_files_do_not_stop_the_next_command(cli: Cli, ledger):
    session = live_session(cli)
    for name in (".lock", ".tmp", ".bak.tmp"):
        session.with_name(session.name + name).write_bytes(b'{"pid": 999999, "half a wri')
    cli("hand", "raise", "Ana")
    events = session_events(session)
    ok = events[-1]["type"] == "hand_raised" and litter(cli.db) == []
    ledger.tried(survived=ok)
    assert ok, litter(cli.db)


@pytest.mark.reliability("faults", "lock held by a live process for long")
def test_a_lock_held_too_long_says_busy_and_changes_nothing(cli: Cli, ledger):
    session = live_session(cli)
    holder = Helper(HOLDER, str(cli.db))
    holder.wait_ready()
    try:
        before = data_files(cli.db)
        result, took = timed(cli, "hand", "raise", "Ana")
        one_line_failure(result, "busy:", session.name, "locked by another terminal")
        unchanged = data_files(cli.db) == before
        waited = FileLock(session).timeout
        ledger.tried(survived=unchanged and waited <= took < waited + 20)
        assert unchanged and waited <= took < waited + 20, took
    finally:
        holder.kill()
    cli("hand", "raise", "Ana")
    assert session_events(session)[-1]["type"] == "hand_raised"


@pytest.mark.reliability("faults", "lock held by another terminal under the console")
async def test_the_console_keeps_running_and_says_whom_it_waits_for_while_another_holds_the_lock(tmp_path, ledger):
    app = empty_app(tmp_path / "db")
    app.folder.start("Mutuality", "Sam")
    file = app.folder.live()
    async with running(app, size=(120, 35)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        holder = Helper(HOLDER, str(app.folder.root))
        holder.wait_ready()
        try:
            await pilot.send("o", "enter")  # the ouch (by the speaker) waits for the lock, off the event loop
            await wait_until(pilot, lambda: "saving: waiting for kim (host:pts/9)" in screen_text(app))
            await pilot.send("b", "enter")  # a second action (the bell, rung by the one at the keys) queues behind it
            # The screen answers meanwhile: the clock ticks and a key moves the panels.
            app.clock.advance(5)
            app.tick()
            await pilot.send("4")
            await wait_until(pilot, lambda: app.screen.panel == "chat" and "0:05" in screen_text(app))
            waited = "saving: waiting for kim" in screen_text(app) and session_events(file.path)[-1]["type"] != "ouch_logged"
        finally:
            holder.kill()
        await pilot.settle()
        await wait_until(pilot, lambda: "saving" not in screen_text(app))
        kinds = [event["type"] for event in session_events(file.path)[-2:]]
        ledger.tried(survived=waited and kinds == ["ouch_logged", "bell_rung"])
        assert waited and kinds == ["ouch_logged", "bell_rung"]


@pytest.mark.reliability("faults", "lock busy with many short turns of others")
def test_a_waiter_behind_others_taking_turns_waits_on_instead_of_giving_up(tmp_path, ledger):
    path = tmp_path / "session-2026-11-28.json"
    saves = []
    holding = threading.Event()
    released = []

    def keep_saving(seconds: float) -> None:
        # Turns of others, back to back: the lock is never free between them, so the waiter
        # cannot slip into a gap and the test does not depend on the scheduler.
        with FileLock(path):
            holding.set()
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                saves.append(time.monotonic())
                write_bytes_atomic(path, encode({"saves": len(saves)}))
                time.sleep(0.01)
            released.append(time.monotonic())

    other = threading.Thread(target=keep_saving, args=(0.8,))
    other.start()
    holding.wait(5)
    started = time.monotonic()
    try:
        with FileLock(path, timeout=0.2):
            got = time.monotonic()
    finally:
        other.join()
    waited = got - started
    behind = sum(1 for moment in saves if moment > started)
    # Four times its own timeout, behind a holder that kept saving: it waited on, then got it.
    survived = waited > 0.6 and behind >= 10 and got >= released[0]
    ledger.tried(survived=survived)
    assert survived, (waited, behind)


def wait_for_message(posted: list, predicate, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not (found := [message for message in posted if predicate(message)]):
        assert time.monotonic() < deadline, f"no such message in {timeout} s: {posted}"
        time.sleep(0.01)
    return found[0]


@pytest.mark.reliability("faults", "lock held by another terminal while co-moderators watch")
def test_a_console_waiting_for_a_lock_keeps_its_heartbeat_and_stays_alive_to_the_others(tmp_path, ledger):
    root = tmp_path / "db"
    folder = DataFolder(root, actor="sam", terminal="here")
    folder.start("Mutuality", "Sam")
    posted: list = []
    sync = SessionSync(folder, posted.append, Presence(root, "sam", "here"))
    other = Presence(root, "kim", "there")
    holder = Helper(HOLDER, str(root))
    holder.wait_ready()
    sync.start()
    try:
        sync.run(c.LogOuch())
        wait_for_message(posted, lambda message: isinstance(message, Saving) and message.waiting_for)
        # Longer than a console counts as alive without a heartbeat, all of it waiting for the lock.
        beats, dead = set(), []
        until = time.monotonic() + ALIVE.total_seconds() + 1.5
        while time.monotonic() < until:
            seen = [peer for peer in other.peers(datetime.now(timezone.utc)) if peer.actor == "sam"]
            dead += [peer for peer in seen if not peer.alive]
            beats.update(peer.seen_at for peer in seen)
            time.sleep(0.1)
        waited = not any(isinstance(message, CommandDone) for message in posted)
    finally:
        holder.kill()
    try:
        done = wait_for_message(posted, lambda message: isinstance(message, CommandDone))
    finally:
        sync.stop()
    survived = waited and not dead and len(beats) >= 3 and done.outcome is not None
    ledger.tried(survived=survived)
    assert survived, (waited, dead, sorted(beats), done)
