"""What can go wrong with the data folder, said so a person can act on it."""

from __future__ import annotations

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
