"""Bringing a Zoom saved chat into the live session: once, or following the file as it grows."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ipstui.domain.commands import ChatItem, ImportChatComments, Outcome
from ipstui.integrations.source import ImportFileError, read_import, read_import_bytes
from ipstui.integrations.zoom_chat import ParseProblem, absolute, keyed, listed, parse_chat
from ipstui.store import DataFolder


class ChatFileError(ImportFileError):
    """The chat file cannot be read, or holds lines that are no Zoom chat."""


@dataclass(frozen=True)
class ChatFile:
    """What a chat file holds, ready to import."""

    items: tuple[ChatItem, ...]
    reactions: int
    empty: int
    problems: tuple[ParseProblem, ...]


def chat_items(text: str, path: Path, folder: DataFolder, hold_back_last: bool = False) -> ChatFile:
    """Parse `text` against the live session (its date and the group's zone make times absolute)."""
    state = folder.live().state()
    zone = folder.group.settings()["slot"]["zone"]
    messages, problems = parse_chat(text, str(path), [p.name for p in state.participants.values()])
    if hold_back_last and messages:
        messages = messages[:-1]  # it may still be being written
    items = []
    reactions = empty = 0
    assert state.started_at is not None
    for key, message in keyed(messages):
        if message.reaction:
            reactions += 1
        elif not message.text.strip():
            empty += 1
        else:
            items.append(ChatItem(key, message.author, message.text, absolute(message.clock, state.started_at, zone),
                                  direct=message.direct, reply_to=message.reply_to))
    return ChatFile(tuple(items), reactions, empty, tuple(problems))


def read_chat(path: Path, folder: DataFolder) -> ChatFile:
    """Parse the whole of `path` against the live session."""
    return chat_items(read_import(path), path, folder)


def import_chat(path: Path, folder: DataFolder) -> tuple[Outcome, ChatFile]:
    """Import every message of a chat file that can be read; lines that cannot are named, not fatal.

    Refused (ChatFileError, nothing imported) only when nothing in the file is a Zoom chat message.
    """
    chat = read_chat(path, folder)
    if not (chat.items or chat.reactions or chat.empty):
        if not chat.problems:
            raise ChatFileError(f"{path} holds no Zoom chat messages; nothing was imported")
        raise ChatFileError(f"nothing in {path} is a Zoom chat: {listed(chat.problems, 3)}; nothing was imported")
    return folder.execute(ImportChatComments(chat.items)), chat


def import_summary(outcome: Outcome, chat: ChatFile) -> str:
    """What an import did, on one line: comments, and what it left out and why."""
    extra = [f"{count} {what}" for count, what in ((chat.reactions, "reactions"), (chat.empty, "empty messages")) if count]
    if chat.problems:
        extra.append(f"{len(chat.problems)} unreadable {'line' if len(chat.problems) == 1 else 'lines'}")
    return outcome.message + (f"; skipped {', '.join(extra)}" if extra else "")


# How long a followed file must stay unchanged before its last message counts as written.
QUIET_SECONDS = 1.0


class ChatFollower:
    """Follows a chat file that Zoom keeps appending to; survives it being rewritten or replaced.

    A message is imported only once it is complete: nothing past the file's last newline is
    read, and the last message waits until a later header follows it or the file has been
    quiet for `quiet` seconds (by `clock`, a monotonic time source).
    """

    def __init__(self, path: Path, folder: DataFolder, quiet: float = QUIET_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.path = Path(path)
        self.folder = folder
        self.quiet = quiet
        self.clock = clock
        self._seen: tuple[int, int, int] | None = None
        self._changed_at = 0.0
        self._holding = False
        self._named: set[tuple[int, str]] = set()
        # The lines the last poll found unreadable that no poll had named before.
        self.skipped: tuple[ParseProblem, ...] = ()

    def poll(self) -> Outcome | None:
        """Import what is new and complete since the last look (None if there is nothing to do)."""
        try:
            # The name itself: a link put in the file's place is refused when read, never followed.
            stat = os.lstat(self.path)
        except FileNotFoundError:
            return None  # between a delete and its replacement
        version = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        now = self.clock()
        if version != self._seen:
            self._seen, self._changed_at = version, now
        elif not self._holding:
            return None
        raw = read_import_bytes(self.path)
        written = raw[:raw.rfind(b"\n") + 1]
        # Whole lines only; and the last message only once nothing has been added for a while.
        lines_whole = written == raw and len(raw) == stat.st_size
        complete = lines_whole and now - self._changed_at >= self.quiet
        chat = chat_items(written.decode("utf-8", "surrogateescape"), self.path, self.folder, hold_back_last=not complete)
        self.skipped = tuple(problem for problem in chat.problems if (problem.line, problem.reason) not in self._named)
        self._named.update((problem.line, problem.reason) for problem in self.skipped)
        # A half-written line waits for the file to change; a quiet wait needs another look.
        self._holding = lines_whole and not complete
        return self.folder.execute(ImportChatComments(chat.items))
