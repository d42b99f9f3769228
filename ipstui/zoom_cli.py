"""The Zoom commands of the command line: import or follow a saved chat, record attendance."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Callable

from ipstui.integrations.attendance_import import import_attendance
from ipstui.integrations.chat_import import ChatFollower, import_chat
from ipstui.store import DataFolder


def run(args: argparse.Namespace, folder: DataFolder, say: Callable[[str], None]) -> int:
    """Run `chat import`, `chat follow` or `roster import`."""
    if args.command == "roster":
        return _roster_file(folder, args, say)
    return _chat_file(folder, args, say)


def _chat_file(folder: DataFolder, args: argparse.Namespace, say: Callable[[str], None]) -> int:
    if args.action == "import":
        outcome, chat = import_chat(Path(args.file), folder)
        extra = [f"{count} {what}" for count, what in ((chat.reactions, "reactions"), (chat.empty, "empty messages")) if count]
        say(outcome.message + (f"; skipped {', '.join(extra)}" if extra else ""))
        return 0
    follower = ChatFollower(Path(args.file), folder)
    say(f"following {args.file}; ctrl+c stops")
    while True:
        outcome = follower.poll()
        if outcome is not None and outcome.changed:
            say(outcome.message)
        time.sleep(max(0.05, args.interval))


def _roster_file(folder: DataFolder, args: argparse.Namespace, say: Callable[[str], None]) -> int:
    imported = import_attendance(Path(args.file), folder, args.file)
    for line in imported.lines():
        say(line)
    say(imported.summary())
    return 0
