"""People in a call: leaving and coming back, standing preferences, members' own requests, loose names."""

from __future__ import annotations

import json
from types import MappingProxyType

import pytest

from ipstui.domain import commands as c
from ipstui.domain.analysis import timeline
from ipstui.domain.events import Event, EventType
from ipstui.domain.outcome import Context
from ipstui.domain.settings import SessionSettings
from ipstui.domain.state import HandKind, SessionState
from ipstui.reports.session_report import render
from ipstui.store import DataFolder
from ipstui.store.errors import PartlySaved
from tests.helpers import Driver, group_disk_full

WEEK = 7 * 86400
ASKED = "step up when I find something hard"


class Members(Driver):
    """A session whose group holds standing requests."""

    def __init__(self, requests: dict[str, str] | None = None, **kwargs) -> None:
        self.requests = MappingProxyType(dict(requests or {}))
        super().__init__(**kwargs)

    def ctx(self) -> Context:
        return Context(self.clock.now(), "tester", self.known, self.quiet, requests=self.requests)


def people(*names: str, **kwargs) -> Members:
    driver = Members(**kwargs)
    for name in names:
        driver.do(c.AddParticipant(name))
    return driver


def meter(d: Driver, name: str):
    return next(m for m in d.state.meters(d.clock.now()) if m.name == name)


# -- leaving and coming back -------------------------------------------------------------------


def test_someone_who_left_is_out_of_the_fair_share_and_the_waiting_cues():
    # Cues after half a minute of talk (and a step back after half a minute spoken), so that the fair share shows.
    d = people("Ana", "Ben", "Cy", settings=SessionSettings(cue_after_talk_minutes=0.5, step_back_multiple=1.5,
                                                            bell_minutes=0.5))
    d.do(c.StartSpeaker("Ana"))
    d.wait(60)
    d.do(c.StartSpeaker("Sam"))
    d.wait(60)
    d.do(c.StopSpeaker())
    assert meter(d, "Cy").not_spoken_yet and meter(d, "Ana").fair_share == pytest.approx(1 / 4)
    assert meter(d, "Ana").step_back  # 1:00 against a fair 0:30
    d.do(c.MarkLeft("Cy"))
    d.do(c.MarkLeft("Ben"))
    cy = meter(d, "Cy")
    assert cy.left and not cy.not_spoken_yet and not cy.step_up
    # Two people here of four: the fair share is the talk of those here, among them (1:00).
    assert meter(d, "Ana").fair_share == pytest.approx(1 / 2)
    assert not meter(d, "Ana").step_back and not meter(d, "Ana").left
    d.do(c.MarkBack("Cy"))
    assert meter(d, "Cy").not_spoken_yet and not meter(d, "Cy").left
    assert meter(d, "Ana").fair_share == pytest.approx(1 / 3)


def test_leaving_lowers_the_hand_and_says_so_and_ends_the_turn():
    d = people("Ana", "Ben")
    d.do(c.RaiseHand("Ana", HandKind.OUCH))
    outcome = d.do(c.MarkLeft("ana"))
    assert outcome.message == "Ana left; their raised hand (ouch) was lowered"
    assert d.state.hands == []
    d.do(c.StartSpeaker("Ben"))
    d.wait(30)
    outcome = d.do(c.MarkLeft("Ben"))
    assert "Ben left; their turn ended after 0:30" == outcome.message
    assert d.state.turn is None and meter(d, "Ben").talk_seconds == 30


def test_someone_who_left_cannot_be_given_the_floor_or_a_hand_until_back():
    d = people("Ana")
    d.do(c.MarkLeft("Ana"))
    for command in (c.RaiseHand("Ana"), c.StartSpeaker("Ana")):
        with pytest.raises(c.CommandError, match="Ana has left the call .mark them back first."):
            d.do(command)
    assert not d.do(c.MarkLeft("Ana")).changed
    # Adding them again is how a moderator who does not know the key would bring them back.
    assert d.do(c.AddParticipant("ANA")).message == "Ana is back"
    d.do(c.RaiseHand("Ana"))
    assert not d.do(c.MarkBack("Ana")).changed


def test_leaving_is_undone_with_the_hand_it_lowered_and_shows_in_the_timeline():
    d = people("Ana")
    d.do(c.RaiseHand("Ana"))
    d.wait(10)
    d.do(c.MarkLeft("Ana"))
    assert [row.text for row in timeline(d.state)][-1] == "Ana left (hand lowered)"
    d.do(c.Undo())
    assert [hand.name for hand in d.state.hands] == ["Ana"] and not meter(d, "Ana").left


# -- names, loosely --------------------------------------------------------------------------


def test_a_comment_typed_under_a_first_name_keeps_its_author_s_preference():
    d = people("Sofia Reyes", "Ben")
    d.do(c.SetReadPreference("sofia", True))
    outcome = d.do(c.AddChatComment("sofia", "please keep this to the moderators"))
    assert outcome.message == "comment 1 from Sofia Reyes: private (preference)"
    assert d.state.to_read() == []


def test_an_ambiguous_name_is_refused_listing_the_choices_in_every_command():
    d = people("Ana Lima", "Ana Souza")
    for command in (c.MarkLeft("ana"), c.SetReadPreference("ana", True), c.RecordRequest("ana", ASKED, True),
                    c.AddChatComment("ana", "hi"), c.LogOuch("ana"), c.RingBell("ana")):
        with pytest.raises(c.CommandError, match="could be Ana Lima or Ana Souza"):
            d.do(command)


def test_the_read_aloud_preference_set_and_cleared_from_the_console_command():
    d = people("Ana")
    d.do(c.AddChatComment("Ana", "hello"))
    assert d.do(c.SetReadPreference("Ana", True)).message == "Ana's comments are never read aloud (kept for later sessions)"
    assert d.state.comments[1].private
    assert not d.do(c.SetReadPreference("Ana", True)).changed
    assert d.do(c.SetReadPreference("Ana", False)).message == "Ana's comments are read aloud again"
    d.do(c.AddChatComment("Ana", "again"))
    assert [comment.text for comment in d.state.to_read()] == ["again"]


# -- members' requests ---------------------------------------------------------------------------


def test_a_request_needs_the_member_s_consent():
    d = people("Ana")
    with pytest.raises(c.CommandError, match="only with Ana's consent"):
        d.do(c.RecordRequest("Ana", ASKED))
    assert d.state.requests == {}
    outcome = d.do(c.RecordRequest("ana", ASKED, consent=True))
    assert outcome.message == "Ana's request recorded (for the moderating team, until withdrawn)"
    assert d.state.requests["ana"].text == ASKED
    # The words stay out of every phrase a watching console or a timeline shows.
    assert ASKED not in " ".join(row.text for row in timeline(d.state))
    d.do(c.WithdrawRequest("Ana"))
    assert d.state.requests == {}
    with pytest.raises(c.CommandError, match="no request"):
        d.do(c.WithdrawRequest("Ana"))


def test_a_log_that_records_a_request_without_consent_does_not_fold():
    d = people("Ana")
    start = d.state.log[-1]
    bad = Event(start.seq + 1, EventType.REQUEST_RECORDED, start.at, start.seq + 1, "x", "t",
                {"name": "Ana", "text": ASKED})
    with pytest.raises(ValueError, match="without its member's consent"):
        SessionState.fold([*d.state.log, bad])


def test_a_standing_request_is_carried_into_the_session_its_member_joins():
    d = people(requests={"ana": ASKED})
    outcome = d.do(c.AddParticipant("Ana"))
    assert "request" in outcome.message and d.state.requests["ana"].text == ASKED
    assert not d.do(c.AddParticipant("Ana")).changed


# -- the group's file: carried, repaired, purged ----------------------------------------------------


def test_preference_and_request_are_carried_to_the_next_session(folder: DataFolder, clock):
    folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Sofia Reyes"))
    folder.execute(c.SetReadPreference("sofia", True))
    folder.execute(c.RecordRequest("Sofia", "step back when I dominate", consent=True))
    folder.execute(c.EndSession())
    clock.advance(WEEK)
    folder.start("Worldview", "Sam")
    folder.execute(c.AddParticipant("Sofia Reyes"))
    outcome = folder.execute(c.AddChatComment("Sofia Reyes", "hi all"))
    assert "private (preference)" in outcome.message
    state = folder.live().state()
    assert state.requests["sofia reyes"].text == "step back when I dominate"
    folder.execute(c.WithdrawRequest("Sofia"))
    folder.execute(c.SetReadPreference("Sofia", False))
    roster = {person["name"]: person for person in folder.group.roster()}
    assert "request" not in roster["Sofia Reyes"] and roster["Sofia Reyes"]["no_read_aloud"] is False


def test_an_undone_request_leaves_the_roster_too(folder: DataFolder):
    folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Ana"))
    folder.execute(c.RecordRequest("Ana", ASKED, consent=True))
    assert {p["name"]: p.get("request") for p in folder.group.roster()}["Ana"]["text"] == ASKED
    folder.execute(c.Undo())
    assert "request" not in {p["name"]: p for p in folder.group.roster()}["Ana"]


def test_a_preference_and_request_whose_group_write_failed_are_repaired_from_the_log(folder: DataFolder, clock,
                                                                                    monkeypatch):
    folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Ana"))
    group_disk_full(monkeypatch)
    with pytest.raises(PartlySaved, match="never read aloud"):
        folder.execute(c.SetReadPreference("Ana", True))
    with pytest.raises(PartlySaved, match="request recorded"):
        folder.execute(c.RecordRequest("Ana", ASKED, consent=True))
    ana = {p["name"]: p for p in folder.group.roster()}["Ana"]
    assert ana["no_read_aloud"] is False and "request" not in ana
    monkeypatch.undo()  # the disk has room again
    folder.sessions()  # a later look
    ana = {p["name"]: p for p in folder.group.roster()}["Ana"]
    assert ana["no_read_aloud"] is True and ana["request"]["text"] == ASKED
    before = folder.group.path.read_bytes()
    folder.sessions()  # in step now: nothing more is written
    assert folder.group.path.read_bytes() == before


def test_purge_removes_a_request_s_words_from_old_sessions_and_every_copy(folder: DataFolder, clock):
    from ipstui.store.retention import purge_chat

    folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Ana"))
    folder.execute(c.RecordRequest("Ana", ASKED, consent=True))
    folder.execute(c.WithdrawRequest("Ana"))
    folder.execute(c.EndSession())
    clock.advance(WEEK)
    purged = purge_chat(folder, 3)
    assert purged.requests == 1 and "request" in purged.message()
    for path in folder.root.iterdir():
        assert ASKED.encode() not in path.read_bytes(), path.name
    # The count of what happened stays: the log still says a request was recorded.
    assert any(event.type is EventType.REQUEST_RECORDED for event in folder.state(folder.sessions()[0].id).log)


def test_a_standing_request_is_kept_to_the_team_never_in_shareable_reports(folder: DataFolder, clock):
    folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Ana"))
    folder.execute(c.RecordRequest("Ana", ASKED, consent=True))
    state = folder.live().state()
    for fmt in ("md", "csv", "json"):
        assert ASKED not in render(state, clock.now(), fmt), fmt
    assert ASKED not in json.dumps([row.text for row in timeline(state)])


def test_a_hand_lowered_by_leaving_ends_its_wait_and_names_typed_loosely_are_the_people_present():
    from ipstui.domain.analysis import hand_waits

    d = people("Chidi Okafor", "Ben")
    d.do(c.RaiseHand("chidi"))
    d.wait(90)
    d.do(c.MarkLeft("Chidi"))
    d.wait(600)
    [wait] = hand_waits(d.state, d.clock.now())
    assert (wait.name, wait.waited_seconds, wait.outcome) == ("Chidi Okafor", 90, "left the call")
    d.do(c.LogOuch("ben", "chidi"))
    d.do(c.RequestBreakout(("ben", "CHIDI"), "after the reading"))
    assert d.state.ouches[0].detail == {"by": "Ben", "with": "Chidi Okafor"}
    assert d.state.breakouts[0].detail["names"] == ["Ben", "Chidi Okafor"]
    d.do(c.EndSession("chidi", "ben"))
    assert (d.state.next_moderator, d.state.backup_moderator) == ("Chidi Okafor", "Ben")


def test_a_request_withdrawn_between_sessions_leaves_no_copy_after_a_purge(folder: DataFolder, clock):
    from ipstui.store.retention import purge_chat

    folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Ana Lima"))
    folder.execute(c.RecordRequest("Ana", ASKED, consent=True))
    folder.execute(c.EndSession())
    clock.advance(WEEK)
    assert folder.service.withdraw_request("ana") == "Ana Lima's request withdrawn"
    assert folder.standing_requests() == []
    # The group file's last copy still holds the words, until a purge.
    assert ASKED.encode() in (folder.root / "group.json.bak").read_bytes()
    purged = purge_chat(folder, 3)
    assert "group.json.bak" in purged.removed
    for path in folder.root.iterdir():
        assert ASKED.encode() not in path.read_bytes(), path.name
    # A purge with nothing withdrawn keeps the group file's last copy as it is.
    before = (folder.root / "group.json.bak").read_bytes()
    assert "group.json.bak" not in purge_chat(folder, 3).removed
    assert (folder.root / "group.json.bak").read_bytes() == before


def test_a_preference_holds_for_a_comment_under_any_spelling_of_the_name():
    from datetime import timedelta

    d = people("Søren Berg", "Ana")
    d.do(c.AddChatComment("Soren Berg", "written from a keyboard without ø"))
    assert d.state.to_read() != []
    d.do(c.SetReadPreference("søren", True))
    # The earlier comment under the other spelling is private now, and later ones, typed or imported, are too.
    assert d.state.to_read() == []
    outcome = d.do(c.AddChatComment("SOREN BERG", "again"))
    assert "private (preference)" in outcome.message
    items = (c.ChatItem("zoom:1", "Soren Berg", "from the Zoom file", d.clock.now() - timedelta(seconds=5)),)
    assert "(1 private)" in d.do(c.ImportChatComments(items)).message
    assert d.state.to_read() == []


def test_adding_a_first_name_beside_someone_of_that_first_name_says_so_and_adds_them():
    d = people("Chidi Okafor", "Ana Lima", "Ana Souza")
    outcome = d.do(c.AddParticipant("Chidi"))
    assert outcome.message.endswith("; Chidi Okafor is here too (if that was them, undo)")
    assert {p.name for p in d.state.participants.values()} >= {"Chidi", "Chidi Okafor"}
    # A name two people share already is added without a guess at which one was meant.
    shared = d.do(c.AddParticipant("Ana")).message
    assert shared.startswith("added Ana") and "here too" not in shared


def test_a_member_of_the_group_added_under_another_spelling_is_that_member(folder: DataFolder, clock):
    folder.start("Mutuality", "Søren Berg")
    folder.execute(c.EndSession())
    clock.advance(WEEK)
    _, outcome = folder.start("Worldview", "soren berg")
    assert outcome.message.endswith("moderated by Søren Berg")
    outcome = folder.execute(c.AddParticipant("SOREN BERG"))
    assert outcome.message == "Søren Berg is already here"
    assert [person["name"] for person in folder.group.roster()] == ["Søren Berg"]
    assert not folder.live().state().participants["søren berg"].new_here
