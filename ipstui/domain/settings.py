"""The knobs a group can turn, and the agenda a session starts with."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
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
