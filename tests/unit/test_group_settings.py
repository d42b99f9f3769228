"""The group's own settings: checked as typed, written under the group's lock, a changed slot announced once."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from ipstui.domain import commands as c
from ipstui.domain.clock import ManualClock
from ipstui.domain.outcome import CommandError
from ipstui.domain.schedule import slot_change_note, slot_from_settings
from ipstui.domain.settings import setting_value, with_setting
from ipstui.reports.announce import announcement
from ipstui.store import DataFolder, StoreError
from ipstui.store.group_check import check_settings
from ipstui.store.group_file import DEFAULT_SETTINGS

# A Tuesday, far from any daylight-saving switch: the next call is Saturday 5 December.
TUESDAY = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


def folder(tmp_path, now: datetime = TUESDAY) -> DataFolder:
    return DataFolder(tmp_path / "db", clock=ManualClock(now), actor="sam", terminal="t")


@pytest.mark.parametrize("key, value, why", [
    ("day", "funday", "day must be a weekday"),
    ("time", "25:00", "HH:MM"),
    ("time", "5pm", "HH:MM"),
    ("length", "ninety", "whole number of minutes"),
    ("length", "0", "whole number of minutes"),
    ("length", "600", "after midnight"),
    ("zone", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ("caller-zones", "Europe/London, Nowhere/Else", "unknown time zone 'Nowhere/Else'"),
    ("caller-zones", " , ", "at least one time zone"),
    ("colour", "red", "unknown setting 'colour': the settings are day, time"),
    ("join-url", "javascript:alert(1)", "must be a web link"),
    ("join-url", "zoom.us/j/119362879", "must be a web link"),
    ("join-international", "https://zoom.us/u/a b", "must be a web link"),
    ("join-url", "https:///path-only", "must be a web link"),
])
def test_a_setting_is_checked_as_typed(key, value, why):
    with pytest.raises(ValueError, match=why):
        with_setting(DEFAULT_SETTINGS, key, value, TUESDAY)


def test_each_slot_setting_changes_only_its_part():
    changed = with_setting(DEFAULT_SETTINGS, "time", "17:30", TUESDAY)
    assert changed["slot"] == {"weekday": "saturday", "start": "17:30", "end": "18:45", "zone": "America/New_York"}
    changed = with_setting(changed, "length", "90", TUESDAY)
    assert changed["slot"]["end"] == "19:00" and setting_value(changed, "length") == "90"
    changed = with_setting(changed, "day", "Sunday", TUESDAY)
    assert changed["slot"]["weekday"] == "sunday"
    changed = with_setting(changed, "caller-zones", "Europe/London, Asia/Kolkata", TUESDAY)
    assert changed["caller_zones"] == ["Europe/London", "Asia/Kolkata"]
    changed = with_setting(changed, "join-phones", "+1 555 0100, +44 20 0000", TUESDAY)
    assert changed["join"]["phones"] == ["+1 555 0100", "+44 20 0000"]
    assert changed["join"]["url"] == DEFAULT_SETTINGS["join"]["url"]
    check_settings(changed)


def test_settings_are_written_to_the_group_file_and_read_back(tmp_path):
    data = folder(tmp_path)
    assert data.change_setting("time", "17:30") == "time is now 17:30 (the next call says the time changed)"
    stored = json.loads((tmp_path / "db" / "group.json").read_text())["settings"]["1"]
    assert stored["slot"]["start"] == "17:30"
    assert stored["slot_change"]["previous"]["start"] == "17:15"
    assert data.change_setting("time", "17:30") == "time is already 17:30"
    with pytest.raises(CommandError, match="HH:MM"):
        data.change_setting("time", "17.30")
    assert data.group.settings()["slot"]["start"] == "17:30"


def test_a_planted_slot_change_makes_the_group_file_damaged(tmp_path):
    data = folder(tmp_path)
    data.change_setting("time", "17:30")
    path = tmp_path / "db" / "group.json"
    raw = json.loads(path.read_text())
    raw["settings"]["1"]["slot_change"] = {"previous": {"weekday": "saturday", "start": "99:00", "end": "18:30",
                                                        "zone": "America/New_York"}, "at": TUESDAY.isoformat()}
    path.write_text(json.dumps(raw))
    with pytest.raises(StoreError, match="group.json"):
        DataFolder(tmp_path / "db").group.settings()


def post(settings: dict, day: str) -> str:
    slot = slot_from_settings(settings)
    return announcement(slot, slot.on(day), settings, None, None, None)


def test_the_first_call_at_a_new_time_says_so_and_the_next_does_not():
    settings = with_setting(DEFAULT_SETTINGS, "time", "17:30", TUESDAY)
    first = post(settings, "2026-12-05")
    assert "5:30\\* pm to 6:45 pm" in first
    assert "(\\*please note time change: the group now meets at this new time; it was Saturdays 17:15–18:30)" in first
    # Not a daylight-saving notice: no caller's row says its local time moved against last week.
    assert "than last week" not in first
    later = post(settings, "2026-12-12")
    assert "time change" not in later and "5:30 pm to 6:45 pm" in later


def test_a_daylight_saving_week_keeps_its_own_notice_and_no_slot_note():
    text = post(dict(DEFAULT_SETTINGS), "2026-10-31")
    assert "*Please note time change for London: 1 hour earlier than last week.*" in text
    assert "new time" not in text and "\\*" not in text.split("\n")[2]


def test_a_change_undone_before_its_call_says_nothing_and_two_changes_say_the_first_time():
    changed = with_setting(DEFAULT_SETTINGS, "time", "17:30", TUESDAY)
    back = with_setting(changed, "time", "17:15", TUESDAY)
    assert back["slot_change"] is None and slot_change_note(back, slot_from_settings(back).on("2026-12-05")) is None
    twice = with_setting(changed, "time", "18:00", TUESDAY)
    assert twice["slot_change"]["previous"]["start"] == "17:15"
    assert "it was Saturdays 17:15–18:30" in slot_change_note(twice, slot_from_settings(twice).on("2026-12-05"))


def test_a_change_made_after_the_first_new_call_compares_with_that_time():
    changed = with_setting(DEFAULT_SETTINGS, "time", "17:30", TUESDAY)
    a_week_on = datetime(2026, 12, 8, 12, 0, tzinfo=timezone.utc)
    again = with_setting(changed, "day", "sunday", a_week_on)
    assert again["slot_change"]["previous"] == {"weekday": "saturday", "start": "17:30", "end": "18:45",
                                                "zone": "America/New_York"}
    assert slot_change_note(again, slot_from_settings(again).on("2026-12-13")) is not None


def test_join_links_are_web_links_or_cleared():
    assert with_setting(DEFAULT_SETTINGS, "join-url", "https://zoom.us/j/1?pwd=x", TUESDAY)["join"]["url"] == \
        "https://zoom.us/j/1?pwd=x"
    assert with_setting(DEFAULT_SETTINGS, "join-international", "", TUESDAY)["join"]["international"] == ""
    assert with_setting(DEFAULT_SETTINGS, "join-meeting-id", "119 362 879", TUESDAY)["join"]["meeting_id"] == "119 362 879"


def test_a_call_moved_later_on_the_day_a_call_was_held_says_so_the_week_after(tmp_path):
    # Saturday 28 November: the call ran 17:15–18:30 in New York, then the group moved it to 19:00.
    clock = ManualClock(datetime(2026, 11, 28, 22, 15, tzinfo=timezone.utc))
    data = DataFolder(tmp_path / "db", clock=clock, actor="sam", terminal="t")
    data.start("Mutuality", "Sam")
    clock.set(datetime(2026, 11, 28, 23, 31, tzinfo=timezone.utc))
    data.execute(c.EndSession())
    assert data.change_setting("time", "19:00") == "time is now 19:00 (the next call says the time changed)"
    settings = data.group.settings()
    check_settings(settings)
    # Today's 19:00 will not be held (today's call was): the first call at the new time is next week's.
    next_week = slot_from_settings(settings).on("2026-12-05")
    assert "it was Saturdays 17:15–18:30" in slot_change_note(settings, next_week)
    assert "(\\*please note time change" in post(settings, "2026-12-05")


def test_a_held_call_changes_nothing_for_a_call_moved_before_the_next_week():
    after_the_call = datetime(2026, 11, 28, 23, 31, tzinfo=timezone.utc)
    settings = with_setting(DEFAULT_SETTINGS, "time", "17:00", after_the_call, held_on="2026-11-28")
    assert slot_change_note(settings, slot_from_settings(settings).on("2026-12-05")) is not None
    # Held last week: no bearing on a change made on Tuesday for Saturday.
    settings = with_setting(DEFAULT_SETTINGS, "time", "19:00", TUESDAY, held_on="2026-11-28")
    assert slot_change_note(settings, slot_from_settings(settings).on("2026-12-05")) is not None
    assert slot_change_note(settings, slot_from_settings(settings).on("2026-12-12")) is None


def test_a_call_moved_later_during_the_call_says_so_the_week_after(tmp_path):
    clock = ManualClock(datetime(2026, 11, 28, 22, 15, tzinfo=timezone.utc))
    data = DataFolder(tmp_path / "db", clock=clock, actor="sam", terminal="t")
    data.start("Mutuality", "Sam")
    clock.set(datetime(2026, 11, 28, 22, 40, tzinfo=timezone.utc))  # 17:40, the call running
    data.change_setting("time", "19:00")
    settings = data.group.settings()
    assert slot_change_note(settings, slot_from_settings(settings).on("2026-12-05")) is not None


def test_a_planted_day_of_the_last_call_makes_the_group_file_damaged(tmp_path):
    data = folder(tmp_path)
    data.change_setting("time", "17:30")
    path = tmp_path / "db" / "group.json"
    raw = json.loads(path.read_text())
    raw["settings"]["1"]["slot_change"]["held_on"] = "last Saturday"
    path.write_text(json.dumps(raw))
    with pytest.raises(StoreError, match="group.json"):
        DataFolder(tmp_path / "db").group.settings()
