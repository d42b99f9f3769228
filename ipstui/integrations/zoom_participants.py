"""Zoom's participants report (CSV): who attended and for how long they were actually connected.

Zoom writes it in several forms: with the meeting block (Meeting ID, Topic, ... then a blank
line) before the participants' header or without; one row per connection (Join Time, Leave
Time, Duration) or one per person (the "unique users" form: Total Duration, no times); headers
in any case; a BOM and CRLF line ends. A person's attendance is the union of their connections,
so a phone and a laptop connected at once count once. A row that cannot be read is named by
its line and left out; it never throws away the rows that can be read.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime

from ipstui.domain.state import MOST_MINUTES
from ipstui.domain.text import clean_name, name_key
from ipstui.integrations.zoom_chat import ParseProblem


@dataclass(frozen=True)
class Attendee:
    """One person's attendance, all their rows (rejoins, second devices) together."""

    name: str
    email: str
    minutes: float
    joins: int


def _norm(header: str) -> str:
    return re.sub(r"[^a-z]", "", header.casefold())


_COLUMNS = {
    "name": ("nameoriginalname", "name", "participant", "username"),
    "email": ("useremail", "email"),
    "duration": ("durationminutes", "durationmins", "totaldurationminutes", "duration"),
    "join": ("jointime",),
    "leave": ("leavetime",),
    "waiting": ("inwaitingroom",),
}


def _find(header: list[str], column: str) -> int | None:
    normalized = [_norm(cell) for cell in header]
    for wanted in _COLUMNS[column]:
        if wanted in normalized:
            return normalized.index(wanted)
    return None


def _is_name(text: str) -> bool:
    try:
        clean_name(text)
    except ValueError:
        return False
    return True


def _shown(cell: str) -> str:
    """A cell quoted for a problem's one line: escaped by repr, cut short."""
    return repr(cell if len(cell) <= 32 else cell[:32] + "...")


def _minutes(cell: str) -> float | None:
    """A duration cell as minutes: blank is none; anything but a plain count up to a week is refused."""
    try:
        minutes = float(cell.strip() or 0)
    except ValueError:
        return None
    return minutes if 0 <= minutes <= MOST_MINUTES else None


_CLOCK = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:[\s\u00a0\u202f]*(?P<half>[AP]M))?"
_TIMES = [re.compile(pattern + r"\s+" + _CLOCK, re.ASCII | re.IGNORECASE) for pattern in (
    r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})",  # 11/28/2026
    r"(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})",  # 2026-11-28, 2026/11/28
    r"(?P<name>[A-Z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})",  # Nov 28, 2026
)]
# English, as Zoom writes them whatever the machine's locale.
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _month(name: str) -> int | None:
    for number, month in enumerate(_MONTHS, 1):
        if len(name) >= 3 and month.startswith(name.casefold()):
            return number
    return None


def _time(cell: str) -> datetime | None:
    """A join or leave cell as a (zone-less) time, in any of the forms Zoom writes; None if it is none."""
    for pattern in _TIMES:
        found = pattern.fullmatch(cell.strip())
        if found is None:
            continue
        parts = found.groupdict()
        month = _month(parts["name"]) if parts.get("name") else int(parts["month"])
        hour, half = int(parts["hour"]), (parts["half"] or "").upper()
        if half and not 1 <= hour <= 12:
            return None
        if half:
            hour = hour % 12 + (12 if half == "PM" else 0)
        try:
            return datetime(int(parts["year"]), month or 0, int(parts["day"]), hour, int(parts["minute"]),
                            int(parts["second"] or 0))
        except ValueError:
            return None
    return None


def _interval(row: list[str], join_at: int | None, leave_at: int | None) -> tuple[datetime, datetime] | str | None:
    """A row's connection as (join, leave); None when Zoom left a time out; a reason when it is unreadable."""
    if join_at is None or leave_at is None:
        return None
    cells = {"join": row[join_at], "leave": row[leave_at]}
    times = {what: _time(cell) for what, cell in cells.items()}
    for what, cell in cells.items():
        if cell.strip() and times[what] is None:
            return f"{what} time {_shown(cell)} is not a time as Zoom writes it"
    join, leave = times["join"], times["leave"]
    if join is None or leave is None:
        return None
    if leave < join:
        return f"leaves ({cells['leave'].strip()}) before joining ({cells['join'].strip()})"
    if (leave - join).total_seconds() > MOST_MINUTES * 60:
        return f"connected from {cells['join'].strip()} to {cells['leave'].strip()}: longer than a week"
    return join, leave


def connected_seconds(intervals: list[tuple[datetime, datetime]]) -> float:
    """How long at least one of `intervals` was open: overlapping connections count once."""
    merged: list[list[datetime]] = []
    for join, leave in sorted(intervals):
        if merged and join <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], leave)
        else:
            merged.append([join, leave])
    return sum((leave - join).total_seconds() for join, leave in merged)


@dataclass
class _Person:
    name: str
    email: str
    line: int
    intervals: list[tuple[datetime, datetime]] = field(default_factory=list)
    untimed: float = 0.0  # minutes from rows without times: their Duration cells
    joins: int = 0

    def minutes(self) -> float:
        return connected_seconds(self.intervals) / 60 + self.untimed


def _rows(text: str, path: str) -> tuple[list[tuple[int, list[str]]], list[ParseProblem]]:
    """The CSV's rows, each with the line it starts on; a row the CSV reader refuses is a problem of its line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows: list[tuple[int, list[str]]] = []
    problems: list[ParseProblem] = []
    previous = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # The reader drops the rest of the line it stopped on and starts afresh on the next.
            problems.append(ParseProblem(path, previous + 1, f"not a CSV row as Zoom writes it ({error})"))
        else:
            # A quoted cell may span lines: a row is named by the line it starts on.
            rows.append((previous + 1, row))
        previous = reader.line_num
    return rows, problems


def parse_participants(text: str, path: str = "participants.csv") -> tuple[list[Attendee], list[ParseProblem], int]:
    """Attendees (each person's rows merged), rows left out by line, and how many waiting-room rows were left out."""
    rows, problems = _rows(text, path)
    start = None
    for index, (_, row) in enumerate(rows):
        # The meeting block, if any, comes first; the participants' header names a person and a duration.
        if row and _find(row, "name") is not None and _find(row, "duration") is not None:
            start = index
            break
    if start is None:
        return [], [ParseProblem(path, 1, "no participants header (a Name column and a Duration column)")], 0
    header = rows[start][1]
    name_at, email_at, duration_at = _find(header, "name"), _find(header, "email"), _find(header, "duration")
    join_at, leave_at, waiting_at = _find(header, "join"), _find(header, "leave"), _find(header, "waiting")
    assert name_at is not None and duration_at is not None
    problems = [problem for problem in problems if problem.line > rows[start][0]]
    people: dict[str, _Person] = {}
    waiting = 0
    for line, row in rows[start + 1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(ParseProblem(path, line, f"{len(row)} cells where the header has {len(header)}"))
            continue
        name = row[name_at].strip()
        if not _is_name(name):
            problems.append(ParseProblem(path, line, "a row without a name"))
            continue
        if waiting_at is not None and row[waiting_at].strip().casefold() in ("yes", "true", "1"):
            waiting += 1
            continue
        interval = _interval(row, join_at, leave_at)
        if isinstance(interval, str):
            problems.append(ParseProblem(path, line, interval))
            continue
        minutes = None if interval else _minutes(row[duration_at])
        if interval is None and minutes is None:
            problems.append(ParseProblem(path, line, f"duration {_shown(row[duration_at])} is not a number of minutes"))
            continue
        email = row[email_at].strip() if email_at is not None else ""
        person = people.setdefault(email.casefold() or name_key(name), _Person(name, email, line))
        if interval:
            person.intervals.append(interval)
        else:
            person.untimed += minutes or 0.0
        person.joins += 1
    attendees = _within_a_week(list(people.values()), path, problems)
    return attendees, sorted(problems, key=lambda problem: problem.line), waiting


def _within_a_week(people: list[_Person], path: str, problems: list[ParseProblem]) -> list[Attendee]:
    """The attendees, less any whose name's rows add up to more than a session lasts (named as problems)."""
    attendees = [(person.line, Attendee(person.name, person.email, person.minutes(), person.joins)) for person in people]
    # The session knows people by name: one name's attendances (two emails, say) add up there.
    totals: dict[str, float] = {}
    for _, attendee in attendees:
        totals[name_key(attendee.name)] = totals.get(name_key(attendee.name), 0.0) + attendee.minutes
    kept = []
    for line, attendee in attendees:
        total = totals[name_key(attendee.name)]
        if total > MOST_MINUTES:
            problems.append(ParseProblem(path, line, f"this name's rows add up to {total:.0f} minutes, "
                                         "more than a week: check the report"))
        else:
            kept.append(attendee)
    return kept
