"""The group's weekly slot: when the next call is, and what time that is for each caller.

pendulum loads when a caller's times are first asked for: the live console needs only the
slot and its end, which the standard library's zoneinfo gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import pendulum

DEFAULT_CALLER_ZONES: tuple[str, ...] = (
    "America/Los_Angeles",
    "America/Chicago",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS = _WEEKDAYS


def check_zone(name: str) -> None:
    """Raise ValueError unless `name` is a time zone (the zone database fails in many ways)."""
    try:
        if not isinstance(name, str):
            raise TypeError(name)
        ZoneInfo(name)
    except Exception:
        raise ValueError(f"unknown time zone {name!r}") from None


@dataclass(frozen=True)
class LocalTime:
    """The call's start and end as a caller in one zone sees them."""

    zone: str
    start: pendulum.DateTime
    end: pendulum.DateTime
    previous_start: pendulum.DateTime

    @property
    def changed(self) -> bool:
        """The local clock time moved against the previous week's call."""
        return (self.start.hour, self.start.minute) != (self.previous_start.hour, self.previous_start.minute)

    @property
    def shift_minutes(self) -> int:
        """By how many minutes the local start moved since last week (+ later, - earlier)."""
        now = self.start.hour * 60 + self.start.minute
        before = self.previous_start.hour * 60 + self.previous_start.minute
        delta = now - before
        if delta > 12 * 60:
            delta -= 24 * 60
        elif delta < -12 * 60:
            delta += 24 * 60
        return delta


@dataclass(frozen=True)
class WeeklySlot:
    """A weekly meeting time fixed in the group's own zone."""

    weekday: str = "saturday"
    start: str = "17:15"
    end: str = "18:30"
    zone: str = "America/New_York"
    caller_zones: tuple[str, ...] = field(default=DEFAULT_CALLER_ZONES)

    def __post_init__(self) -> None:
        if not isinstance(self.weekday, str) or self.weekday.lower() not in _WEEKDAYS:
            raise ValueError(f"unknown weekday {self.weekday!r}")
        for zone in (self.zone, *self.caller_zones):
            check_zone(zone)
        if self._minutes(self.end) <= self._minutes(self.start):
            raise ValueError("the call must end after it starts")

    @staticmethod
    def _minutes(clock: str) -> int:
        if not isinstance(clock, str):
            raise ValueError(f"{clock!r} is not a time of day")
        hours, _, minutes = clock.partition(":")
        value = int(hours) * 60 + int(minutes)
        if not 0 <= value < 24 * 60:
            raise ValueError(f"{clock!r} is not a time of day")
        return value

    @property
    def weekday_number(self) -> int:
        """The call's weekday, Monday 0."""
        return _WEEKDAYS.index(self.weekday.lower())

    @property
    def minutes(self) -> int:
        """Length of the call in minutes."""
        return self._minutes(self.end) - self._minutes(self.start)

    def on(self, date: pendulum.Date | str) -> pendulum.DateTime:
        """The call's start on a given date, in the group's zone."""
        import pendulum

        day = pendulum.parse(date).date() if isinstance(date, str) else date
        hours, minutes = divmod(self._minutes(self.start), 60)
        return pendulum.datetime(day.year, day.month, day.day, hours, minutes, tz=self.zone)

    def next_start(self, now: datetime, held_on: str | None = None) -> pendulum.DateTime:
        """The start of the next call not yet over at `now` (the running one, during a call).

        `held_on` is the date (YYYY-MM-DD, the group's zone) of the last call already held and
        ended: a call ended early is over, and the next is a week on.
        """
        import pendulum

        here = pendulum.instance(now).in_timezone(self.zone)
        target = _WEEKDAYS.index(self.weekday.lower())
        day = here.date().add(days=(target - here.weekday()) % 7)
        start = self.on(day)
        if start.add(minutes=self.minutes) <= here or (held_on is not None and day.isoformat() <= held_on):
            start = self.on(day.add(days=7))
        return start

    def local_times(self, start: pendulum.DateTime, zones: tuple[str, ...] | None = None) -> list[LocalTime]:
        """The call at `start` in each caller zone, against the same call a week before."""
        # A week before in the group's own wall-clock time, not 168 hours before.
        previous = self.on(start.in_timezone(self.zone).date().subtract(days=7))
        rows = []
        for zone in zones or self.caller_zones:
            rows.append(
                LocalTime(
                    zone=zone,
                    start=start.in_timezone(zone),
                    end=start.add(minutes=self.minutes).in_timezone(zone),
                    previous_start=previous.in_timezone(zone),
                )
            )
        return rows


def slot_from_settings(settings: dict) -> WeeklySlot:
    """The weekly slot described by the group's settings."""
    slot = settings.get("slot", {})
    return WeeklySlot(
        weekday=slot.get("weekday", "saturday"),
        start=slot.get("start", "17:15"),
        end=slot.get("end", "18:30"),
        zone=slot.get("zone", "America/New_York"),
        caller_zones=tuple(settings.get("caller_zones", DEFAULT_CALLER_ZONES)),
    )


def scheduled_end(slot: WeeklySlot, started_at: datetime) -> datetime:
    """When a session that started at `started_at` is due to end, in the group's zone.

    A session started on the slot's day before its end runs to the slot's end; one started
    at any other time gets the slot's length.
    """
    zone = ZoneInfo(slot.zone)
    start = started_at.astimezone(zone)
    hours, minutes = divmod(slot._minutes(slot.start), 60)
    slot_start = datetime(start.year, start.month, start.day, hours, minutes, tzinfo=zone)
    slot_end = _later(slot_start, slot.minutes)
    if _WEEKDAYS[start.weekday()] == slot.weekday.lower() and _later(slot_start, -120) <= start < slot_end:
        return slot_end
    return _later(start, slot.minutes)


def _later(moment: datetime, minutes: int) -> datetime:
    """`minutes` of elapsed time after `moment`, in its zone (across a clock change too)."""
    return (moment.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(moment.tzinfo)


# -- a changed weekly slot: the first call at the new time says so, as the seed's post did ------

def slot_of(fields: dict) -> WeeklySlot:
    """The slot a stored slot record describes (weekday, start, end, zone)."""
    return WeeklySlot(fields["weekday"], fields["start"], fields["end"], fields["zone"])


def first_call_after(slot: WeeklySlot, at: datetime | str, held_on: str | None = None) -> pendulum.DateTime:
    """The start of the first call of `slot` that begins after `at` (`held_on`: the date of the
    last call held by then, whose day has no second call, as for `WeeklySlot.next_start`)."""
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    start = slot.next_start(moment, held_on)
    if start <= moment:  # a call of the new slot already running at the change is not its first
        start = slot.on(start.date().add(days=7))
    return start


def slot_text(fields: dict, zone: str | None = None) -> str:
    """A slot in a few words: "Saturdays 17:15–18:30 America/New_York" (the zone left out when it is `zone`)."""
    where = "" if fields["zone"] == zone else f" {fields['zone']}"
    return f"{fields['weekday'].capitalize()}s {fields['start']}–{fields['end']}{where}"


def slot_changed_for(settings: dict, start: datetime) -> dict | None:
    """The slot the group met at before, when the call at `start` is the first at a changed time
    (its weekday, time, length or zone); None for every other call."""
    change = settings.get("slot_change")
    if not change:
        return None
    slot = slot_from_settings(settings)
    if first_call_after(slot, change["at"], change.get("held_on")) != start:
        return None
    return dict(change["previous"])


def slot_change_note(settings: dict, start: datetime) -> str | None:
    """The seed's "(*please note time change)", for the first call at a changed slot: what it was."""
    previous = slot_changed_for(settings, start)
    if previous is None:
        return None
    zone = slot_from_settings(settings).zone
    return f"(*please note time change: the group now meets at this new time; it was {slot_text(previous, zone)})"
