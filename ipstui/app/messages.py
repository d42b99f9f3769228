"""Messages the console passes upwards."""

from __future__ import annotations

from textual.message import Message


class FolderChanged(Message):
    """Something in the data folder may have changed (sent from the watcher thread)."""
