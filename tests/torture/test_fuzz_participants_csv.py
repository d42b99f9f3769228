"""Zoom participants reports: any CSV is recorded whole or refused in one line naming its rows."""

from __future__ import annotations

import csv
import io
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipstui.domain.clock import ManualClock
from ipstui.domain.text import clean_name, name_key
from ipstui.integrations.zoom_participants import parse_participants
from ipstui.store import DataFolder
from tests.e2e.conftest import Cli
from tests.helpers import T0
from tests.torture.test_fuzz_damaged_files import assert_clean_exit

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])
HEADERS = [
    ["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest", "In Waiting Room"],
    ["Name (original name)", "Email", "Join time", "Leave time", "Duration (minutes)", "Guest"],
    ["Participant", "Total Duration (Minutes)"],
    ["Name", "Email"],  # no duration column
    ["Duration (Minutes)"],  # no name column
]
MEETING_BLOCK = [["Meeting ID", "Topic", "Start Time", "End Time", "User Email", "Duration (Minutes)", "Participants"],
                 ["119362879", "IPS", "11/28/2026 05:10:00 PM", "11/28/2026 06:35:00 PM", "h@example.org", "85", "5"], []]
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "Yes", "No", "Ana", "ana@example.org", '"quoted"', "a,b", "line\nbreak", "\x1b[31mred", "\u202e"]),
)
GOOD_DURATION = st.one_of(st.integers(0, 600).map(str), st.sampled_from(["", " 7 ", "12.5"]))
# Mostly good durations, so that whole reports get recorded too.
DURATION = st.one_of(
    GOOD_DURATION, GOOD_DURATION, GOOD_DURATION, GOOD_DURATION,
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["-5", "nan", "inf", "1e400", "twenty", "1,5", "0x10", "٣"]),
)
NAME = st.one_of(st.sampled_from(["Ana", "Ana García", "ben", 'Sam, the "quiet" one', "[b]x[/b]", "Zoë‍Ñ", "]0;xEve"]),
                 st.sampled_from(["Maya", "Tom"]), CELL)


@st.composite
def reports(draw) -> bytes:
    """A participants report as Zoom writes it, or bent: columns missing, odd cells, huge fields, bad bytes."""
    header = draw(st.sampled_from(HEADERS), label="header")
    rows = [list(MEETING_BLOCK[0]), list(MEETING_BLOCK[1]), []] if draw(st.booleans(), label="block") else []
    rows.append(list(header))
    for _ in range(draw(st.integers(0, 5), label="rows")):
        row = [draw(CELL) for _ in header]
        for at, title in enumerate(header):
            if "uration" in title:
                row[at] = draw(DURATION, label="duration")
            elif "ame" in title or title == "Participant":
                row[at] = draw(NAME, label="name")
            elif "Waiting" in title:
                row[at] = draw(st.sampled_from(["No", "No", "Yes", ""]), label="waiting")
        if draw(st.integers(0, 19), label="cut") == 0:
            row = row[: draw(st.integers(0, len(row)))]
        rows.append(row)
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\r\n", "\n"]), label="line end")).writerows(rows)
    raw = out.getvalue().encode("utf-8", "surrogatepass")
    if draw(st.booleans(), label="bom"):
        raw = b"\xef\xbb\xbf" + raw
    bend = draw(st.sampled_from(["none", "none", "none", "bytes", "huge", "quote"]), label="bend")
    at = draw(st.integers(0, len(raw)), label="at")
    if bend == "bytes":
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=4), label="bytes") + raw[at:]
    elif bend == "huge":
        raw = raw + b'Big,"' + b"x" * 200_000 + b'",3\n'
    elif bend == "quote":
        raw = raw[:at] + b'"' + raw[at:]
    return raw


def decoded(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


@pytest.mark.reliability("fuzz", "participants CSV bent in shape, cells, size and encoding")
@FUZZ
@given(raw=st.one_of(reports(), st.binary(max_size=300)))
def test_any_report_gives_sound_attendees_or_problems_by_line(ledger, raw):
    text = decoded(raw)
    attendees, problems, waiting = parse_participants(text, "p.csv")
    event("refused" if problems else "recorded" if attendees else "nobody")
    for problem in problems:
        assert 1 <= problem.line <= text.count("\n") + 2 and "\n" not in str(problem)
    for attendee in attendees:
        assert clean_name(attendee.name) == attendee.name
        assert math.isfinite(attendee.minutes) and attendee.minutes >= 0 and attendee.joins >= 1
    assert waiting >= 0
    ledger.tried()


@pytest.mark.reliability("fuzz", "participants CSV through ipstui roster import")
@settings(FUZZ, max_examples=25)
@given(raw=reports())
def test_roster_import_records_the_report_or_exits_2_in_one_line(ledger, raw):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "db"
        folder = DataFolder(root, clock=ManualClock(T0), actor="sam", terminal="test:1")
        folder.start("Mutuality", "Sam")
        report = Path(scratch) / "participants.csv"
        report.write_bytes(raw)
        session = folder.live().path
        before = session.read_bytes()
        result = Cli(root)("roster", "import", str(report), check=False)
        assert_clean_exit(result)
        attendees, problems, _ = parse_participants(decoded(raw), str(report))
        if result.code == 0:
            recorded = {name_key(p.name): p.minutes_attended for p in folder.live().state().participants.values()}
            expected: dict[str, float] = {}
            for attendee in attendees:  # the session knows people by name: one name's rows add up
                expected[name_key(attendee.name)] = expected.get(name_key(attendee.name), 0) + attendee.minutes
            assert all(recorded[key] == round(minutes, 1) for key, minutes in expected.items())
        else:
            assert problems and str(problems[0]) in result.err
            assert session.read_bytes() == before
        event("refused" if result.code else "recorded")
    ledger.tried()


def test_durations_that_are_no_count_of_minutes_are_problems_of_their_line():
    text = "Name,Duration (Minutes)\nAna,nan\nBen,-5\nCy,1e400\nDi,inf\nEd,12.5\n"
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert [(a.name, a.minutes) for a in attendees] == [("Ed", 12.5)]
    assert [p.line for p in problems] == [2, 3, 4, 5]


def test_a_field_beyond_the_csv_limit_is_a_problem_not_a_crash():
    text = 'Name,Duration (Minutes)\nAna,"' + "x" * 200_000 + '"\n'
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert attendees == [] and "not a CSV file as Zoom writes it" in str(problems[0])


def test_a_name_of_undecodable_bytes_only_is_a_row_without_a_name_on_its_line():
    text = decoded(b'Name,Duration (Minutes)\n"multi\nline",5\n\xff\xfe,5\n')
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert [a.name for a in attendees] == ["multi\nline"]
    assert [str(p) for p in problems] == ["p.csv:4: a row without a name"]
