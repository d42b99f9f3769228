"""Reports: the JSON record's exact shape, and shareable exports that keep private text out."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ipstui.domain import commands as c
from ipstui.domain.text import unsafe_chars
from ipstui.reports.safe import md_text, safe_json
from ipstui.reports.session_report import build_report, render
from tests.helpers import Driver

MARKER = "PRIVATE-MARKER-7f3a"


@pytest.fixture
def session() -> Driver:
    d = Driver()
    for name in ("Ana", "Ben"):
        d.do(c.AddParticipant(name))
    d.do(c.StartSpeaker("Ana"))
    d.wait(61)
    d.do(c.StartSpeaker("Ben"))
    d.do(c.RaiseHand("Ana"))
    d.wait(5)
    d.do(c.AddChatComment("Ana", "shared thought"))
    d.do(c.AddChatComment("Ben", f"{MARKER} direct", direct=True))
    d.do(c.AddChatComment("Ana", f"{MARKER} flagged", private=True))
    d.do(c.MarkComment())
    d.do(c.RemindAgreement(1))
    d.do(c.EndSession("Ben", "Ana"))
    return d


def test_json_report_has_exactly_the_spec_keys(session: Driver):
    report = build_report(session.state, session.clock.now())
    assert list(report) == ["session", "participants", "chat", "agenda", "agreement_reminders"]
    assert list(report["session"]) == [
        "id", "topic", "moderator", "started_at", "ended_at", "status", "next_moderator", "backup_moderator"]
    assert all(list(p) == ["name", "talk_seconds", "turns", "hands_raised"] for p in report["participants"])
    assert all(list(x) == ["id", "author", "text", "private", "status"] for x in report["chat"])
    assert all(list(a) == ["title", "planned_minutes", "actual_seconds"] for a in report["agenda"])
    assert report["agreement_reminders"][0]["item"] == 1
    people = {p["name"]: p for p in report["participants"]}
    assert people["Ana"] == {"name": "Ana", "talk_seconds": 61.0, "turns": 1, "hands_raised": 1}
    assert people["Ben"]["talk_seconds"] == 5.0
    assert [(x["private"], x["status"]) for x in report["chat"]] == [(False, "read"), (True, "unread"), (True, "unread")]
    assert report["session"]["status"] == "ended" and report["session"]["ended_at"].endswith("+00:00")
    assert sum(a["actual_seconds"] for a in report["agenda"]) == 66.0


def test_the_team_record_keeps_private_text_but_exports_do_not(session: Driver):
    now = session.clock.now()
    assert MARKER in render(session.state, now, "json")
    for fmt in ("md", "csv"):
        assert MARKER not in render(session.state, now, fmt)
    rows = list(csv.DictReader(io.StringIO(render(session.state, now, "csv"))))
    assert [r["text"] for r in rows if r["record"] == "chat"][0] == "shared thought"
    assert {r["name"] for r in rows if r["record"] == "participant"} == {"Sam", "Ana", "Ben"}


HOSTILE = ["[bold]x[/]", "[@click=app.quit]y[/]", "unclosed [", "\x1b[2J\x1b]0;pwned\x07", "\u202eevil",
           "שלום", "🙂", "n" * 10_000, "nul\x00", "\x9b31m", "*bold* _it_ <b>x</b> | # h"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_in_json_and_never_escapes_to_the_terminal(text):
    out = safe_json({"t": text})
    assert json.loads(out) == {"t": text}
    assert not (unsafe_chars(out) - {"\n"})


def test_markdown_shows_markup_literally():
    assert md_text("*bold* [x](y) <b>") == "\\*bold\\* \\[x\\](y) \\<b\\>"
    assert (md_text("- item"), md_text("12. twelve"), md_text("# h")) == ("\\- item", "12\\. twelve", "\\# h")
    assert md_text("a\x1bb") == "a\\\\x1bb"


def test_markdown_shows_a_line_separator_or_next_line_control_as_its_escape():
    assert md_text("a\x85b\u2028c") == "a\\\\x85b\\\\u2028c"
    assert md_text("a\r\nb\nc") == "a  \n  b  \n  c"


def test_the_shareable_markdown_gives_times_as_people_read_them(session: Driver):
    from zoneinfo import ZoneInfo

    md = render(session.state, session.clock.now(), "md", ZoneInfo("America/New_York"))
    started = session.state.started_at.astimezone(ZoneInfo("America/New_York"))
    assert f"- Started: {started:%Y-%m-%d %H:%M} EST" in md
    assert f"{started:%Y-%m-%dT%H}" not in md  # no ISO stamp with microseconds and offset
    assert "- Ended: " in md and "+00:00" not in md and "-05:00" not in md


def test_a_message_of_several_lines_keeps_its_line_breaks_in_csv():
    d = Driver()
    d.do(c.AddParticipant("Ana"))
    d.do(c.AddChatComment("Ana", "line one\nline two\x1b[31m"))
    rows = list(csv.reader(io.StringIO(render(d.state, d.clock.now(), "csv"))))
    text = next(row for row in rows if row[0] == "chat")[10]
    assert text.startswith("line one\nline two") and "\x1b" not in text and "\\x0a" not in text


@pytest.mark.parametrize("number, noun, plural, said", [
    (0, "comment", None, "0 comments"), (1, "comment", None, "1 comment"), (2, "ouch", None, "2 ouches"),
    (1, "bell", None, "1 bell"), (3, "person", "people", "3 people"), (1, "person", "people", "1 person"),
])
def test_a_count_says_its_noun_in_the_singular_only_for_one(number, noun, plural, said):
    from ipstui.domain.text import counted

    assert counted(number, noun, plural) == said


def test_what_the_command_line_was_told_reaches_the_timeline():
    from ipstui.domain.analysis import timeline

    d = Driver()
    for name in ("Ana", "Ben"):
        d.do(c.AddParticipant(name))
    d.do(c.StartSpeaker("Ben"))
    d.do(c.LogOuch("Ana", "Ben"))
    d.do(c.RingBell("Ana"))
    d.do(c.RequestBreakout(("Ana", "Ben"), "grief and loss"))
    d.do(c.NextAgendaItem())
    said = [row.text for row in timeline(d.state)][-4:]
    assert said == ["ouch (by Ana, with Ben)", "bell (rung by Ana, on the turn of Ben)",
                    "breakout request for Ana, Ben: grief and loss", "agenda: now Check-in (2 of 5)"]


def test_an_agenda_move_says_to_what_even_from_an_older_log():
    from ipstui.domain.events import EventType, describe

    assert describe(EventType.AGENDA_ADVANCED, {"index": 2, "title": "Reading", "of": 5}) == "agenda: now Reading (3 of 5)"
    # Logs written before the title rode along still say where the agenda went.
    assert describe(EventType.AGENDA_ADVANCED, {"index": 1}) == "agenda: now item 2"
    assert describe(EventType.AGENDA_ADVANCED, {"index": True}) == "agenda moved on"
