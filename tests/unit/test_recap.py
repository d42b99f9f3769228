"""The recap's facts, one source for the closing screen, the report screen and the report files."""

from __future__ import annotations

from ipstui.domain import commands as c
from ipstui.domain.analysis import recap
from ipstui.domain.state import ChatStatus
from ipstui.reports.session_report import report_markdown
from tests.helpers import Driver


def session() -> Driver:
    d = Driver()
    for name in ("Ana", "Ben", "Cy", "Dee"):
        d.do(c.AddParticipant(name))
    d.do(c.StartSpeaker("Ben"))
    d.wait(90)
    d.do(c.StartSpeaker("Ana"))
    d.wait(30)
    d.do(c.StopSpeaker())
    d.do(c.AddChatComment("Cy", "read me"))
    d.do(c.AddChatComment("Cy", "skip me"))
    d.do(c.AddChatComment("Dee", "still waiting"))
    d.do(c.AddChatComment("Dee", "just for you", direct=True))
    d.do(c.MarkComment())
    d.do(c.MarkComment(None, ChatStatus.SKIPPED))
    d.do(c.RemindAgreement(3))
    d.do(c.LogOuch())
    d.do(c.RingBell())
    d.do(c.RingBell())
    d.do(c.AddFollowup("rest of the reading"))
    d.do(c.RequestBreakout(("Cy", "Dee"), "reading group"))
    return d


def test_the_recap_holds_what_the_session_came_to():
    d = session()
    facts = recap(d.state, d.clock.now())
    # People in the order they joined, never ranked by talk.
    assert facts.speakers == (("Ana", 30.0), ("Ben", 90.0))
    assert facts.listeners == ("Sam", "Cy", "Dee")  # the moderator, present from the start
    assert (facts.figures.attendance, facts.figures.spoke) == (5, 2)
    assert (facts.figures.comments_read, facts.comments_skipped, facts.comments_unread,
            facts.figures.comments_private) == (1, 1, 1, 1)
    assert (facts.figures.reminders, facts.figures.ouches, facts.figures.bells) == (1, 1, 2)
    assert facts.followups == ("rest of the reading",)
    assert [(breakout.names, breakout.note) for breakout in facts.breakouts] == [(("Cy", "Dee"), "reading group")]
    assert facts.figures.length_seconds == d.state.elapsed_seconds(d.clock.now())


def test_an_undone_followup_leaves_the_recap():
    d = session()
    d.do(c.Undo())
    assert recap(d.state, d.clock.now()).breakouts == ()
    d.do(c.Undo())
    assert recap(d.state, d.clock.now()).followups == ()


def test_the_markdown_report_renders_the_recap():
    d = session()
    facts = recap(d.state, d.clock.now())
    text = report_markdown(d.state, d.clock.now())
    assert f"- Attendance: {facts.figures.attendance}\n" in text
    assert f"- Ouch moments: {facts.figures.ouches}; bells: {facts.figures.bells}\n" in text
    assert "- After the meeting: rest of the reading\n" in text
    assert "- Breakout requested: Cy, Dee (reading group)\n" in text


def test_a_breakout_note_is_reported_literally_and_none_says_nothing_more():
    d = session()
    d.do(c.RequestBreakout(("Ana", "Ben")))
    d.do(c.RequestBreakout(("Ana", "Cy"), "**loud** [link](x) <b>"))
    text = report_markdown(d.state, d.clock.now())
    assert "- Breakout requested: Ana, Ben\n" in text
    line = next(line for line in text.splitlines() if line.startswith("- Breakout requested: Ana, Cy"))
    assert "**loud**" not in line and "[link](x)" not in line and "<b>" not in line  # shown, never acted on
    assert "loud" in line and "link" in line
