"""The weekly slot across daylight-saving switches (the US and Europe switch on different dates)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ipstui.domain.schedule import WeeklySlot, scheduled_end

SLOT = WeeklySlot()


@pytest.mark.parametrize(
    "date, london, changed",
    [("2026-10-24", "22:15", False), ("2026-10-31", "21:15", True), ("2026-11-07", "22:15", True)],
)
def test_london_local_time_and_change_notice(date, london, changed):
    start = SLOT.on(date)
    local = next(x for x in SLOT.local_times(start) if x.zone == "Europe/London")
    assert local.start.format("dddd HH:mm") == f"Saturday {london}"
    assert local.changed is changed
    ny = next(x for x in SLOT.local_times(start) if x.zone == "America/New_York")
    assert ny.start.format("HH:mm") == "17:15" and not ny.changed


def test_shift_direction_is_reported():
    by_zone = {x.zone: x for x in SLOT.local_times(SLOT.on("2026-10-31"))}
    assert by_zone["Europe/London"].shift_minutes == -60
    assert {x.zone: x.shift_minutes for x in SLOT.local_times(SLOT.on("2026-11-07"))}["Europe/London"] == 60


def test_next_start_during_and_after_the_call():
    before = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
    assert SLOT.next_start(before).isoformat() == "2026-11-28T17:15:00-05:00"
    during = datetime(2026, 11, 28, 23, 0, tzinfo=timezone.utc)
    assert SLOT.next_start(during).isoformat() == "2026-11-28T17:15:00-05:00"
    after = datetime(2026, 11, 28, 23, 31, tzinfo=timezone.utc)
    assert SLOT.next_start(after).isoformat() == "2026-12-05T17:15:00-05:00"


def test_scheduled_end_of_a_session_in_and_out_of_the_slot():
    in_slot = datetime(2026, 11, 28, 22, 20, tzinfo=timezone.utc)
    assert scheduled_end(SLOT, in_slot).isoformat() == "2026-11-28T18:30:00-05:00"
    ad_hoc = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)
    assert (scheduled_end(SLOT, ad_hoc) - ad_hoc).total_seconds() == 75 * 60


def test_bad_slots_are_refused():
    with pytest.raises(ValueError):
        WeeklySlot(weekday="caturday")
    with pytest.raises(ValueError):
        WeeklySlot(start="18:30", end="17:15")
    with pytest.raises(Exception):
        WeeklySlot(zone="Mars/Olympus")
