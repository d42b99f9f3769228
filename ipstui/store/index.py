"""The sessions index, derived from the session logs themselves and never kept beside them.

Each `session-<id>.json` is the one truth about its session: the index is what a look at those
files finds. Folding hundreds of logs on every look would be slow, so what a look found is
kept by each file's stat key (device, inode, mtime_ns, size): in memory for the process, and
for ended sessions in a cache file beside them. The cache file is only ever a cache: an entry
is used only while its file's stat key is unchanged, anything in it that does not hold
together is dropped, and a cache that is missing, damaged or planted is rebuilt from the logs.

A session file that cannot be read (damaged, unreadable, or planted: a link, a FIFO, a folder):
- when a sound session is live, it stops nothing: the live session goes on;
- when none is live and it is newer than every sound session, it may be the live session's:
  the look names it (DamagedFile or UnsafeFile, with the way to recover it), so nothing is
  started or read as though there were no live session; unless this process or the cache
  saw it ended (a log only grows: an ended session's file is never the live one's, but for
  the undoing of its end, which takes it out of the cache: `reopened`);
- otherwise it is left out of the history, which lists the sound sessions.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, MutableMapping

from ipstui.domain.state import SessionState
from ipstui.store.atomic import FileMode, damaged, encode, read_regular, write_bytes_atomic
from ipstui.store.document import INVALID, StatKey
from ipstui.store.errors import DamagedFile, StoreError, UnsafeFile, WriteFailed
from ipstui.store.group_check import SESSION_ID, check_index_entry
from ipstui.store.session_file import SessionFile

CACHE_FILE = "sessions-index.cache"
CACHE_KIND = "ipstui-sessions-index-cache"
# Some hundred bytes an ended session: a cache far larger than years of them is not one.
MAX_CACHE_BYTES = 16 << 20
_PREFIX, _SUFFIX = "session-", ".json"


@dataclass(frozen=True)
class SessionSummary:
    """One line of the sessions index."""

    id: str
    topic: str
    moderator: str
    started_at: str
    ended_at: str | None
    status: str
    next_moderator: str | None
    backup_moderator: str | None
    next_topic: str | None = None
    attendance: int = 0
    length_seconds: float = 0.0
    comments_read: int = 0
    newcomers: int = 0


def index_entry(state: SessionState) -> dict[str, Any]:
    """A session's line in the sessions index, folded from its log."""
    from ipstui.domain.analysis import summarize

    figures = summarize(state, state.ended_at or state.last_at or state.started_at)  # type: ignore[arg-type]
    return {
        "id": state.session_id,
        "topic": state.topic,
        "moderator": state.moderator,
        "started_at": _iso(state.started_at),
        "ended_at": _iso(state.ended_at),
        "status": "live" if state.is_live else "ended",
        "next_moderator": state.next_moderator,
        "backup_moderator": state.backup_moderator,
        "next_topic": state.next_topic,
        "attendance": figures.attendance,
        "length_seconds": round(figures.length_seconds, 1),
        "comments_read": figures.comments_read,
        "newcomers": figures.newcomers,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def summary_of(entry: dict[str, Any]) -> SessionSummary:
    return SessionSummary(
        id=entry["id"],
        topic=entry["topic"],
        moderator=entry["moderator"],
        started_at=entry["started_at"],
        ended_at=entry.get("ended_at"),
        status=entry["status"],
        next_moderator=entry.get("next_moderator"),
        backup_moderator=entry.get("backup_moderator"),
        next_topic=entry.get("next_topic"),
        attendance=int(entry.get("attendance", 0)),
        length_seconds=float(entry.get("length_seconds", 0.0)),
        comments_read=int(entry.get("comments_read", 0)),
        newcomers=int(entry.get("newcomers", 0)),
    )


def id_order(session_id: str) -> tuple[str, int]:
    """Sessions by day, then by number within the day (2026-11-28, 2026-11-28-2, ... -10)."""
    number = session_id[11:]
    return session_id[:10], int(number) if number else 1


@dataclass
class _Seen:
    """What one look at a sound session file found."""

    key: StatKey
    live: bool
    started_at: str
    moderator: str
    entry: dict[str, Any] | None  # its index line, once asked for
    state: SessionState | None = None  # a live one's state, to fold its line from when asked


@dataclass(frozen=True)
class Look:
    """The session files as one look found them: the sound ones, and the refused."""

    sound: list[tuple[str, _Seen]]
    refused: dict[str, StoreError]
    # Refused files last seen as ended sessions (by this process or in the cache): a log only
    # grows, so such a file is history, never the live session's.
    were_ended: frozenset[str] = frozenset()

    def oldest_first(self) -> list[tuple[str, _Seen]]:
        return sorted(self.sound, key=lambda item: (item[1].started_at, id_order(item[0])))

    def live_id(self) -> str | None:
        """The live session; the refused file that may be it raises (see the module's note)."""
        live = [(seen.started_at, id_order(session_id), session_id) for session_id, seen in self.sound if seen.live]
        if live:
            return min(live)[2]
        self.raise_blocking()
        return None

    def raise_blocking(self) -> None:
        """Raise the error of a refused file that may be the live session's, if there is one."""
        if not self.refused or any(seen.live for _, seen in self.sound):
            return
        newest = max((id_order(session_id) for session_id, _ in self.sound), default=None)
        for session_id in sorted(set(self.refused) - self.were_ended, key=id_order, reverse=True):
            if newest is None or id_order(session_id) > newest:
                raise self.refused[session_id]
            return


class SessionIndex:
    """The sessions of a folder, as their files say."""

    def __init__(self, root: Path, mode: FileMode, files: MutableMapping[str, SessionFile]) -> None:
        self.root = root
        self.mode = mode
        # The folder's open session files: a live one stays open here, folded only by its new end.
        self.files = files
        self.cache_path = root / CACHE_FILE
        self._seen: dict[str, _Seen] = {}
        self._cached: dict[str, tuple[StatKey, dict[str, Any]]] = {}
        self._cache_key: StatKey | None = None
        self._ids: dict[str, str | None] = {}  # each name seen in the folder, and its session id if it has one
        self._ended: set[str] = set()  # sessions this process has seen ended

    def ids(self) -> list[str]:
        """Every name in the folder that is a session file's, by its id."""
        return [session_id for session_id in map(_session_id, os.listdir(self.root)) if session_id]

    def look(self) -> Look:
        """Every session file, each read only if it changed since this process (or the cache) saw it."""
        sound: list[tuple[str, _Seen]] = []
        refused: dict[str, StoreError] = {}
        seen: dict[str, _Seen] = {}
        learned = False
        # Names relative to the folder, looked up through one descriptor: every command looks,
        # in a folder of hundreds of sessions, so no path is built or walked per file.
        folder = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            ids = self._ids
            names = []
            for name in os.listdir(folder):
                session_id = ids.get(name, False)
                if session_id is False:
                    session_id = ids[name] = _session_id(name)
                if session_id:
                    names.append((name, session_id))
            if len(ids) > 4 * len(names) + 1000:
                ids.clear()  # names of files long gone
            keys = {}
            for name, session_id in names:
                try:
                    keys[session_id] = _key(os.stat(name, dir_fd=folder, follow_symlinks=False))
                except FileNotFoundError:
                    continue  # gone since the folder was listed
        finally:
            os.close(folder)
        for session_id, key in keys.items():
            try:
                found = self._seen.get(session_id)
                if found is None or found.key != key:
                    found = self._from_cache(session_id, key)
                if found is None or found.key != key:
                    found = self._fold(session_id)
                    learned |= found is not None and not found.live
            except FileNotFoundError:
                continue  # gone since the folder was listed
            except (DamagedFile, UnsafeFile) as error:
                refused[session_id] = error
                continue
            except PermissionError:
                path = self.root / f"{_PREFIX}{session_id}{_SUFFIX}"
                refused[session_id] = UnsafeFile(path, "it cannot be read (permission denied)")
                continue
            if found is None:
                continue  # an empty log: a start that wrote nothing yet
            seen[session_id] = found
            sound.append((session_id, found))
        self._ended.update(session_id for session_id, found in sound if not found.live)
        were_ended: frozenset[str] = frozenset()
        if refused:
            self._load_cache()
            were_ended = frozenset(session_id for session_id in refused
                                   if session_id in self._cached or session_id in self._ended)
        self._seen = seen
        if learned:
            self._save(keep=were_ended)
        return Look(sound, refused, were_ended)

    def reopened(self, session_id: str) -> None:
        """A session whose end was undone: no look may take its file for history's any more."""
        self._ended.discard(session_id)
        self._seen.pop(session_id, None)
        self._load_cache()
        if self._cached.pop(session_id, None) is not None:
            self._save(keep=frozenset(self._cached))

    def entries(self, look: Look) -> list[dict[str, Any]]:
        """The index lines of a look's sound sessions, oldest first."""
        lines = []
        for _, seen in look.oldest_first():
            if seen.entry is None:
                assert seen.state is not None
                seen.entry = index_entry(seen.state)
            lines.append(seen.entry)
        return lines

    def _fold(self, session_id: str) -> _Seen | None:
        file = self.files.get(session_id) or SessionFile(self.root / f"{_PREFIX}{session_id}{_SUFFIX}", self.mode)
        state, key = file.read()
        if state.session_id not in ("", session_id):
            raise damaged(file.path, f"it holds session {state.session_id!r}, not {session_id}")
        if state.started_at is None:
            return None
        if state.is_live:
            self.files.setdefault(session_id, file)
            assert state.started_at is not None
            return _Seen(key, True, state.started_at.isoformat(), state.moderator, None, state)
        entry = index_entry(state)
        return _Seen(key, False, entry["started_at"], entry["moderator"], entry)

    # -- the cache file: only ever a cache ----------------------------------------------------

    def _from_cache(self, session_id: str, key: StatKey) -> _Seen | None:
        self._load_cache()
        cached = self._cached.get(session_id)
        if cached is None or cached[0] != key:
            return None
        entry = cached[1]
        return _Seen(key, False, entry["started_at"], entry["moderator"], entry)

    def _load_cache(self) -> None:
        """Read the cache file if it changed; whatever in it does not hold together is dropped."""
        try:
            key = _stat_key(self.cache_path)
        except FileNotFoundError:
            self._cached, self._cache_key = {}, None
            return
        if key == self._cache_key:
            return
        self._cache_key = key
        self._cached = {}
        try:
            data = json.loads(read_regular(self.cache_path, MAX_CACHE_BYTES))
        except (OSError, StoreError, ValueError, RecursionError):
            return
        if not isinstance(data, dict) or data.get("kind") != CACHE_KIND or not isinstance(data.get("sessions"), dict):
            return
        for session_id, item in data["sessions"].items():
            try:
                stat_key, entry = item["key"], item["entry"]
                if (not isinstance(stat_key, list) or len(stat_key) != 4
                        or not all(isinstance(n, int) and not isinstance(n, bool) for n in stat_key)):
                    raise ValueError("not a stat key")
                check_index_entry(entry)
                if entry["id"] != session_id or entry["status"] != "ended":
                    raise ValueError("not an ended session's line")
            except INVALID:
                continue
            self._cached[session_id] = (tuple(stat_key), entry)  # type: ignore[assignment]

    def _save(self, keep: frozenset[str]) -> None:
        """Write what the look learned of ended sessions, when this terminal may write; never a must.

        The lines of ended sessions whose files are refused now are kept as they were: their
        keys no longer match, but they say the session was ended.
        """
        if not os.access(self.root, os.W_OK):
            return
        sessions = {session_id: {"key": list(self._cached[session_id][0]), "entry": self._cached[session_id][1]}
                    for session_id in keep if session_id in self._cached}
        sessions.update({session_id: {"key": list(seen.key), "entry": seen.entry}
                         for session_id, seen in self._seen.items() if not seen.live and seen.entry is not None})
        try:
            write_bytes_atomic(self.cache_path, encode({"kind": CACHE_KIND, "format": 1, "sessions": sessions}),
                               self.mode, keep_backup=False)
            self._cache_key = _stat_key(self.cache_path)
        except (WriteFailed, OSError):
            return  # a later look writes it
        self._cached = {session_id: (tuple(item["key"]), item["entry"])  # type: ignore[misc]
                        for session_id, item in sessions.items()}


def _stat_key(path: Path) -> StatKey:
    return _key(os.lstat(path))


def _key(stat: os.stat_result) -> StatKey:
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _session_id(name: str) -> str | None:
    """The id in a session file's name, or None for any other name."""
    if name.startswith(_PREFIX) and name.endswith(_SUFFIX):
        session_id = name[len(_PREFIX):-len(_SUFFIX)]
        if SESSION_ID.fullmatch(session_id):
            return session_id
    return None
