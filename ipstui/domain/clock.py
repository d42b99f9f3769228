"""Clocks: the real one, one that tests move by hand, and a faster one for rehearsals."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol

# Beyond this, one refresh of the console a second would skip whole agenda items.
MAX_SPEED = 1000.0
# The moments a clock of ours may read: every date the data files, session ids and zones
# handle, with centuries to spare on either side.
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2199, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


class Clock(Protocol):
    """Anything that tells the current time as an aware datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The machine's clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward (or back, with a negative number)."""
        self._now += timedelta(seconds=seconds)
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to a moment."""
        self._now = moment


class ScaledClock:
    """A clock that runs `speed` times as fast as real time: at real moment `real_origin` it reads `origin`."""

    def __init__(self, origin: datetime, speed: float, real_origin: datetime,
                 real: Callable[[], datetime] = SystemClock().now) -> None:
        if origin.tzinfo is None or real_origin.tzinfo is None:
            raise ValueError("ScaledClock needs aware datetimes")
        if not math.isfinite(speed) or speed <= 0:
            raise ValueError("the speed must be a positive number")
        self.origin = origin
        self.speed = speed
        self.real_origin = real_origin
        self._real = real

    def now(self) -> datetime:
        """The scaled moment; it stops at the edges of EARLIEST..LATEST rather than run past them."""
        real = self._real() - self.real_origin
        seconds = real.total_seconds() * self.speed
        if seconds >= (LATEST - self.origin).total_seconds():
            return LATEST.astimezone(self.origin.tzinfo)
        if seconds <= (EARLIEST - self.origin).total_seconds():
            return EARLIEST.astimezone(self.origin.tzinfo)
        return self.origin + real * self.speed


CLOCK_FORMAT = "START@SPEED[@REAL], e.g. 2026-11-28T22:15:00+00:00@20@2026-11-24T11:00:00+00:00"


def _moment(text: str, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{what} {text!r} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise ValueError(f"{what} {text!r} needs a UTC offset (+00:00 or Z)")
    if not EARLIEST <= moment <= LATEST:
        raise ValueError(f"{what} {text!r} is outside {EARLIEST.year} to {LATEST.year}")
    return moment


def parse_clock(spec: str, real: Callable[[], datetime] = SystemClock().now) -> ScaledClock:
    """A scaled clock from `START@SPEED[@REAL]`: it reads START at real moment REAL (default: now)."""
    fields = spec.split("@")
    if len(fields) not in (2, 3):
        raise ValueError(f"expected {CLOCK_FORMAT}")
    origin = _moment(fields[0], "START")
    try:
        speed = float(fields[1])
    except ValueError:
        raise ValueError(f"SPEED {fields[1]!r} is not a number") from None
    if not math.isfinite(speed) or not 0 < speed <= MAX_SPEED:
        raise ValueError(f"SPEED must be above 0 and at most {MAX_SPEED:g}, not {fields[1]!r}")
    real_origin = _moment(fields[2], "REAL") if len(fields) == 3 else real()
    return ScaledClock(origin, speed, real_origin, real)
