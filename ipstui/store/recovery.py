"""Putting a damaged data file's last good copy back: only a damaged file, only a sound copy."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ipstui.store.atomic import backup_path, damaged, read_json_raw, read_regular, write_bytes_atomic
from ipstui.store.document import JsonDocument
from ipstui.store.errors import DamagedFile, StoreError, UnsafeFile, WriteFailed
from ipstui.store.group_file import SESSION_ID
from ipstui.store.team import TEAM_FILE, TeamFile

if TYPE_CHECKING:
    from ipstui.store.folder import DataFolder
    from ipstui.store.session_file import SessionFile

Check = Callable[[Any], None]
MISSING = "it is missing"


def recover(folder: DataFolder, file_name: str) -> str:
    """Put the last good copy of a damaged data file back; what was there is kept beside it, renamed.

    Under the file's lock: a sound file is refused (restoring it would lose what was saved
    since its copy), the copy is read as a plain file and checked whole, the damaged entry is
    renamed aside (never opened, whatever it is), and the copy is written by temp file and rename.
    """
    folder.check_readable()
    doc, check = data_file(folder, file_name)
    path, backup = doc.path, backup_path(doc.path)
    with doc.lock:
        damage = damage_of(path, check)
        if damage is None:
            raise StoreError(f"{path.name} is sound, so there is nothing to recover and nothing was changed "
                             "(recover restores only a file ipstui names as damaged)")
        raw = _sound_copy(path, backup, check)
        kept, what = (None, "") if damage == MISSING else _set_aside(path, folder)
        try:
            write_bytes_atomic(path, raw, folder.mode, keep_backup=False)
        except WriteFailed:
            if kept is not None:
                # A restore that could not be written leaves the folder as it found it.
                os.rename(kept, path)
            raise
    # The history is what the logs say: a copy made before a session's end brings it back live.
    live = "; in that copy the session has not ended" if _live_session(folder, path) else ""
    if kept is None:
        return f"restored {path.name} from {backup.name} (it was missing){live}"
    return f"restored {path.name} from {backup.name}; the {what} found in its place is kept as {kept.name}{live}"


def _live_session(folder: DataFolder, path: Path) -> bool:
    """Whether `path` is a session file whose log, as restored, has no end."""
    if path.name == folder.group.path.name:
        return False
    try:
        return folder.session_file(path.stem.removeprefix("session-")).state().is_live
    except StoreError:
        return False


def data_file(folder: DataFolder, name: str) -> tuple[JsonDocument, Check]:
    """The document `name` is in this folder (group.json, team.json or session-<id>.json, nothing else)
    and its check."""
    if name == folder.group.path.name:
        return folder.group.doc, folder.group.doc.check
    if name == TEAM_FILE:
        team = TeamFile(folder.root, folder.mode).doc
        return team, team.check
    session_id = name.removeprefix("session-").removesuffix(".json")
    if name != f"session-{session_id}.json" or not SESSION_ID.fullmatch(session_id):
        raise StoreError(f"{name!r} is not a data file of {folder.root}: name group.json, {TEAM_FILE} or "
                         "session-<id>.json, as the error about it says")
    file = folder.session_file(session_id)
    return file.doc, lambda data: check_session(file, data)


def check_session(file: SessionFile, data: Any) -> None:
    """DamagedFile unless `data` is a sound log of this very session, folded whole."""
    state = file.check(data)
    # An empty log is what a start writes first; any other must be this session's.
    if state.session_id not in ("", file.session_id):
        raise damaged(file.path, f"it holds session {state.session_id!r}, not {file.session_id}")


def damage_of(path: Path, check: Check) -> str | None:
    """What is wrong with the data file at `path`, or None when it is sound."""
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return MISSING
    except UnsafeFile as error:
        return error.reason
    try:
        check(read_json_raw(path, raw))
    except DamagedFile as error:
        return error.reason
    return None


def _sound_copy(path: Path, backup: Path, check: Check) -> bytes:
    """The bytes of the last good copy, read as a plain file (never a link, FIFO or device) and checked."""
    try:
        raw = read_regular(backup)
    except FileNotFoundError:
        raise StoreError(f"there is no earlier copy of {path.name} to recover from; nothing was changed") from None
    try:
        check(read_json_raw(backup, raw))
    except DamagedFile as error:
        raise StoreError(f"the earlier copy {backup.name} is damaged too ({error.reason}); nothing was changed") from None
    return raw


def _set_aside(path: Path, folder: DataFolder) -> tuple[Path | None, str]:
    """Rename whatever is at `path` to a free `.damaged-<time>` name; returns it (None if gone) and what it was."""
    stamp = folder.clock.now().strftime("%Y%m%dT%H%M%S")
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while os.path.lexists(kept):
        number += 1
        kept = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    try:
        what = _what(os.lstat(path).st_mode)
        os.rename(path, kept)
    except FileNotFoundError:
        return None, ""
    except OSError as error:
        raise WriteFailed(path, error) from None
    return kept, what


def _what(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "symbolic link (never followed)"
    if stat.S_ISFIFO(mode):
        return "FIFO (never opened)"
    if stat.S_ISDIR(mode):
        return "folder"
    return "damaged file" if stat.S_ISREG(mode) else "special file (never opened)"
