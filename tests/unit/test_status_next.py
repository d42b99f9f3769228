"""`ipstui status` with no live call: the next call, and who was chosen to moderate it, on what."""

from __future__ import annotations

from datetime import datetime, timezone

from ipstui.reports.status import status_lines
from ipstui.store.group_file import DEFAULT_SETTINGS
from ipstui.store.read_models import NOTHING_UPCOMING, Upcoming

# Saturday 5 December 2026, 17:40 in New York: the call ended early; the next is a week on.
AFTER_THE_CALL = datetime(2026, 12, 5, 22, 40, tzinfo=timezone.utc)


def test_the_next_call_names_its_moderator_backup_and_topic():
    chosen = Upcoming("Chidi Okafor", "Sam", "Hope", held_on="2026-12-05")
    lines = status_lines(None, dict(DEFAULT_SETTINGS), AFTER_THE_CALL, chosen.held_on, chosen)
    assert lines[0].startswith("No live session. Next call: Saturday 12 December 2026, 17:15")
    assert lines[1] == "Moderator: Chidi Okafor (backup: Sam); topic: Hope"


def test_nothing_chosen_says_so():
    lines = status_lines(None, dict(DEFAULT_SETTINGS), AFTER_THE_CALL, "2026-12-05", NOTHING_UPCOMING)
    assert lines[1] == "Moderator: not chosen yet; topic: to be announced"


def test_without_the_choices_the_lines_are_the_next_call_and_the_world_clock():
    lines = status_lines(None, dict(DEFAULT_SETTINGS), AFTER_THE_CALL, "2026-12-05")
    assert not any(line.startswith("Moderator") for line in lines)
    assert len(lines) == 1 + len(DEFAULT_SETTINGS["caller_zones"])
