"""The week around the call: what a session's close leaves for the next one, on real files."""

from __future__ import annotations

from datetime import date

from ipstui.domain import commands as c
from ipstui.store import DataFolder

DAY = 86400


def close(folder: DataFolder, topic: str, moderator: str, *choice: str | None) -> str:
    session_id, _ = folder.start(topic, moderator)
    folder.execute(c.EndSession(*choice))
    return session_id


def test_an_extra_session_that_chooses_nobody_keeps_next_weeks_choice(folder: DataFolder, clock):
    close(folder, "Mutuality", "Sam", "Ana", "Ben", "Worldview")
    clock.advance(4 * DAY)  # Wednesday: an extra session, closed without a choice
    close(folder, "Practice", "Sam")
    upcoming = DataFolder(folder.root, clock=clock).upcoming()
    assert (upcoming.moderator, upcoming.backup, upcoming.topic) == ("Ana", "Ben", "Worldview")
    assert upcoming.held_on == "2026-12-02"


def test_a_second_session_the_same_day_keeps_the_choice_made_that_day(folder: DataFolder, clock):
    close(folder, "Mutuality", "Sam", "Ana", "Ben", "Worldview")
    clock.advance(2 * 3600)
    close(folder, "Mutuality, again", "Sam", None, None, "")
    upcoming = folder.upcoming()
    assert (upcoming.moderator, upcoming.backup, upcoming.topic) == ("Ana", "Ben", "Worldview")


def test_an_explicit_choice_replaces_only_what_it_chooses(folder: DataFolder, clock):
    close(folder, "Mutuality", "Sam", "Ana", "Ben", "Worldview")
    clock.advance(4 * DAY)
    close(folder, "Practice", "Sam", "Cy")
    upcoming = folder.upcoming()
    assert (upcoming.moderator, upcoming.backup, upcoming.topic) == ("Cy", None, "Worldview")


def test_the_call_a_choice_was_for_uses_it_up(folder: DataFolder, clock):
    close(folder, "Mutuality", "Sam", "Ana", "Ben", "Worldview")
    clock.advance(7 * DAY)  # the call Ana was chosen for, closed without a choice
    close(folder, "Worldview", "Ana")
    upcoming = folder.upcoming()
    assert (upcoming.moderator, upcoming.backup, upcoming.topic) == (None, None, None)


def test_the_moderator_chosen_for_a_day_is_the_previous_calls_choice(folder: DataFolder, clock):
    close(folder, "Mutuality", "Sam", "Ana", "Ben", "Worldview")
    clock.advance(7 * DAY)
    close(folder, "Worldview", "Ana", "Cy", None, "Hope")
    today = folder.chosen_for(date(2026, 12, 5))
    assert (today.moderator, today.backup, today.topic) == ("Ana", "Ben", "Worldview")
    following = folder.chosen_for(date(2026, 12, 12))
    assert (following.moderator, following.topic) == ("Cy", "Hope")
    assert folder.chosen_for(date(2026, 12, 9)).moderator is None
