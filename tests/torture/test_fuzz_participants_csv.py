"""Zoom participants reports: any CSV records the rows it can read and names the rest by line, or exits 2 in one line."""

from __future__ import annotations

import csv
import io
import math
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ipstui.domain.clock import ManualClock
from ipstui.domain.state import MOST_MINUTES
from ipstui.domain.text import clean_name, name_key, terminal_safe
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
    ["NAME (ORIGINAL NAME)", "USER EMAIL", "JOIN TIME", "LEAVE TIME", "DURATION (MINUTES)", "GUEST", "IN WAITING ROOM"],
    ["Name (Original Name)", "User Email", "Total Duration (Minutes)", "Guest"],
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
FORMS = ["%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%b %d, %Y %I:%M %p"]
GOOD_TIME = st.builds(lambda at, form: at.strftime(form),
                      st.datetimes(datetime(2026, 11, 27), datetime(2026, 11, 30)), st.sampled_from(FORMS))
# A time cell on its own: mostly as Zoom writes it (a leave may then come before its join), some blank, some not times.
TIME = st.one_of(GOOD_TIME, GOOD_TIME, GOOD_TIME, st.just(""), CELL,
                 st.sampled_from(["13/45/2026 25:00", "Nov 31, 2026 05:10 PM", "2026-11-28 17:10:00+01:00"]))
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
            if "uration" in title or "URATION" in title:
                row[at] = draw(DURATION, label="duration")
            elif "ame" in title or "AME" in title or title == "Participant":
                row[at] = draw(NAME, label="name")
            elif title.casefold() in ("join time", "leave time"):
                row[at] = draw(TIME, label="time")
            elif "aiting" in title or "AITING" in title:
                row[at] = draw(st.sampled_from(["No", "No", "Yes", ""]), label="waiting")
        times = [at for at, title in enumerate(header) if title.casefold() in ("join time", "leave time")]
        if times and draw(st.integers(0, 3), label="connection") > 0:
            # Mostly a connection as Zoom writes it: the leave a few minutes to hours after the join.
            join = draw(st.datetimes(datetime(2026, 11, 27), datetime(2026, 11, 30)), label="join")
            leave = join + timedelta(seconds=draw(st.integers(0, 5 * 3600), label="connected"))
            form = draw(st.sampled_from(FORMS), label="form")
            row[times[0]], row[times[1]] = join.strftime(form), leave.strftime(form)
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
    event("recorded, rows skipped" if attendees and problems else "recorded" if attendees else "nothing to record")
    for problem in problems:
        assert 1 <= problem.line <= text.count("\n") + 2 and "\n" not in str(problem)
    assert [problem.line for problem in problems] == sorted(problem.line for problem in problems)
    for attendee in attendees:
        assert clean_name(attendee.name) == attendee.name
        assert math.isfinite(attendee.minutes) and 0 <= attendee.minutes <= MOST_MINUTES and attendee.joins >= 1
    assert waiting >= 0
    ledger.tried()


@pytest.mark.reliability("fuzz", "participants CSV through ipstui roster import")
@settings(FUZZ, max_examples=25)
@given(raw=reports())
def test_roster_import_records_the_readable_rows_or_exits_2_in_one_line(ledger, raw):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "db"
        folder = DataFolder(root, clock=ManualClock(T0), actor="sam", terminal="test:1")
        folder.start("Mutuality", "Sam")
        report = Path(scratch) / "participants.csv"
        report.write_bytes(raw)
        session = folder.live().path
        before = session.read_bytes()
        cli = Cli(root)
        result = cli("roster", "import", str(report), check=False)
        assert_clean_exit(result)
        attendees, problems, _ = parse_participants(decoded(raw), str(report))
        if attendees:
            assert result.code == 0
            recorded = {name_key(p.name): p.minutes_attended for p in folder.live().state().participants.values()}
            expected: dict[str, float] = {}
            for attendee in attendees:  # the session knows people by name: one name's rows add up
                expected[name_key(attendee.name)] = expected.get(name_key(attendee.name), 0) + attendee.minutes
            assert all(recorded[key] == round(minutes, 1) for key, minutes in expected.items())
            # Every row left out is named, with its line, one per line after the summary.
            out = result.out.splitlines()
            summary = next(line for line in out if line.startswith("recorded attendance"))
            assert ("skipped " in summary) == bool(problems)
            named = out[out.index(summary) + 1:]
            assert named == [f"  skipped {terminal_safe(str(problem))}" for problem in problems[:20]] + (
                [f"  and {len(problems) - 20} more"] if len(problems) > 20 else [])
        else:
            assert result.code == 2 and result.out == ""
            assert not problems or terminal_safe(str(problems[0])) in result.err
            assert session.read_bytes() == before
        # Whatever was recorded, the folder reads back.
        assert cli("report", "--format", "json", check=False).code == 0
        event("refused" if result.code else "recorded, rows skipped" if problems else "recorded")
    ledger.tried()


def test_durations_that_are_no_count_of_minutes_are_problems_of_their_line():
    text = "Name,Duration (Minutes)\nAna,nan\nBen,-5\nCy,1e400\nDi,inf\nEd,12.5\n"
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert [(a.name, a.minutes) for a in attendees] == [("Ed", 12.5)]
    assert [p.line for p in problems] == [2, 3, 4, 5]


def test_a_field_beyond_the_csv_limit_is_a_problem_of_its_line_not_a_crash():
    text = 'Name,Duration (Minutes)\nAna,"' + "x" * 200_000 + '"\nBen,5\n'
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert [a.name for a in attendees] == ["Ben"]
    assert [p.line for p in problems] == [2] and "not a CSV row as Zoom writes it" in str(problems[0])


def test_a_name_of_undecodable_bytes_only_is_a_row_without_a_name_on_its_line():
    text = decoded(b'Name,Duration (Minutes)\n"multi\nline",5\n\xff\xfe,5\n')
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert [a.name for a in attendees] == ["multi\nline"]
    assert [str(p) for p in problems] == ["p.csv:4: a row without a name"]
