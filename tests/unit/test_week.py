"""The week around the call: what a session's close leaves for the next one, on real files."""

from __future__ import annotations

from datetime import date

import pytest

from ipstui.domain import commands as c
from ipstui.domain.outcome import CommandError
from ipstui.store import DataFolder, StoreError

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


def test_undo_after_end_reopens_the_latest_session(folder: DataFolder, clock):
    session_id, _ = folder.start("Mutuality", "Sam")
    folder.execute(c.AddParticipant("Ben"))
    folder.execute(c.StartSpeaker("Ben"))
    clock.advance(600)
    folder.execute(c.EndSession("Ana", "Ben", "Worldview"))
    assert {p["name"]: p["moderated"] for p in folder.group.roster()}["Sam"] == [session_id]
    clock.advance(30)
    outcome = DataFolder(folder.root, clock=clock, actor="sam", terminal="test:2").execute(c.Undo())
    assert outcome.message == f"undid: end of session; session {session_id} is live again"
    other = DataFolder(folder.root, clock=clock, actor="kim", terminal="test:3")
    assert other.live_session_id() == session_id
    state = other.live().state()
    assert state.is_live and state.next_moderator is None and state.turn is not None
    assert state.log[-1].at == clock.now()  # stamped when it was done, not at the end
    assert {p["name"]: p["moderated"] for p in other.group.roster()}["Sam"] == []
    assert other.sessions()[-1].status == "live" and other.upcoming().moderator is None
    # The session goes on, and ends again.
    other.execute(c.StopSpeaker())
    other.execute(c.EndSession("Cy"))
    assert other.upcoming().moderator == "Cy"
    assert {p["name"]: p["moderated"] for p in folder.group.roster()}["Sam"] == [session_id]


def test_undo_after_end_is_anothers_action_needs_any(folder: DataFolder, clock):
    folder.start("Mutuality", "Sam")
    DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2").execute(c.EndSession())
    with pytest.raises(CommandError, match="the last action is kim's: end of session; nothing was undone"):
        folder.execute(c.Undo())
    assert folder.live_session_id() is None
    assert "live again" in folder.execute(c.Undo(anyone=True)).message


def test_undo_reaches_only_the_latest_session(folder: DataFolder, clock):
    first, _ = folder.start("Mutuality", "Sam")
    folder.execute(c.EndSession())
    clock.advance(3600)
    second, _ = folder.start("Worldview", "Sam")
    folder.execute(c.EndSession())
    folder.execute(c.Undo())
    assert folder.live_session_id() == second
    assert folder.state(first).ended_at is not None


def test_undo_with_no_session_says_so(folder: DataFolder):
    folder.root.mkdir()
    with pytest.raises(StoreError, match="there is nothing to undo"):
        folder.execute(c.Undo())


def test_a_removed_session_leaves_the_index_and_roster_of_every_handle(folder: DataFolder, clock):
    first = close(folder, "Mutuality", "Sam", "Ana")
    clock.advance(3600)
    stray = close(folder, "Oops", "Zed", "Zed")
    other = DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2")
    assert [s.id for s in other.sessions()] == [first, stray]  # cached in that process
    message = folder.remove_session(stray)
    assert message == f"removed session {stray} ('Oops', moderated by Zed); its file is kept as session-{stray}.json.removed"
    assert [s.id for s in other.sessions()] == [first] and other.upcoming().moderator == "Ana"
    assert not (folder.root / f"session-{stray}.json.bak").exists()
    roster = {p["name"]: p for p in other.group.roster()}
    assert roster["Zed"]["sessions"] == [] and roster["Zed"]["moderated"] == []
    assert roster["Sam"]["sessions"] == [first]


def test_a_live_session_is_removed_only_with_force(folder: DataFolder):
    live, _ = folder.start("Oops", "Sam")
    with pytest.raises(StoreError, match=f"session {live} is live .kim .pts/3. attached.: end it first"):
        folder.remove_session(live, attached="kim (pts/3)")
    assert folder.live_session_id() == live
    folder.remove_session(live, force=True)
    assert folder.live_session_id() is None and folder.sessions() == []


def test_removing_twice_the_same_id_keeps_both_files(folder: DataFolder, clock):
    first = close(folder, "Oops", "Sam")
    folder.remove_session(first)
    again = close(folder, "Oops again", "Sam")
    assert again == first  # the id is free again
    assert folder.remove_session(again).endswith(f"kept as session-{first}.json.removed-2")
    assert (folder.root / f"session-{first}.json.removed").is_file()


def test_open_items_have_done_marks_that_every_reader_folds(folder: DataFolder, clock):
    from ipstui.domain.open_items import MarkItemDone, open_items, still_open

    folder.start("Mutuality", "Sam")
    for name in ("Ana", "Ben"):
        folder.execute(c.AddParticipant(name))
    folder.execute(c.AddChatComment("Ana", "can we talk after?", direct=True))
    folder.execute(c.AddChatComment("Ben", "hello all"))
    folder.execute(c.RequestBreakout(("Ana", "Ben"), "practice"))
    folder.execute(c.AddFollowup("Peer roles"))
    items = open_items(folder.live().state())
    assert [(i.kind, i.who, i.text, i.done) for i in items] == [
        ("message", "Ana", "can we talk after?", False), ("breakout", "Ana, Ben", "practice", False),
        ("followup", "", "Peer roles", False)]
    breakout = items[1]
    assert folder.execute(MarkItemDone("breakout", breakout.id)).message == "breakout request Ana, Ben: done"
    assert folder.execute(MarkItemDone("message", 1)).message == "direct message from Ana: done"
    with pytest.raises(CommandError, match="there is no direct message 2"):
        folder.execute(MarkItemDone("message", 2))  # Ben's comment is for everyone
    other = DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2")
    assert [i.kind for i in still_open(other.live().state())] == ["followup"]
    assert other.execute(MarkItemDone("message", 1, done=False)).message == "direct message from Ana: open again"
    assert [i.kind for i in still_open(folder.live().state())] == ["message", "followup"]


def test_undo_takes_back_a_done_mark_then_the_item(folder: DataFolder):
    from ipstui.domain.open_items import MarkItemDone, open_items

    folder.start("Mutuality", "Sam")
    folder.execute(c.AddFollowup("Peer roles"))
    (item,) = open_items(folder.live().state())
    folder.execute(MarkItemDone("followup", item.id))
    folder.execute(c.Undo())  # the mark goes first
    assert not open_items(folder.live().state())[0].done
    folder.execute(c.Undo())  # then the follow-up itself
    assert open_items(folder.live().state()) == []


def test_a_reopened_session_is_no_longer_history_in_the_index_cache(folder: DataFolder, clock):
    import json

    from ipstui.store.index import CACHE_FILE

    session_id, _ = folder.start("Mutuality", "Sam")
    folder.execute(c.EndSession())
    folder.sessions()
    cache = folder.root / CACHE_FILE
    assert session_id in json.loads(cache.read_text())["sessions"]
    folder.execute(c.Undo())
    assert session_id not in json.loads(cache.read_text())["sessions"]
    # Damaged now, it is the live session's file: nothing starts past it.
    (folder.root / f"session-{session_id}.json").write_text("{")
    other = DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2")
    with pytest.raises(StoreError, match="damaged"):
        other.start("Another", "Kim")


def test_a_damaged_session_file_is_removed_only_with_force(folder: DataFolder, clock):
    first = close(folder, "Mutuality", "Sam", "Ana")
    clock.advance(3600)
    stray = close(folder, "Oops", "Sam")
    path = folder.root / f"session-{stray}.json"
    path.write_text('{"events": ')
    fresh = DataFolder(folder.root, clock=clock, actor="kim", terminal="test:2")
    with pytest.raises(StoreError, match=f"session-{stray}.json.*recover.*; or pass --force to remove it as it is"):
        fresh.remove_session(stray)
    assert path.read_text() == '{"events": '
    assert fresh.remove_session(stray, force=True) == (
        f"removed the damaged file of session {stray}; it is kept as session-{stray}.json.removed")
    assert [s.id for s in fresh.sessions()] == [first]
    assert (folder.root / f"session-{stray}.json.removed").read_text() == '{"events": '
