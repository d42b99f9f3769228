"""The Zoom commands of the command line: import or follow a saved chat, record attendance."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable

from ipstui.domain.commands import RecordAttendance
from ipstui.integrations.chat_import import ChatFollower, import_chat, import_summary
from ipstui.integrations.source import read_import
from ipstui.integrations.zoom_participants import parse_participants
from ipstui.store import DataFolder, StoreError


# How many unreadable lines an import names one by one.
SHOWN_PROBLEMS = 20


def run(args: argparse.Namespace, folder: DataFolder, say: Callable[[str], None]) -> int:
    """Run `chat import`, `chat follow` or `roster import`."""
    if args.command == "roster":
        return _roster_file(folder, args, say)
    return _chat_file(folder, args, say)


def _chat_file(folder: DataFolder, args: argparse.Namespace, say: Callable[[str], None]) -> int:
    if args.action == "import":
        outcome, chat = import_chat(Path(args.file), folder)
        say(import_summary(outcome, chat))
        for problem in chat.problems[:SHOWN_PROBLEMS]:
            say(f"  skipped {problem}")
        if len(chat.problems) > SHOWN_PROBLEMS:
            say(f"  and {len(chat.problems) - SHOWN_PROBLEMS} more unreadable lines")
        return 0
    follower = ChatFollower(Path(args.file), folder)
    say(f"following {args.file}; ctrl+c stops")
    while True:
        outcome = follower.poll()
        if outcome is not None and outcome.changed:
            say(outcome.message)
        time.sleep(max(0.05, args.interval))


def _roster_file(folder: DataFolder, args: argparse.Namespace, say: Callable[[str], None]) -> int:
    text = read_import(Path(args.file))
    attendees, problems, waiting = parse_participants(text, args.file)
    if problems:
        raise StoreError("; ".join(str(problem) for problem in problems[:3]) + "; nothing was recorded")
    outcome = folder.execute(RecordAttendance(tuple((a.name, a.minutes, a.joins) for a in attendees)))
    for attendee in attendees:
        rejoined = f" ({attendee.joins} joins)" if attendee.joins > 1 else ""
        say(f"{attendee.name}: {attendee.minutes:g} min{rejoined}")
    say(outcome.message + (f"; {waiting} waiting-room rows left out" if waiting else ""))
    return 0
