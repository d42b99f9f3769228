"""`ipstui serve` and `ipstui team`: the SSH server and the keys it lets in."""

from __future__ import annotations

import argparse
from datetime import datetime
import asyncio
import sys
from typing import Callable

from ipstui.domain.outcome import CommandError
from ipstui.store import DataFolder
from ipstui.store.team import TeamFile


def run(args: argparse.Namespace, folder: DataFolder, say: Callable[..., None]) -> int:
    if args.command == "team":
        return _team(args, folder, say)
    return _serve(args, folder, say)


def _team(args: argparse.Namespace, folder: DataFolder, say: Callable[..., None]) -> int:
    from ipstui.serve.keys import public_key, read_key_argument

    folder.ensure_folder()
    team = TeamFile(folder.root, folder.mode)
    if args.action == "add":
        try:
            key = public_key(read_key_argument(args.key))
        except ValueError as error:
            raise CommandError(str(error)) from None
        member = team.add(args.name, key.line, key.fingerprint, args.role, folder.clock.now())
        say(f"added {member.name} ({member.role}) with key {member.fingerprint}")
    elif args.action == "remove":
        member = team.remove(args.name)
        say(f"removed {member.name} ({member.fingerprint}); a running ipstui serve closes any console of theirs "
            "within seconds")
    else:
        members = team.members()
        if not members:
            say("The team is empty: ipstui team add NAME --key ~/.ssh/id_ed25519.pub")
        for member in members:
            seen = _local(member.last_seen) if member.last_seen else "never"
            say(f"{member.name:<20} {member.role:<9} {member.fingerprint}  last seen {seen}")
    return 0


def _local(moment: str) -> str:
    """A stored moment in this terminal's own time, with its zone said."""
    try:
        return datetime.fromisoformat(moment).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    except (ValueError, OverflowError):
        return "unknown"


def _serve(args: argparse.Namespace, folder: DataFolder, say: Callable[..., None]) -> int:
    from ipstui.serve.server import Limits, serve

    if not 0 < args.port < 65536:
        raise CommandError(f"the port is 1 to 65535, not {args.port}")
    folder.ensure_folder()
    if not TeamFile(folder.root, folder.mode).members():
        say("Nobody can connect yet: add the team's keys with ipstui team add NAME --key FILE", sys.stderr)
    limits = Limits(max_connections=max(1, args.max_connections), idle_minutes=max(0.0, args.idle_minutes),
                    failures_allowed=max(1, args.max_failed_logins))

    def in_slot() -> bool:
        try:
            return folder.live_session_id() is not None
        except Exception:  # noqa: BLE001 - unreadable: keep consoles open rather than close one mid-call
            return True

    def log(line: str) -> None:
        say(f"ipstui serve: {line}")
        sys.stdout.flush()

    try:
        return asyncio.run(serve(folder.root, args.host, args.port, folder.clock, limits, log, in_slot, log))
    except OSError as error:
        raise CommandError(f"cannot listen on {args.host} port {args.port}: {error.strerror or error}") from None
