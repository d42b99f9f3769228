"""The events a session's log is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Mapping


class EventType(StrEnum):
    """Every kind of event a session's log can hold."""

    SESSION_STARTED = "session_started"
    PARTICIPANT_ADDED = "participant_added"
    READ_PREFERENCE_SET = "read_preference_set"
    HAND_RAISED = "hand_raised"
    HAND_CHANGED = "hand_changed"
    HAND_LOWERED = "hand_lowered"
    HANDS_LOWERED_ALL = "hands_lowered_all"
    SPEAKER_STARTED = "speaker_started"
    SPEAKER_STOPPED = "speaker_stopped"
    CHAT_ADDED = "chat_added"
    CHAT_MARKED = "chat_marked"
    CHAT_MADE_PRIVATE = "chat_made_private"
    AGENDA_ADVANCED = "agenda_advanced"
    AGENDA_ITEM_ADDED = "agenda_item_added"
    AGENDA_ITEM_REMOVED = "agenda_item_removed"
    AGENDA_ITEM_RENAMED = "agenda_item_renamed"
    AGENDA_ITEM_RETIMED = "agenda_item_retimed"
    AGENDA_ITEM_MOVED = "agenda_item_moved"
    AGREEMENT_REMINDED = "agreement_reminded"
    OUCH_LOGGED = "ouch_logged"
    BELL_RUNG = "bell_rung"
    BREAKOUT_REQUESTED = "breakout_requested"
    FOLLOWUP_ADDED = "followup_added"
    ATTENDANCE_RECORDED = "attendance_recorded"
    ITEM_DONE = "item_done"
    PARTICIPANT_LEFT = "participant_left"
    PARTICIPANT_BACK = "participant_back"
    REQUEST_RECORDED = "request_recorded"
    REQUEST_WITHDRAWN = "request_withdrawn"
    SESSION_ENDED = "session_ended"
    UNDONE = "undone"


_KINDS = {kind.value: kind for kind in EventType}


def kind_of(value: Any) -> EventType:
    """The kind of event `value` names, as EventType(value) gives it (ValueError for no kind), at the
    cost of a dict lookup: EventType(value) is some 1.5 us, paid for every event of every fold."""
    try:
        return _KINDS[value]
    except (KeyError, TypeError):
        raise ValueError(f"{value!r} is not a valid {EventType.__name__}") from None


def moment(text: str) -> datetime:
    """A stored moment: ISO 8601 with its offset, in years any clock of ours can show."""
    at = datetime.fromisoformat(text)
    if at.tzinfo is None:
        raise ValueError(f"{text!r} has no offset")
    # Far from the edges of datetime, so that adding a session's length never overflows.
    if not 1970 <= at.year <= 9000:
        raise ValueError(f"{text!r} is out of range")
    return at


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event a command wants appended; the store stamps time, author and number."""

    type: EventType
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the append-only log."""

    seq: int
    type: EventType
    at: datetime
    action: int
    by: str
    terminal: str
    data: Mapping[str, Any]

    def to_doc(self) -> dict[str, Any]:
        """The event as stored (its `seq` is the document id)."""
        return {
            "type": self.type.value,
            "at": self.at.isoformat(),
            "action": self.action,
            "by": self.by,
            "terminal": self.terminal,
            "data": dict(self.data),
        }

    @classmethod
    def from_doc(cls, seq: int, doc: Mapping[str, Any]) -> "Event":
        """Read a stored event; raises KeyError or ValueError when it is malformed."""
        at = moment(doc["at"])
        data = doc.get("data") or {}
        # Every command folds the whole log: a dict (what JSON gives) skips the slower ABC check.
        if type(data) is not dict and not isinstance(data, Mapping):
            raise TypeError(f"the data of event {seq} is not a table")
        # Each field set straight into its slot: the frozen __init__ goes through object.__setattr__
        # for each, and a command reads every event of the log (0.45 us an event against 0.8 us).
        event = _new_event(cls)
        _set_seq(event, seq)
        _set_type(event, kind_of(doc["type"]))
        _set_at(event, at)
        _set_action(event, int(doc["action"]))
        _set_by(event, str(doc.get("by", "")))
        _set_terminal(event, str(doc.get("terminal", "")))
        _set_data(event, data)
        return event


# The slots of an Event, in its fields' order, for Event.from_doc.
_EVENT_FIELDS = ("seq", "type", "at", "action", "by", "terminal", "data")
_new_event = object.__new__
_set_seq, _set_type, _set_at, _set_action, _set_by, _set_terminal, _set_data = (
    getattr(Event, name).__set__ for name in _EVENT_FIELDS)


def describe(kind: EventType, data: dict) -> str:
    """A short phrase for an event, for timelines and undo messages."""
    name = data.get("name", "")
    phrases = {
        EventType.PARTICIPANT_ADDED: f"add {name}",
        EventType.READ_PREFERENCE_SET: f"read preference of {name}",
        EventType.HAND_RAISED: f"{name} raised a hand",
        EventType.HAND_CHANGED: f"{name}'s hand changed",
        EventType.HAND_LOWERED: f"{name}'s hand lowered",
        EventType.HANDS_LOWERED_ALL: "all hands lowered",
        EventType.SPEAKER_STARTED: f"{name} speaking",
        EventType.SPEAKER_STOPPED: f"{name} stopped speaking",
        EventType.CHAT_ADDED: f"comment {data.get('id')} added",
        EventType.CHAT_MARKED: f"comment {data.get('id')} marked {data.get('status')}",
        EventType.CHAT_MADE_PRIVATE: f"comment {data.get('id')} made private",
        EventType.AGENDA_ADVANCED: _agenda(data),
        EventType.AGENDA_ITEM_ADDED: f"agenda item '{data.get('title')}' added ({data.get('planned_minutes')} min)",
        EventType.AGENDA_ITEM_REMOVED: f"agenda item '{data.get('title')}' removed",
        EventType.AGENDA_ITEM_RENAMED: f"agenda item '{data.get('was')}' renamed '{data.get('title')}'",
        EventType.AGENDA_ITEM_RETIMED: f"agenda item '{data.get('title')}' now {data.get('planned_minutes')} min"
                                       f" (was {data.get('was')})",
        EventType.AGENDA_ITEM_MOVED: _moved(data),
        EventType.AGREEMENT_REMINDED: f"reminder of item {data.get('item')}",
        EventType.OUCH_LOGGED: "ouch" + _who(data, ("by", "by"), ("with", "with")),
        EventType.BELL_RUNG: "bell" + _who(data, ("by", "rung by"), ("speaker", "on the turn of")),
        EventType.BREAKOUT_REQUESTED: _breakout(data),
        EventType.FOLLOWUP_ADDED: "after-meeting topic",
        EventType.ATTENDANCE_RECORDED: f"attendance of {name}",
        EventType.PARTICIPANT_LEFT: f"{name} left" + (" (hand lowered)" if data.get("hand") else ""),
        EventType.PARTICIPANT_BACK: f"{name} is back",
        # A member's request is the moderating team's: its words are never in a phrase others may see.
        EventType.REQUEST_RECORDED: f"{name}'s request recorded",
        EventType.REQUEST_WITHDRAWN: f"{name}'s request withdrawn",
        EventType.SESSION_ENDED: "end of session",
        EventType.ITEM_DONE: _item_done(data),
    }
    return phrases.get(kind, kind.value.replace("_", " "))


def _who(data: dict, *fields: tuple[str, str]) -> str:
    """ "(by Ana, with Ben)" from the fields an event names, or nothing."""
    said = [f"{label} {data[key]}" for key, label in fields if data.get(key)]
    return f" ({', '.join(said)})" if said else ""


def _item_done(data: dict) -> str:
    what = {"message": f"direct message {data.get('id')}", "breakout": "breakout request",
            "followup": "after-meeting topic"}.get(str(data.get("kind")), "open item")
    return f"{what} marked {'done' if data.get('done', True) else 'open again'}"


def _agenda(data: dict) -> str:
    """ "agenda: now Check-in (2 of 5)", or as much of it as the event says."""
    index, title, count = data.get("index"), data.get("title"), data.get("of")
    if not isinstance(index, int) or isinstance(index, bool):
        return "agenda moved on"
    of = f" of {count}" if isinstance(count, int) and not isinstance(count, bool) else ""
    if isinstance(title, str) and title:
        return f"agenda: now {title} ({index + 1}{of})"
    return f"agenda: now item {index + 1}{of}"


def _moved(data: dict) -> str:
    to = data.get("to")
    where = f" to place {to + 1}" if isinstance(to, int) and not isinstance(to, bool) else ""
    return f"agenda item '{data.get('title')}' moved{where}"


def _breakout(data: dict) -> str:
    names = data.get("names")
    people = ", ".join(str(name) for name in names) if isinstance(names, list) else ""
    note = f": {data['note']}" if data.get("note") else ""
    return f"breakout request{' for ' + people if people else ''}{note}"
