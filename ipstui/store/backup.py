"""The whole history as one backup file, and its restore into an empty folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from ipstui.store.atomic import encode, make_folder, read_json, write_bytes_atomic
from ipstui.store.errors import DamagedFile, DataFolderError, StoreError
from ipstui.store.folder import GROUP_FILE, SESSION_ID, DataFolder

BACKUP_KIND = "ipstui-backup"
Progress = Callable[[int, int], None]


def export_all(folder: DataFolder, progress: Progress | None = None) -> dict[str, Any]:
    """Every data file of the folder, as stored (private comments included: for the team)."""
    folder.check_readable()
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
    """Restore a backup into an empty data folder; returns the number of sessions.

    Every file is checked before the first is written: a damaged backup restores nothing.
    """
    try:
        backup = json.loads(Path(source).read_bytes())
    except OSError as error:
        raise StoreError(f"cannot read {source}: {error.strerror}") from None
    except (ValueError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else error
        raise StoreError(f"{source} is damaged (not valid JSON: {reason}): nothing was restored") from None
    if not isinstance(backup, dict) or backup.get("kind") != BACKUP_KIND:
        raise StoreError(f"{source} is not an ipstui backup (made by `ipstui export`)")
    if folder.root.exists() and any(folder.root.iterdir()):
        raise DataFolderError(f"{folder.root} is not empty: restore a backup into a new, empty data folder")
    sessions = _checked(folder, source, backup)
    make_folder(folder.root, 0o700)
    for number, (session_id, data) in enumerate(sessions.items(), start=1):
        write_bytes_atomic(folder.session_file(session_id).path, encode(data), folder.mode)
        if progress:
            progress(number, len(sessions))
    if backup.get("group") is not None:
        write_bytes_atomic(folder.root / GROUP_FILE, encode(backup["group"]), folder.mode)
    return len(sessions)


def _checked(folder: DataFolder, source: Path, backup: dict[str, Any]) -> dict[str, Any]:
    """The backup's sessions, once each of its files has been found sound."""
    sessions = backup.get("sessions") or {}
    if not isinstance(sessions, dict):
        raise StoreError(f"{source} is damaged (its sessions are not a table): nothing was restored")
    for session_id in sessions:
        if not isinstance(session_id, str) or not SESSION_ID.fullmatch(session_id):
            raise StoreError(f"{source} holds a session id that is not one: {session_id!r}")
    try:
        for session_id, data in sessions.items():
            file = folder.session_file(session_id)
            if file.check(data).session_id != session_id:
                raise DamagedFile(file.path, "it holds another session", None)
        group = backup.get("group")
        if group is not None:
            folder.group.doc.check(group)
            listed = {entry["id"] for entry in group.get("sessions", {}).values()}
            if listed - set(sessions):
                raise DamagedFile(folder.group.path, f"it lists sessions the backup lacks: {sorted(listed - set(sessions))}", None)
    except DamagedFile as error:
        raise StoreError(f"{source} is damaged ({error.path.name}: {error.reason}): nothing was restored") from None
    return sessions


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
