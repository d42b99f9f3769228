"""Recording a Zoom participants report in the live session: what the command line and the console share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ipstui.domain.commands import Outcome, RecordAttendance
from ipstui.integrations.source import ImportFileError, read_import
from ipstui.integrations.zoom_chat import ParseProblem, listed
from ipstui.integrations.zoom_participants import Attendee, parse_participants
from ipstui.store import DataFolder


class AttendanceFileError(ImportFileError):
    """The file cannot be read, or nothing in it is a participants report to record."""


@dataclass(frozen=True)
class AttendanceImported:
    """What one import recorded and what it left out."""

    outcome: Outcome
    attendees: tuple[Attendee, ...]
    skipped: tuple[ParseProblem, ...]
    waiting: int

    def lines(self) -> list[str]:
        """One line per person recorded: name, minutes connected, joins."""
        return [f"{a.name}: {round(a.minutes, 1):g} min" + (f" ({a.joins} joins)" if a.joins > 1 else "")
                for a in self.attendees]

    def summary(self, most: int | None = None) -> str:
        """What was recorded, then the rows left out (the first `most` of them named, all, or none for 0)."""
        parts = [self.outcome.message]
        if self.waiting:
            parts.append(f"{self.waiting} waiting-room rows left out")
        if self.skipped and most == 0:
            parts.append(f"skipped {len(self.skipped)} unreadable {'row' if len(self.skipped) == 1 else 'rows'}")
        elif self.skipped:
            parts.append(f"skipped {len(self.skipped)} rows: {listed(self.skipped, most)}")
        return "; ".join(parts)


def import_attendance(path: Path, folder: DataFolder, shown: str | None = None) -> AttendanceImported:
    """Record every attendee `path` names; rows it cannot read are left out and named.

    Raises AttendanceFileError, with nothing recorded, when the file cannot be read or nothing
    in it is a participants report (no header, or no row to record). `shown` names the file in
    problems (as the user gave it).
    """
    text = read_import(path)
    attendees, problems, waiting = parse_participants(text, str(path) if shown is None else shown)
    if not attendees:
        if problems:
            raise AttendanceFileError(f"{listed(problems, 3)}; nothing was recorded")
        left_out = f" ({waiting} waiting-room rows left out)" if waiting else ""
        raise AttendanceFileError(f"{shown or path}: no one to record{left_out}; nothing was recorded")
    outcome = folder.execute(RecordAttendance(tuple((a.name, a.minutes, a.joins) for a in attendees)))
    return AttendanceImported(outcome, tuple(attendees), tuple(problems), waiting)
