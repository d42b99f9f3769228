"""Noticing changes to the data folder: inotify on Linux, a stat check everywhere.

An atomic replace gives the file a new inode, so the folder is watched, not the file.
Events are only a hint: the caller compares file versions to tell real changes from noise.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import time
from pathlib import Path

IN_MODIFY = 0x002
IN_ATTRIB = 0x004
IN_CLOSE_WRITE = 0x008
IN_MOVED_TO = 0x080
IN_CREATE = 0x100
IN_DELETE = 0x200
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000
_MASK = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE


class FolderWatcher:
    """Blocks until something in a folder may have changed (or a timeout passes)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._fd: int | None = None
        self._watching = False
        self._open()

    def _open(self) -> None:
        name = ctypes.util.find_library("c")
        if name is None:
            return
        try:
            libc = ctypes.CDLL(name, use_errno=True)
            fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        except (OSError, AttributeError):
            return
        if fd >= 0:
            self._fd = fd
            self._libc = libc
            self._add()

    def _add(self) -> None:
        if self._fd is None or self._watching or not self.folder.is_dir():
            return
        self._watching = self._libc.inotify_add_watch(self._fd, os.fsencode(self.folder), _MASK) >= 0

    @property
    def native(self) -> bool:
        """Whether the kernel tells us of changes (else only the periodic check does)."""
        return self._watching

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds; True if the kernel reported activity in the folder."""
        self._add()  # the folder may have been created since
        if not self._watching or self._fd is None:
            time.sleep(timeout)  # nothing to watch (yet): the periodic check is all there is
            return False
        # poll, not select: a process with many files open has descriptors past select's 1024.
        poller = select.poll()
        poller.register(self._fd, select.POLLIN)
        if not poller.poll(timeout * 1000):
            return False
        try:
            while os.read(self._fd, 65536):
                pass
        except BlockingIOError:
            pass
        return True

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            self._watching = False
