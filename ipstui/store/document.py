"""One JSON data file read through TinyDB: fresh reads, locked transactions, atomic commits."""

from __future__ import annotations

import os
from contextlib import contextmanager
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from ipstui.domain.outcome import CommandError
from ipstui.store.errors import UnsafeFile
from ipstui.store.atomic import (FileLock, FileMode, damaged, encode, open_regular, read_all, read_json_bytes,
                                 read_json_raw, write_bytes_atomic)

# What a validator raises when a file's content does not hold together.
INVALID = (KeyError, ValueError, TypeError, AttributeError, IndexError, OverflowError)

StatKey = tuple[int, int, int, int]


def _key(stat: os.stat_result) -> StatKey:
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


class _HeldStorage:
    """TinyDB storage (the read, write and close TinyDB calls) over data already read under the
    lock; commits happen once, at the end."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True

    def close(self) -> None:
        pass


@dataclass
class Transaction:
    """A TinyDB view of the freshest data, valid while the lock is held."""

    storage: _HeldStorage
    revision: int
    appended: dict[str, Any] = field(default_factory=dict)
    db: Any = field(default=None, repr=False)

    def table(self, name: str):
        """A table with TinyDB's query cache off: nothing may outlive the lock."""
        if self.db is None:
            # Built on first use: a command that only appends (most of them) never loads TinyDB.
            from tinydb import TinyDB

            storage = self.storage
            self.db = TinyDB(storage=lambda: storage)
        return self.db.table(name, cache_size=0)

    def append(self, key: str, document: dict[str, Any]) -> None:
        """Add a document to the append-only table, written with the commit.

        TinyDB's insert rebuilds the whole table as a new dict on every call; an append
        to a log thousands of entries long needs none of that.
        """
        self.appended[key] = document


class JsonDocument:
    """A data file of a known kind; damaged or foreign content raises DamagedFile."""

    def __init__(self, path: Path, kind: str, mode: FileMode = FileMode(), append_only: str | None = None,
                 validate: Callable[[dict[str, Any]], None] | None = None, owner_only: str | None = None) -> None:
        self.path = path
        # Why the file must be this user's and nobody else's to read or write (None: the folder's mode).
        self.owner_only = owner_only
        self.kind = kind
        self.validate = validate
        self.mode = mode
        self.append_only = append_only
        self.lock = FileLock(path, mode)
        self._key: StatKey | None = None
        # The version the current one was read as an extension of (only entries appended to
        # the append-only table), if it was: a reader of that version may fold only the new end.
        self.grew_from: StatKey | None = None
        self._data: dict[str, Any] | None = None
        self._raw: bytes | None = None
        self._pin: int | None = None
        self._open: Transaction | None = None

    def stat_key(self) -> StatKey | None:
        """Identity of the file's current version (an atomic replace changes the inode)."""
        try:
            # The name itself, never what a planted link points to: reading it is refused anyway.
            return _key(os.lstat(self.path))
        except FileNotFoundError:
            return None

    def held_key(self) -> StatKey:
        """The version this process last read or wrote (the one its cache holds)."""
        assert self._key is not None, "nothing read or written yet"
        return self._key

    def exists(self) -> bool:
        """Whether anything is under the file's name (a planted link, even a dangling one, counts)."""
        return os.path.lexists(self.path)

    def read(self) -> tuple[dict[str, Any], StatKey]:
        """The file's freshest content (shared: do not change it) and its version."""
        key = self.stat_key()
        if key is None:
            raise FileNotFoundError(self.path)
        if key != self._key or self._data is None:
            self._load()
        assert self._data is not None and self._key is not None
        return self._data, self._key

    def _load(self) -> None:
        # The open descriptor pins the inode: while it is held no other file can be given
        # the same inode number, so an equal stat key really means the same version.
        fd = open_regular(self.path)
        try:
            info = os.fstat(fd)
            if self.owner_only and (info.st_uid != os.geteuid() or info.st_mode & 0o077):
                raise UnsafeFile(self.path, f"it must be yours and readable by you alone (chmod 600): {self.owner_only}")
            key = _key(info)
            data, raw, grew = self._read_fd(fd)
            self.check(data)
        except BaseException:
            os.close(fd)
            raise
        grew_from = self._key if grew else None
        self._unpin()
        self._pin, self._data, self._raw, self._key = fd, data, raw, key
        self.grew_from = grew_from

    def _read_fd(self, fd: int) -> tuple[Any, bytes, bool]:
        """Parse the file: only its appended end when the rest is what this process cached
        (then the third value is True)."""
        if self.append_only is not None and self._raw is not None:
            raw = read_all(fd, self.path)
            data = self._parse_appended(raw)
            if data is not None:
                return data, raw, True
            return read_json_raw(self.path, raw), raw, False
        return (*read_json_bytes(self.path, fd), False)

    def _unpin(self) -> None:
        if self._pin is not None:
            os.close(self._pin)
        self._pin = self._data = self._raw = self._key = None

    def __del__(self) -> None:
        try:
            self._unpin()
        except Exception:
            pass

    def check(self, data: Any) -> None:
        """Raise DamagedFile unless `data` is a sound file of this kind."""
        meta = data.get("meta") if isinstance(data, dict) else None
        meta = meta.get("1") if isinstance(meta, dict) else None
        if not isinstance(meta, dict) or meta.get("kind") != self.kind:
            raise damaged(self.path, f"not an ipstui {self.kind} file")
        try:
            if not isinstance(meta.get("revision", 0), int):
                raise ValueError("its revision is not a number")
            if self.validate is not None:
                self.validate(data)
        except INVALID as error:
            raise damaged(self.path, f"{self.kind} file does not hold together: {reason(error)}") from None

    def create(self, meta: dict[str, Any], tables: dict[str, dict[str, Any]]) -> None:
        """Write a new file; the caller holds the lock and has checked it is absent."""
        # The append-only table comes first and meta last, so that an append can reuse the
        # bytes already on disk (see _commit).
        data = {**tables, "meta": {"1": {"kind": self.kind, "format": 1, "revision": 1, **meta}}}
        write_bytes_atomic(self.path, encode(data), self.mode)
        self._load()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, read fresh, let the caller change tables, then commit atomically if changed.

        A transaction opened inside another on the same file joins it: the changes of both
        are written once, when the outer one ends.
        """
        if self._open is not None:
            yield self._open
            return
        with self.lock:
            data, _ = self.read()
            raw = self._raw
            # Top level copied: TinyDB replaces whole tables in it as it goes.
            storage = _HeldStorage(dict(data))
            revision = int(data["meta"]["1"].get("revision", 0))
            tx = self._open = Transaction(storage, revision)
            try:
                yield tx
                if storage.dirty or tx.appended:
                    new, payload = self._commit(data, raw, storage, tx.appended, revision + 1)
                    if storage.dirty:
                        # Appends are checked by their owner (a session folds them first).
                        self._refuse_unsound(new)
                    write_bytes_atomic(self.path, payload, self.mode)
                    self._pin_written(new, payload, grew=not storage.dirty)
            except BaseException:
                # TinyDB may have changed documents in place: never trust that cache again.
                if storage.dirty:
                    self._unpin()
                raise
            finally:
                self._open = None

    def _refuse_unsound(self, new: dict[str, Any]) -> None:
        """CommandError unless `new` would read back as a sound file of this kind."""
        try:
            if self.validate is not None:
                self.validate(new)
        except INVALID as error:
            raise CommandError(f"refused, nothing was changed: {self.path.name} would not hold together "
                               f"({reason(error)})") from None

    def _commit(self, old: dict[str, Any], raw: bytes | None, storage: _HeldStorage,
                appended: dict[str, Any], revision: int) -> tuple[dict[str, Any], bytes]:
        """The new content and the bytes of the file that holds it."""
        table = self.append_only
        new = dict(storage.data) if storage.dirty else dict(old)
        meta = {"1": {**new["meta"]["1"], "revision": revision}}
        if appended:
            assert table is not None, f"{self.kind} files have no append-only table"
            if any(key in new[table] for key in appended):
                raise ValueError(f"{self.path}: an append would overwrite entries of {table}")
            new[table] = {**new[table], **appended}
        new["meta"] = meta
        if not storage.dirty and raw is not None:
            end = self._log_end(old, raw)
            if end is not None:
                # Only the log grew: reuse the bytes on disk, encode just the new entries and meta.
                opening = len(table) + 5  # {"events":{
                body = b",".join(encode(key) + b":" + encode(doc) for key, doc in appended.items())
                separator = b"," if end > opening else b""
                return new, b"".join((memoryview(raw)[:end], separator, body, b'},"meta":', encode(meta), b"}"))
        return new, encode(new)

    def _log_end(self, data: dict[str, Any], raw: bytes) -> int | None:
        """Where the append-only table's entries end in `raw`, if the file has the layout
        this class writes (that table first, meta last); else None."""
        table = self.append_only
        if table is None or list(data) != [table, "meta"]:
            return None
        tail = b'},"meta":' + encode(data["meta"]) + b"}"
        if not raw.startswith(b'{"' + table.encode("ascii") + b'":{') or not raw.endswith(tail):
            return None
        return len(raw) - len(tail)

    def _parse_appended(self, raw: bytes) -> dict[str, Any] | None:
        """The new content when `raw` is the cached file plus appended log entries, parsing
        only what was appended; None when it is anything else."""
        old, before = self._data, self._raw
        if old is None or before is None:
            return None
        end = self._log_end(old, before)
        if end is None or len(raw) <= end or raw[:end] != memoryview(before)[:end]:
            return None
        table = self.append_only
        assert table is not None
        rest = raw[end:]
        if rest.startswith(b","):
            rest = rest[1:]
        try:
            tail = json.loads(b'{"' + table.encode("ascii") + b'":{' + rest)
        except (ValueError, RecursionError):
            return None  # the whole file is read again, and its damage named
        if not isinstance(tail, dict) or list(tail) != [table, "meta"] or not isinstance(tail[table], dict):
            return None
        return {table: {**old[table], **tail[table]}, "meta": tail["meta"]}

    def _pin_written(self, data: dict[str, Any], payload: bytes, grew: bool) -> None:
        """Cache what this process just wrote, pinned like a read, without parsing it again."""
        fd = open_regular(self.path, limit=None)
        grew_from = self._key if grew else None
        self._unpin()
        self._pin, self._data, self._raw, self._key = fd, data, payload, _key(os.fstat(fd))
        self.grew_from = grew_from


def reason(error: Exception) -> str:
    """What a validator's error says, in one short line."""
    text = str(error) if not isinstance(error, KeyError) else f"{error.args[0]!r} is missing"
    return " ".join(text.split())[:200] or type(error).__name__
