"""Messages the console passes upwards."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ipstui.domain.commands import Command


@dataclass
class RunCommand(Message):
    """A widget asks for a command to be run on the live session."""

    command: Command


class FolderChanged(Message):
    """Something in the data folder may have changed (sent from the watcher thread)."""
