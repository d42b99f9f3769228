"""The report's ouch count: ouch hands and logged ouches, one moment counted once."""

from __future__ import annotations

from ipstui.domain import commands as c
from ipstui.domain.analysis import ouch_list, ouch_moments, recap
from ipstui.domain.state import HandKind
from ipstui.reports.session_report import report_markdown
from tests.helpers import Driver


def people(*names: str) -> Driver:
    d = Driver()
    for name in names:
        d.do(c.AddParticipant(name))
    return d


def test_an_ouch_hand_alone_is_an_ouch_moment_in_the_recap_and_the_report():
    d = people("Ana", "Ben")
    d.do(c.RaiseHand("Ana", HandKind.OUCH))
    d.do(c.CallNextHand())
    facts = recap(d.state, d.clock.now())
    assert facts.figures.ouches == 1
    assert "- Ouch moments: 1; bells: 0\n" in report_markdown(d.state, d.clock.now())


def test_an_ouch_hand_then_logged_by_the_same_person_counts_once():
    d = people("Ana", "Ben")
    d.do(c.RaiseHand("Ana", HandKind.OUCH))
    d.do(c.LogOuch("ana", "Ben"))  # the name as typed: matched without case
    assert ouch_moments(d.state) == 1
    d.do(c.LogOuch("Ana"))  # a second log has no hand left to pair with: a moment of its own
    assert ouch_moments(d.state) == 2


def test_logs_for_the_room_or_for_someone_else_and_a_changed_hand_each_count():
    d = people("Ana", "Ben", "Cy")
    d.do(c.RaiseHand("Ana", HandKind.OUCH))
    d.do(c.LogOuch())  # the room
    d.do(c.LogOuch("Ben"))  # Ben raised no ouch hand
    d.do(c.RaiseHand("Cy"))
    d.do(c.RaiseHand("Cy", HandKind.OUCH))  # the same hand, now an ouch
    assert ouch_moments(d.state) == 4


def test_a_second_ouch_hand_after_a_turn_is_a_new_moment_and_an_undone_one_none():
    d = people("Ana", "Ben")
    d.do(c.RaiseHand("Ana", HandKind.OUCH))
    d.do(c.StartSpeaker("Ana"))
    d.do(c.StartSpeaker("Ben"))
    d.do(c.RaiseHand("Ana", HandKind.OUCH))  # after her turn: a new ouch
    assert ouch_moments(d.state) == 2
    d.do(c.Undo())
    assert ouch_moments(d.state) == 1


def test_the_list_of_ouch_moments_says_how_each_was_signalled():
    d = people("Ana", "Ben", "Cy")
    d.do(c.RaiseHand("Ana", HandKind.OUCH))
    raised = d.clock.now()
    d.wait(30)
    d.do(c.LogOuch("Ana", "Ben"))
    d.do(c.RaiseHand("Cy", HandKind.OUCH))
    d.do(c.LogOuch())
    said = [(m.by, m.with_whom, m.hand, m.logged) for m in ouch_list(d.state)]
    assert said == [("Ana", "Ben", True, True), ("Cy", "", True, False), ("", "", False, True)]
    assert ouch_list(d.state)[0].at == raised  # a logged hand is listed when the hand went up
