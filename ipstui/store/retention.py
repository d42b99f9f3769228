"""Retention: the words of old chat comments removed from the folder, with every copy of them."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ipstui.store.atomic import backup_path, read_regular, write_bytes_atomic
from ipstui.store.errors import StoreError, UnsafeFile, WriteFailed
from ipstui.store.folder import DataFolder
from ipstui.store.session_file import SessionFile
from ipstui.domain.text import counted


@dataclass
class Purged:
    """What a purge did: comments emptied, in how many sessions, and the old copies it removed."""

    sessions: int = 0
    comments: int = 0
    requests: int = 0
    removed: list[str] = field(default_factory=list)

    def message(self) -> str:
        """One line for the person who asked."""
        said = f"removed the text of {counted(self.comments, 'comment')} from {counted(self.sessions, 'session')}; counts are kept"
        if self.requests:
            said += f"; and the words of {counted(self.requests, 'request')} they held"
        if not self.removed:
            return said
        shown = ", ".join(self.removed[:4]) + (f" and {len(self.removed) - 4} more" if len(self.removed) > 4 else "")
        return f"{said}; earlier copies of those files removed or replaced by the purged file: {shown}"


def purge_chat(folder: DataFolder, older_than_days: int) -> Purged:
    """Remove the text of chat comments from sessions that ended over `older_than_days` ago.

    The comments stay (author, status, privacy), so counts and reports keep their figures. The
    earlier copies of each such file (its .bak, copies kept by `recover`, leftover temp files) go
    too, so nothing can bring the words back; the .bak is then the purged file itself.
    """
    if older_than_days < 0:
        raise StoreError("--chat-older-than takes a number of days, 0 or more")
    cutoff = folder.clock.now() - timedelta(days=older_than_days)
    purged = Purged()
    for summary in folder.sessions():
        if summary.ended_at is None or datetime.fromisoformat(summary.ended_at) > cutoff:
            continue
        file = folder.session_file(summary.id)
        with file.doc.lock:
            emptied = file.purge_chat_text()
            # A member's request is kept like their comments: the log of an old session keeps no words of it.
            requests = file.purge_request_text()
            purged.removed += _remove_copies(file, folder)
        if emptied or requests:
            purged.sessions += 1
            purged.comments += emptied
            purged.requests += requests
    purged.removed += _forget_withdrawn_requests(folder)
    return purged


def _request_texts(raw: bytes) -> set[str]:
    """The words of the members' requests a group file's bytes hold (none if they are not a group file)."""
    try:
        roster = json.loads(raw).get("roster", {})
        return {str(person["request"]["text"]) for person in roster.values() if isinstance(person.get("request"), dict)}
    except (ValueError, TypeError, AttributeError, KeyError):
        return set()


def _forget_withdrawn_requests(folder: DataFolder) -> list[str]:
    """A withdrawn request's words are gone from the group file; its .bak (the file as it was) loses them too."""
    path = folder.group.path
    backup = backup_path(path)
    if not folder.group.doc.exists():
        return []
    with folder.group.doc.lock:
        current = read_regular(path)
        try:
            held = read_regular(backup)
        except FileNotFoundError:
            return []
        except UnsafeFile:
            held = b""  # planted: replaced by the current file, as a session's .bak is
        if held and not (_request_texts(held) - _request_texts(current)):
            return []
        write_bytes_atomic(backup, current, folder.mode, keep_backup=False)
    return [backup.name]


def _remove_copies(file: SessionFile, folder: DataFolder) -> list[str]:
    """Remove the earlier copies of a purged file and make its .bak the purged file; returns their names."""
    path, backup = file.path, backup_path(file.path)
    # The purged file was just read and found sound: it is the last good copy now.
    current = read_regular(path)
    gone = []
    if _holds_other(backup, current):
        gone.append(backup.name)
    if not os.path.lexists(backup) or gone:
        write_bytes_atomic(backup, current, folder.mode, keep_backup=False)
    damaged = path.name + ".damaged-"
    leftovers = [path.name + ".tmp", backup.name + ".tmp"]
    for name in leftovers + sorted(name for name in os.listdir(path.parent) if name.startswith(damaged)):
        try:
            if stat.S_ISDIR(os.lstat(path.parent / name).st_mode):
                continue  # a folder is nothing ipstui wrote
            os.unlink(path.parent / name)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise WriteFailed(path.parent / name, error) from None
        gone.append(name)
    return gone


def _holds_other(backup: Path, current: bytes) -> bool:
    """Whether something at `backup` is not a plain copy of `current` (a planted link or FIFO counts)."""
    try:
        return read_regular(backup) != current
    except FileNotFoundError:
        return False
    except UnsafeFile:
        return True
