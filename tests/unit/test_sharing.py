"""Shared data folders, presence heartbeats and the folder watcher, on real files."""

from __future__ import annotations

import grp
import os
import stat
import threading
import time
from datetime import timedelta

import pytest

from ipstui.domain import commands as c
from ipstui.store import DataFolder, DataFolderError
from ipstui.store.presence import Presence
from ipstui.store.watch import FolderWatcher


def a_group_of_mine() -> grp.struct_group:
    if os.geteuid() == 0:
        return grp.getgrnam("users")
    return grp.getgrgid(os.getgid())


def test_a_shared_folder_is_setgid_and_its_files_are_group_only(tmp_path, clock):
    group = a_group_of_mine()
    root = tmp_path / "db"
    DataFolder(root, clock=clock).start("Mutuality", "Sam")  # files made before sharing are fixed too
    assert "shared with the group" in DataFolder.share(root, group.gr_name)
    folder = DataFolder(root, clock=clock)
    folder.execute(c.AddParticipant("Ana"))
    info = os.stat(root)
    assert stat.S_IMODE(info.st_mode) == 0o2770 and info.st_gid == group.gr_gid
    for path in root.iterdir():
        if path.is_file():
            assert (stat.S_IMODE(os.stat(path).st_mode), os.stat(path).st_gid) == (0o660, group.gr_gid), path.name
    assert "owner only" in DataFolder.share(root, None)
    assert stat.S_IMODE(os.stat(root / "group.json").st_mode) == 0o600


def test_an_unknown_group_is_a_clear_error(tmp_path):
    with pytest.raises(DataFolderError, match="no Unix group called"):
        DataFolder.share(tmp_path / "db", "no-such-group-ipstui")


def test_presence_sees_others_and_notices_a_vanished_one(tmp_path, clock):
    mine = Presence(tmp_path, "sam", "host:pts/1")
    kim = Presence(tmp_path, "kim", "host:pts/2", watch_only=True)
    kim.id = "kim-elsewhere"  # another process, in real life
    mine.beat(clock.now())
    kim.beat(clock.now())
    peers = mine.peers(clock.now())
    assert [(p.actor, p.watch_only, p.alive) for p in peers] == [("kim", True, True)]
    clock.advance(7)
    assert [p.alive for p in mine.peers(clock.now())] == [False]
    kim.beat(clock.now())
    kim.leave()
    assert mine.peers(clock.now()) == []
    kim.beat(clock.now())
    clock.advance(timedelta(hours=2).total_seconds())
    assert mine.peers(clock.now()) == [] and not kim.path.exists()


def test_the_watcher_wakes_on_an_atomic_replace(tmp_path):
    watcher = FolderWatcher(tmp_path)
    assert watcher.native
    assert watcher.wait(0.05) is False

    def replace() -> None:
        (tmp_path / "x.tmp").write_text("1")
        os.replace(tmp_path / "x.tmp", tmp_path / "x.json")

    timer = threading.Timer(0.1, replace)
    timer.start()
    started = time.monotonic()
    assert watcher.wait(5) is True
    assert time.monotonic() - started < 2
    watcher.close()


def test_the_watcher_waits_even_before_the_folder_exists(tmp_path):
    watcher = FolderWatcher(tmp_path / "not-yet")
    started = time.monotonic()
    assert watcher.wait(0.2) is False
    assert time.monotonic() - started >= 0.19
    (tmp_path / "not-yet").mkdir()
    watcher.wait(0.01)
    assert watcher.native
