"""Zoom's participants report in each form Zoom writes (fixtures in tests/fixtures/zoom): time actually connected."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipstui.domain.clock import ManualClock
from ipstui.integrations.attendance_import import AttendanceFileError, import_attendance
from ipstui.integrations.zoom_participants import parse_participants
from ipstui.store import DataFolder
from tests.helpers import T0

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zoom"


def parsed(name: str):
    attendees, problems, waiting = parse_participants((FIXTURES / name).read_text("utf-8"), name)
    return [(a.name, a.minutes, a.joins) for a in attendees], [str(p) for p in problems], waiting


@pytest.mark.parametrize("name, people, waiting", [
    # The meeting block first, US times with AM/PM, a person who left and came back, one in the waiting room.
    ("participants_meeting_block.csv", [("Maya", 85, 1), ("Ana García", 74, 2), ('Sam, the "quiet" one', 75, 1)], 1),
    # Lower-case headers, "Email", ISO times, CRLF.
    ("participants_new_columns.csv", [("Zoë Ñandú", 70, 2), ("Tom", 75, 1)], 0),
    # One row per person, no times: their Total Duration; a BOM and CRLF.
    ("participants_unique_users.csv", [("Maya", 85, 1), ("Ana García", 74, 1), ('Sam, the "quiet" one', 75, 1)], 0),
    # Upper-case headers and block, 2026/11/28 without seconds, emails in two cases, waiting "yes" and "TRUE".
    ("participants_upper_case.csv", [("Maya", 85, 2), ("Leo", 50, 1)], 2),
    # Two devices at once, a meeting past midnight, 12-hour times without seconds.
    ("participants_phone_and_laptop.csv", [("Ana", 120, 2), ("Ben", 75, 1), ("Cy", 70, 3)], 0),
    # "Nov 28, 2026 05:10:00 PM" with and without seconds; half a minute counts.
    ("participants_month_names.csv", [("Maya", 85, 1), ("Tom", 75, 1), ("Wen", 29.5, 1)], 0),
    # Times Zoom left blank: that row's Duration cell.
    ("participants_blank_times.csv", [("Ana", 50, 2), ("Ben", 45, 1)], 0),
])
def test_each_form_zoom_writes_gives_its_people_minutes_and_joins(name, people, waiting):
    assert parsed(name) == (people, [], waiting)


def test_a_phone_and_a_laptop_connected_at_once_count_once():
    people, _, _ = parsed("participants_phone_and_laptop.csv")
    # 17:00-19:00 and 17:15-19:00: two rows of 120 and 105 minutes, two hours connected.
    assert people[0] == ("Ana", 120, 2)
    # 17:00-17:30, 17:20-18:00, 18:30-18:40: 80 minutes of Duration cells, 70 connected.
    assert people[2] == ("Cy", 70, 3)


def test_rows_that_cannot_be_read_are_named_by_line_and_the_rest_kept():
    people, problems, waiting = parsed("participants_skipped_rows.csv")
    assert people == [("Maya", 85, 1), ("Tom", 75, 1)] and waiting == 0
    assert problems == [
        "participants_skipped_rows.csv:6: leaves (11/28/2026 05:10:00 PM) before joining (11/28/2026 06:35:00 PM)",
        "participants_skipped_rows.csv:7: leave time 'sometime' is not a time as Zoom writes it",
        "participants_skipped_rows.csv:8: a row without a name",
        "participants_skipped_rows.csv:9: connected from 11/20/2026 05:10:00 PM to 11/28/2026 05:20:00 PM: "
        "longer than a week",
        "participants_skipped_rows.csv:10: 3 cells where the header has 7",
    ]


HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"


@pytest.mark.parametrize("join, leave", [
    ("11/28/2026 05:10:00 PM", "11/28/2026 06:35:00 PM"),
    ("11/28/2026 5:10 PM", "11/28/2026 6:35 pm"),
    ("11/28/2026 17:10:00", "11/28/2026 18:35:00"),
    ("11/28/2026 17:10", "11/28/2026 18:35"),
    ("2026-11-28 17:10:00", "2026-11-28 18:35:00"),
    ("2026-11-28 17:10", "2026-11-28 18:35"),
    ("2026/11/28 17:10:00", "2026/11/28 18:35:00"),
    ("2026/11/28 17:10", "2026/11/28 18:35"),
    ('"Nov 28, 2026 05:10:00 PM"', '"Nov 28, 2026 06:35:00 PM"'),
    ('"Nov 28, 2026 05:10 PM"', '"Nov 28, 2026 06:35 PM"'),
    ("11/28/2026 12:10 AM", "11/28/2026 01:35 AM"),
])
def test_every_time_form_zoom_writes_is_read_not_the_duration_cell(join, leave):
    # The Duration cell says 99: the times say 85 minutes, and the times are what was connected.
    attendees, problems, _ = parse_participants(HEADER + f"Maya,,{join},{leave},99,No\n", "p.csv")
    assert problems == [] and [(a.name, a.minutes) for a in attendees] == [("Maya", 85)]


@pytest.mark.parametrize("cell, reason", [
    ("28/11/2026 17:10", "join time '28/11/2026 17:10' is not a time as Zoom writes it"),
    ("11/28/2026 13:10 PM", "join time '11/28/2026 13:10 PM' is not a time as Zoom writes it"),
    ("Foo 28, 2026 05:10 PM", "join time 'Foo 28, 2026 05:10 PM' is not a time as Zoom writes it"),
    ("11/31/2026 17:10", "join time '11/31/2026 17:10' is not a time as Zoom writes it"),
    ("\x1b[31m11/28/2026 17:10:00 and more text after it",
     "join time '\\x1b[31m11/28/2026 17:10:00 and mor...' is not a time as Zoom writes it"),
])
def test_a_time_zoom_would_not_write_skips_its_row_with_the_reason(cell, reason):
    text = HEADER + f'Maya,,"{cell}",11/28/2026 18:35:00,85,No\nTom,,11/28/2026 17:15:00,11/28/2026 18:30:00,75,Yes\n'
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert [str(p) for p in problems] == [f"p.csv:2: {reason}"]
    assert [(a.name, a.minutes) for a in attendees] == [("Tom", 75)]


def test_timed_rows_are_a_union_and_untimed_rows_add_their_duration():
    text = HEADER + ("Ana,,11/28/2026 17:00:00,11/28/2026 18:00:00,60,No\n"
                     "Ana,,11/28/2026 17:30:00,11/28/2026 18:10:00,40,No\n"
                     "Ana,,,,15,No\n")
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert problems == [] and [(a.name, a.minutes, a.joins) for a in attendees] == [("Ana", 85, 3)]


def test_a_row_the_csv_reader_refuses_is_named_and_the_rows_after_it_kept():
    text = "Name,Duration (Minutes)\nAna,20\nBen\rx,30\nCy,40\n"
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert [(a.name, a.minutes) for a in attendees] == [("Ana", 20), ("Cy", 40)]
    assert [p.line for p in problems] == [3] and "not a CSV row as Zoom writes it" in str(problems[0])


def test_one_name_over_a_week_is_left_out_not_the_whole_report():
    week_apart = [datetime(2026, 11, 1, 9) + timedelta(days=6 * n) for n in range(3)]
    rows = [f"Ana,,{start:%m/%d/%Y %H:%M:%S},{start + timedelta(days=5):%m/%d/%Y %H:%M:%S},7200,No\n"
            for start in week_apart]
    text = HEADER + "".join(rows) + "Tom,,11/28/2026 17:15:00,11/28/2026 18:30:00,75,Yes\n"
    attendees, problems, _ = parse_participants(text, "p.csv")
    assert [(a.name, a.minutes) for a in attendees] == [("Tom", 75)]
    assert [str(p) for p in problems] == [
        "p.csv:2: this name's rows add up to 21600 minutes, more than a week: check the report"]


FORMS = ["%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%b %d, %Y %I:%M %p"]
START = datetime(2026, 11, 28, 16, 0)


@st.composite
def connections(draw):
    """Rows of up to three people, each a few connections (whole minutes from the start), in any order and form."""
    rows = []
    for person in ("Ana", "Ben", "Cy")[: draw(st.integers(1, 3))]:
        for _ in range(draw(st.integers(1, 5))):
            begin = draw(st.integers(0, 24 * 60))
            rows.append((person, begin, begin + draw(st.integers(0, 300)), draw(st.sampled_from(FORMS))))
    return draw(st.permutations(rows))


@given(rows=connections())
def test_minutes_are_the_minutes_in_which_someone_was_connected(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Name (Original Name)", "User Email", "Join Time", "Leave Time", "Duration (Minutes)", "Guest"])
    for name, begin, end, form in rows:
        join, leave = START + timedelta(minutes=begin), START + timedelta(minutes=end)
        writer.writerow([name, "", join.strftime(form), leave.strftime(form), end - begin, "Yes"])
    attendees, problems, _ = parse_participants(out.getvalue(), "p.csv")
    # Independently: every minute someone's connection covers, counted once.
    covered: dict[str, set[int]] = {}
    for name, begin, end, _ in rows:
        covered.setdefault(name, set()).update(range(begin, end))
    assert problems == []
    assert {a.name: (a.minutes, a.joins) for a in attendees} == {
        name: (len(minutes), sum(1 for row in rows if row[0] == name)) for name, minutes in covered.items()}


@pytest.fixture
def folder(tmp_path: Path) -> DataFolder:
    folder = DataFolder(tmp_path / "db", clock=ManualClock(T0), actor="sam", terminal="test:1")
    folder.start("Mutuality", "Sam")
    return folder


def test_an_import_records_what_it_can_read_and_names_what_it_skipped(folder: DataFolder):
    imported = import_attendance(FIXTURES / "participants_skipped_rows.csv", folder, "report.csv")
    minutes = {p.name: p.minutes_attended for p in folder.live().state().participants.values()}
    assert minutes == {"Sam": None, "Maya": 85, "Tom": 75}
    assert imported.lines() == ["Maya: 85 min", "Tom: 75 min"]
    summary = imported.summary(most=2)
    assert summary.startswith("recorded attendance of 2 people (2 added, 0 rejoined); skipped 5 rows: "
                              "report.csv:6: leaves") and summary.endswith("(and 3 more)")
    assert "report.csv:10: 3 cells where the header has 7" in imported.summary()


@pytest.mark.parametrize("text, said", [
    ("hello\n", "p.csv:1: no participants header (a Name column and a Duration column); nothing was recorded"),
    (HEADER, "p.csv: no one to record; nothing was recorded"),
    (HEADER + ",,,,5,No\n", "p.csv:2: a row without a name; nothing was recorded"),
    ("Name,Duration (Minutes),In Waiting Room\nAna,5,Yes\n",
     "p.csv: no one to record (1 waiting-room rows left out); nothing was recorded"),
])
def test_an_import_with_nothing_to_record_changes_nothing(folder: DataFolder, tmp_path: Path, text, said):
    report = tmp_path / "p.csv"
    report.write_text(text, encoding="utf-8")
    before = folder.live().path.read_bytes()
    with pytest.raises(AttendanceFileError) as refused:
        import_attendance(report, folder, "p.csv")
    assert str(refused.value) == said
    assert folder.live().path.read_bytes() == before
