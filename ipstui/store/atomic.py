"""Whole-file atomic JSON writes, fresh reads, and a lock file beside each data file."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ipstui.store.errors import DamagedFile, LockTimeout, UnsafeFile, WriteFailed

# The largest data file ipstui reads: a session of thousands of events is a few MB; a planted
# link to /dev/zero or a file grown without end must not take the memory with it.
MAX_DATA_BYTES = 256 << 20
# The largest file ipstui imports from outside the folder (a Zoom chat, a participants CSV).
MAX_IMPORT_BYTES = 64 << 20

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a plain file")


def open_regular(path: Path, flags: int = os.O_RDONLY, limit: int | None = MAX_DATA_BYTES) -> int:
    """Open `path` only if it is a plain file of at most `limit` bytes; UnsafeFile otherwise.

    A symbolic link is never followed, and a FIFO or a device is never waited on: the open is
    non-blocking and the descriptor is checked (fstat) before a byte is read.
    """
    return _open_plain(path, flags, 0o600, limit)


def _open_plain(path: Path, flags: int, mode_bits: int, limit: int | None) -> int:
    """os.open that follows no link, waits on no FIFO, and keeps only a plain file within `limit`."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, mode_bits)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafeFile(path, "it is a symbolic link; ipstui never follows one") from None
        if error.errno == errno.ENXIO:
            raise UnsafeFile(path, "it is a FIFO or a device, not a plain file") from None
        if error.errno == errno.EISDIR:
            raise UnsafeFile(path, "it is a folder, not a file") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(path, f"it is {_kind(info.st_mode)}, not a plain file")
        if limit is not None and info.st_size > limit:
            raise UnsafeFile(path, f"it holds {info.st_size:,} bytes, more than the {limit:,} ipstui reads")
        # Plain files never block; the flag only guarded the open.
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_limited(fd: int, path: Path, limit: int | None = MAX_DATA_BYTES) -> bytes:
    """Every byte left in an open file, refusing one that grows past `limit` while read."""
    chunks = []
    total = 0
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
        total += len(chunk)
        if limit is not None and total > limit:
            raise UnsafeFile(path, f"it grew past the {limit:,} bytes ipstui reads")
    return b"".join(chunks)


def read_regular(path: Path, limit: int | None = MAX_DATA_BYTES) -> bytes:
    """The bytes of `path`, a plain file (never a link, FIFO or device) of at most `limit` bytes."""
    fd = open_regular(path, os.O_RDONLY, limit)
    try:
        return read_limited(fd, path, limit)
    finally:
        os.close(fd)


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
    fd = _open_plain(path, flags | os.O_CREAT, mode.bits, None)
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


def make_folder(folder: Path, mode: int) -> None:
    """Create `folder` with `mode` (set outright, whatever the umask), and any missing parents
    writable by their owner only: a parent others could write would let them swap the folder."""
    missing = [parent for parent in reversed(folder.parents) if not parent.exists()]
    for parent in missing:
        try:
            parent.mkdir(mode=0o755)
        except FileExistsError:
            continue
        os.chmod(parent, 0o755)
    try:
        folder.mkdir(mode=mode & 0o777)
    except FileExistsError:
        return
    os.chmod(folder, mode)


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


def write_bytes_atomic(path: Path, payload: bytes, mode: FileMode = FileMode(), keep_backup: bool = True) -> None:
    """Replace `path` with `payload` atomically and durably.

    The previous version is kept as a hard link (`.bak`): the last good copy to recover from.
    A symbolic link at `path` is replaced, never written through. A write that fails (a full
    disk, a read-only folder) leaves `path` as it was, removes its temporary file and raises
    WriteFailed.
    """
    temp = path.with_name(path.name + ".tmp")
    superseded: int | None = None
    try:
        # A leftover temp file is a dead writer's (or a planted link): never reuse it.
        _discard(temp)
        fd = _create(temp, os.O_WRONLY | os.O_EXCL, mode)
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if keep_backup and _is_plain(path):
            link = path.with_name(path.name + ".bak.tmp")
            _discard(link)
            os.link(path, link, follow_symlinks=False)
            # The backup replaced is the version before the last: freeing its blocks (a
            # megabyte, some milliseconds) waits until this write is durable, off its path.
            superseded = _hold(backup_path(path))
            os.replace(link, backup_path(path))
        os.replace(temp, path)
    except OSError as error:
        # A partial temporary file would hold on to the very space that ran out.
        _discard(temp)
        _release_later(superseded)
        raise WriteFailed(path, error) from None
    try:
        fsync_folder(path.parent)
    finally:
        _release_later(superseded)


def _hold(path: Path) -> int | None:
    """A descriptor keeping the plain file at `path` (its blocks) alive once its name is gone; None if it is
    not a plain file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _release_later(fd: int | None) -> None:
    """Close `fd` on a thread of its own: the last close of an unlinked file frees its blocks there.
    At the process's exit the kernel closes whatever is left."""
    if fd is not None:
        threading.Thread(target=os.close, args=(fd,), name="ipstui-release", daemon=True).start()


def _is_plain(path: Path) -> bool:
    """Whether `path` itself (not what a link points to) is a plain file: only that is kept as a backup."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def damaged(path: Path, reason: str) -> DamagedFile:
    """The error for a data file that cannot be used, offering its last good copy if there is one."""
    backup = backup_path(path)
    return DamagedFile(path, reason, backup if backup.exists() else None)


def read_all(fd: int, path: Path = Path("?")) -> bytes:
    """Every byte left in an open data file (at most MAX_DATA_BYTES)."""
    return read_limited(fd, path, MAX_DATA_BYTES)


def read_json(path: Path, fd: int | None = None) -> Any:
    """The JSON in `path` (read through `fd` if given); a damaged file raises DamagedFile."""
    return read_json_bytes(path, fd)[0]


def read_json_bytes(path: Path, fd: int | None = None) -> tuple[Any, bytes]:
    """The JSON in `path` and the bytes it was read from."""
    raw = read_regular(path) if fd is None else read_all(fd, path)
    return read_json_raw(path, raw), raw


def read_json_raw(path: Path, raw: bytes) -> Any:
    """The JSON in `raw`, the bytes of `path`; damaged content raises DamagedFile."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        reason = "empty file" if not raw.strip() else f"not valid JSON: {error}"
        raise damaged(path, reason) from None
    except RecursionError:
        raise damaged(path, "not valid JSON: nested too deeply") from None


# Who this process is, written into each lock file it holds so that a waiter can say whom it
# waits for ("Kim (pts/3)"). Only ever shown as a hint, never trusted.
_holder = {"label": ""}
# What the current thread is told while it waits for a lock: waiting(holder) once the lock is
# found taken (holder "" when it did not say who it is), waiting(None) once it is had or given up.
# Set per thread by whoever runs the work.
_waits = threading.local()
HOLDER_BYTES = 200


def set_lock_holder(label: str) -> None:
    """Name this process in the lock files it takes (one line, at most HOLDER_BYTES bytes)."""
    _holder["label"] = " ".join(label.split())


def observe_lock_waits(waiting: Callable[[str | None], None] | None) -> None:
    """Tell `waiting` (on this thread) when a lock it needs is taken by another, and when it is had."""
    _waits.observer = waiting


def _tell(holder: str | None) -> None:
    observer = getattr(_waits, "observer", None)
    if observer is not None:
        observer(holder)


class FileLock:
    """An exclusive lock on `<file>.lock`, held across read-validate-append-write.

    The kernel drops the lock when its holder dies, so a killed process never leaves a
    stale lock behind. A waiter gives up (LockTimeout) only when the data file has not
    changed for `timeout` seconds; while others save their turns it waits on.
    """

    def __init__(self, path: Path, mode: FileMode = FileMode(), timeout: float = 10.0) -> None:
        self.data_path = path
        self.path = path.with_name(path.name + ".lock")
        self.mode = mode
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0

    def __enter__(self) -> "FileLock":
        if self._depth:
            self._depth += 1
            return self
        try:
            fd = _create(self.path, os.O_RDWR, self.mode)
        except OSError as error:
            raise WriteFailed(self.data_path, error) from None
        deadline = time.monotonic() + self.timeout
        pause = 0.0005
        seen = self._progress()
        told = False
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as error:
                    if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                        os.close(fd)
                        raise
                    if not told:
                        _tell(_holder_of(fd) or "")  # "" when the holder did not say who it is
                        told = True
                    now = time.monotonic()
                    if self._progress() != seen:
                        # Others saved their changes meanwhile: the lock is busy, not stuck; wait on.
                        seen, deadline = self._progress(), now + self.timeout
                    elif now > deadline:
                        os.close(fd)
                        raise LockTimeout(self.data_path, self.timeout) from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.01)
        finally:
            if told:
                _tell(None)
        if _holder["label"]:
            _name_holder(fd)
        self._fd = fd
        self._depth = 1
        return self

    def _progress(self) -> tuple[int, int, int] | None:
        """The data file's version: it changes each time a holder saves."""
        try:
            stat = os.stat(self.data_path)
        except OSError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def __exit__(self, *exc: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            if _holder["label"]:
                _name_holder(self._fd, b"")  # a waiter who comes later never blames the last holder
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _name_holder(fd: int, label: bytes | None = None) -> None:
    """Write this process's label into the lock file it holds (a hint for waiters, no fsync)."""
    if label is None:
        label = _holder["label"].encode("utf-8", "replace")[:HOLDER_BYTES]
    try:
        os.pwrite(fd, label, 0)
        os.ftruncate(fd, len(label))
    except OSError:
        pass  # only a hint: a full disk must not stop the save it guards


def _holder_of(fd: int) -> str | None:
    """Who says they hold the lock (their label, as written), if anyone does."""
    try:
        said = os.pread(fd, HOLDER_BYTES, 0)
    except OSError:
        return None
    return said.decode("utf-8", "replace").strip() or None
