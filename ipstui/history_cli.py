"""The history commands of the command line: list, export, restore, announce, purge."""

from __future__ import annotations

import argparse
import io
import sys
from typing import Callable

import pendulum

from ipstui.domain.schedule import slot_from_settings
from ipstui.domain.text import counted
from ipstui.reports.announce import announcement
from ipstui.reports.history import length_text
from ipstui.reports.session_report import report_csv
from ipstui.store import DataFolder, StoreError
from ipstui.store.atomic import write_bytes_atomic
from ipstui.store.backup import backup_name, import_backup, safe_target, write_backup
from ipstui.store.retention import purge_chat


def progress(done: int, total: int) -> None:
    """A progress bar on standard error, when it is a terminal and the work is long."""
    if total < 20 or not sys.stderr.isatty():
        return
    width = 30
    filled = done * width // total
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r{done:>5}/{total} [{'#' * filled}{'.' * (width - filled)}]{end}")
    sys.stderr.flush()


def history_lines(folder: DataFolder) -> list[str]:
    """The sessions, newest first, one line each."""
    sessions = list(reversed(folder.history()))
    if not sessions:
        return [f"No sessions yet in {folder.root}."]
    lines = [f"{'date':<13} {'length':>6} {'people':>6} {'read':>4}  {'moderator':<16} topic"]
    for summary in sessions:
        status = "live" if summary.status == "live" else length_text(summary.length_seconds)
        lines.append(f"{summary.id:<13} {status:>6} {summary.attendance:>6} {summary.comments_read:>4}  "
                     f"{summary.moderator[:16]:<16} {summary.topic}")
    return lines


def history_csv(folder: DataFolder) -> str:
    """Every session's shareable CSV rows under one header: never a private comment's text."""
    out = io.StringIO()
    summaries = folder.sessions()
    for number, summary in enumerate(summaries, start=1):
        state = folder.state(summary.id)
        text = report_csv(state, folder.clock.now())
        out.write(text if number == 1 else text.split("\n", 1)[1])
        progress(number, len(summaries))
    return out.getvalue()


def run(args: argparse.Namespace, folder: DataFolder, say: Callable, console: Callable) -> int:
    """Run one of the history commands."""
    if args.command == "history":
        if sys.stdout.isatty() and not args.print_only:
            folder.check_readable()
            return console(folder, args.theme, args.watch, start="history")
        folder.check_readable()
        for line in history_lines(folder):
            say(line)
        return 0
    if args.command == "export":
        target = safe_target(args.output or backup_name(folder).replace(".json", f".{args.format}"))
        if args.format == "json":
            count = write_backup(folder, target, progress)
            say(f"exported {counted(count, 'session')} to {target} (a full backup: it holds private comments; keep it safe)")
        else:
            data = history_csv(folder)
            write_bytes_atomic(target, data.encode("utf-8"), keep_backup=False)
            say(f"exported {counted(len(folder.sessions()), 'session')} to {target} (shareable: no private comment text)")
        return 0
    if args.command == "import-backup":
        count = import_backup(folder, safe_target(args.file), progress)
        say(f"restored {counted(count, 'session')} into {folder.root}")
        return 0
    if args.command == "announce":
        settings = folder.group.settings() if folder.root.exists() else _defaults()
        slot = slot_from_settings(settings)
        upcoming = folder.upcoming()
        following = slot.next_start(folder.clock.now(), upcoming.held_on)
        if args.date:
            try:
                day = pendulum.from_format(args.date, "YYYY-MM-DD", tz=slot.zone)
            except ValueError:
                raise StoreError(f"--date takes YYYY-MM-DD, not {args.date!r}") from None
            start = slot.next_start(day)
        else:
            start = following
        topic, moderator, backup = _chosen_for(folder, start, following, upcoming)
        sys.stdout.write(announcement(slot, start, settings, topic, moderator, backup, folder.agreement()))
        return 0
    if args.command == "purge":
        say(purge_chat(folder, args.chat_older_than).message())
        return 0
    raise AssertionError(args.command)


def _defaults() -> dict:
    from ipstui.store.group_file import DEFAULT_SETTINGS

    return DEFAULT_SETTINGS


def _chosen_for(folder: DataFolder, start, following, upcoming) -> tuple[str | None, str | None, str | None]:
    """Topic, moderator and backup of the call at `start`: the ones chosen for the next call, those of a
    call already held that day, or none yet for any other week."""
    if start.date() == following.date():
        return upcoming.topic, upcoming.moderator, upcoming.backup
    held = [summary for summary in folder.sessions() if summary.id[:10] == start.date().isoformat()] \
        if folder.root.exists() else []
    if held:
        return held[0].topic, held[0].moderator, None
    return None, None, None
