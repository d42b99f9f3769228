"""Zoom's saved chat in each of its forms (fixtures in tests/fixtures/zoom)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipstui.domain import commands as c
from ipstui.integrations.zoom_chat import absolute, keyed, parse_chat
from tests.helpers import Driver

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zoom"


def parsed(name: str, text: str | None = None, known=()):
    return parse_chat(text if text is not None else (FIXTURES / name).read_text("utf-8"), name, known)


def summary(messages) -> list[tuple]:
    return [(m.clock, m.author, m.direct, m.text, m.reply_to, m.reaction) for m in messages]


def test_current_form_with_multiline_bodies_replies_reactions_and_direct_messages():
    messages, problems = parsed("current.txt")
    assert problems == []
    assert summary(messages) == [
        ("17:20:01", "Ana García", False, "Hello everyone!\nSecond line of the same message.", None, False),
        ("17:21:15", "Tom", False, "[bold]not markup[/]", None, False),
        ("17:22:00", "Ana to Bea", False, 'My name has " to " in it', None, False),
        ("17:23:30", "Maya", True, "I need to leave early, please do not read this", None, False),
        ("17:24:00", "Zoë  Double", False, "Hi Ana!", "Hello everyone!", False),
        ("17:24:30", "Tom", False, 'Reacted to "Hello everyone!" with 👍', None, True),
        ("17:25:00", "Wen", False, "", None, False),
        ("17:26:00", "Maya", True, "another private one", None, False),
    ]


def test_older_form_with_unindented_continuations_and_privately():
    messages, problems = parsed("older.txt")
    assert problems == []
    assert summary(messages) == [
        ("17:20:01", "Ana García", False, "Hello everyone!\nthis line continues the message", None, False),
        ("17:21:15", "Ana to Bea", False, "names with to", None, False),
        ("17:23:30", "Maya", True, "please do not read this", None, False),
        ("17:24:00", "Tom", False, "", None, False),
    ]


def test_oldest_and_cloud_forms():
    assert [(m.author, m.text) for m in parsed("oldest.txt")[0]] == [
        ("Ana", "Hello from the oldest form"), ("José Núñez", "¿Qué tal?")]
    assert [(m.author, m.text) for m in parsed("cloud.txt")[0]] == [
        ("Ana García", "Hello from a cloud recording"), ("Tom", "second")]


def test_crlf_line_ends_and_a_byte_order_mark():
    text = "\ufeff" + (FIXTURES / "current.txt").read_text("utf-8").replace("\n", "\r\n")
    assert summary(parsed("crlf.txt", text)[0]) == summary(parsed("current.txt")[0])


def test_a_line_that_is_no_chat_is_named_with_its_line():
    messages, problems = parsed("bad.txt")
    assert [str(p) for p in problems] == ["bad.txt:1: text before the first message (not a Zoom chat line)"]
    assert [m.text for m in messages] == ["hi"]


def test_a_direct_message_between_names_with_to_uses_the_people_present():
    text = "17:20:00 From Ana to Bea to Sam(Direct Message):\n\tpsst\n"
    (message,), _ = parsed("dm.txt", text, known=["Ana to Bea"])
    assert (message.author, message.recipient, message.direct) == ("Ana to Bea", "Sam", True)


def test_keys_are_stable_and_identical_messages_stay_distinct():
    text = "17:20:00 From Ana to Everyone:\n\tyes\n17:20:00 From Ana to Everyone:\n\tyes\n"
    first = [key for key, _ in keyed(parsed("x", text)[0])]
    again = [key for key, _ in keyed(parsed("x", text)[0])]
    assert first == again and len(set(first)) == 2


def test_times_of_day_become_moments_on_the_session_date():
    started = datetime(2026, 11, 28, 22, 15, tzinfo=timezone.utc)  # 17:15 in New York
    assert absolute("17:20:01", started, "America/New_York").isoformat() == "2026-11-28T17:20:01-05:00"
    late = datetime(2026, 11, 29, 4, 50, tzinfo=timezone.utc)  # 23:50 New York
    assert absolute("00:05:00", late, "America/New_York").isoformat() == "2026-11-29T00:05:00-05:00"


def test_importing_twice_never_duplicates():
    d = Driver()
    messages, _ = parsed("current.txt")
    items = tuple(c.ChatItem(key, m.author, m.text, d.clock.now(), m.direct, m.reply_to)
                  for key, m in keyed(messages) if m.text and not m.reaction)
    first = d.do(c.ImportChatComments(items))
    assert first.message == "imported 6 comments (2 private)"
    again = d.do(c.ImportChatComments(items))
    assert not again.changed and "6 already here" in again.message
    assert [x.private_reason for x in d.state.comments.values()] == [None, None, None, "direct message", None, "direct message"]
    assert d.state.comments[5].reply_to == "Hello everyone!"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_the_parser_never_crashes_and_every_line_is_accounted_for(text):
    messages, problems = parse_chat(text, "fuzz.txt")
    assert all(p.line >= 1 for p in problems)
    assert all(m.author for m in messages)


@pytest.mark.parametrize("name", ["current.txt", "older.txt", "oldest.txt", "cloud.txt"])
def test_every_fixture_parses_without_problems(name):
    messages, problems = parsed(name)
    assert messages and problems == []


def test_the_oldest_form_keeps_colons_and_to_in_the_text():
    (message,), _ = parsed("x", "17:20:01\t From  Ana : I want to say: hi\n")
    assert (message.author, message.text) == ("Ana", "I want to say: hi")


def test_participants_report_with_a_meeting_block_rejoins_and_the_waiting_room():
    from ipstui.integrations.zoom_participants import parse_participants

    attendees, problems, waiting = parse_participants((FIXTURES / "participants_meeting_block.csv").read_text("utf-8"))
    assert problems == [] and waiting == 1
    assert [(a.name, a.minutes, a.joins) for a in attendees] == [
        ("Maya", 85, 1), ("Ana García", 74, 2), ('Sam, the "quiet" one', 75, 1)]


def test_participants_report_with_newer_column_names_and_crlf():
    from ipstui.integrations.zoom_participants import parse_participants

    attendees, problems, _ = parse_participants((FIXTURES / "participants_new_columns.csv").read_text("utf-8"))
    assert problems == [] and [(a.name, a.minutes, a.joins) for a in attendees] == [("Zoë Ñandú", 70, 2), ("Tom", 75, 1)]


def test_a_participants_report_problem_names_the_line():
    from ipstui.integrations.zoom_participants import parse_participants

    text = "Name,Duration (Minutes)\nAna,20\nBen,twenty\n,5\n"
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert [a.name for a in attendees] == ["Ana"]
    assert [str(p) for p in problems] == ["p.csv:3: duration 'twenty' is not a number of minutes", "p.csv:4: a row without a name"]
    assert [str(p) for p in parse_participants("hello\n", "p.csv")[1]] == [
        "p.csv:1: no participants header (a Name column and a Duration column)"]


def test_only_newlines_end_a_line_so_separators_in_a_message_stay_in_it():
    text = "17:20:01 From Ana\u2028Lee to Everyone:\n\tone\x85two\u2029three\x1cfour\n17:20:02 From Ben to Everyone:\n\tnext\n"
    messages, problems = parse_chat(text)
    assert problems == []
    assert [(m.author, m.text) for m in messages] == [("Ana\u2028Lee", "one\x85two\u2029three\x1cfour"), ("Ben", "next")]
