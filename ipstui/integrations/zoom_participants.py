"""Zoom's participants report (CSV): who attended and for how long, rejoins counted once."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from ipstui.domain.state import MOST_MINUTES
from ipstui.domain.text import clean_name, name_key
from ipstui.integrations.zoom_chat import ParseProblem


@dataclass(frozen=True)
class Attendee:
    """One person's attendance, all their rows (rejoins) together."""

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
    "waiting": ("inwaitingroom",),
}


def _find(header: list[str], field: str) -> int | None:
    normalized = [_norm(cell) for cell in header]
    for wanted in _COLUMNS[field]:
        if wanted in normalized:
            return normalized.index(wanted)
    return None


def _is_name(text: str) -> bool:
    try:
        clean_name(text)
    except ValueError:
        return False
    return True


def _minutes(cell: str) -> float | None:
    """A duration cell as minutes: blank is none; anything but a plain count up to a week is refused."""
    try:
        minutes = float(cell.strip() or 0)
    except ValueError:
        return None
    return minutes if 0 <= minutes <= MOST_MINUTES else None


def parse_participants(text: str, path: str = "participants.csv") -> tuple[list[Attendee], list[ParseProblem], int]:
    """Attendees (rejoins merged), problems by line, and how many waiting-room rows were left out."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows: list[list[str]] = []
    lines: list[int] = []
    previous = 0
    try:
        for row in reader:
            # A quoted cell may span lines: a row is named by the line it starts on.
            lines.append(previous + 1)
            rows.append(row)
            previous = reader.line_num
    except csv.Error as error:
        return [], [ParseProblem(path, reader.line_num, f"not a CSV file as Zoom writes it ({error})")], 0
    problems: list[ParseProblem] = []
    start = None
    for index, row in enumerate(rows):
        # The meeting block, if any, comes first; the participants' header names a person and a duration.
        if row and _find(row, "name") is not None and _find(row, "duration") is not None:
            start = index
            break
    if start is None:
        return [], [ParseProblem(path, 1, "no participants header (a Name column and a Duration column)")], 0
    header = rows[start]
    name_at, email_at = _find(header, "name"), _find(header, "email")
    duration_at, waiting_at = _find(header, "duration"), _find(header, "waiting")
    merged: dict[str, Attendee] = {}
    waiting = 0
    for index in range(start + 1, len(rows)):
        row, line = rows[index], lines[index]
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(ParseProblem(path, line, f"{len(row)} cells where the header has {len(header)}"))
            continue
        name = row[name_at].strip()  # type: ignore[index]
        if not _is_name(name):
            problems.append(ParseProblem(path, line, "a row without a name"))
            continue
        if waiting_at is not None and row[waiting_at].strip().casefold() in ("yes", "true", "1"):
            waiting += 1
            continue
        minutes = _minutes(row[duration_at])  # type: ignore[index]
        if minutes is None:
            shown = row[duration_at] if len(row[duration_at]) <= 20 else row[duration_at][:20] + "..."  # type: ignore[index]
            problems.append(ParseProblem(path, line, f"duration {shown!r} is not a number of minutes"))
            continue
        email = row[email_at].strip() if email_at is not None else ""
        key = email.casefold() or name_key(name)
        before = merged.get(key)
        merged[key] = Attendee(before.name if before else name, email, (before.minutes if before else 0) + minutes,
                               (before.joins if before else 0) + 1)
    return list(merged.values()), problems, waiting
