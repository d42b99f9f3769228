"""Which consoles are attached to a data folder: each one keeps a small heartbeat file.

A console that leaves says goodbye by removing its file; one whose file stops being
refreshed has vanished (killed, or its SSH connection dropped).
"""

from __future__ import annotations

import json
import os
import re
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterable

from ipstui.store.atomic import FileMode, read_regular
from ipstui.store.errors import UnsafeFile

FOLDER = "presence"
ALIVE = timedelta(seconds=6)
# How long a console that missed its heartbeats may still say goodbye and be told as having left.
LATE_GOODBYE = timedelta(minutes=2)
FORGOTTEN = timedelta(hours=1)
# A heartbeat is a line of JSON; anything larger was not written by a console.
MAX_PRESENCE_BYTES = 4096
# Far more consoles than a team opens; a folder flooded with files costs each look no more.
MAX_PEER_FILES = 256
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class Peer:
    """Another console on the same data folder."""

    id: str
    actor: str
    terminal: str
    watch_only: bool
    seen_at: datetime
    alive: bool


class Presence:
    """This console's heartbeat, and what it knows of the others."""

    def __init__(self, root: Path, actor: str, terminal: str, watch_only: bool = False,
                 mode: FileMode = FileMode()) -> None:
        self.folder = Path(root) / FOLDER
        self.actor = actor
        self.terminal = terminal
        self.watch_only = watch_only
        self.mode = mode
        self.id = _UNSAFE.sub("_", f"{actor}@{socket.gethostname()}-{os.getpid()}")[:120]
        self._started: datetime | None = None

    @property
    def path(self) -> Path:
        return self.folder / f"{self.id}.json"

    def beat(self, now: datetime) -> None:
        """Say that this console is here (creating the presence folder if need be)."""
        if self._started is None:
            self._started = now
        try:
            if self._planted():
                return
            if not self.folder.is_dir():
                self.folder.mkdir(exist_ok=True)
                # mkdir's mode is cut by the umask: set it outright so the whole team can write.
                os.chmod(self.folder, 0o2770 if self.mode.gid is not None else 0o700)
            payload = json.dumps({"actor": self.actor, "terminal": self.terminal, "watch_only": self.watch_only,
                                  "started_at": self._started.isoformat(), "seen_at": now.isoformat()})
            temp = self.path.with_suffix(".tmp")
            temp.unlink(missing_ok=True)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, self.mode.bits)
            try:
                if os.fstat(fd).st_uid == os.geteuid():
                    os.fchmod(fd, self.mode.bits)
                os.write(fd, payload.encode("utf-8"))
            finally:
                os.close(fd)
            # Presence is ephemeral: no fsync, a lost heartbeat is replaced two seconds later.
            os.replace(temp, self.path)
        except OSError:
            pass  # a read-only folder: others simply do not see this console

    def _planted(self) -> bool:
        """Whether the presence folder is a symbolic link: heartbeats would land wherever it points."""
        return self.folder.is_symlink()

    def leave(self) -> None:
        """Say goodbye."""
        try:
            self.path.unlink()
        except OSError:
            pass

    def peers(self, now: datetime) -> list[Peer]:
        """The other consoles, alive or vanished; files forgotten long ago are tidied away."""
        found = []
        if self._planted():
            return []
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return []
        names = [name for name in names if name.endswith(".json") and name != self.path.name]
        for name in names[:MAX_PEER_FILES]:
            path = self.folder / name
            try:
                # A planted link, FIFO or device is passed over: never followed, never waited on.
                doc = json.loads(read_regular(path, MAX_PRESENCE_BYTES))
                seen = datetime.fromisoformat(doc["seen_at"])
                age = now - seen  # a moment without an offset cannot be compared: not a heartbeat
            except (OSError, UnsafeFile, ValueError, KeyError, TypeError, OverflowError, RecursionError):
                continue
            if age > FORGOTTEN:
                try:
                    path.unlink()
                except OSError:
                    pass
                continue
            found.append(Peer(name.removesuffix(".json"), str(doc.get("actor", "?")), str(doc.get("terminal", "?")),
                              bool(doc.get("watch_only")), seen, age <= ALIVE))
        return found


@dataclass(frozen=True)
class PeerChange:
    """One thing to tell about another console: it "joined", "vanished" (no goodbye) or "left"."""

    kind: str
    peer: Peer


class PeerChanges:
    """What changed between one look at the other consoles and the next, for a console to tell."""

    def __init__(self) -> None:
        self.alive: dict[str, Peer] = {}
        # Consoles seen alive that have since missed their heartbeats.
        self._late: dict[str, Peer] = {}

    def update(self, peers: Iterable[Peer], now: datetime) -> list[PeerChange]:
        """The changes since the last look; `now` by the heartbeats' own clock."""
        peers = list(peers)
        changes = [PeerChange("joined", peer) for peer in peers if peer.alive and peer.id not in self.alive]
        changes += [PeerChange("vanished", peer) for peer in peers if not peer.alive and peer.id in self.alive]
        # A goodbye is a goodbye even from a console whose heartbeat was late (a busy machine):
        # one seen vanished a moment ago that now says goodbye has left, not crashed.
        late = {key: peer for key, peer in self._late.items() if peer.seen_at >= now - LATE_GOODBYE}
        known = {**late, **self.alive}
        changes += [PeerChange("left", known[key]) for key in sorted(set(known) - {peer.id for peer in peers})]
        self._late = {peer.id: peer for peer in peers if not peer.alive and peer.id in known}
        self.alive = {peer.id: peer for peer in peers if peer.alive}
        return changes
