"""The Zoom commands of the command line: import or follow a saved chat, record attendance."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable

from ipstui.integrations.attendance_import import import_attendance
from ipstui.integrations.chat_import import ChatFollower, import_chat, import_summary
from ipstui.store import DataFolder


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
        _say_skipped(chat.problems, say)
        return 0
    follower = ChatFollower(Path(args.file), folder)
    say(f"following {args.file}; ctrl+c stops")
    while True:
        outcome = follower.poll()
        if outcome is not None and outcome.changed:
            say(outcome.message)
        if outcome is not None:
            _say_skipped(follower.skipped, say)
        time.sleep(max(0.05, args.interval))


def _roster_file(folder: DataFolder, args: argparse.Namespace, say: Callable[[str], None]) -> int:
    imported = import_attendance(Path(args.file), folder, args.file)
    for line in imported.lines():
        say(line)
    say(imported.summary(most=0))
    _say_skipped(imported.skipped, say)
    return 0


def _say_skipped(problems, say: Callable[[str], None]) -> None:
    """Each line an import left out, with its number and why, one per line (the first SHOWN_PROBLEMS)."""
    for problem in problems[:SHOWN_PROBLEMS]:
        say(f"  skipped {problem}")
    if len(problems) > SHOWN_PROBLEMS:
        say(f"  and {len(problems) - SHOWN_PROBLEMS} more")
