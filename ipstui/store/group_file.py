"""The group's file: settings, the agreement's wording, the roster with standing preferences and rotation.

The sessions are not listed here: the index is derived from the session files (store/index.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipstui.domain.agreement import DEFAULT_AGREEMENT, Agreement
from ipstui.domain.schedule import DEFAULT_CALLER_ZONES
from ipstui.domain.text import name_key
from ipstui.store.atomic import FileMode
from ipstui.store.document import JsonDocument
from ipstui.store.group_check import SESSION_ID, check_group

DEFAULT_SETTINGS: dict[str, Any] = {
    "group_name": "Intentional Peer Support Weekly Co-Learning Group",
    "slot": {"weekday": "saturday", "start": "17:15", "end": "18:30", "zone": "America/New_York"},
    "caller_zones": list(DEFAULT_CALLER_ZONES),
    "join": {
        "url": "https://zoom.us/j/119362879",
        "phones": ["+1 669 900 6833", "+1 646 558 8656"],
        "meeting_id": "119 362 879",
        "international": "https://zoom.us/u/jkwt3wHh",
    },
    "session": {},
    # The group's own wording of agreement items, by number; the seed's text for the rest.
    "agreement": {},
    # The slot before its last change and when it changed, until the first call at the new time.
    "slot_change": None,
}

__all__ = ["DEFAULT_SETTINGS", "GroupFile", "SESSION_ID"]


class GroupFile:
    """The group's own records; changed only under its lock."""

    def __init__(self, path: Path, mode: FileMode = FileMode()) -> None:
        self.doc = JsonDocument(path, "group", mode, validate=check_group)

    @property
    def path(self) -> Path:
        return self.doc.path

    def ensure(self) -> None:
        """Create the group file with default settings if there is none yet."""
        if self.doc.exists():
            return
        with self.doc.lock:
            if not self.doc.exists():
                self.doc.create({}, {"settings": {"1": DEFAULT_SETTINGS}, "roster": {}})

    def _table(self, name: str) -> list[dict[str, Any]]:
        if not self.doc.exists():
            return []
        data, _ = self.doc.read()
        return [dict(doc, doc_id=int(key)) for key, doc in data.get(name, {}).items()]

    def settings(self) -> dict[str, Any]:
        """The group's settings, defaults filled in."""
        stored = next(iter(self._table("settings")), {})
        return {key: stored.get(key, value) for key, value in DEFAULT_SETTINGS.items()}

    def agreement(self) -> Agreement:
        """The agreement as the group words it."""
        edits = self.settings()["agreement"]
        return DEFAULT_AGREEMENT.with_edits(edits if isinstance(edits, dict) else {})

    def roster(self) -> list[dict[str, Any]]:
        """Everyone the group has seen, with their preferences and history."""
        return self._table("roster")

    # -- changes, each called with the group lock held ------------------------------------

    def reword_agreement(self, number: int, text: str | None) -> None:
        """Set item `number`'s wording, or put the seed's back (None)."""
        with self.doc.transaction() as tx:
            settings = tx.table("settings")
            stored = settings.get(doc_id=1) or {}
            edits = dict(stored.get("agreement") or {})
            if text is None:
                edits.pop(str(number), None)
            else:
                edits[str(number)] = text
            if settings.contains(doc_id=1):
                settings.update({"agreement": edits}, doc_ids=[1])
            else:
                settings.insert({"agreement": edits})

    def replace_settings(self, settings: dict[str, Any]) -> None:
        """Store the group's settings (the keys ipstui knows), checked with the whole file before the write."""
        with self.doc.transaction() as tx:
            table = tx.table("settings")
            values = {key: settings[key] for key in DEFAULT_SETTINGS if key in settings}
            if table.contains(doc_id=1):
                table.update(values, doc_ids=[1])
            else:
                table.insert(values)

    def note_participant(self, name: str, session_id: str, no_read_aloud: bool | None) -> None:
        """Record that someone attended a session, and their standing preference if given."""
        from tinydb import Query  # here, not at the top: a command that only appends never loads TinyDB

        key = name_key(name)
        with self.doc.transaction() as tx:
            roster = tx.table("roster")
            person = roster.get(Query().key == key)
            if person is None:
                roster.insert(
                    {"name": name, "key": key, "sessions": [session_id], "moderated": [], "no_read_aloud": bool(no_read_aloud)}
                )
                return
            changes: dict[str, Any] = {}
            if session_id not in person["sessions"]:
                changes["sessions"] = [*person["sessions"], session_id]
            if no_read_aloud is not None and no_read_aloud != person.get("no_read_aloud"):
                changes["no_read_aloud"] = no_read_aloud
            if changes:
                roster.update(changes, doc_ids=[person.doc_id])

    def note_people(self, people: dict[str, tuple[str, bool, str | None]], session_id: str) -> None:
        """Set standing preferences and requests as a session's log says them: by name key, the
        name, whether their comments are never read aloud, and their request (None: none)."""
        with self.doc.transaction() as tx:
            roster = tx.table("roster")
            known = {person["key"]: person for person in roster.all()}
            for key, (name, quiet, request) in people.items():
                person = known.get(key)
                if person is None:
                    doc = {"name": name, "key": key, "sessions": [session_id], "moderated": [], "no_read_aloud": quiet}
                    roster.insert(doc | ({"request": {"text": request, "since": session_id}} if request else {}))
                    continue
                had = person.get("request")
                wanted = None if request is None else (had if had and had.get("text") == request
                                                        else {"text": request, "since": session_id})
                if person.get("no_read_aloud") == quiet and had == wanted:
                    continue  # nothing to write: a look that finds the roster in step writes nothing

                def change(doc: dict, quiet: bool = quiet, wanted: dict | None = wanted) -> None:
                    doc["no_read_aloud"] = quiet
                    if wanted is None:
                        doc.pop("request", None)
                    else:
                        doc["request"] = wanted

                roster.update(change, doc_ids=[person.doc_id])

    def withdraw_request(self, key: str) -> bool:
        """Remove the standing request of the member of `key`; whether there was one."""
        with self.doc.transaction() as tx:
            roster = tx.table("roster")
            person = next((doc for doc in roster.all() if doc["key"] == key), None)
            if person is None or "request" not in person:
                return False
            roster.update(lambda doc: doc.pop("request", None), doc_ids=[person.doc_id])
            return True

    def note_participants(self, names: list[str], session_id: str) -> None:
        """Record several attendances at once (one write)."""
        with self.doc.transaction() as tx:
            roster = tx.table("roster")
            # One pass over the roster, not a query per name: a session notes everyone in it.
            people = {person["key"]: person for person in roster.all()}
            for name in names:
                key = name_key(name)
                person = people.get(key)
                if person is None:
                    roster.insert({"name": name, "key": key, "sessions": [session_id], "moderated": [], "no_read_aloud": False})
                    people[key] = {"sessions": [session_id]}
                elif session_id not in person["sessions"]:
                    roster.update({"sessions": [*person["sessions"], session_id]}, doc_ids=[person.doc_id])
                    people[key] = {"sessions": [session_id]}  # a name given twice is noted once

    def note_moderated(self, name: str, session_id: str) -> None:
        """Count a session towards someone's moderation history."""
        from tinydb import Query  # here, not at the top: a command that only appends never loads TinyDB

        key = name_key(name)
        with self.doc.transaction() as tx:
            roster = tx.table("roster")
            person = roster.get(Query().key == key)
            if person is None:
                roster.insert({"name": name, "key": key, "sessions": [session_id], "moderated": [session_id], "no_read_aloud": False})
            elif session_id not in person["moderated"]:
                roster.update({"moderated": [*person["moderated"], session_id]}, doc_ids=[person.doc_id])

    def forget_session(self, session_id: str, attended: bool = True) -> None:
        """Take a session out of everyone's moderation history, and out of their attendance too
        when `attended` (a session removed); a person the roster then knows from nothing stays."""
        with self.doc.transaction() as tx:
            roster = tx.table("roster")
            for person in roster.all():
                changes: dict[str, Any] = {}
                if session_id in person.get("moderated", ()):
                    changes["moderated"] = [s for s in person["moderated"] if s != session_id]
                if attended and session_id in person.get("sessions", ()):
                    changes["sessions"] = [s for s in person["sessions"] if s != session_id]
                if changes:
                    roster.update(changes, doc_ids=[person.doc_id])
