"""Zoom's saved chat (`meeting_saved_chat.txt`) in every form it has taken.

- current: `HH:MM:SS From NAME to Everyone:` then tab-indented body lines;
- older: `HH:MM:SS<TAB> From  A  to  B : text`, continuation lines unindented;
- oldest: `HH:MM:SS<TAB> From  A : text`;
- cloud recordings: `HH:MM:SS<TAB>Name:<TAB>text`.
Direct messages carry `(Direct Message)` or `(Privately)`, spelled as Zoom's version and
language have it; replies quote what they answer; reactions are not comments. The file holds
times of day only.

Privacy fails closed: a message is public only when it is plainly addressed to everyone and
carries no private marker; any other recipient, and any marker in any spelling, is private.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

import pendulum

from ipstui.domain.text import clean_name

_TIME = r"(\d{1,2}:\d{2}:\d{2})"
NEW_HEADER = re.compile(_TIME + r" From (.+):[ \t]*$")
OLD_TO = re.compile(_TIME + r"\t ?From  (.+?)  to  (.+?) ?: (.*)$")
OLD_TO_SINGLE = re.compile(_TIME + r"\t ?From (?! )(.+? to .+?) ?: (.*)$")
OLDEST = re.compile(_TIME + r"\t ?From {1,2}(.+?) ?: (.*)$")
CLOUD = re.compile(_TIME + r"\t([^\t]+?):\t(.*)$")
# How every header begins: a line so shaped that no form reads is a message of unknown address.
HEADER_SHAPE = re.compile(_TIME + r"[ \t]")
# Any parenthesised note that says direct, private or DM, in any case or spacing, and in the
# languages Zoom writes it in (directo, direkt, privé, privado, privat...).
_MARKER = r"\s*\([^()]*(?:direct|direkt|diretta|priv|\bdm\b|\bpm\b|whisper)[^()]*\)\s*"
MARKER = re.compile(_MARKER, re.IGNORECASE)
TRAILING_MARKER = re.compile(_MARKER + "$", re.IGNORECASE)
# " to " between author and recipient, however Zoom spaced or capitalised it.
TO = re.compile(r"(?=([ \t]+to[ \t]+))", re.IGNORECASE)
REPLY = re.compile(r'^Replying to "(.*)"\s*:?\s*$')
REACTION = re.compile(r'^(Reacted to ".*" with .+|Removed a .+ reaction from ".*")$')


@dataclass(frozen=True)
class ZoomMessage:
    """One entry of a saved chat."""

    line: int
    clock: str
    author: str
    recipient: str | None
    direct: bool
    text: str
    reply_to: str | None = None
    reaction: bool = False

    def key(self, occurrence: int) -> str:
        """A stable id for this comment: importing the file again finds it already there."""
        raw = f"{self.clock}|{self.author}|{self.recipient}|{self.direct}|{self.text}|{occurrence}"
        return "zoom:" + hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:20]


@dataclass(frozen=True)
class ParseProblem:
    """A line that is no part of any known form: named, never skipped silently."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


def has_marker(text: str) -> bool:
    """Whether a header part carries a private marker, however spelled."""
    return bool(MARKER.search(text))


def addressed_to_everyone(recipient: str) -> bool:
    """Only a recipient of exactly "Everyone" (any case or spacing) makes a message public."""
    return " ".join(TRAILING_MARKER.sub("", recipient).split()).casefold() == "everyone"


def _split_from_to(rest: str, known: frozenset[str]) -> tuple[str, str | None]:
    """`A to B` into author and recipient (None without a " to "); names themselves may contain " to "."""
    # Overlapping too: in "Ana to to Everyone" the cut that matters shares its space with another.
    cuts = [(match.start(), match.start() + len(match.group(1))) for match in TO.finditer(rest)]
    if not cuts:
        return rest, None
    options = [(rest[:start].strip(), rest[end:].strip()) for start, end in cuts]
    for author, recipient in options:
        if addressed_to_everyone(recipient):
            return author, recipient
    for author, recipient in options:
        if author.casefold() in known:
            return author, recipient
    for author, recipient in reversed(options):
        if TRAILING_MARKER.sub("", recipient).strip().casefold() in known:
            return author, recipient
    return options[0]


def _addressed(header: str, author: str, recipient: str | None,
               names_recipient: bool = False) -> tuple[str, str | None, bool]:
    """Author, recipient, and whether the message is private: anything but a plain "to Everyone" is."""
    marked = has_marker(header)
    if recipient is None:
        # The oldest forms name no recipient (Zoom wrote only the everyone chat so); the current one always does.
        return TRAILING_MARKER.sub("", author).strip() or author, None, marked or names_recipient
    return author, TRAILING_MARKER.sub("", recipient).strip(), marked or not addressed_to_everyone(recipient)


@dataclass
class _Open:
    line: int
    clock: str
    author: str
    recipient: str | None
    direct: bool
    body: list[str]


def _finish(entry: _Open) -> ZoomMessage:
    body = list(entry.body)
    reply_to = None
    if body:
        match = REPLY.match(body[0])
        if match:
            reply_to = match.group(1)
            body = body[1:]
            while body and not body[0].strip():
                body = body[1:]
    text = "\n".join(body).strip("\n")
    reaction = bool(REACTION.match(text.strip()))
    return ZoomMessage(entry.line, entry.clock, entry.author, entry.recipient, entry.direct, text, reply_to, reaction)


def parse_chat(text: str, path: str = "meeting_saved_chat.txt",
               known: Iterable[str] = ()) -> tuple[list[ZoomMessage], list[ParseProblem]]:
    """Every message of a saved chat, and the lines that could not be read."""
    known_keys = frozenset(name.casefold() for name in known)
    messages: list[ZoomMessage] = []
    problems: list[ParseProblem] = []
    current: _Open | None = None
    unknown = False
    # Zoom ends lines with \n (\r\n on Windows); any other line break belongs to a message.
    lines = text.lstrip("\ufeff").split("\n")
    if lines[-1] == "":
        lines.pop()
    for number, raw in enumerate(lines, start=1):
        line = raw.removesuffix("\r")
        header = _header(line, known_keys)
        if header is not None:
            if current is not None:
                messages.append(_finish(current))
            clock, author, recipient, direct, first = header
            problem = _header_problem(clock, author)
            if problem:
                problems.append(ParseProblem(path, number, problem))
                current = None
                continue
            current = _Open(number, clock, author, recipient, direct, [first] if first is not None else [])
            unknown = False
            continue
        if HEADER_SHAPE.match(line):
            # Never the previous message's: it may begin a direct message written in a form not known here.
            if current is not None:
                messages.append(_finish(current))
            problems.append(ParseProblem(path, number, "a message header in no known form (its message is left out)"))
            current, unknown = None, True
            continue
        if current is None:
            if line.strip():
                reason = ("part of a message whose header is in no known form" if unknown
                          else "text before the first message (not a Zoom chat line)")
                problems.append(ParseProblem(path, number, reason))
            continue
        # Body lines are tab-indented in the current form, unindented continuations in older ones.
        current.body.append(line[1:] if line.startswith("\t") else line)
    if current is not None:
        messages.append(_finish(current))
    return messages, problems


def _header_problem(clock: str, author: str) -> str | None:
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    if hours > 23 or minutes > 59 or seconds > 59:
        return f"{clock} is not a time of day"
    try:
        clean_name(author)
    except ValueError:
        return "a message without an author"
    return None


def _header(line: str, known: frozenset[str]) -> tuple[str, str, str | None, bool, str | None] | None:
    match = NEW_HEADER.match(line)
    if match:
        author, recipient = _split_from_to(match.group(2), known)
        return match.group(1), *_addressed(match.group(2), author.strip(), recipient, names_recipient=True), None
    match = OLD_TO.match(line)
    if match:
        header = f"{match.group(2)}  to  {match.group(3)}"
        return match.group(1), *_addressed(header, match.group(2).strip(), match.group(3)), match.group(4)
    for form in (OLD_TO_SINGLE, OLDEST):
        match = form.match(line)
        if match:
            # A " to " here, however spaced, names a recipient: private unless it is everyone.
            author, recipient = _split_from_to(match.group(2), known)
            return match.group(1), *_addressed(match.group(2), author.strip(), recipient), match.group(3)
    match = CLOUD.match(line)
    if match:
        return match.group(1), *_addressed(match.group(2), match.group(2).strip(), None), match.group(3)
    return None


def keyed(messages: list[ZoomMessage]) -> list[tuple[str, ZoomMessage]]:
    """Each message with its import key (identical messages in one second stay distinct)."""
    seen: Counter = Counter()
    out = []
    for message in messages:
        ident = (message.clock, message.author, message.text)
        seen[ident] += 1
        out.append((message.key(seen[ident]), message))
    return out


def absolute(clock: str, started_at: datetime, zone: str) -> datetime:
    """A time of day from the file as a moment, on the session's date in `zone`.

    A time well before the session's start belongs to the next day (a call across midnight).
    """
    start = pendulum.instance(started_at).in_timezone(zone)
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    moment = pendulum.datetime(start.year, start.month, start.day, hours, minutes, seconds, tz=zone)
    if moment < start - timedelta(hours=12):
        moment = moment.add(days=1)
    return datetime.fromisoformat(moment.isoformat())
