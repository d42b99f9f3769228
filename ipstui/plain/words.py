"""Typed lines, read as the command line's words: an action on the session, or a question about it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable

from ipstui.domain.outcome import Command
from ipstui.domain.state import ChatStatus, HandKind
from ipstui.plain.lines import plain


@dataclass(frozen=True)
class Act:
    """A line that changes the session: the command to run."""

    command: Command


@dataclass(frozen=True)
class Ask:
    """A line that asks about the session: the question's word and what follows it."""

    question: str
    rest: str = ""


@dataclass(frozen=True)
class Misread:
    """A line not understood: one sentence saying so, with the closest command."""

    sentence: str


def _commands():
    from ipstui.domain import commands

    return commands


def _number(rest: str, what: str) -> int | None:
    if not rest:
        return None
    if not rest.isdigit():
        raise ValueError(f"{what} is a number, not {rest!r}")
    return int(rest)


def _needs(rest: str, what: str) -> str:
    if not rest:
        raise ValueError(f"say whom: {what}")
    return rest


def _hand(rest: str) -> Command:
    words = _needs(rest, "hand NAME, then ouch or reply if it is one").rsplit(" ", 1)
    if len(words) == 2 and words[1].lower() in (HandKind.OUCH.value, HandKind.REPLY.value):
        return _commands().RaiseHand(words[0], HandKind(words[1].lower()))
    return _commands().RaiseHand(rest)


def _ouch(rest: str) -> Command:
    by, _, whom = rest.partition(" with ")
    if rest.startswith("with "):
        by, whom = "", rest[5:]
    return _commands().LogOuch(by.strip() or None, whom.strip() or None)


def _mark(status: ChatStatus) -> Callable[[str], Command]:
    return lambda rest: _commands().MarkComment(_number(rest, "a comment's number"), status)


def _remind(rest: str) -> Command:
    number = _number(rest, "an agreement item")
    if number is None:
        raise ValueError("say which item: remind N")
    return _commands().RemindAgreement(number)


def _agenda(rest: str) -> Command | None:
    return _commands().NextAgendaItem() if rest.lower() == "next" else None


# Each word that acts, with what it makes of the rest of the line (the command line's words).
ACTIONS: dict[str, Callable[[str], Command | None]] = {
    "next": lambda rest: _commands().CallNextHand(),
    "speak": lambda rest: _commands().StartSpeaker(_needs(rest, "speak NAME")),
    "stop": lambda rest: _commands().StopSpeaker(),
    "hand": _hand,
    "lower": lambda rest: _commands().LowerHand(_needs(rest, "lower NAME")),
    "add": lambda rest: _commands().AddParticipant(_needs(rest, "add NAME")),
    "read": _mark(ChatStatus.READ),
    "skip": _mark(ChatStatus.SKIPPED),
    "remind": _remind,
    "ouch": _ouch,
    "bell": lambda rest: _commands().RingBell(rest or None),
    "undo": lambda rest: _commands().Undo(),
    "agenda": _agenda,  # `agenda next` acts; `agenda` alone asks
}
# Each word that asks, with a line of help; `end` and `quit` are the console's own.
QUESTIONS = {
    "status": "the session in a few lines, as said on opening",
    "queue": "the raised hands, in calling order (or: hands)",
    "who": "who is speaking, and for how long",
    "time": "where the agenda and the call stand",
    "chat": "the comments waiting to be read; chat N says one comment, a private one too",
    "talk": "talk time against the fair share",
    "agenda": "the agenda; agenda next moves on to the next item",
    "agreement": "the agreement's items; agreement N says one",
    "help": "the commands",
    "end": "the closing: a recap, then the next moderator, backup and topic",
    "quit": "leave this console; the session goes on",
}
ACTION_HELP = {
    "next": "call the next hand", "speak NAME": "give NAME the floor", "stop": "end the current turn",
    "hand NAME [ouch|reply]": "raise a hand for NAME", "lower NAME": "lower NAME's hand",
    "add NAME": "add a participant", "read [N]": "mark comment N (else the oldest) read",
    "skip [N]": "mark comment N (else the oldest) skipped", "remind N": "remind the group of agreement item N",
    "ouch [NAME] [with NAME]": "log an ouch", "bell": "ring the bell", "undo": "undo your last action",
}
# Other words a new volunteer reaches for, and the word they mean.
SAME_AS = {"exit": "quit", "hands": "queue", "speaker": "who", "meters": "talk", "comments": "chat"}
WORDS = tuple(sorted(set(ACTIONS) | set(QUESTIONS) | set(SAME_AS)))


def read_line(line: str) -> Act | Ask | Misread | None:
    """What a typed line asks for; None for a blank line."""
    text = " ".join(line.split())
    if not text:
        return None
    word, _, rest = text.partition(" ")
    word = word.lower()
    word = SAME_AS.get(word, word)
    make = ACTIONS.get(word)
    if make is not None:
        try:
            command = make(rest)
        except ValueError as error:
            return Misread(f"{word}: {error}.")
        if command is not None:
            return Act(command)
    if word in QUESTIONS:
        return Ask(word, rest)
    close = difflib.get_close_matches(word, WORDS, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]}?" if close else ""
    shown = plain(word) if len(word) <= 30 else plain(word[:29]) + "…"
    return Misread(f"Not understood: {shown}.{hint} Type help for the commands.")
