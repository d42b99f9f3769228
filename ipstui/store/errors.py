"""What can go wrong with the data folder, said so a person can act on it."""

from __future__ import annotations

import errno
from pathlib import Path


class StoreError(Exception):
    """A problem with the data folder; the message is one line for the person at the keys."""


class DataFolderError(StoreError):
    """The data folder cannot be used (missing, unreadable, not a folder)."""


class UnknownSession(StoreError):
    """No session has that id."""


class NoLiveSession(StoreError):
    """An action needs a live session and there is none."""


class LockTimeout(StoreError):
    """Another process held the lock for too long."""

    def __init__(self, path: Path, waited: float) -> None:
        super().__init__(f"busy: {path} is locked by another terminal (waited {waited:.0f} s); "
                         "nothing was changed, try again")


_WHY = {
    errno.ENOSPC: "no space left on the disk",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the data folder is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


class WriteFailed(StoreError):
    """A data file could not be written; it is left as it was."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.errno = error.errno
        self.why = _WHY.get(error.errno or 0, error.strerror or str(error))
        super().__init__(f"cannot save {path}: {self.why} (the file is left as it was)")


class UnsafeFile(StoreError):
    """A path that is not a plain file ipstui may read: a link, a FIFO, a device, or too large.

    In a shared data folder it may have been planted; it is named and never followed.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path} is refused: {reason}; move it away (ipstui leaves it as it is)")


class PartlySaved(StoreError):
    """An action is in the session's log, but the group's file could not follow yet."""


class DamagedFile(StoreError):
    """A data file cannot be read; it is kept as it is."""

    def __init__(self, path: Path, reason: str, backup: Path | None) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        if backup is not None:
            fix = f"run `ipstui recover {path.name}` to restore the last good copy ({backup.name}); the damaged file is kept beside it"
        else:
            fix = "no earlier copy exists; move the file aside to continue without it"
        super().__init__(f"{path} is damaged ({reason}): {fix}")
