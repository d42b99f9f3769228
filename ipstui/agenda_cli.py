"""`ipstui agenda …`: this session's agenda on the command line (list, add, remove, rename, retime, move)."""

from __future__ import annotations

import argparse
from typing import Any, Callable

ITEM_HELP = "the item's number (as `agenda list` shows it) or its title"


def _item(text: str) -> int | str:
    """An item as typed: a number, else a title."""
    return int(text) if text.strip().isdigit() else text


def _minutes(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"minutes must be a whole number, not {text!r}") from None


def _place(text: str) -> int | str:
    word = text.strip().lower()
    if word in ("up", "down"):
        return word
    try:
        return int(word)
    except ValueError:
        raise argparse.ArgumentTypeError(f"move to a place number, up or down, not {text!r}") from None


def add_parsers(actions: Any, parent: argparse.ArgumentParser) -> None:
    """The agenda's editing actions, under `ipstui agenda`."""
    actions.add_parser("list", help="the agenda, numbered, with what has run", parents=[parent])
    q = actions.add_parser("add", help="add an item (at the end, or --at a place after the running item)",
                           parents=[parent])
    q.add_argument("title", metavar="TITLE")
    q.add_argument("minutes", type=_minutes, metavar="MINUTES", help="planned minutes")
    q.add_argument("--at", dest="position", type=int, metavar="N", help="the place it takes, from 1")
    q = actions.add_parser("remove", help="remove an item that has not begun", parents=[parent])
    q.add_argument("item", type=_item, metavar="ITEM", help=ITEM_HELP)
    q = actions.add_parser("rename", help="give an item a new title", parents=[parent])
    q.add_argument("item", type=_item, metavar="ITEM", help=ITEM_HELP)
    q.add_argument("title", metavar="TITLE")
    q = actions.add_parser("retime", help="plan other minutes for the running item or one to come",
                           parents=[parent])
    q.add_argument("item", type=_item, metavar="ITEM", help=ITEM_HELP)
    q.add_argument("minutes", type=_minutes, metavar="MINUTES", help="planned minutes")
    q = actions.add_parser("move", help="move an item not begun to another place", parents=[parent])
    q.add_argument("item", type=_item, metavar="ITEM", help=ITEM_HELP)
    q.add_argument("to", type=_place, metavar="TO", help="a place number, or up or down")


def _move(agenda: Any, args: argparse.Namespace) -> Any:
    if args.to in ("up", "down"):
        return agenda.MoveAgendaItem(args.item, step=-1 if args.to == "up" else 1)
    return agenda.MoveAgendaItem(args.item, to=args.to)


def _commands() -> Any:
    from ipstui.domain import agenda

    return agenda


ACTIONS: dict[tuple[str, str | None], Callable[[Any, argparse.Namespace], Any]] = {
    ("agenda", "add"): lambda _, args: _commands().AddAgendaItem(args.title, args.minutes, args.position),
    ("agenda", "remove"): lambda _, args: _commands().RemoveAgendaItem(args.item),
    ("agenda", "rename"): lambda _, args: _commands().RenameAgendaItem(args.item, args.title),
    ("agenda", "retime"): lambda _, args: _commands().RetimeAgendaItem(args.item, args.minutes),
    ("agenda", "move"): lambda _, args: _move(_commands(), args),
}


def agenda_lines(state: Any, now: Any) -> list[str]:
    """The live session's agenda as `agenda list` prints it."""
    from ipstui.domain.text import format_seconds

    if not state.agenda:
        return ["The agenda is empty (`ipstui agenda add TITLE MINUTES`)."]
    lines = []
    for index, item in enumerate(state.agenda):
        if index < state.agenda_index:
            mark, ran = "done", f"  ran {format_seconds(state.segment_seconds(item, now))}"
        elif index == state.agenda_index:
            mark, ran = "now ", f"  running {format_seconds(state.segment_seconds(item, now))}"
        else:
            mark, ran = "    ", ""
        lines.append(f"{index + 1:>2}. {mark} {item.title} ({item.planned_minutes} min){ran}")
    return lines
