"""Bringing a Zoom saved chat into the live session: once, or following the file as it grows."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ipstui.domain.commands import ChatItem, ImportChatComments, Outcome
from ipstui.integrations.source import ImportFileError, read_import
from ipstui.integrations.zoom_chat import ParseProblem, absolute, keyed, parse_chat
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


def read_chat(path: Path, folder: DataFolder, hold_back_last: bool = False) -> ChatFile:
    """Parse `path` against the live session (its date and the group's zone make times absolute)."""
    text = read_import(path)
    state = folder.live().state()
    zone = folder.group.settings()["slot"]["zone"]
    messages, problems = parse_chat(text, str(path), [p.name for p in state.participants.values()])
    if hold_back_last and messages and not messages[-1].text:
        messages = messages[:-1]  # its body is still being written
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


def import_chat(path: Path, folder: DataFolder) -> tuple[Outcome, ChatFile]:
    """Import a chat file once; any unreadable line stops it before anything changes."""
    chat = read_chat(path, folder)
    if chat.problems:
        shown = "; ".join(str(problem) for problem in chat.problems[:3])
        more = f" (and {len(chat.problems) - 3} more)" if len(chat.problems) > 3 else ""
        raise ChatFileError(f"{shown}{more}; nothing was imported")
    return folder.execute(ImportChatComments(chat.items)), chat


class ChatFollower:
    """Follows a chat file that Zoom keeps appending to; survives it being rewritten or replaced."""

    def __init__(self, path: Path, folder: DataFolder) -> None:
        self.path = Path(path)
        self.folder = folder
        self._seen: tuple[int, int, int] | None = None

    def poll(self) -> Outcome | None:
        """Import what is new since the last look (None if the file did not change)."""
        try:
            # The name itself: a link put in the file's place is refused when read, never followed.
            stat = os.lstat(self.path)
        except FileNotFoundError:
            return None  # between a delete and its replacement
        version = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if version == self._seen:
            return None
        chat = read_chat(self.path, self.folder, hold_back_last=True)
        outcome = self.folder.execute(ImportChatComments(chat.items))
        self._seen = version
        return outcome
