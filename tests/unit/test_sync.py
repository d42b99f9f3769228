"""The console's road to the folder, without a screen: commands in order, views immutable, waits told."""

from __future__ import annotations

import threading
import time
from dataclasses import FrozenInstanceError

import pytest

from ipstui.domain import commands as c
from ipstui.domain.clock import ManualClock
from ipstui.road import CommandDone, Saving, SessionSync, StateChanged
from ipstui.store import DataFolder
from ipstui.store.atomic import FileLock, set_lock_holder
from tests.helpers import T0


def folder_with_session(root) -> DataFolder:
    folder = DataFolder(root, clock=ManualClock(T0), actor="sam", terminal="test:1")
    folder.start("Mutuality", "Sam")
    return folder


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.01)


def run_all(folder: DataFolder, *commands) -> list:
    """Every message the road posts while it runs `commands`, in turn, until it is idle."""
    posted: list = []
    sync = SessionSync(folder, posted.append)
    sync.start()
    try:
        for command in commands:
            sync.run(command)
        wait_for(sync.idle)
    finally:
        sync.stop()
    return posted


def test_commands_run_in_the_order_asked_and_each_change_comes_back_as_a_new_view(tmp_path):
    folder = folder_with_session(tmp_path / "db")
    posted = run_all(folder, c.AddParticipant("Ana"), c.AddParticipant("Bo"), c.AddParticipant("Cy"), c.RaiseHand("Bo"))
    done = [m for m in posted if isinstance(m, CommandDone)]
    assert [m.outcome is not None for m in done] == [True] * 4
    views = [m.view for m in posted if isinstance(m, StateChanged) and m.view is not None]
    last = views[-1].state
    assert [p.name for p in last.participants.values()] == ["Sam", "Ana", "Bo", "Cy"]
    assert [h.name for h in last.hands] == ["Bo"]
    # Each view is its own: an earlier one still shows what it showed.
    assert len(views[0].state.participants) < len(last.participants)
    # Each change is posted before its outcome, whose toast drawn first would put it a frame later.
    for name in ("Ana", "Bo", "Cy"):
        told = next(i for i, m in enumerate(posted) if isinstance(m, CommandDone) and m.command.name == name)
        shown = next(i for i, m in enumerate(posted) if isinstance(m, StateChanged) and m.view is not None
                     and any(p.name == name for p in m.view.state.participants.values()))
        assert shown < told, name


def test_a_view_cannot_be_changed_by_a_screen_nor_by_later_folding(tmp_path):
    folder = folder_with_session(tmp_path / "db")
    state = folder.live().state()
    snapshot = state.snapshot()
    with pytest.raises(FrozenInstanceError):
        snapshot.topic = "changed"
    with pytest.raises(TypeError):
        snapshot.participants["x"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        snapshot.hands.append(None)  # type: ignore[attr-defined]
    folder.execute(c.AddParticipant("Ana"))
    folder.live().state()  # the store folds on
    assert [p.name for p in snapshot.participants.values()] == ["Sam"]
    assert snapshot != state.snapshot() and snapshot == snapshot


def test_a_refused_command_says_why_and_the_next_one_still_runs(tmp_path):
    folder = folder_with_session(tmp_path / "db")
    posted = run_all(folder, c.LowerHand("Nobody"), c.AddParticipant("Ana"))
    refused, added = [m for m in posted if isinstance(m, CommandDone)]
    assert refused.outcome is None and refused.error
    assert added.outcome is not None and added.error is None


def test_a_write_behind_another_process_s_lock_says_whom_it_waits_for(tmp_path):
    folder = folder_with_session(tmp_path / "db")
    posted: list = []
    sync = SessionSync(folder, posted.append)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        set_lock_holder("kim (host:pts/9)")
        with FileLock(folder.live().path):
            held.set()
            release.wait(10)
        set_lock_holder("")

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    sync.start()
    try:
        sync.run(c.LogOuch())
        wait_for(lambda: any(isinstance(m, Saving) and m.waiting_for for m in posted))
        assert not any(isinstance(m, CommandDone) for m in posted)
        release.set()
        wait_for(sync.idle)
    finally:
        release.set()
        holder.join()
        sync.stop()
    saving = [m.waiting_for for m in posted if isinstance(m, Saving)]
    assert saving == ["kim (host:pts/9)", None]
    assert [m.outcome.message for m in posted if isinstance(m, CommandDone)] == ["ouch logged"]



def hand_views(posted: list) -> list[bool]:
    """For each view posted that shows a hand up: whether it was posted unsaved."""
    return [m.unsaved for m in posted if isinstance(m, StateChanged) and m.view is not None
            and m.view.state is not None and m.view.state.hands]


def test_a_screen_is_shown_its_own_change_while_it_is_written_and_not_again_once_saved(tmp_path):
    folder = folder_with_session(tmp_path / "db")
    path = folder.live().path
    posted: list = []
    on_disk_when_shown: list = []

    def post(message):
        if isinstance(message, StateChanged) and message.unsaved:
            on_disk_when_shown.append(b'"hand_raised"' in path.read_bytes())
        posted.append(message)

    sync = SessionSync(folder, post, draw_while_saving=True)
    sync.start()
    try:
        wait_for(lambda: any(isinstance(m, StateChanged) for m in posted))
        sync.run(c.RaiseHand("Sam"))
        wait_for(lambda: any(isinstance(m, CommandDone) for m in posted))
        wait_for(sync.idle)
    finally:
        sync.stop()
    # Once, before it was on disk, and never handed on again once saved: the screen drew it already.
    assert hand_views(posted) == [True]
    assert on_disk_when_shown == [False]
    told = next(i for i, m in enumerate(posted) if isinstance(m, CommandDone))
    assert posted[told].outcome is not None and b'"hand_raised"' in path.read_bytes()
    assert posted.index(next(m for m in posted if isinstance(m, StateChanged) and m.unsaved)) < told


def test_a_change_shown_while_written_is_taken_back_when_the_write_fails(tmp_path, monkeypatch):
    import ipstui.store.document as document

    folder = folder_with_session(tmp_path / "db")
    original = document.write_bytes_atomic
    failures = [OSError(28, "No space left on device")]

    def full_disk(*args, **kwargs):
        if failures:
            raise failures.pop()
        return original(*args, **kwargs)

    monkeypatch.setattr(document, "write_bytes_atomic", full_disk)
    posted: list = []
    sync = SessionSync(folder, posted.append, draw_while_saving=True)
    sync.start()
    try:
        wait_for(lambda: any(isinstance(m, StateChanged) for m in posted))
        sync.look()  # and once more: the road has seen the live file as it stands, and nothing changes on disk
        wait_for(sync.idle)
        sync.run(c.RaiseHand("Sam"))
        wait_for(lambda: any(isinstance(m, CommandDone) for m in posted))
        sync.run(c.AddParticipant("Ana"))
        wait_for(lambda: sum(isinstance(m, CommandDone) for m in posted) == 2)
        wait_for(sync.idle)
    finally:
        sync.stop()
    views = [(m.view.state, m.unsaved) for m in posted if isinstance(m, StateChanged) and m.view is not None]
    failed = next(i for i, m in enumerate(posted) if isinstance(m, CommandDone))
    assert posted[failed].outcome is None and "space" in posted[failed].error
    before = [v for v in posted[:failed] if isinstance(v, StateChanged)]
    # The hand was drawn while written, then the state on disk (no hand) again, before the refusal.
    assert [bool(m.view.state.hands) for m in before[1:]] == [True, False]
    assert [m.unsaved for m in before[1:]] == [True, False]
    assert not folder.live().state().hands
    # The road goes on: the next command is shown while written, then with the roster it changed.
    with_ana = [m.unsaved for m in posted[failed:] if isinstance(m, StateChanged) and "ana" in m.view.state.participants]
    assert with_ana[0] is True and with_ana[-1] is False
    assert [p.name for p in folder.live().state().participants.values()] == ["Sam", "Ana"]
    assert views[-1][0].hands == () and "Ana" in views[-1][0].participants["ana"].name


def test_a_line_console_is_told_a_change_only_once_it_is_saved(tmp_path):
    folder = folder_with_session(tmp_path / "db")
    path = folder.live().path
    on_disk_when_told: list = []

    def post(message):
        if isinstance(message, StateChanged) and message.view is not None and message.view.state is not None \
                and "ana" in message.view.state.participants:
            on_disk_when_told.append((b'"Ana"' in path.read_bytes(), message.unsaved))

    sync = SessionSync(folder, post)
    sync.start()
    try:
        sync.run(c.AddParticipant("Ana"))
        wait_for(lambda: bool(on_disk_when_told))
        wait_for(sync.idle)
    finally:
        sync.stop()
    assert on_disk_when_told == [(True, False)]
