"""Whole-file atomic JSON writes, fresh reads, and a lock file beside each data file."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipstui.store.errors import DamagedFile, LockTimeout


@dataclass(frozen=True)
class FileMode:
    """Who may read the data: the owner only, or also one Unix group."""

    gid: int | None = None

    @property
    def bits(self) -> int:
        return 0o660 if self.gid is not None else 0o600

    @classmethod
    def of_folder(cls, folder: Path) -> "FileMode":
        """A setgid data folder is shared with its group; any other is the owner's alone."""
        try:
            stat = os.stat(folder)
        except OSError:
            return cls()
        return cls(stat.st_gid) if stat.st_mode & 0o2000 else cls()


def backup_path(path: Path) -> Path:
    """Where the previous good version of a data file is kept."""
    return path.with_name(path.name + ".bak")


def _create(path: Path, flags: int, mode: FileMode) -> int:
    fd = os.open(path, flags | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, mode.bits)
    try:
        # Only the owner may change a file's mode; a co-moderator's file already has it.
        if os.fstat(fd).st_uid == os.geteuid():
            os.fchmod(fd, mode.bits)
            if mode.gid is not None:
                os.fchown(fd, -1, mode.gid)
    except OSError:
        os.close(fd)
        raise
    return fd


def fsync_folder(folder: Path) -> None:
    """Make a rename inside `folder` durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def encode(data: Any) -> bytes:
    """The bytes a data file holds: compact JSON, ASCII only (lone surrogates survive)."""
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def write_bytes_atomic(path: Path, payload: bytes, mode: FileMode = FileMode()) -> None:
    """Replace `path` with `payload` atomically and durably.

    The previous version is kept as a hard link (`.bak`): the last good copy to recover from.
    """
    temp = path.with_name(path.name + ".tmp")
    fd = _create(temp, os.O_WRONLY | os.O_TRUNC, mode)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    if path.exists():
        link = path.with_name(path.name + ".bak.tmp")
        try:
            link.unlink()
        except FileNotFoundError:
            pass
        os.link(path, link)
        os.replace(link, backup_path(path))
    os.replace(temp, path)
    fsync_folder(path.parent)


def damaged(path: Path, reason: str) -> DamagedFile:
    """The error for a data file that cannot be used, offering its last good copy if there is one."""
    backup = backup_path(path)
    return DamagedFile(path, reason, backup if backup.exists() else None)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def read_json(path: Path, fd: int | None = None) -> Any:
    """The JSON in `path` (read through `fd` if given); a damaged file raises DamagedFile."""
    return read_json_bytes(path, fd)[0]


def read_json_bytes(path: Path, fd: int | None = None) -> tuple[Any, bytes]:
    """The JSON in `path` and the bytes it was read from."""
    try:
        raw = path.read_bytes() if fd is None else _read_all(fd)
    except IsADirectoryError:
        raise DamagedFile(path, "it is a folder, not a file", None) from None
    try:
        return json.loads(raw), raw
    except (ValueError, UnicodeDecodeError) as error:
        reason = "empty file" if not raw.strip() else f"not valid JSON: {error}"
        raise damaged(path, reason) from None
    except RecursionError:
        raise damaged(path, "not valid JSON: nested too deeply") from None


class FileLock:
    """An exclusive lock on `<file>.lock`, held across read-validate-append-write.

    The kernel drops the lock when its holder dies, so a killed process never leaves a
    stale lock behind.
    """

    def __init__(self, path: Path, mode: FileMode = FileMode(), timeout: float = 15.0) -> None:
        self.path = path.with_name(path.name + ".lock")
        self.mode = mode
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0

    def __enter__(self) -> "FileLock":
        if self._depth:
            self._depth += 1
            return self
        fd = _create(self.path, os.O_RDWR, self.mode)
        deadline = time.monotonic() + self.timeout
        pause = 0.0005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    os.close(fd)
                    raise
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise LockTimeout(f"{self.path} stayed locked for {self.timeout:.0f} s; another ipstui is busy or stuck") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.01)
        self._fd = fd
        self._depth = 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
