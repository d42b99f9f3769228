"""Zoom's saved chat (`meeting_saved_chat.txt`) in every form and client language it has had.

A header is found by its shape, not its words: a time of day (a date may come first), then
either `FROM AUTHOR TO RECIPIENT[MARKER]` and a colon, or `FROM AUTHOR` and a colon (the oldest
form), or `AUTHOR:<TAB>` (cloud recordings). The forms:

- current: `HH:MM:SS From A to Everyone:` then tab-indented body lines (`To` in some versions);
- 2025: `YYYY-MM-DD HH:MM:SS From A to B:`, body lines, then a lone tab line;
- one-line, with or without the tab after the time (2019-2021): `HH:MM:SS[TAB] From  A  to  B : text`,
  continuation lines unindented;
- oldest: `HH:MM:SS[TAB] From  A : text`;
- cloud recordings: `HH:MM:SS<TAB>Name:<TAB>text`.
The words (From, to, Everyone, the direct-message markers, the reply and reaction prefixes) are
those of the client's language (zoom_words). Lines end in LF, CRLF, CR CR LF or a lone CR.

Privacy fails closed: a message is public only when its recipient is one of the "everyone" words
of the file's own language, with no marker; any other recipient, any marker in any spelling, a
two-line header without a recipient, and every message of a file whose words are not known, is
private. A header line that cannot be read is named with its line number, and its message (body
lines included) is left out; the rest of the file is read.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, Sequence

import pendulum

from ipstui.domain.text import clean_name
from ipstui.integrations import zoom_words
from ipstui.integrations.zoom_words import PRIVATE_NOTE, REACTION, REPLY_END, REPLY_START

# The spaces Zoom writes between a header's parts: space, tab, and (copied or converted files) the
# no-break and ideographic spaces.
_SPACE = " \t\u00a0\u3000"
_DATE = r"(?:(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})[ \t]+)?"
_CLOCK = r"(?P<clock>\d{1,2}:\d{2}:\d{2})(?:[ ]?(?P<half>[AaPp])\.?[Mm]\.?(?![^\s]))?"
# How every header begins: a line so shaped that no form reads is a message of unknown address.
HEADER_SHAPE = re.compile(_DATE + _CLOCK + r"(?P<sep>[" + _SPACE + r"]+|$)(?P<rest>.*)$")
# The cloud-recording form: `Name:<TAB>text` after the time and a tab.
CLOUD = re.compile(r"(?P<author>[^\t]+?)[ ]?:\t(?P<text>.*)$")
# The colon that ends a one-line header: the first one followed by a space or the line's end.
# (After it only spaces and tabs: a message may begin with any other space, and keeps it.)
_COLON = re.compile(r"[" + _SPACE + r"]*[:：](?:[ \t]+|$)")
_TRAILING_NOTE = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")


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


def listed(problems: Sequence[ParseProblem], most: int | None = None) -> str:
    """Problems on one line (the first `most` of them, or all), and how many more there are."""
    shown = problems if most is None else problems[:most]
    more = len(problems) - len(shown)
    return "; ".join(str(problem) for problem in shown) + (f" (and {more} more)" if more else "")


def has_marker(text: str) -> bool:
    """Whether a header part carries a private marker, however spelled, in any listed language."""
    return bool(PRIVATE_NOTE.search(text))


def split_lines(text: str) -> list[str]:
    """A file's lines, however its line ends were written (LF, CRLF, CR CR LF, or lone CR throughout)."""
    text = text.removeprefix("\ufeff")
    if "\n" in text:
        lines = [line.rstrip("\r") for line in text.split("\n")]
    else:
        lines = text.split("\r")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@dataclass(frozen=True)
class _Language:
    """What the file's headers say about its language: its From words, and the words that go with them."""

    senders: frozenset[str]
    known: bool
    to: re.Pattern
    everyone: frozenset[str]


def _first_word(rest: str, senders: Iterable[str]) -> tuple[str, str] | None:
    """`rest` as (From word, what follows), for the first of `senders` it begins with."""
    for word in senders:
        if not word:
            return "", rest  # a client that writes no From word (Chinese, before 2026)
        if rest[:len(word)].casefold() == word and (len(rest) == len(word) or rest[len(word)] in _SPACE):
            return rest[:len(word)], rest[len(word):].lstrip(_SPACE)
    return None


_KNOWN_SENDERS = sorted(zoom_words.SENDER_WORDS, key=len, reverse=True)


def _language(rests: list[str]) -> _Language:
    """The file's language, from the first word of its headers.

    A client that writes no From word is known by its "to" word between author and recipient.
    A From word that is in no table still counts when most headers begin with it: the file is
    read, but nothing in it is public (its "everyone" is unknown).
    """
    # A From word counts where at least half the headers begin with it, not where a name does ("De Souza").
    firsts = Counter(found[0].casefold() for rest in rests if (found := _first_word(rest, _KNOWN_SENDERS)))
    seen = {word for word, count in firsts.items() if count * 2 >= len(rests)}
    chosen = [words for words in zoom_words.LANGUAGES if {s.casefold() for s in words.sender} & seen]
    if not chosen:
        wordless = [words for words in zoom_words.LANGUAGES if "" in words.sender]
        chosen = [words for words in wordless if any(_to_pattern([words]).search(rest) for rest in rests)]
        seen = {""} if chosen else seen
    if chosen:
        if any("" in words.sender for words in chosen):
            seen.add("")
        return _Language(frozenset(seen), True, _to_pattern(chosen),
                         frozenset(" ".join(e.casefold().split()) for w in chosen for e in w.everyone))
    firsts = Counter(rest.split(None, 1)[0].casefold() for rest in rests if rest.strip())
    if firsts:
        word, count = firsts.most_common(1)[0]
        if count >= 2 and count * 2 > len(rests):
            return _Language(frozenset({word}), False, _to_pattern(zoom_words.LANGUAGES), frozenset())
    return _Language(frozenset(), False, _to_pattern(zoom_words.LANGUAGES), frozenset())


def _to_pattern(languages) -> re.Pattern:
    words = {word for language in languages for word in language.to}
    return re.compile(r"(?=([" + _SPACE + r"]+(?:" + zoom_words.alternatives(words) + r")[" + _SPACE + r"]+))",
                      re.IGNORECASE)


@dataclass
class _Open:
    line: int
    clock: str
    author: str
    recipient: str | None
    direct: bool
    body: list[str]


@dataclass(frozen=True)
class _Header:
    clock: str
    author: str
    recipient: str | None
    direct: bool
    first: str | None


class _Reader:
    """Reads one file's headers, knowing its language and the people present."""

    def __init__(self, lines: list[str], known: Iterable[str]) -> None:
        self.lines = lines
        self.known = frozenset(name.casefold() for name in known)
        self.shapes = [HEADER_SHAPE.match(line) if line[:1].isdigit() else None for line in lines]
        self.language = _language([shape.group("rest") for shape in self.shapes if shape and not _cloud(shape)])
        self.senders = sorted(self.language.senders, key=len, reverse=True)
        self._addresses: dict[tuple[str, bool], tuple[str, str | None, bool] | str] = {}

    def header(self, index: int) -> _Header | str:
        """The header on line `index`, or why it cannot be read."""
        shape = self.shapes[index]
        assert shape is not None
        clock = _clock(shape.group("clock"), shape.group("half"))
        if clock is None:
            return f"{shape.group('clock')} is not a time of day"
        rest = shape.group("rest")
        cloud = _cloud(shape)
        if cloud is not None:
            # Before any From word: a name in a recording's chat may begin with one ("De Souza").
            author = cloud.group("author").strip()
            marked = has_marker(author)
            address = _named(_TRAILING_NOTE.sub("", author).strip() if marked else author, None, marked)
            return address if isinstance(address, str) else _Header(clock, *address, cloud.group("text"))
        found = _first_word(rest, self.senders)
        if found is None:
            return "a message header in no known form (its message is left out)"
        after = found[1]
        following = self.lines[index + 1] if index + 1 < len(self.lines) else ""
        stripped = after.rstrip(_SPACE)
        if stripped.endswith((":", "：")) and following.startswith("\t"):
            return self._addressed(clock, stripped[:-1].rstrip(_SPACE), None)
        colon = _COLON.search(after)
        if colon is None:
            return "a message header without the colon that ends it (its message is left out)"
        return self._addressed(clock, after[:colon.start()], after[colon.end():])

    def _addressed(self, clock: str, head: str, first: str | None) -> _Header | str:
        """The header of `head` (`A to B`, or `A` alone) at `clock`, its first line of text if one-line."""
        key = (head, first is None)
        address = self._addresses.get(key)
        if address is None:
            # The same few people write most messages: each address is worked out once.
            address = self._addresses[key] = self._address(head, one_line=first is not None)
        if isinstance(address, str):
            return address
        return _Header(clock, *address, first)

    def _address(self, head: str, one_line: bool) -> tuple[str, str | None, bool] | str:
        """Author, recipient and whether private: anything but plainly to everyone is."""
        author, recipient = self._split(head)
        marked = has_marker(head)
        if recipient is None:
            # The oldest one-line forms name no recipient (Zoom then saved only the everyone chat);
            # a two-line header always does, so one without is private.
            author = _TRAILING_NOTE.sub("", author).strip() if marked else author.strip()
            return _named(author, None, marked or not one_line or not self.language.known)
        public = self.language.known and not marked and self._everyone(recipient)
        shown = _TRAILING_NOTE.sub("", recipient).strip() or recipient.strip()
        return _named(author.strip(), shown, not public)

    def _everyone(self, recipient: str) -> bool:
        return " ".join(recipient.casefold().split()) in self.language.everyone

    def _split(self, head: str) -> tuple[str, str | None]:
        """`A to B` into author and recipient (None without a "to"); names may contain the word too."""
        # Overlapping too: in "Ana to to Everyone" the cut that matters shares its space with another.
        cuts = [(match.start(), match.start() + len(match.group(1))) for match in self.language.to.finditer(head)]
        if not cuts:
            return head, None
        options = [(head[:start].strip(), head[end:].strip()) for start, end in cuts]
        options = [(author, recipient) for author, recipient in options if author and recipient] or options
        for author, recipient in options:
            if self._everyone(recipient) or self._everyone(_TRAILING_NOTE.sub("", recipient)):
                return author, recipient
        for author, recipient in options:
            if author.casefold() in self.known:
                return author, recipient
        for author, recipient in reversed(options):
            if _TRAILING_NOTE.sub("", recipient).strip().casefold() in self.known:
                return author, recipient
        return options[0]


def _named(author: str, recipient: str | None, private: bool) -> tuple[str, str | None, bool] | str:
    """An address, or why it is none: an author must be a name."""
    try:
        clean_name(author)
    except ValueError:
        return "a message without an author"
    return author, recipient, private


def _cloud(shape: re.Match) -> re.Match | None:
    """The cloud-recording form: one tab after the time, then `Name:<TAB>text`."""
    return CLOUD.match(shape.group("rest")) if shape.group("sep") == "\t" else None


def _clock(clock: str, half: str | None) -> str | None:
    """A time of day as HH:MM:SS on a 24-hour clock, or None if it is none."""
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half in "Pp" else 0)
        clock = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    if hours > 23 or minutes > 59 or seconds > 59:
        return None
    return clock


def _finish(entry: _Open) -> ZoomMessage:
    body = list(entry.body)
    reply_to = None
    if body and REPLY_START.match(body[0]):
        # The quoted message may run over several lines; the reply proper follows a blank line.
        for end, line in enumerate(body):
            if REPLY_END.search(line):
                quoted = "\n".join(body[:end + 1])
                reply_to = _quoted(quoted)
                body = body[end + 1:]
                while body and not body[0].strip():
                    body = body[1:]
                break
    text = "\n".join(body).strip("\n")
    reaction = bool(REACTION.match(text))
    return ZoomMessage(entry.line, entry.clock, entry.author, entry.recipient, entry.direct, text, reply_to, reaction)


def _quoted(text: str) -> str:
    """What stands between the first opening quote mark and the last closing one."""
    start = min((at for at in (text.find(mark) for mark in zoom_words.OPEN_QUOTES) if at >= 0), default=-1)
    end = max(text.rfind(mark) for mark in zoom_words.CLOSE_QUOTES)
    return text[start + 1:end] if 0 <= start < end else text


def parse_chat(text: str, path: str = "meeting_saved_chat.txt",
               known: Iterable[str] = ()) -> tuple[list[ZoomMessage], list[ParseProblem]]:
    """Every message of a saved chat, and the lines that could not be read (each named, none fatal)."""
    lines = split_lines(text)
    reader = _Reader(lines, known)
    messages: list[ZoomMessage] = []
    problems: list[ParseProblem] = []
    current: _Open | None = None
    unknown = False
    for index, line in enumerate(lines):
        number = index + 1
        if reader.shapes[index] is not None:
            # Never the previous message's: a header Zoom wrote may begin a direct message.
            if current is not None:
                messages.append(_finish(current))
                current = None
            header = reader.header(index)
            if isinstance(header, str):
                problems.append(ParseProblem(path, number, header))
                unknown = True
                continue
            current = _Open(number, header.clock, header.author, header.recipient, header.direct,
                            [header.first] if header.first is not None else [])
            unknown = False
            continue
        if current is None:
            if line.strip():
                reason = ("part of a message whose header could not be read" if unknown
                          else "text before the first message (not a Zoom chat line)")
                problems.append(ParseProblem(path, number, reason))
            continue
        # Body lines are tab-indented in the two-line forms, unindented continuations in the others.
        current.body.append(line[1:] if line.startswith("\t") else line)
    if current is not None:
        messages.append(_finish(current))
    return messages, problems


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
