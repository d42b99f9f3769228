"""The agreement's rules as the domain applies them (SPEC §2)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, asdict, replace

import pytest

from ipstui.domain import commands as c
from ipstui.domain.settings import QueuePolicy, SessionSettings
from ipstui.domain.state import ChatStatus, HandKind
from tests.helpers import Driver


def people(*names: str, **kwargs) -> Driver:
    driver = Driver(**kwargs)
    for name in names:
        driver.do(c.AddParticipant(name))
    return driver


def test_moderator_joins_on_start_and_adding_twice_is_not_an_error():
    d = people("Ana")
    assert [m.name for m in d.state.meters(d.clock.now())] == ["Sam", "Ana"]
    outcome = d.do(c.AddParticipant("  ana "))
    assert not outcome.changed and "already here" in outcome.message


def test_starting_a_speaker_ends_the_previous_turn_and_lowers_their_hand():
    d = people("Ana", "Ben")
    d.do(c.RaiseHand("Ben"))
    d.do(c.StartSpeaker("Ana"))
    d.wait(30)
    d.do(c.StartSpeaker("Ben"))
    assert d.state.turn.name == "Ben"
    assert d.state.hand_of("Ben") is None
    assert d.talk("Ana") == 30
    d.wait(12)
    assert d.talk("Ben") == 12 and d.talk("Ana") == 30


def test_one_speaker_at_most_and_same_speaker_twice_is_refused():
    d = people("Ana")
    d.do(c.StartSpeaker("Ana"))
    with pytest.raises(c.CommandError, match="already speaking"):
        d.do(c.StartSpeaker("Ana"))
    d.do(c.StopSpeaker())
    assert d.state.turn is None
    with pytest.raises(c.CommandError, match="nobody is speaking"):
        d.do(c.StopSpeaker())


def test_a_person_is_in_the_queue_at_most_once():
    d = people("Ana")
    d.do(c.RaiseHand("Ana"))
    with pytest.raises(c.CommandError, match="already up"):
        d.do(c.RaiseHand("Ana"))
    d.do(c.RaiseHand("ANA", HandKind.OUCH))
    assert [(h.name, h.kind) for h in d.state.hands] == [("Ana", HandKind.OUCH)]


def test_unknown_people_are_refused():
    d = people("Ana")
    for command in (c.RaiseHand("Zoe"), c.StartSpeaker("Zoe"), c.LowerHand("Zoe")):
        with pytest.raises(c.CommandError, match="nobody called 'Zoe'"):
            d.do(command)


def test_queue_order_ouch_first_then_reply_then_raise_order():
    d = people("Ana", "Ben", "Cy", "Di", "Ed")
    d.do(c.StartSpeaker("Ed"))
    d.do(c.RaiseHand("Ana"))
    d.wait(1)
    d.do(c.RaiseHand("Ben", HandKind.REPLY))
    d.wait(1)
    d.do(c.RaiseHand("Cy"))
    d.wait(1)
    d.do(c.RaiseHand("Di", HandKind.OUCH))
    queue = d.state.queue(d.clock.now())
    assert [h.name for h in queue] == ["Di", "Ben", "Ana", "Cy"]
    assert [h.is_next for h in queue] == [True, False, False, False]
    assert queue[2].waited_seconds == 3
    d.do(c.CallNextHand())
    assert d.state.turn.name == "Di" and d.state.hand_of("Di") is None


def test_progressive_stack_calls_who_spoke_least_first():
    d = people("Ana", "Ben", "Cy", settings=SessionSettings(policy=QueuePolicy.PROGRESSIVE))
    d.do(c.StartSpeaker("Ana"))
    d.wait(120)
    d.do(c.StartSpeaker("Ben"))
    d.wait(10)
    d.do(c.StopSpeaker())
    for name in ("Ana", "Ben", "Cy"):
        d.do(c.RaiseHand(name))
    assert [h.name for h in d.state.queue(d.clock.now())] == ["Cy", "Ben", "Ana"]
    first_come = people("Ana", "Ben", "Cy")
    for name in ("Ana", "Ben", "Cy"):
        first_come.do(c.RaiseHand(name))
    assert [h.name for h in first_come.state.queue(first_come.clock.now())] == ["Ana", "Ben", "Cy"]


def test_lower_all_and_call_next_on_an_empty_queue():
    d = people("Ana", "Ben")
    d.do(c.RaiseHand("Ana"))
    d.do(c.RaiseHand("Ben"))
    d.do(c.LowerAllHands())
    assert d.state.hands == []
    with pytest.raises(c.CommandError, match="queue is empty"):
        d.do(c.CallNextHand())


def test_meters_share_fair_share_and_cues():
    d = people("Ana", "Ben", "Cy")
    d.do(c.StartSpeaker("Ana"))
    d.wait(300)
    d.do(c.StartSpeaker("Ben"))
    d.wait(20)
    meters = {m.name: m for m in d.state.meters(d.clock.now())}
    assert meters["Ana"].share == pytest.approx(300 / 320)
    assert meters["Ana"].fair_share == pytest.approx(1 / 4)
    assert meters["Ana"].step_back and not meters["Ben"].step_back
    assert meters["Ben"].step_up and meters["Ben"].first_turn_now
    assert meters["Cy"].not_spoken_yet and meters["Sam"].not_spoken_yet
    assert meters["Ben"].current_turn_seconds == 20 and meters["Ana"].current_turn_seconds is None
    d.do(c.StartSpeaker("Ana"))
    assert not {m.name: m for m in d.state.meters(d.clock.now())}["Ana"].first_turn_now


def test_new_here_only_for_people_the_group_has_not_seen():
    d = people("Ana", "Ben", known={"ana"})
    marks = {m.name: m.new_here for m in d.state.meters(d.clock.now())}
    assert marks == {"Sam": True, "Ana": False, "Ben": True}


def test_nobody_is_new_here_in_a_groups_first_session():
    d = Driver()
    first = c.AddParticipant("Ana").run(d.state, replace(d.ctx(), group_has_history=False))
    assert first.events[0].data["new_here"] is False and first.message == "added Ana"
    assert c.AddParticipant("Ana").run(d.state, d.ctx()).events[0].data["new_here"] is True


def test_step_back_waits_for_a_clear_share_and_the_groups_several_minutes():
    d = people("Ana", "Ben")
    # A welcome of 1:22, then two short check-ins: more than twice the fair share, but short.
    d.do(c.StartSpeaker("Sam"))
    d.wait(82)
    d.do(c.StartSpeaker("Ana"))
    d.wait(20)
    d.do(c.StartSpeaker("Ben"))
    d.wait(20)
    d.do(c.StopSpeaker())
    meters = {m.name: m for m in d.state.meters(d.clock.now())}
    assert meters["Sam"].talk_seconds > 2 * meters["Sam"].fair_share * 122
    assert not meters["Sam"].step_back
    # Past the group's "several minutes" (the bell's 3 by default) and still over twice the share.
    d.do(c.StartSpeaker("Sam"))
    d.wait(97)
    assert not {m.name: m for m in d.state.meters(d.clock.now())}["Sam"].step_back  # 2:59 spoken
    d.wait(1)
    assert {m.name: m for m in d.state.meters(d.clock.now())}["Sam"].step_back  # 3:00 spoken
    # A later bell is a later cue: the group's own "several minutes" sets both.
    slow = people("Ana", settings=SessionSettings(bell_minutes=5))
    slow.do(c.StartSpeaker("Sam"))
    slow.wait(240)
    assert not {m.name: m for m in slow.state.meters(slow.clock.now())}["Sam"].step_back


def test_bell_and_waiting_hand_cues_follow_the_thresholds():
    d = people("Ana", "Ben")
    d.do(c.StartSpeaker("Ana"))
    d.do(c.RaiseHand("Ben"))
    d.wait(119)
    assert not d.state.bell_due(d.clock.now())
    assert not d.state.queue(d.clock.now())[0].needs_attention
    d.wait(2)
    assert d.state.queue(d.clock.now())[0].needs_attention
    d.wait(60)
    assert d.state.bell_due(d.clock.now())


def test_chat_privacy_rules_and_read_order():
    d = people("Ana", "Ben", quiet={"ben"})
    d.do(c.AddChatComment("Ana", "first"))
    d.wait(1)
    d.do(c.AddChatComment("Ana", "to the moderator", direct=True))
    d.do(c.AddChatComment("Ben", "please don't read"))
    d.do(c.AddChatComment("Ana", "flagged", private=True))
    d.wait(1)
    d.do(c.AddChatComment("Zoe from the phone", "second"))
    comments = d.state.comments
    assert [comments[i].private_reason for i in range(1, 6)] == [None, "direct message", "preference", "moderator", None]
    assert [x.text for x in d.state.to_read()] == ["first", "second"]
    with pytest.raises(c.CommandError, match="private"):
        d.do(c.MarkComment(2))
    d.do(c.MarkComment())
    assert comments[1].status is ChatStatus.READ
    again = d.do(c.MarkComment(1))
    assert not again.changed and "already read" in again.message
    d.do(c.MakeCommentPrivate(5))
    assert d.state.to_read() == []


def test_a_standing_preference_makes_earlier_comments_private_too():
    d = people("Ana")
    d.do(c.AddChatComment("Ana", "hello"))
    d.do(c.AddParticipant("Ana", no_read_aloud=True))
    assert d.state.comments[1].private and d.state.to_read() == []


def test_agenda_moves_on_and_projects_the_end():
    d = Driver()
    assert d.state.current_segment().title == "Welcome and agreement"
    start = d.clock.now()
    assert (d.state.projected_end(start) - start).total_seconds() == 75 * 60
    d.wait(15 * 60)
    assert (d.state.projected_end(d.clock.now()) - start).total_seconds() == 80 * 60
    d.do(c.NextAgendaItem())
    assert d.state.agenda[0].ended_at is not None and d.state.current_segment().title == "Check-in"
    for _ in range(3):
        d.do(c.NextAgendaItem())
    with pytest.raises(c.CommandError, match="last item"):
        d.do(c.NextAgendaItem())


def test_reminders_ouch_bell_breakout_followup_and_end():
    d = people("Ana", "Ben")
    d.do(c.RemindAgreement(14))
    with pytest.raises(c.CommandError, match="items 1 to 24"):
        d.do(c.RemindAgreement(25))
    d.do(c.LogOuch("Ana", "Ben"))
    d.do(c.RingBell("Ben"))
    d.do(c.RequestBreakout(("Ana", "Ben"), "grief"))
    d.do(c.AddFollowup("peer roles at work"))
    d.do(c.StartSpeaker("Ana"))
    d.wait(40)
    with pytest.raises(c.CommandError, match="other than"):
        d.do(c.EndSession("Ana", "ana"))
    d.do(c.EndSession("Ana", "Ben"))
    s = d.state
    assert (len(s.reminders), len(s.ouches), len(s.bells), len(s.breakouts), len(s.followups)) == (1, 1, 1, 1, 1)
    assert s.turn is None and not s.is_live and s.next_moderator == "Ana" and s.backup_moderator == "Ben"
    d.wait(100)
    assert d.talk("Ana") == 40
    with pytest.raises(c.CommandError, match="ended"):
        d.do(c.RaiseHand("Ben"))


def test_undo_appends_and_restores():
    d = people("Ana", "Ben")
    d.do(c.StartSpeaker("Ana"))
    d.wait(10)
    d.do(c.RaiseHand("Ben"))
    d.do(c.StartSpeaker("Ben"))
    before_log = len(d.state.log)
    outcome = d.do(c.Undo())
    assert "Ben speaking" in outcome.message
    assert len(d.state.log) == before_log + 1
    assert d.state.turn.name == "Ana" and d.state.hand_of("Ben") is not None
    d.do(c.Undo())
    assert d.state.hands == []
    d.do(c.Undo())
    d.do(c.Undo())
    d.do(c.Undo())
    assert d.state.participants.keys() == {"sam"}
    with pytest.raises(c.CommandError, match="nothing to undo"):
        d.do(c.Undo())


def test_a_clock_stepping_back_never_makes_time_negative():
    d = people("Ana")
    d.do(c.StartSpeaker("Ana"))
    d.wait(-30)
    d.do(c.StopSpeaker())
    assert d.talk("Ana") == 0
    assert d.state.elapsed_seconds(d.clock.now()) >= 0


def test_attendance_rows_of_one_name_add_up_to_one_person():
    from ipstui.domain.commands import RecordAttendance

    d = Driver()
    outcome = d.do(RecordAttendance((("Ben", 10.0, 1), ("ben", 5.5, 2), ("Ana", 3.0, 1))))
    assert outcome.message.startswith("recorded attendance of 2 people (2 added, 1 rejoined)")
    minutes = {p.name: p.minutes_attended for p in d.state.participants.values() if p.name != "Sam"}
    assert minutes == {"Ben": 15.5, "Ana": 3.0}


def test_a_snapshot_shows_the_state_as_it_was_while_the_state_folds_on():
    d = people("Ana", "Ben")
    d.do(c.RaiseHand("Ben"))
    d.do(c.StartSpeaker("Ana"))
    d.do(c.AddChatComment("Ben", "hello"))
    snapshot = d.state.snapshot()
    taken = {
        "people": {key: asdict(person) for key, person in snapshot.participants.items()},
        "hands": [asdict(hand) for hand in snapshot.hands],
        "turn": asdict(snapshot.turn),
        "comments": {key: asdict(comment) for key, comment in snapshot.comments.items()},
        "agenda": [asdict(item) for item in snapshot.agenda],
    }
    assert taken["people"] == {key: asdict(person) for key, person in d.state.participants.items()}
    assert taken["comments"] == {key: asdict(comment) for key, comment in d.state.comments.items()}

    d.wait(30)
    d.do(c.MarkComment())  # changes the comment in the state, in place
    d.do(c.StartSpeaker("Ben"))  # ends Ana's turn (her talk time), lowers Ben's hand
    d.do(c.NextAgendaItem())
    assert d.state.comments[1].status is ChatStatus.READ and d.state.turn.name == "Ben"
    assert {key: asdict(person) for key, person in snapshot.participants.items()} == taken["people"]
    assert [asdict(hand) for hand in snapshot.hands] == taken["hands"]
    assert asdict(snapshot.turn) == taken["turn"]
    assert {key: asdict(comment) for key, comment in snapshot.comments.items()} == taken["comments"]
    assert [asdict(item) for item in snapshot.agenda] == taken["agenda"]
    assert all(type(copy) is type(person) for copy, person in zip(snapshot.participants.values(), d.state.participants.values()))
    with pytest.raises(FrozenInstanceError):
        snapshot.turn = None
    with pytest.raises(TypeError):
        snapshot.comments[2] = snapshot.comments[1]


def test_a_snapshot_has_the_state_s_fields_reads_as_it_and_is_equal_only_to_itself():
    # The snapshot class is not made a dataclass again: it keeps the state's fields, init and repr.
    from dataclasses import fields, is_dataclass

    from ipstui.domain.state import SessionState, StateSnapshot

    d = people("Ana")
    d.do(c.AddChatComment("Ana", "hello"))
    snapshot = d.state.snapshot()
    assert is_dataclass(snapshot) and type(snapshot) is StateSnapshot
    assert [item.name for item in fields(snapshot)] == [item.name for item in fields(SessionState)]
    for name in ("session_id", "topic", "moderator", "started_at", "last_at", "chat_ids_issued", "settings"):
        assert getattr(snapshot, name) == getattr(d.state, name)
    assert list(snapshot.log) == d.state.log and list(snapshot.comments) == [1]
    assert repr(snapshot).startswith("StateSnapshot(log=(") and "'hello'" in repr(snapshot)
    assert snapshot == snapshot and snapshot != d.state.snapshot() and hash(snapshot) == hash(snapshot)
    assert snapshot.snapshot() is snapshot
    with pytest.raises(FrozenInstanceError):
        snapshot.topic = "other"


def test_snapshots_share_the_comments_until_one_changes_and_each_keeps_what_it_saw():
    d = people("Ana", "Ben")
    d.do(c.AddChatComment("Ben", "hello"))
    d.do(c.AddChatComment("Ana", "hi"))
    first = d.state.snapshot()
    d.do(c.RaiseHand("Ben"))  # nothing in the chat changes
    second = d.state.snapshot()
    assert second.comments is first.comments and second.hands != first.hands
    for change in (c.MarkComment(), c.MakeCommentPrivate(2), c.AddChatComment("Ben", "again"),
                   c.AddParticipant("Ana", no_read_aloud=True), c.Undo(anyone=True)):
        before = d.state.snapshot()
        seen = {key: asdict(comment) for key, comment in before.comments.items()}
        d.do(change)
        after = d.state.snapshot()
        assert after.comments is not before.comments, change
        assert {key: asdict(comment) for key, comment in after.comments.items()} == \
            {key: asdict(comment) for key, comment in d.state.comments.items()}, change
        assert {key: asdict(comment) for key, comment in before.comments.items()} == seen, change


def test_a_reply_hand_goes_first_only_while_the_turn_it_answers_lasts():
    d = people("Ana", "Ben", "Cy")
    d.do(c.StartSpeaker("Ana"))
    d.do(c.RaiseHand("Ben"))
    d.wait(480)  # Ben has waited eight minutes
    d.do(c.RaiseHand("Cy", HandKind.REPLY))
    assert [hand.name for hand in d.state.ordered_hands(d.clock.now())] == ["Cy", "Ben"]
    d.do(c.StopSpeaker())
    assert [(hand.name, hand.kind) for hand in d.state.ordered_hands(d.clock.now())] == [
        ("Ben", HandKind.ORDINARY), ("Cy", HandKind.ORDINARY)]
    d.do(c.CallNextHand())
    assert d.state.turn.name == "Ben"


def test_a_comment_stamped_after_it_was_recorded_is_read_in_the_order_it_came():
    from datetime import timedelta

    d = people("Ana", "Ben")
    start = d.clock.now()
    d.clock.advance(60)
    d.do(c.AddChatComment("Ana", "typed here first"))
    d.clock.advance(30)
    # Zoom's clock runs four minutes ahead of this terminal's; one said earlier by Zoom's behind.
    d.do(c.ImportChatComments((c.ChatItem("zoom:1", "Ben", "from Zoom", start + timedelta(seconds=330)),
                               c.ChatItem("zoom:0", "Ben", "said before", start + timedelta(seconds=10)))))
    d.clock.advance(30)
    d.do(c.AddChatComment("Ana", "typed here later"))
    assert [comment.text for comment in d.state.to_read()] == [
        "said before", "typed here first", "from Zoom", "typed here later"]
    # When each was said is kept as said (the reports give it); only its place in the reading moves.
    said = {comment.text: comment.at for comment in d.state.comments.values()}
    assert said["from Zoom"] == start + timedelta(seconds=330)
    assert said["said before"] == start + timedelta(seconds=10)
