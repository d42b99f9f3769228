"""A realistic demo: last week's call, and this week's call part way through."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from ipstui.domain import commands as c
from ipstui.domain.clock import ManualClock
from ipstui.domain.state import HandKind
from ipstui.store import DataFolder

PEOPLE = ("Jordan", "Priya", "Tomás", "Aisha", "Wen", "Grace", "Sofia")
NEWCOMER = "Leo"


def _last_week(folder: DataFolder, clock: ManualClock) -> None:
    folder.start("Connection: what makes it peer support?", "Jordan")
    for name in ("Maya", "Priya", "Tomás", "Aisha", "Wen", "Grace"):
        folder.execute(c.AddParticipant(name))
    folder.execute(c.AddParticipant("Sofia", no_read_aloud=True))
    for speaker, seconds in (("Jordan", 240), ("Priya", 180), ("Tomás", 420), ("Maya", 150), ("Aisha", 200)):
        folder.execute(c.StartSpeaker(speaker))
        clock.advance(seconds)
    folder.execute(c.StopSpeaker())
    folder.execute(c.AddChatComment("Wen", "Thank you all, this helped."))
    folder.execute(c.MarkComment())
    folder.execute(c.RemindAgreement(14))
    clock.advance(60 * 40)
    folder.execute(c.EndSession("Maya", "Priya", "Mutuality: moving from helping to learning together"))


def build_demo(root: Path, now: datetime) -> DataFolder:
    """Fill `root` with the demo's data; events are dated so that `now` is mid-call."""
    clock = ManualClock(now - timedelta(days=7, minutes=38))
    folder = DataFolder(root, clock=clock, actor="maya", terminal="demo")
    _last_week(folder, clock)

    clock.set(now - timedelta(minutes=34))
    folder.start("Mutuality: moving from helping to learning together", "Maya")
    for name in PEOPLE:
        folder.execute(c.AddParticipant(name))
    folder.execute(c.AddParticipant(NEWCOMER))
    folder.execute(c.RemindAgreement(1))
    clock.advance(6 * 60)
    folder.execute(c.NextAgendaItem())  # check-in
    for speaker, seconds in (("Maya", 95), ("Jordan", 120), ("Priya", 80), ("Leo", 45), ("Tomás", 260)):
        folder.execute(c.StartSpeaker(speaker))
        clock.advance(seconds)
    folder.execute(c.AddChatComment("Sofia", "I'm here, listening today."))
    folder.execute(c.NextAgendaItem())  # reading
    folder.execute(c.StartSpeaker("Maya"))
    clock.advance(8 * 60)
    folder.execute(c.NextAgendaItem())  # discussion and practice
    folder.execute(c.AddChatComment("Wen", "The reading reminded me of my first peer job."))
    folder.execute(c.MarkComment())
    for speaker, seconds in (("Aisha", 150), ("Jordan", 100), ("Grace", 70)):
        folder.execute(c.StartSpeaker(speaker))
        clock.advance(seconds)
    folder.execute(c.StartSpeaker("Tomás"))
    clock.advance(40)
    folder.execute(c.RaiseHand("Priya"))
    clock.advance(50)
    folder.execute(c.RaiseHand("Grace"))
    folder.execute(c.AddChatComment("Aisha", "Can we talk about power in peer roles?"))
    clock.advance(60)
    folder.execute(c.AddChatComment("Leo", "First time here, thank you for having me"))
    folder.execute(c.AddChatComment("Jordan", "Maya, I need to leave at 6:15, sorry", direct=True))
    folder.execute(c.RaiseHand("Wen", HandKind.REPLY))
    clock.advance(45)
    folder.execute(c.RaiseHand("Aisha", HandKind.OUCH))
    folder.execute(c.LogOuch("Aisha"))
    folder.execute(c.AddFollowup("Peer roles inside clinical teams"))
    clock.set(now)
    folder.clock = clock
    return folder
