"""Looking back: waits, timeline, rota, topics, attendance, and the announcement post."""

from __future__ import annotations

from datetime import date

import pytest

from ipstui.domain import commands as c
from ipstui.domain.analysis import hand_waits, summarize, timeline
from ipstui.domain.schedule import WeeklySlot
from ipstui.domain.state import HandKind
from ipstui.reports.announce import announcement
from ipstui.reports.history import rotation, sparkline, suggest_topic, topics
from ipstui.store.folder import SessionSummary, Volunteer
from ipstui.store.group_file import DEFAULT_SETTINGS
from tests.helpers import Driver


def test_hand_waits_and_how_they_ended():
    d = Driver()
    for name in ("Ana", "Ben", "Cy"):
        d.do(c.AddParticipant(name))
    d.do(c.RaiseHand("Ana"))
    d.wait(30)
    d.do(c.RaiseHand("Ben", HandKind.OUCH))
    d.wait(10)
    d.do(c.CallNextHand())  # Ben, the ouch
    d.wait(20)
    d.do(c.LowerHand("Ana"))
    d.do(c.RaiseHand("Cy"))
    d.wait(5)
    waits = [(w.name, w.kind, w.waited_seconds, w.outcome) for w in hand_waits(d.state, d.clock.now())]
    assert waits == [("Ana", "ordinary", 60, "lowered"), ("Ben", "ouch", 10, "called"), ("Cy", "ordinary", 5, "still up")]


def test_the_timeline_keeps_undone_actions_marked_and_names_who_acted():
    d = Driver()
    d.do(c.AddParticipant("Ana"))
    d.do(c.StartSpeaker("Ana"))
    d.do(c.Undo())
    rows = timeline(d.state)
    assert [(r.text, r.undone) for r in rows] == [
        ("session started: Mutuality", False), ("add Sam", False), ("add Ana", False),
        ("Ana speaking", True), ("undo (Ana speaking)", False)]
    assert {r.by for r in rows} == {"tester"}


def test_summary_counts():
    d = Driver()
    d.do(c.AddParticipant("Ana"))
    d.do(c.StartSpeaker("Ana"))
    d.do(c.AddChatComment("Ana", "hi"))
    d.do(c.AddChatComment("Ana", "psst", direct=True))
    d.do(c.MarkComment())
    d.wait(60)
    d.do(c.EndSession())
    figures = summarize(d.state, d.clock.now())
    assert (figures.length_seconds, figures.attendance, figures.spoke, figures.newcomers) == (60, 2, 1, 2)
    assert (figures.comments, figures.comments_read, figures.comments_private) == (2, 1, 1)


def summary(day: str, topic: str, people: int = 5) -> SessionSummary:
    return SessionSummary(day, topic, "Maya", f"{day}T22:15:00+00:00", None, "ended", None, None, attendance=people)


def test_rota_lists_the_never_yet_first_and_never_ranks():
    rows = rotation([Volunteer("Zoe", 3, "2026-11-01", 9), Volunteer("ana", 0, None, 2), Volunteer("Ben", 1, "2026-10-01", 4)])
    assert [(r.name, r.moderated) for r in rows] == [("ana", 0), ("Ben", 1), ("Zoe", 3)]


def test_topics_and_a_suggestion_not_covered_lately():
    sessions = [summary("2026-06-06", "Mutuality"), summary("2026-08-01", "Worldview"),
                summary("2026-11-21", "Mutuality"), summary("2026-05-02", "Moving towards")]
    rows = topics(sessions)
    assert [(r.topic, r.dates) for r in rows] == [
        ("Mutuality", ("2026-11-21", "2026-06-06")), ("Worldview", ("2026-08-01",)), ("Moving towards", ("2026-05-02",))]
    assert suggest_topic(sessions, date(2026, 11, 24)) == "Moving towards"
    assert suggest_topic(sessions[2:3], date(2026, 11, 24)) is None


def test_sparkline_scales_to_the_highest():
    assert sparkline([0, 4, 8]) == "▁▅█"
    assert sparkline([3, 3], width=1) == "█"
    assert sparkline([]) == ""


@pytest.mark.parametrize("day, london", [("2026-10-31", "21:15"), ("2026-11-07", "22:15")])
def test_the_announcement_notes_the_time_change(day, london):
    slot = WeeklySlot()
    post = announcement(slot, slot.on(day), DEFAULT_SETTINGS, "Mutuality [x]", "Maya", "Priya")
    assert f"| London (Europe/London) | Sat {london}–" in post
    london_row = next(line for line in post.splitlines() if line.startswith("| London"))
    assert "please note time change" in london_row
    assert "*Please note time change for London: 1 hour" in post
    assert "**Topic:** Mutuality \\[x\\]" in post and "**Moderator:** Maya (backup: Priya)" in post
    assert "https://zoom.us/j/119362879" in post and "24. Moderation of the group is shared" in post
    assert "5:15 pm to 6:30 pm" in post


def test_no_time_change_notice_when_nothing_moved():
    slot = WeeklySlot()
    post = announcement(slot, slot.on("2026-10-24"), DEFAULT_SETTINGS, None, None, None)
    assert "time change" not in post and "to be announced" in post
