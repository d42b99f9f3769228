"""The fold's checks, the settings' bounds and the clock's range: what a log, a file or a clock may hold."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone

import pytest

from ipstui.domain import commands as c
from ipstui.domain.clock import EARLIEST, LATEST, ManualClock, ScaledClock, parse_clock
from ipstui.domain.events import EventType, Event, moment
from ipstui.domain.outcome import CommandError
from ipstui.domain.settings import SessionSettings
from ipstui.store import DataFolder
from tests.helpers import T0, Driver


def event(d: Driver, kind: EventType, data: dict, action: int | None = None) -> Event:
    seq = d.state.last_seq + 1
    return Event(seq, kind, d.clock.now(), seq if action is None else action, "eve", "t", data)


@pytest.mark.parametrize("kind, data", [
    (EventType.HAND_RAISED, {"name": "Zed", "kind": "ordinary"}),
    (EventType.HAND_CHANGED, {"name": "Zed", "kind": "ouch"}),
    (EventType.HAND_LOWERED, {"name": "Zed"}),
    (EventType.SPEAKER_STARTED, {"name": "Zed"}),
    (EventType.ATTENDANCE_RECORDED, {"name": "Zed", "minutes": 3}),
    (EventType.READ_PREFERENCE_SET, {"name": "Zed", "no_read_aloud": True}),
    (EventType.HAND_RAISED, {"name": ["Sam"], "kind": "ordinary"}),
])
def test_events_naming_someone_not_present_do_not_fold(kind, data):
    d = Driver()
    with pytest.raises(ValueError, match="not a participant"):
        d.state.apply(event(d, kind, data))


def test_the_log_opens_with_its_start_once_and_ends_with_its_end():
    d = Driver()
    with pytest.raises(ValueError, match="start"):
        d.state.apply(event(d, EventType.SESSION_STARTED, {"topic": "again", "moderator": "Eve"}))
    d.do(c.EndSession())
    with pytest.raises(ValueError, match="after the session's end"):
        d.state.apply(event(d, EventType.BELL_RUNG, {}))


@pytest.mark.parametrize("target", [1, 2, 99, 0, -1])
def test_an_undo_names_an_earlier_action_that_is_not_the_start(target):
    d = Driver()  # actions: 1 is the start (events 1 and 2)
    d.do(c.AddParticipant("Ana"))
    with pytest.raises(ValueError, match="no earlier action"):
        d.state.apply(event(d, EventType.UNDONE, {"action": target}))


def test_events_are_numbered_in_order_and_belong_to_the_action_before_them():
    d = Driver()
    with pytest.raises(ValueError, match="comes after"):
        d.state.apply(Event(9, EventType.BELL_RUNG, d.clock.now(), 9, "eve", "t", {}))
    with pytest.raises(ValueError, match="belongs to action"):
        d.state.apply(event(d, EventType.BELL_RUNG, {}, action=2))


def test_a_comment_id_is_added_once():
    d = Driver()
    d.do(c.AddChatComment("Sam", "private words", private=True))
    with pytest.raises(ValueError, match="second time"):
        d.state.apply(event(d, EventType.CHAT_ADDED, {"id": 1, "author": "Sam", "text": "now public", "private": False}))


def test_extend_folds_all_or_nothing():
    d = Driver()
    d.do(c.AddParticipant("Ana"))
    d.do(c.RaiseHand("Ana"))
    before = (d.state.last_seq, list(d.state.hands), dict(d.state.participants))
    first = d.state.last_seq + 1
    batch = [Event(first, EventType.UNDONE, d.clock.now(), first, "eve", "t", {"action": 4}),
             Event(first + 1, EventType.SPEAKER_STARTED, d.clock.now(), first, "eve", "t", {"name": "Zed"})]
    with pytest.raises(ValueError):
        d.state.extend(batch)
    assert (d.state.last_seq, d.state.hands, d.state.participants) == before
    assert d.state.hand_of("Ana") is not None


def test_record_attendance_refuses_more_minutes_than_a_session_holds():
    d = Driver()
    with pytest.raises(CommandError, match="Ann's rows add up to 10081 minutes"):
        d.do(c.RecordAttendance((("Ann", 5040.0, 1), ("ann", 5041.0, 1))))
    for minutes in (math.nan, math.inf, -1.0):
        with pytest.raises(CommandError):
            d.do(c.RecordAttendance((("Ann", minutes, 1),)))
    d.do(c.RecordAttendance((("Ann", 5040.0, 1), ("ann", 5040.0, 1))))
    assert d.state.person("Ann").minutes_attended == 10080.0


@pytest.mark.parametrize("field, value", [
    ("step_back_multiple", 0.0), ("step_back_multiple", 0.5), ("step_back_multiple", math.nan),
    ("step_back_multiple", 1e308), ("bell_minutes", 0.0), ("bell_minutes", math.inf),
    ("hand_wait_minutes", -1.0), ("cue_after_talk_minutes", math.nan), ("policy", "loudest"),
])
def test_session_settings_refuse_what_the_meters_and_cues_cannot_use(field, value):
    with pytest.raises(ValueError):
        SessionSettings(**{field: value})
    with pytest.raises((ValueError, TypeError)):
        SessionSettings.from_doc({field: value})


@pytest.mark.parametrize("value", ["2", True, None, [2]])
def test_stored_session_settings_are_numbers_not_what_python_would_turn_into_one(value):
    with pytest.raises(TypeError):
        SessionSettings.from_doc({"step_back_multiple": value})


def test_a_log_rewritten_in_place_is_folded_afresh_by_a_terminal_that_cached_it(tmp_path):
    clock = ManualClock(T0)
    folder = DataFolder(tmp_path / "db", clock=clock, actor="sam", terminal="t")
    folder.start("Mutuality", "Sam")
    folder.execute(c.AddChatComment("Sam", "keep this between us", private=True))
    assert folder.live().state().comments[1].private
    path = folder.live().path
    data = json.loads(path.read_text())
    data["events"]["3"]["data"]["private"] = False
    path.write_text(json.dumps(data))
    assert not folder.live().state().comments[1].private  # what the file says, as any fresh reader sees it
    folder.execute(c.AddParticipant("Ana"))
    assert folder.live().state().person("Ana") is not None


# -- the clock ----------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [
    "0001-01-01T00:00:00+00:00@1", "9999-12-31T23:59:59+00:00@1", "1969-12-31T23:59:59+00:00@1",
    "2200-01-01T00:00:00+00:00@1", "2199-12-31T23:59:59-00:01@1", "2026-11-28T22:15:00+00:00@1@1900-01-01T00:00:00Z",
])
def test_a_clock_starts_only_within_real_dates(spec):
    with pytest.raises(ValueError, match="outside 2000 to 2199"):
        parse_clock(spec)


def test_a_fast_clock_stops_at_the_edge_of_its_range_instead_of_running_past_it():
    real = ManualClock(datetime(2026, 1, 1, tzinfo=timezone.utc))
    clock = ScaledClock(LATEST - timedelta(hours=1), 1000, real.now(), real.now)
    real.advance(10 * 365 * 86400)  # ten real years at 1000 times: ten thousand years
    assert clock.now() == LATEST
    moment(clock.now().isoformat())  # and the log reads that moment back
    backwards = ScaledClock(EARLIEST + timedelta(hours=1), 1000, real.now(), real.now)
    real.advance(-200 * 365 * 86400)
    assert backwards.now() == EARLIEST


@pytest.mark.parametrize("value", ["chat_added", "nope", "", None, 3, ["chat_added"], EventType.UNDONE])
def test_an_event_kind_reads_as_the_enum_reads_it(value):
    # The fold looks kinds up in a table (events.kind_of): the same kinds, the same refusals.
    try:
        expected: EventType | str = EventType(value)
    except ValueError as error:
        expected = str(error)
    doc = {"type": value, "at": T0.isoformat(), "action": 1}
    try:
        got: EventType | str = Event.from_doc(1, doc).type
    except ValueError as error:
        got = str(error)
    assert got == expected and (not isinstance(got, EventType) or got is expected)


def test_event_data_must_be_a_table_whatever_mapping_holds_it():
    from types import MappingProxyType

    doc = {"type": "bell_rung", "at": T0.isoformat(), "action": 1}
    assert Event.from_doc(1, {**doc, "data": MappingProxyType({"by": "Ana"})}).data["by"] == "Ana"
    for data in (["by"], "Ana", 3):
        with pytest.raises(TypeError, match="not a table"):
            Event.from_doc(1, {**doc, "data": data})


def test_a_typed_name_is_forgiven_its_case_accents_and_surname_but_never_guessed():
    from ipstui.domain import commands as c

    d = Driver()
    for name in ("Chidi Okafor", "Søren Kierk", "Ana López", "Ana Lúcia"):
        d.do(c.AddParticipant(name))
    d.do(c.StartSpeaker("chidi"))
    assert d.state.turn.name == "Chidi Okafor"
    d.do(c.RaiseHand("soren kierk"))
    d.do(c.RaiseHand("ana lucia"))
    assert [hand.name for hand in d.state.hands] == ["Søren Kierk", "Ana Lúcia"]
    with pytest.raises(c.CommandError, match="'ana' could be Ana López or Ana Lúcia: say which"):
        d.do(c.LowerHand("ana"))
    added = d.do(c.AddParticipant("Soren Kierk"))
    assert added.message == "Søren Kierk is already here" and len(d.state.participants) == 5


@pytest.mark.parametrize("value", ["ouch", "reply", "ordinary", "nope", "", None, 3, ["ouch"], "OUCH"])
def test_a_stored_hand_kind_reads_as_the_enum_reads_it(value):
    # The fold looks hand kinds up in a table: the same kinds, the same refusals (a damaged log).
    from ipstui.domain.state import HandKind

    d = Driver()
    d.do(c.AddParticipant("Zed"))
    try:
        expected: HandKind | str = HandKind(value)
    except ValueError as error:
        expected = str(error)
    try:
        d.state.apply(event(d, EventType.HAND_RAISED, {"name": "Zed", "kind": value}))
        got: HandKind | str = d.state.hands[-1].kind
    except ValueError as error:
        got = str(error)
    assert got == expected and (not isinstance(got, HandKind) or got is expected)


@pytest.mark.parametrize("value", ["read", "skipped", "unread", "nope", None, 1, "READ"])
def test_a_stored_chat_status_reads_as_the_enum_reads_it(value):
    from ipstui.domain.state import ChatStatus

    d = Driver()
    d.do(c.AddChatComment("Ana", "hello"))
    comment = next(iter(d.state.comments))
    try:
        expected: ChatStatus | str = ChatStatus(value)
    except ValueError as error:
        expected = str(error)
    try:
        d.state.apply(event(d, EventType.CHAT_MARKED, {"id": comment, "status": value}))
        got: ChatStatus | str = d.state.comments[comment].status
    except ValueError as error:
        got = str(error)
    assert got == expected and (not isinstance(got, ChatStatus) or got is expected)


def test_every_kind_of_event_but_an_undo_folds_through_its_own_handler():
    # The fold dispatches through a table built once; a kind added without a handler fails here.
    from ipstui.domain import state

    assert set(state._HANDLERS) == set(EventType) - {EventType.UNDONE}
    for kind, handler in state._HANDLERS.items():
        assert handler is getattr(state.SessionState, f"_on_{kind.value}")


@pytest.mark.parametrize("doc", [
    {"type": "chat_added", "at": "2026-11-28T22:15:00+00:00", "action": 7, "by": "Ana", "terminal": "t1",
     "data": {"id": 1, "author": "Ana", "text": "hi"}},
    {"type": "bell_rung", "at": "2026-11-28T22:15:00-05:00", "action": 3},
    {"type": "undone", "at": "2026-11-28T22:15:00+05:30", "action": 9, "by": 12, "terminal": None, "data": None},
])
def test_an_event_read_from_its_document_is_the_event_its_init_builds(doc):
    # from_doc fills the slots directly: every field, and the event stays frozen.
    from dataclasses import FrozenInstanceError, fields

    from ipstui.domain import events

    assert events._EVENT_FIELDS == tuple(item.name for item in fields(Event))
    read = Event.from_doc(5, doc)
    built = Event(5, EventType(doc["type"]), moment(doc["at"]), int(doc["action"]), str(doc.get("by", "")),
                  str(doc.get("terminal", "")), doc.get("data") or {})
    assert read == built and repr(read) == repr(built)
    assert all(getattr(read, item.name) == getattr(built, item.name) for item in fields(Event))
    with pytest.raises(FrozenInstanceError):
        read.by = "Eve"  # type: ignore[misc]
