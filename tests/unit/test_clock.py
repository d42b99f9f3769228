"""The scaled clock of rehearsals: one simulated time line for every process that shares its setting."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ipstui.domain.clock import ManualClock, ScaledClock, parse_clock

START = datetime(2026, 11, 28, 22, 15, tzinfo=timezone.utc)
REAL = datetime(2026, 11, 24, 11, 0, tzinfo=timezone.utc)


def test_a_scaled_clock_moves_speed_times_as_fast_as_the_real_one():
    real = ManualClock(REAL)
    clock = ScaledClock(START, 20, REAL, real.now)
    assert clock.now() == START
    real.advance(1.5)
    assert clock.now() == START + timedelta(seconds=30)
    real.advance(225 - 1.5)
    assert clock.now() == START + timedelta(minutes=75)


def test_processes_started_at_different_moments_agree_on_the_time():
    spec = f"{START.isoformat()}@20@{REAL.isoformat()}"
    early_real, late_real = ManualClock(REAL + timedelta(seconds=3)), ManualClock(REAL + timedelta(seconds=10))
    early, late = parse_clock(spec, early_real.now), parse_clock(spec, late_real.now)
    early_real.set(REAL + timedelta(seconds=12))
    late_real.set(REAL + timedelta(seconds=12))
    assert early.now() == late.now() == START + timedelta(seconds=240)


def test_without_a_real_origin_the_clock_starts_at_start_now():
    real = ManualClock(REAL)
    clock = parse_clock("2026-11-28T22:15:00Z@5", real.now)
    real.advance(2)
    assert clock.now() == START + timedelta(seconds=10)


@pytest.mark.parametrize("spec, needle", [
    ("2026-11-28T22:15:00+00:00", "START@SPEED[@REAL]"),
    ("2026-11-28T22:15:00+00:00@20@2026-11-24T11:00:00+00:00@1", "START@SPEED[@REAL]"),
    ("yesterday@20", "START 'yesterday' is not an ISO 8601"),
    ("2026-11-28T22:15:00@20", "needs a UTC offset"),
    ("2026-11-28T22:15:00+00:00@fast", "SPEED 'fast' is not a number"),
    ("2026-11-28T22:15:00+00:00@0", "above 0"),
    ("2026-11-28T22:15:00+00:00@-3", "above 0"),
    ("2026-11-28T22:15:00+00:00@nan", "above 0"),
    ("2026-11-28T22:15:00+00:00@5000", "at most 1000"),
    ("2026-11-28T22:15:00+00:00@20@soon", "REAL 'soon' is not an ISO 8601"),
    ("2026-11-28T22:15:00+00:00@20@2026-11-24T11:00:00", "REAL '2026-11-24T11:00:00' needs a UTC offset"),
])
def test_a_malformed_setting_says_what_is_wrong(spec, needle):
    with pytest.raises(ValueError) as raised:
        parse_clock(spec)
    assert needle in str(raised.value)


def test_a_scaled_clock_refuses_a_naive_time_or_a_standing_speed():
    with pytest.raises(ValueError):
        ScaledClock(START.replace(tzinfo=None), 20, REAL)
    with pytest.raises(ValueError):
        ScaledClock(START, 0, REAL)
