"""After a call ends, early or not, home, status and announce point at the next week's; announce for
another week says what was, or is, chosen for that week only."""

from __future__ import annotations

import pendulum

from ipstui.domain.schedule import WeeklySlot, slot_from_settings
from ipstui.store.group_file import DEFAULT_SETTINGS
from tests.e2e.conftest import Cli

SATURDAY_START = "2026-12-05T17:15:00-05:00"


def at(cli: Cli, monkeypatch, moment: str) -> Cli:
    # A clock barely moving: the command runs at `moment`.
    monkeypatch.setenv("IPSTUI_CLOCK", f"{moment}@0.000001")
    return cli


def test_a_call_ended_early_sends_status_and_announce_to_next_week(cli: Cli, monkeypatch):
    at(cli, monkeypatch, SATURDAY_START)("start", "--topic", "Mutuality", "--moderator", "Sam")
    at(cli, monkeypatch, "2026-12-05T17:40:00-05:00")("end", "--next-moderator", "Ana", "--next-topic", "Boundaries")
    status = cli("status").out
    assert "Next call: Saturday 12 December 2026, 17:15" in status and "the call is on now" not in status
    post = cli("announce").out
    assert "Saturday, December 12, 2026" in post
    assert "**Topic:** Boundaries" in post and "**Moderator:** Ana" in post


def test_announce_for_another_week_says_only_what_belongs_to_that_week(cli: Cli, monkeypatch):
    at(cli, monkeypatch, SATURDAY_START)("start", "--topic", "Mutuality", "--moderator", "Sam")
    at(cli, monkeypatch, "2026-12-05T18:30:00-05:00")("end", "--next-moderator", "Ana", "--next-topic", "Boundaries")
    later = cli("announce", "--date", "2026-12-19").out
    assert "Saturday, December 19, 2026" in later
    assert "**Topic:** to be announced" in later and "**Moderator:** to be chosen" in later
    held = cli("announce", "--date", "2026-12-05").out
    assert "**Topic:** Mutuality" in held and "**Moderator:** Sam" in held
    following = cli("announce", "--date", "2026-12-12").out
    assert "**Topic:** Boundaries" in following and "**Moderator:** Ana" in following


def test_the_slot_of_a_call_already_held_is_over_however_early_it_ended():
    slot: WeeklySlot = slot_from_settings(DEFAULT_SETTINGS)
    during = pendulum.parse("2026-12-05T17:45:00-05:00")
    assert slot.next_start(during).date().isoformat() == "2026-12-05"
    assert slot.next_start(during, held_on="2026-12-05").date().isoformat() == "2026-12-12"
    assert slot.next_start(during, held_on="2026-11-28").date().isoformat() == "2026-12-05"
