"""The knobs a group can turn, and the agenda a session starts with."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, Mapping

# The longest "several minutes" any threshold may be: a day.
MOST_THRESHOLD_MINUTES = 24 * 60
# The "step back" multiple of fair share: 1 flags anyone above fair share; beyond this it never would.
MOST_MULTIPLE = 100.0


class QueuePolicy(StrEnum):
    """In which order ordinary raised hands are called."""

    FIRST_COME = "first-come"
    PROGRESSIVE = "progressive"


@dataclass(frozen=True)
class SessionSettings:
    """Thresholds and policy a session runs with; recorded when it starts."""

    policy: QueuePolicy = QueuePolicy.FIRST_COME
    bell_minutes: float = 3.0
    hand_wait_minutes: float = 2.0
    step_back_multiple: float = 2.0
    cue_after_talk_minutes: float = 2.0

    def __post_init__(self) -> None:
        if not isinstance(self.policy, QueuePolicy):
            raise ValueError(f"unknown queue policy {self.policy!r}")
        for name in ("bell_minutes", "hand_wait_minutes", "cue_after_talk_minutes"):
            _number(name, getattr(self, name), 0, MOST_THRESHOLD_MINUTES, low_open=True)
        # The meters divide by it: never zero, never a fraction that turns both cues on at once.
        _number("step_back_multiple", self.step_back_multiple, 1, MOST_MULTIPLE)

    def to_doc(self) -> dict[str, Any]:
        """The settings as plain JSON values."""
        doc = asdict(self)
        doc["policy"] = self.policy.value
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any] | None) -> "SessionSettings":
        """Settings from stored values; unknown keys are ignored, missing ones defaulted."""
        if doc is None:
            doc = {}
        if not isinstance(doc, Mapping):
            raise TypeError("the session settings are not a table")
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in doc.items() if key in known}
        if "policy" in values:
            values["policy"] = QueuePolicy(values["policy"])
        for key in known - {"policy"}:
            if key in values:
                values[key] = _real(key, values[key])
        return cls(**values)


def _real(name: str, value: object) -> float:
    """A stored number: an int or a float, not text or a truth value that Python would also take."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} {value!r} is not a number")
    return float(value)


def _number(name: str, value: float, low: float, high: float, low_open: bool = False) -> None:
    if not (math.isfinite(value) and (low < value if low_open else low <= value) and value <= high):
        above = f"above {low:g}" if low_open else f"at least {low:g}"
        raise ValueError(f"{name} must be {above} and at most {high:g}, not {value!r}")


@dataclass(frozen=True)
class Segment:
    """One part of the agenda with the minutes planned for it."""

    title: str
    planned_minutes: int


# The group's 75 minutes, 17:15 to 18:30.
DEFAULT_AGENDA: tuple[Segment, ...] = (
    Segment("Welcome and agreement", 10),
    Segment("Check-in", 15),
    Segment("Reading", 15),
    Segment("Discussion and practice", 25),
    Segment("Closing and next moderator", 10),
)


# -- the group's own settings: the weekly slot, join details, callers' zones ---------------------

# What `ipstui settings set KEY VALUE` and the settings screen change, in the order shown.
GROUP_SETTING_KEYS: tuple[str, ...] = (
    "day", "time", "length", "zone", "caller-zones",
    "join-url", "join-phones", "join-meeting-id", "join-international", "group-name",
)
SLOT_KEYS = ("day", "time", "length", "zone")
_SLOT_FIELDS = ("weekday", "start", "end", "zone")
_JOIN_KEYS = {"join-url": "url", "join-meeting-id": "meeting_id", "join-international": "international"}
SETTING_HELP: dict[str, str] = {
    "day": "the weekday of the call, e.g. saturday",
    "time": "when the call starts, HH:MM in the group's zone",
    "length": "how long the call lasts, in minutes",
    "zone": "the group's time zone (IANA), e.g. America/New_York",
    "caller-zones": "the callers' time zones (IANA), separated by commas",
    "join-url": "the link to join by computer",
    "join-phones": "phone numbers to join by, separated by commas",
    "join-meeting-id": "the meeting ID phone callers enter",
    "join-international": "the link for international callers",
    "group-name": "the group's name, at the top of home and the announcement",
}


def _clock_minutes(text: str) -> int:
    hours, _, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def setting_value(settings: Mapping[str, Any], key: str) -> str:
    """One setting as `settings show` prints it and `settings set` takes it."""
    slot, join = settings.get("slot", {}), settings.get("join", {})
    if key == "day":
        return str(slot.get("weekday", "")).lower()
    if key == "time":
        return str(slot.get("start", ""))
    if key == "length":
        return str(_clock_minutes(slot["end"]) - _clock_minutes(slot["start"]))
    if key == "zone":
        return str(slot.get("zone", ""))
    if key == "caller-zones":
        return ", ".join(settings.get("caller_zones", ()))
    if key == "join-phones":
        return ", ".join(join.get("phones", ()))
    if key in _JOIN_KEYS:
        return str(join.get(_JOIN_KEYS[key], ""))
    if key == "group-name":
        return str(settings.get("group_name", ""))
    raise KeyError(key)


def _web_link(value: str) -> bool:
    """Whether `value` reads as a web link people can be sent: http(s), a host, no spaces or controls."""
    scheme, sep, rest = value.partition("://")
    return (scheme.lower() in ("https", "http") and bool(sep) and bool(rest) and not rest.startswith("/")
            and all(ch.isprintable() and not ch.isspace() for ch in value))


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def with_setting(settings: Mapping[str, Any], key: str, value: str, now: datetime,
                 held_on: str | None = None) -> dict[str, Any]:
    """The group's settings with KEY set to VALUE (as typed); ValueError saying why not.

    A changed weekly slot is recorded (`slot_change`: the slot before, and when it changed) so
    that the first call at the new time says so; changed back before that call, nothing is said.
    `held_on` is the date of the last call held (the group's zone): that day has no second call,
    so a call moved later on it is first held, and says so, a week on.
    """
    from ipstui.domain.schedule import WEEKDAYS, WeeklySlot, check_zone, first_call_after, slot_of

    if key not in GROUP_SETTING_KEYS:
        raise ValueError(f"unknown setting {key!r}: the settings are {', '.join(GROUP_SETTING_KEYS)}")
    if not isinstance(value, str):
        raise ValueError(f"{key} takes text, not {value!r}")
    value = value.strip()
    new = {name: (dict(item) if isinstance(item, Mapping) else list(item) if isinstance(item, (list, tuple)) else item)
           for name, item in settings.items()}
    slot = dict(new["slot"])
    start, length = _clock_minutes(slot["start"]), _clock_minutes(slot["end"]) - _clock_minutes(slot["start"])
    if key == "day":
        if value.lower() not in WEEKDAYS:
            raise ValueError(f"day must be a weekday (monday to sunday), not {value!r}")
        slot["weekday"] = value.lower()
    elif key == "time":
        hours, colon, minutes = value.partition(":")
        if not (colon and hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) <= 2
                and int(hours) < 24 and int(minutes) < 60):
            raise ValueError(f"time must be HH:MM on a 24-hour clock, e.g. 17:15, not {value!r}")
        start = int(hours) * 60 + int(minutes)
    elif key == "length":
        if not value.isdigit() or not 1 <= int(value) <= 24 * 60:
            raise ValueError(f"length must be a whole number of minutes, e.g. 75, not {value!r}")
        length = int(value)
    elif key == "zone":
        check_zone(value)
        slot["zone"] = value
    elif key == "caller-zones":
        zones = _listed(value)
        if not zones:
            raise ValueError("caller-zones needs at least one time zone, e.g. Europe/London, Asia/Kolkata")
        for zone in zones:
            check_zone(zone)
        new["caller_zones"] = zones
    elif key == "join-phones":
        new["join"] = {**new["join"], "phones": _listed(value)}
    elif key in _JOIN_KEYS:
        if key != "join-meeting-id" and value and not _web_link(value):
            raise ValueError(f"{key} must be a web link (https://…, no spaces), not {value!r}")
        new["join"] = {**new["join"], _JOIN_KEYS[key]: value}
    elif key == "group-name":
        if not value:
            raise ValueError("the group's name is blank")
        new["group_name"] = value
    if key in ("time", "length"):
        if start + length >= 24 * 60:
            raise ValueError(f"a call from {_clock(start)} for {length} minutes would end after midnight, "
                             "which the weekly slot cannot hold")
        slot["start"], slot["end"] = _clock(start), _clock(start + length)
    new["slot"] = slot
    WeeklySlot(slot["weekday"], slot["start"], slot["end"], slot["zone"], tuple(new["caller_zones"]))
    if key in SLOT_KEYS:
        current = {name: settings["slot"][name] for name in _SLOT_FIELDS}
        after = {name: slot[name] for name in _SLOT_FIELDS}
        if after != current:
            pending = settings.get("slot_change")
            before = current
            # A change whose first call has not come yet keeps the slot the group last met at.
            if pending and now < first_call_after(slot_of(current), pending["at"], pending.get("held_on")):
                before = dict(pending["previous"])
            new["slot_change"] = None if after == before else {
                "previous": before, "at": now.isoformat(), **({"held_on": held_on} if held_on else {})}
    return new
