"""Editing this session's agenda: events in the log, refused where they make no sense, undone like any action."""

from __future__ import annotations

import pytest

from ipstui.domain.agenda import (
    AddAgendaItem,
    MoveAgendaItem,
    RemoveAgendaItem,
    RenameAgendaItem,
    RetimeAgendaItem,
)
from ipstui.domain.commands import EndSession, NextAgendaItem, Undo
from ipstui.domain.events import Event, EventType, describe
from ipstui.domain.outcome import CommandError
from ipstui.domain.state import SessionState
from tests.helpers import Driver


def titles(driver: Driver) -> list[tuple[str, int]]:
    return [(item.title, item.planned_minutes) for item in driver.state.agenda]


def test_add_rename_retime_move_remove_are_events_the_state_folds():
    d = Driver()
    d.do(AddAgendaItem("Break", 5, position=3))
    assert titles(d)[2] == ("Break", 5)
    d.do(RenameAgendaItem(3, "Stretch break"))
    d.do(RetimeAgendaItem("stretch", 7))
    d.do(MoveAgendaItem("Stretch break", step=1))
    assert titles(d)[3] == ("Stretch break", 7)
    d.do(RemoveAgendaItem(4))
    assert [t for t, _ in titles(d)] == ["Welcome and agreement", "Check-in", "Reading",
                                         "Discussion and practice", "Closing and next moderator"]
    kinds = [e.type for e in d.state.log[-5:]]
    assert kinds == [EventType.AGENDA_ITEM_ADDED, EventType.AGENDA_ITEM_RENAMED, EventType.AGENDA_ITEM_RETIMED,
                     EventType.AGENDA_ITEM_MOVED, EventType.AGENDA_ITEM_REMOVED]
    # Folded again from the log alone, the agenda is the same.
    assert [(i.title, i.planned_minutes) for i in SessionState.fold(d.state.log).agenda] == titles(d)


def test_add_goes_at_the_end_by_default_and_never_before_the_running_item():
    d = Driver()
    d.do(NextAgendaItem())
    outcome = d.do(AddAgendaItem("Poem", 3))
    assert titles(d)[-1] == ("Poem", 3) and "item 6" in outcome.message
    with pytest.raises(CommandError, match="after the running item"):
        d.do(AddAgendaItem("Too early", 3, position=2))
    with pytest.raises(CommandError, match="planned minutes"):
        d.do(AddAgendaItem("Zero", 0))
    with pytest.raises(CommandError, match="blank"):
        d.do(AddAgendaItem("   ", 5))


def test_the_running_item_may_be_retimed_and_renamed_but_not_removed_or_moved():
    d = Driver()
    d.do(NextAgendaItem())  # Check-in runs
    d.do(RetimeAgendaItem(2, 20))
    d.do(RenameAgendaItem(2, "Check-in round"))
    assert d.state.current_segment().title == "Check-in round"
    assert d.state.current_segment().planned_minutes == 20
    with pytest.raises(CommandError, match="running now"):
        d.do(RemoveAgendaItem(2))
    with pytest.raises(CommandError, match="running now"):
        d.do(MoveAgendaItem(2, to=4))
    with pytest.raises(CommandError, match="already run"):
        d.do(RemoveAgendaItem(1))
    with pytest.raises(CommandError, match="already run"):
        d.do(RetimeAgendaItem(1, 30))
    with pytest.raises(CommandError, match="after the running item"):
        d.do(MoveAgendaItem(4, to=2))
    with pytest.raises(CommandError, match="already the next item"):
        d.do(MoveAgendaItem(3, step=-1))
    with pytest.raises(CommandError, match="already the last item"):
        d.do(MoveAgendaItem(5, step=1))


def test_items_are_named_by_number_or_title_with_clear_errors():
    d = Driver()
    with pytest.raises(CommandError, match="no agenda item 9: the agenda has items 1 to 5"):
        d.do(RemoveAgendaItem(9))
    with pytest.raises(CommandError, match="no agenda item is called 'Lunch'"):
        d.do(RemoveAgendaItem("Lunch"))
    d.do(AddAgendaItem("Reading aloud", 5))
    with pytest.raises(CommandError, match="could be item .*say which by number"):
        d.do(RetimeAgendaItem("read", 5))
    d.do(RetimeAgendaItem("reading", 10))  # the exact title wins over a prefix
    assert titles(d)[2] == ("Reading", 10)


def test_an_edit_made_on_a_stale_view_changes_nothing():
    d = Driver()
    d.do(MoveAgendaItem(5, to=2))
    with pytest.raises(CommandError, match="changed meanwhile"):
        d.do(RemoveAgendaItem(2, expect="Check-in"))
    assert len(d.state.agenda) == 5


def test_no_change_appends_nothing():
    d = Driver()
    before = d.state.last_seq
    assert not d.do(RenameAgendaItem(3, "Reading")).changed
    assert not d.do(RetimeAgendaItem(3, 15)).changed
    assert d.state.last_seq == before


def test_edits_are_undone_like_any_action_and_the_timeline_names_them():
    d = Driver()
    d.do(RemoveAgendaItem("Reading"))
    assert "Reading" not in [t for t, _ in titles(d)]
    assert describe(EventType.AGENDA_ITEM_REMOVED, dict(d.state.log[-1].data)) == "agenda item 'Reading' removed"
    outcome = d.do(Undo())
    assert "agenda item 'Reading' removed" in outcome.message
    assert titles(d)[2] == ("Reading", 15)


def test_the_projected_end_follows_a_retimed_item():
    d = Driver()
    before = d.state.projected_end(d.clock.now())
    d.do(RetimeAgendaItem(4, 35))
    assert (d.state.projected_end(d.clock.now()) - before).total_seconds() == 600


def test_an_undo_that_later_edits_depend_on_is_refused():
    d = Driver()
    d.do(AddAgendaItem("Poem", 3))
    d.do(NextAgendaItem())
    d.do(MoveAgendaItem("Poem", to=3))
    # Undoing the add would leave the move naming a place that is not there.
    from ipstui.domain.undo import plan_action

    add = next(e.action for e in d.state.log if e.type is EventType.AGENDA_ITEM_ADDED)
    with pytest.raises(CommandError, match="depends on it"):
        plan_action(d.state, add)


def test_a_damaged_log_that_edits_the_running_item_away_does_not_fold():
    d = Driver()
    log = list(d.state.log)
    bad = Event(len(log) + 1, EventType.AGENDA_ITEM_REMOVED, d.clock.now(), len(log) + 1, "x", "t",
                {"index": 0, "title": "Welcome and agreement"})
    with pytest.raises(ValueError):
        SessionState.fold([*log, bad])
    worse = Event(len(log) + 1, EventType.AGENDA_ITEM_ADDED, d.clock.now(), len(log) + 1, "x", "t",
                  {"index": 2, "title": 7, "planned_minutes": 5})
    with pytest.raises(TypeError):
        SessionState.fold([*log, worse])


def test_no_edit_after_the_end():
    d = Driver()
    d.do(EndSession())
    with pytest.raises(CommandError, match="ended"):
        d.do(AddAgendaItem("Late", 5))


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_EDITS = st.one_of(
    st.builds(lambda n, m, at: AddAgendaItem(n, m, at), st.sampled_from(["Poem", "Break", "Round"]),
              st.integers(-1, 30), st.one_of(st.none(), st.integers(0, 9))),
    st.builds(RemoveAgendaItem, st.integers(0, 9)),
    st.builds(RenameAgendaItem, st.integers(0, 9), st.sampled_from(["A", "B", " "])),
    st.builds(RetimeAgendaItem, st.integers(0, 9), st.integers(0, 30)),
    st.builds(lambda n, to, step: MoveAgendaItem(n, to=to, step=step), st.integers(0, 9),
              st.one_of(st.none(), st.integers(0, 9)), st.sampled_from([-1, 1])),
    st.just(NextAgendaItem()),
    st.just(Undo(anyone=True)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_EDITS, max_size=25))
def test_any_sequence_of_edits_either_applies_or_changes_nothing_and_the_log_folds_to_the_same_agenda(edits):
    d = Driver()
    for edit in edits:
        before = [(i.title, i.planned_minutes, i.started_at) for i in d.state.agenda]
        try:
            d.do(edit)
        except CommandError:
            assert [(i.title, i.planned_minutes, i.started_at) for i in d.state.agenda] == before
        state = d.state
        assert 0 <= state.agenda_index < len(state.agenda)
        # Whatever has run keeps its place and its start; the running item has begun, no later one has.
        assert all(item.started_at is not None for item in state.agenda[:state.agenda_index + 1])
        assert all(item.started_at is None for item in state.agenda[state.agenda_index + 1:])
        assert all(1 <= item.planned_minutes and item.title.strip() for item in state.agenda)
    again = SessionState.fold(d.state.log)
    assert [(i.title, i.planned_minutes) for i in again.agenda] == titles(d)
    assert again.agenda_index == d.state.agenda_index


def test_an_undo_that_would_make_a_later_edit_act_on_another_item_is_refused():
    d = Driver()
    d.do(AddAgendaItem("Poem", 3, position=3))
    d.do(RemoveAgendaItem("Reading"))  # item 4 now; without the poem it would be item 3's neighbour
    add = next(e.action for e in d.state.log if e.type is EventType.AGENDA_ITEM_ADDED)
    from ipstui.domain.undo import plan_action

    with pytest.raises(CommandError, match="depends on it"):
        plan_action(d.state, add)
    assert "Discussion and practice" in [t for t, _ in titles(d)]


def test_the_timeline_and_the_report_see_the_edited_agenda():
    from ipstui.domain.analysis import timeline
    from ipstui.reports.session_report import render

    d = Driver()
    d.do(AddAgendaItem("Poem [x]", 4, position=2))
    d.do(RetimeAgendaItem(1, 12))
    rows = [row.text for row in timeline(d.state)]
    assert "agenda item 'Poem [x]' added (4 min)" in rows
    assert "agenda item 'Welcome and agreement' now 12 min (was 10)" in rows
    import json

    agenda = json.loads(render(d.state, d.clock.now(), "json"))["agenda"]
    assert [(item["title"], item["planned_minutes"]) for item in agenda[:2]] == [("Welcome and agreement", 12),
                                                                                ("Poem [x]", 4)]
