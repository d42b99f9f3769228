"""The knobs a group can turn, and the agenda a session starts with."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from typing import Any, Mapping


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

    def to_doc(self) -> dict[str, Any]:
        """The settings as plain JSON values."""
        doc = asdict(self)
        doc["policy"] = self.policy.value
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any] | None) -> "SessionSettings":
        """Settings from stored values; unknown keys are ignored, missing ones defaulted."""
        doc = dict(doc or {})
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in doc.items() if key in known}
        if "policy" in values:
            values["policy"] = QueuePolicy(values["policy"])
        for key in known - {"policy"}:
            if key in values:
                values[key] = float(values[key])
        return cls(**values)


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
