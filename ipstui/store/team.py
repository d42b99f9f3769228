"""The team that may connect to `ipstui serve`: a person is a public key, with a role.

Kept in the data folder (`team.json`) and changed under its lock, like every other file. The
file also keeps the visits (who connected, from where, when, with which key): the group's own
record of who was at its consoles. It says who may connect, so it is the server operator's
alone (owner-only, read only when it is), even in a folder shared with the group, as is the
server's host key beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ipstui.domain.outcome import CommandError
from ipstui.domain.text import clean_name, name_key
from ipstui.store.atomic import FileMode
from ipstui.store.document import JsonDocument

TEAM_FILE = "team.json"
HOST_KEY = "ssh_host_ed25519_key"
# The server operator's own files (and their copies, locks and temporary files): never shared.
OWNER_ONLY = (TEAM_FILE, HOST_KEY)
ROLES = ("moderator", "watch")
_FINGERPRINT = re.compile(r"SHA256:[A-Za-z0-9+/]{43}")
_KEY_LINE = re.compile(r"[a-z0-9@.-]+ [A-Za-z0-9+/]+={0,3}")
# The visits kept: the newest, so that a busy server never grows the file without bound.
VISITS_KEPT = 2000


@dataclass(frozen=True)
class Member:
    """Someone on the team: their name, role, public key (OpenSSH line, no comment) and its fingerprint."""

    name: str
    role: str
    key: str
    fingerprint: str
    added_at: str
    last_seen: str | None = None

    @property
    def watch_only(self) -> bool:
        return self.role == "watch"


def _text(doc: dict[str, Any], field: str) -> str:
    value = doc.get(field)
    if not isinstance(value, str):
        raise TypeError(f"its {field} is not text")
    return value


def check_team(data: dict[str, Any]) -> None:
    """Raise ValueError or TypeError naming the first value the program cannot use."""
    for table in ("members", "visits"):
        if not isinstance(data.get(table), dict):
            raise ValueError(f"its {table} table is missing")
    keys, names = set(), set()
    for doc in data["members"].values():
        if not isinstance(doc, dict):
            raise ValueError("a member is not a table")
        name, role, key, fingerprint = (_text(doc, field) for field in ("name", "role", "key", "fingerprint"))
        if role not in ROLES:
            raise ValueError(f"the role of {name!r} is {role!r}, not one of {', '.join(ROLES)}")
        if not _KEY_LINE.fullmatch(key) or not _FINGERPRINT.fullmatch(fingerprint):
            raise ValueError(f"the key of {name!r} is not a public key line with its fingerprint")
        if fingerprint in keys or name_key(name) in names:
            raise ValueError(f"{name!r} or their key is on the team twice")
        keys.add(fingerprint)
        names.add(name_key(name))
    for doc in data["visits"].values():
        if not isinstance(doc, dict):
            raise ValueError("a visit is not a table")
        for field in ("name", "fingerprint", "address", "at", "what"):
            _text(doc, field)


class TeamFile:
    """The team's keys and visits; changed only under the file's lock."""

    def __init__(self, root: Path, mode: FileMode = FileMode()) -> None:
        self.doc = JsonDocument(root / TEAM_FILE, "team", FileMode(), validate=check_team,
                                owner_only="it says whose keys may connect")

    def members(self) -> list[Member]:
        """Everyone on the team, in the order they were added."""
        if not self.doc.exists():
            return []
        data, _ = self.doc.read()
        return [_member(doc) for _, doc in sorted(data["members"].items(), key=lambda item: int(item[0]))]

    def find_key(self, fingerprint: str) -> Member | None:
        return next((member for member in self.members() if member.fingerprint == fingerprint), None)

    def visits(self) -> list[dict[str, Any]]:
        if not self.doc.exists():
            return []
        data, _ = self.doc.read()
        return [dict(doc) for _, doc in sorted(data["visits"].items(), key=lambda item: int(item[0]))]

    def _ensure(self) -> None:
        if not self.doc.exists():
            with self.doc.lock:
                if not self.doc.exists():
                    self.doc.create({}, {"members": {}, "visits": {}})

    def add(self, name: str, key: str, fingerprint: str, role: str, now: datetime) -> Member:
        """Put someone on the team; CommandError if the name or the key is taken."""
        name = clean_name(name)
        if role not in ROLES:
            raise CommandError(f"the role is one of {', '.join(ROLES)}, not {role!r}")
        self._ensure()
        with self.doc.transaction() as tx:
            members = tx.table("members")
            for doc in members.all():
                if name_key(doc["name"]) == name_key(name):
                    raise CommandError(f"{doc['name']} is on the team already (team remove first)")
                if doc["fingerprint"] == fingerprint:
                    raise CommandError(f"that key is {doc['name']}'s already")
            doc = {"name": name, "role": role, "key": key, "fingerprint": fingerprint, "added_at": now.isoformat()}
            members.insert(doc)
        return _member(doc)

    def remove(self, name: str) -> Member:
        """Take someone off the team; CommandError if nobody has that name."""
        if not self.doc.exists():
            raise CommandError("the team is empty")
        with self.doc.transaction() as tx:
            members = tx.table("members")
            found = next((doc for doc in members.all() if name_key(doc["name"]) == name_key(name)), None)
            if found is None:
                raise CommandError(f"nobody called {name!r} is on the team")
            members.remove(doc_ids=[found.doc_id])
        return _member(found)

    def visit(self, member: Member, address: str, what: str, now: datetime) -> None:
        """Note a connection or its end (the visits table keeps the newest VISITS_KEPT)."""
        self._ensure()
        with self.doc.transaction() as tx:
            visits = tx.table("visits")
            visits.insert({"name": member.name, "fingerprint": member.fingerprint, "address": address,
                           "at": now.isoformat(), "what": what})
            ids = sorted(doc.doc_id for doc in visits.all())
            if len(ids) > VISITS_KEPT:
                visits.remove(doc_ids=ids[: len(ids) - VISITS_KEPT])
            if what == "connected":
                members = tx.table("members")
                for doc in members.all():
                    if doc["fingerprint"] == member.fingerprint:
                        members.update({"last_seen": now.isoformat()}, doc_ids=[doc.doc_id])


def _member(doc: dict[str, Any]) -> Member:
    return Member(doc["name"], doc["role"], doc["key"], doc["fingerprint"], doc["added_at"], doc.get("last_seen"))
