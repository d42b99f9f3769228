"""Removing a session: a stray one started by mistake, or a test call.

The session's file is set aside under another name (kept, never deleted or rewritten); the
sessions index is derived from the files, so it follows. The roster forgets the session's
attendance and moderation. A live session (it may be running in another terminal) or a damaged
file is removed only when asked with force.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ipstui.store.atomic import backup_path, fsync_folder
from ipstui.store.errors import DamagedFile, StoreError, UnknownSession, UnsafeFile

if TYPE_CHECKING:
    from ipstui.store.folder import DataFolder

REMOVED_SUFFIX = ".removed"


def remove_session(folder: DataFolder, session_id: str, force: bool = False, attached: str = "") -> str:
    """Set session `session_id`'s file aside and forget it in the roster; returns what was done.

    `attached`: who has a console open on the folder now, said when a live session is refused.
    """
    file = folder.session_file(session_id)  # UnknownSession for what is no session id
    folder.check_readable()
    missing = UnknownSession(f"no session {session_id!r} in {folder.root} (`ipstui history` lists them)")
    if not file.doc.exists():
        raise missing  # before any lock: no lock file is left for a session that never was
    folder._prepare()
    with folder.group.doc.lock, file.doc.lock:
        if not file.doc.exists():
            raise missing
        try:
            state = file.state()
        except (DamagedFile, UnsafeFile) as error:
            if not force:
                raise StoreError(f"{error}; or pass --force to remove it as it is") from None
            state = None  # set aside unread: what it holds may be anything
        if state is not None and state.is_live and not force:
            who = f" ({attached} attached)" if attached else ""
            raise StoreError(f"session {session_id} is live{who}: end it first, or pass --force to remove it "
                             "while it runs; nothing was removed")
        kept = _set_aside(file.path)
        backup = backup_path(file.path)
        if os.path.isfile(backup) and not os.path.islink(backup):
            os.unlink(backup)  # `recover` must not bring a removed session back
        fsync_folder(folder.root)
        folder.forget_file(session_id)
        folder.group.forget_session(session_id)
    if state is None:
        return f"removed the damaged file of session {session_id}; it is kept as {kept.name}"
    what = f"'{state.topic}', moderated by {state.moderator}" if state.topic else "an empty session"
    return f"removed session {session_id} ({what}); its file is kept as {kept.name}"


def _set_aside(path):
    """Give the file a name the index does not read, never taking the name of one set aside before."""
    number = 1
    while True:
        target = path.with_name(path.name + REMOVED_SUFFIX + ("" if number == 1 else f"-{number}"))
        try:
            os.link(path, target, follow_symlinks=False)
            break
        except FileExistsError:
            number += 1
    os.unlink(path)
    return target
