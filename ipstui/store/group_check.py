"""What a group file must hold: every value the program reads, divides by or looks up.

A shared data folder can be written by any member of the moderating team, so nothing in
the group file is trusted beyond what is checked here; a file that fails is damaged.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ipstui.domain.agreement import DEFAULT_AGREEMENT
from ipstui.domain.events import moment
from ipstui.domain.schedule import WeeklySlot
from ipstui.domain.settings import SessionSettings

# A group file made before the sessions index was derived from the logs may also hold
# "sessions" and "topics" tables: they are never read, and not checked.
TABLES = ("settings", "roster")
SESSION_ID = re.compile(r"^\d{4}-\d{2}-\d{2}(-\d{1,3})?$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")
_SLOT_KEYS = ("weekday", "start", "end", "zone")
_JOIN_TEXTS = ("url", "meeting_id", "international")
_STATUSES = ("live", "ended")
# The sessions index keeps figures for the history; none can be more than these.
_MOST = {"attendance": 10**6, "comments_read": 10**7, "newcomers": 10**6, "length_seconds": 1e12}


def check_group(data: dict[str, Any]) -> None:
    """Raise ValueError, TypeError or KeyError naming the first value the program cannot use."""
    for name in TABLES:
        if name not in data:
            raise ValueError(f"its {name} table is missing")
        table = data[name]
        if not isinstance(table, dict) or not all(key.isdigit() and isinstance(doc, dict) for key, doc in table.items()):
            raise ValueError(f"its {name} is not a table")
    settings = data["settings"]
    if set(settings) - {"1"}:
        raise ValueError("its settings table holds more than one entry")
    check_settings(settings.get("1", {}))
    for person in data["roster"].values():
        _texts(person, "name", "key")
        _names(person, "sessions", "moderated")
        if not isinstance(person.get("no_read_aloud", False), bool):
            raise TypeError(f"no_read_aloud of {person['name']!r} is not true or false")
        request = person.get("request")
        if request is not None and (not isinstance(request, dict) or not isinstance(request.get("text"), str)
                                    or not isinstance(request.get("since", ""), str)):
            raise TypeError(f"the request of {person['name']!r} is not a text")


def check_settings(stored: dict[str, Any]) -> None:
    """The group's stored settings (a missing key takes its default)."""
    if not isinstance(stored.get("group_name", ""), str):
        raise TypeError("its group name is not text")
    # A key that is present is used as it is (null included); only a missing one takes its default.
    slot = stored.get("slot", {})
    if "slot" in stored:
        if not isinstance(slot, dict) or any(key not in slot for key in _SLOT_KEYS):
            raise ValueError(f"its slot needs {', '.join(_SLOT_KEYS)}")
        for key in ("start", "end"):
            if not isinstance(slot[key], str) or not _CLOCK.fullmatch(slot[key]):
                raise ValueError(f"the slot's {key} {slot[key]!r} is not a time of day (HH:MM)")
    zones = stored.get("caller_zones", [])
    if not isinstance(zones, list) or not all(isinstance(zone, str) for zone in zones):
        raise TypeError("its caller zones are not a list of time zones")
    # The slot checks the weekday, that it ends after it starts, and every zone.
    WeeklySlot(**{key: slot[key] for key in _SLOT_KEYS if key in slot}, caller_zones=tuple(zones))
    session = stored.get("session", {})
    if not isinstance(session, dict):
        raise TypeError("its session settings are not a table")
    SessionSettings.from_doc(session)
    _check_join(stored.get("join", {}))
    _check_slot_change(stored.get("slot_change"))
    _check_agreement(stored.get("agreement", {}))


def _check_join(join: Any) -> None:
    if not isinstance(join, dict):
        raise TypeError("its join details are not a table")
    for key in _JOIN_TEXTS:
        if not isinstance(join.get(key, ""), str):
            raise TypeError(f"the join detail {key} is not text")
    phones = join.get("phones", [])
    if not isinstance(phones, list) or not all(isinstance(phone, str) for phone in phones):
        raise TypeError("the join phones are not a list of numbers as text")


def _check_slot_change(change: Any) -> None:
    if change is None:
        return
    if not isinstance(change, dict) or not isinstance(change.get("previous"), dict):
        raise TypeError("its slot change is not a table with the slot before")
    previous = change["previous"]
    if any(key not in previous for key in _SLOT_KEYS):
        raise ValueError(f"its slot change needs the slot before: {', '.join(_SLOT_KEYS)}")
    for key in ("start", "end"):
        if not isinstance(previous[key], str) or not _CLOCK.fullmatch(previous[key]):
            raise ValueError(f"the slot before's {key} {previous[key]!r} is not a time of day (HH:MM)")
    WeeklySlot(**{key: previous[key] for key in _SLOT_KEYS}, caller_zones=())
    _moment(change.get("at"))
    held_on = change.get("held_on")
    if held_on is not None:
        if not isinstance(held_on, str):
            raise TypeError("its slot change's day of the last call held is not a date as text")
        date.fromisoformat(held_on)


def _check_agreement(edits: Any) -> None:
    if not isinstance(edits, dict):
        raise TypeError("its agreement edits are not a table")
    for key, text in edits.items():
        if not key.isdigit():
            raise ValueError(f"agreement edit {key!r} is not an item number")
        DEFAULT_AGREEMENT.check_number(int(key))
        if not isinstance(text, str) or not text.strip():
            raise TypeError(f"agreement item {key}'s wording is not text")


def check_index_entry(entry: Any) -> None:
    """A line of the sessions index as a cache holds it: every value the history shows."""
    if not isinstance(entry, dict):
        raise TypeError("a session's line is not a table")
    _texts(entry, "id", "topic", "moderator", "status")
    if not SESSION_ID.fullmatch(entry["id"]):
        raise ValueError(f"{entry['id']!r} in its sessions is not a session id")
    if entry["status"] not in _STATUSES:
        raise ValueError(f"session {entry['id']}: status {entry['status']!r} is neither live nor ended")
    _moment(entry["started_at"])
    if entry.get("ended_at") is not None:
        _moment(entry["ended_at"])
    for key in ("next_moderator", "backup_moderator", "next_topic"):
        if entry.get(key) is not None:
            _texts(entry, key)
    for key, most in _MOST.items():
        value = entry.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= most:
            raise ValueError(f"session {entry['id']}: {key} {value!r} is not a count the history can show")


def _texts(doc: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if not isinstance(doc[key], str):
            raise TypeError(f"{key} {doc[key]!r} is not text")


def _names(doc: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if not isinstance(doc[key], list) or not all(isinstance(item, str) for item in doc[key]):
            raise TypeError(f"{key} is not a list of names")


def _moment(value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not a moment")
    moment(value)

