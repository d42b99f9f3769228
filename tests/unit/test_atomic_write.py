"""The atomic write's backup: the version it replaces is freed only once the write is durable."""

from __future__ import annotations

import os

import pytest

from ipstui.store import atomic
from ipstui.store.atomic import backup_path, write_bytes_atomic
from ipstui.store.errors import WriteFailed


def _record(monkeypatch):
    steps: list = []
    real_fsync_folder = atomic.fsync_folder

    def fsync_folder(folder):
        real_fsync_folder(folder)
        steps.append("folder durable")

    def release_later(fd):
        if fd is not None:
            # What the descriptor still holds, and whether any name is left on it.
            steps.append(("released", os.pread(fd, 100, 0), os.fstat(fd).st_nlink))
            os.close(fd)

    monkeypatch.setattr(atomic, "fsync_folder", fsync_folder)
    monkeypatch.setattr(atomic, "_release_later", release_later)
    return steps


def test_the_backup_a_write_replaces_is_freed_after_the_write_is_durable(tmp_path, monkeypatch):
    path = tmp_path / "session-x.json"
    steps = _record(monkeypatch)
    for version in (b"one", b"two", b"three"):
        write_bytes_atomic(path, version)
    assert path.read_bytes() == b"three" and backup_path(path).read_bytes() == b"two"
    # The first write has no file to keep, the second no backup to replace; the third replaces
    # the backup of "one", held (no name left on it) until the folder is durable.
    assert steps == ["folder durable", "folder durable", "folder durable", ("released", b"one", 0)]


def test_a_backup_name_that_is_no_plain_file_is_replaced_and_never_held(tmp_path, monkeypatch):
    path = tmp_path / "group.json"
    write_bytes_atomic(path, b"one")
    target = tmp_path / "elsewhere"
    target.write_bytes(b"not ours")
    backup_path(path).symlink_to(target)
    steps = _record(monkeypatch)
    write_bytes_atomic(path, b"two")
    assert steps == ["folder durable"]
    assert backup_path(path).read_bytes() == b"one" and not backup_path(path).is_symlink()
    assert target.read_bytes() == b"not ours"


def test_a_failed_write_still_lets_go_of_what_it_held(tmp_path, monkeypatch):
    path = tmp_path / "session-y.json"
    write_bytes_atomic(path, b"one")
    write_bytes_atomic(path, b"two")
    steps = _record(monkeypatch)
    real_replace = os.replace

    def replace(source, destination):
        if str(source).endswith(".json.tmp"):
            raise OSError(28, "No space left on device")
        real_replace(source, destination)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(WriteFailed):
        write_bytes_atomic(path, b"three")
    assert path.read_bytes() == b"two"
    assert steps == [("released", b"one", 0)]
    assert not path.with_name(path.name + ".tmp").exists()


def test_a_release_closes_the_descriptor_off_the_caller_s_thread(tmp_path, monkeypatch):
    held = tmp_path / "held"
    held.write_bytes(b"x")
    fd = atomic._hold(held)
    assert fd is not None
    held.unlink()
    closed = []
    real_close = os.close

    def close(number):
        # `os` is every module's: threads left by other tests close their own descriptors too.
        if number == fd:
            closed.append((number, atomic.threading.current_thread().name))
        real_close(number)

    monkeypatch.setattr(atomic.os, "close", close)
    atomic._release_later(fd)
    for thread in atomic.threading.enumerate():
        if thread.name == "ipstui-release":
            thread.join(timeout=5)
    assert closed == [(fd, "ipstui-release")]
