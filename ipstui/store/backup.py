"""The whole history as one backup file, and its restore into an empty folder: whole or not at all."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any, Callable

from ipstui.store.atomic import (MAX_DATA_BYTES, FileMode, encode, fsync_folder, make_folder, read_json, read_regular,
                                 write_bytes_atomic)
from ipstui.store.errors import DamagedFile, DataFolderError, StoreError, UnsafeFile
from ipstui.store.folder import GROUP_FILE, SESSION_ID, DataFolder

BACKUP_KIND = "ipstui-backup"
# A backup of years of sessions is some hundreds of MB at most; a link to /dev/zero or a file
# grown without end must not take the memory with it.
MAX_BACKUP_BYTES = 1 << 30
Progress = Callable[[int, int], None]
LEGACY_TABLES = ("sessions", "topics")


def export_all(folder: DataFolder, progress: Progress | None = None) -> dict[str, Any]:
    """Every data file of the folder, as stored (private comments included: for the team)."""
    folder.check_readable()
    refused = folder.index.look().refused
    if refused:
        # A backup that left a session out would say nothing of it: name the file instead.
        raise refused[min(refused)]
    summaries = folder.sessions()
    sessions: dict[str, Any] = {}
    for number, summary in enumerate(summaries, start=1):
        sessions[summary.id] = read_json(folder.session_file(summary.id).path)
        if progress:
            progress(number, len(summaries))
    group = read_json(folder.group.path) if folder.group.path.exists() else None
    return {"kind": BACKUP_KIND, "format": 1, "exported_at": folder.clock.now().isoformat(),
            "group": group, "sessions": sessions}


def write_backup(folder: DataFolder, target: Path, progress: Progress | None = None) -> int:
    """Write the backup to `target` (owner-only); returns the number of sessions."""
    backup = export_all(folder, progress)
    write_bytes_atomic(target, encode(backup), keep_backup=False)
    return len(backup["sessions"])


def import_backup(folder: DataFolder, source: Path, progress: Progress | None = None) -> int:
    """Restore a backup into a new or empty data folder; returns the number of sessions.

    Everything is read, checked and folded before a byte is written. The files are written into
    a staging folder beside the target and moved into place by one rename, so an import that
    fails or is killed leaves the target as it was: missing or empty.
    """
    _refuse_unless_empty(folder.root)
    backup = _read(source)
    files = _checked(folder, source, backup)
    # Beside the target, whatever way it was named (".", "..", a relative path).
    target = Path(os.path.abspath(folder.root))
    parent = target.parent
    try:
        make_folder(parent, 0o755)
        _clear_leftovers(parent, target.name)
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(target.name), dir=parent))
    except OSError as error:
        raise DataFolderError(f"cannot restore into {target}: the restore is built beside it, in {parent}, "
                              f"and that failed ({error.strerror}); nothing was restored") from None
    # Held until the end: a later import takes a staging folder whose lock is free for a dead one's.
    held = os.open(staging, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        mode = _take_mode(staging, target)
        sessions = len(files) - (GROUP_FILE in files)
        for number, (name, payload) in enumerate(files.items(), start=1):
            write_bytes_atomic(staging / name, payload, mode, keep_backup=False)
            if progress and name != GROUP_FILE:
                progress(number, sessions)
        fsync_folder(staging)
        _move_into_place(staging, target)
        fsync_folder(parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(held)
    return sessions


def _staging_prefix(name: str) -> str:
    return f".{name}.import-"


def _refuse_unless_empty(target: Path) -> None:
    """A restore goes only where there is nothing, or an empty folder."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeFile(target, "it is a symbolic link; restore into a plain, empty folder")
    if not stat.S_ISDIR(info.st_mode):
        raise DataFolderError(f"{target} is not a folder: restore a backup into a new, empty data folder")
    with os.scandir(target) as entries:
        if next(entries, None) is not None:
            raise DataFolderError(f"{target} is not empty: restore a backup into a new, empty data folder")


def _read(source: Path) -> dict[str, Any]:
    """The backup in `source`, a plain file (never a link, FIFO or device) of a sane size."""
    try:
        raw = read_regular(Path(source), MAX_BACKUP_BYTES)
    except OSError as error:
        raise StoreError(f"cannot read {source}: {error.strerror}") from None
    try:
        backup = json.loads(raw)
    except (ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else error
        raise StoreError(f"{source} is damaged (not valid JSON: {reason}): nothing was restored") from None
    if not isinstance(backup, dict) or backup.get("kind") != BACKUP_KIND:
        raise StoreError(f"{source} is not an ipstui backup (made by `ipstui export`)")
    return backup


def _checked(folder: DataFolder, source: Path, backup: dict[str, Any]) -> dict[str, bytes]:
    """The bytes of every file to restore, by name, once each is found sound: every session's
    whole log folded as the readers fold it."""
    sessions = backup.get("sessions") or {}
    if not isinstance(sessions, dict):
        raise StoreError(f"{source} is damaged (its sessions are not a table): nothing was restored")
    for session_id in sessions:
        if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
            raise StoreError(f"{source} holds a session id that is not one: {session_id!r}")
    group = backup.get("group")
    try:
        for session_id, data in sessions.items():
            file = folder.session_file(session_id)
            if file.check(data).session_id != session_id:
                raise DamagedFile(file.path, "it holds another session", None)
        if group is not None:
            folder.group.doc.check(group)
            # The sessions index is derived from the logs: a list kept by an older version is dropped.
            group = {key: value for key, value in group.items() if key not in LEGACY_TABLES}
    except DamagedFile as error:
        raise StoreError(f"{source} is damaged ({error.path.name}: {error.reason}): nothing was restored") from None
    files = {f"session-{session_id}.json": encode(data) for session_id, data in sessions.items()}
    if group is not None:
        files[GROUP_FILE] = encode(group)
    for name, payload in files.items():
        if len(payload) > MAX_DATA_BYTES:
            raise StoreError(f"{source} is refused: its {name} would hold {len(payload):,} bytes, more than the "
                             f"{MAX_DATA_BYTES:,} ipstui reads; nothing was restored")
    return files


def _take_mode(staging: Path, target: Path) -> FileMode:
    """Give the staging folder the mode and group of the empty folder it replaces (else owner-only)."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        os.chmod(staging, 0o700)
        return FileMode()
    if info.st_gid != os.stat(staging).st_gid:
        os.chown(staging, -1, info.st_gid)
    os.chmod(staging, stat.S_IMODE(info.st_mode))
    return FileMode.of_folder(staging)


def _move_into_place(staging: Path, target: Path) -> None:
    """Rename the staging folder to the target: it appears whole, or the target stays as it was."""
    try:
        os.rename(staging, target)
    except OSError as error:
        if error.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
            raise DataFolderError(f"{target} changed during the restore (it is no longer an empty folder): "
                                  "nothing was restored") from None
        raise


def _clear_leftovers(parent: Path, name: str) -> None:
    """Remove this user's staging folders of imports that died: their lock died with them."""
    prefix = _staging_prefix(name)
    with os.scandir(parent) as entries:
        found = [entry.path for entry in entries if entry.name.startswith(prefix)]
    for path in found:
        try:
            info = os.lstat(path)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
                continue
            held = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue  # a live import's
        finally:
            os.close(held)


def backup_name(folder: DataFolder) -> str:
    """A default file name for an export."""
    return f"ipstui-backup-{folder.clock.now().strftime('%Y%m%d-%H%M%S')}.json"


def safe_target(path: str) -> Path:
    """An export target: a plain file path, never an existing symlink."""
    target = Path(path)
    if target.is_symlink():
        raise StoreError(f"{target} is a symbolic link: name a plain file")
    if target.exists() and target.is_dir():
        raise StoreError(f"{target} is a folder: name a file")
    return target
