"""The members' requests on the command line: record one with consent, list them, withdraw one."""

from __future__ import annotations

import argparse
from typing import Callable

from ipstui.store import DataFolder


def add_parser(add: Callable[..., argparse.ArgumentParser], common: argparse.ArgumentParser, parser_class: type) -> None:
    """`request add NAME TEXT --consent`, `request list`, `request withdraw NAME`."""
    p = add("request", "a member's request to the group (kept to the moderating team, carried until withdrawn)")
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=parser_class)
    q = sub.add_parser("add", help="record a member's request in the live session, with their consent",
                       parents=[common])
    q.add_argument("name")
    q.add_argument("text", help='in their words, e.g. "step up when I find something hard"')
    q.add_argument("--consent", action="store_true", help="the member agreed to their request being kept (required)")
    sub.add_parser("list", help="the standing requests, for the moderating team", parents=[common])
    q = sub.add_parser("withdraw", help="withdraw a member's request (no longer shown nor carried)", parents=[common])
    q.add_argument("name")


def run(args: argparse.Namespace, folder: DataFolder, say: Callable[[str], None]) -> int:
    """Run one `request` command."""
    from ipstui.domain import commands

    if args.action == "add":
        say(folder.execute(commands.RecordRequest(args.name, args.text, args.consent)).message)
    elif args.action == "withdraw":
        say(folder.service.withdraw_request(args.name))
    else:
        standing = folder.standing_requests()
        if not standing:
            say("No standing requests.")
        for name, text, since in standing:
            say(f"{name}: {text}" + (f" (since {since})" if since else ""))
    return 0
