"""Zoom files from the console: import a saved chat, follow one as it grows, record attendance.

Each is read, parsed and recorded on a thread of its own, never on the event loop; what it did
reaches the app as messages. The Zoom readers load when first used: the console starts without them.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable

from textual.message import Message

from ipstui.app.messages import FolderChanged, Say
from ipstui.domain.outcome import CommandError
from ipstui.store import DataFolder, StoreError

# How often a followed chat file is looked at.
FOLLOW_SECONDS = 0.5


class ZoomFiles:
    """The console's Zoom files: one import at a time each, one file followed at a time."""

    def __init__(self, folder: DataFolder, post: Callable[[Message], Any]) -> None:
        self.folder = folder
        self.post = post
        self._stop_following = threading.Event()

    def open(self, kind: str, path: str) -> None:
        """Import a chat file ("chat"), follow one ("follow"), or record a participants report ("roster")."""
        opening = {"chat": self._import_chat, "follow": self._follow_chat, "roster": self._import_roster}[kind]
        opening(Path(path).expanduser(), path)

    def stop(self) -> None:
        """Stop following (imports under way finish on their own)."""
        self._stop_following.set()

    def _own_folder(self) -> DataFolder:
        """A DataFolder for one thread: its caches meet no other thread's."""
        return DataFolder(self.folder.root, self.folder.clock, self.folder.stamp.by, self.folder.stamp.terminal)

    def _say(self, text: str, severity: str = "information", timeout: float = 3) -> None:
        self.post(Say(text, severity, timeout))

    def _in_background(self, work: Callable[[], None], name: str) -> None:
        def guarded() -> None:
            try:
                work()
            except (CommandError, StoreError, OSError) as error:
                self._say(str(error), "error", 10)
            # Whatever changed reaches the screen by the folder's road.
            self.post(FolderChanged())

        threading.Thread(target=guarded, name=name, daemon=True).start()

    def _import_chat(self, path: Path, shown: str) -> None:
        from ipstui.integrations.chat_import import import_chat, import_summary
        from ipstui.integrations.zoom_chat import listed

        folder = self._own_folder()

        def work() -> None:
            outcome, chat = import_chat(path, folder)
            first = f" ({listed(chat.problems, 1)})" if chat.problems else ""
            # Lines left out stay on screen long enough to be read.
            partly = bool(chat.problems)
            self._say(import_summary(outcome, chat) + first, "warning" if partly else "information", 10 if partly else 3)

        self._in_background(work, "ipstui-import-chat")

    def _import_roster(self, path: Path, shown: str) -> None:
        from ipstui.integrations.attendance_import import import_attendance

        folder = self._own_folder()

        def work() -> None:
            imported = import_attendance(path, folder, shown)
            # Rows left out need reading: they stay up longer, as a warning.
            self._say(imported.summary(most=3), "warning" if imported.skipped else "information",
                      10 if imported.skipped else 3)

        self._in_background(work, "ipstui-import-roster")

    def _follow_chat(self, path: Path, shown: str) -> None:
        """Follow a Zoom chat file; its comments arrive like anyone's changes."""
        from ipstui.integrations.chat_import import ChatFollower
        from ipstui.integrations.zoom_chat import listed

        self._stop_following.set()
        stop = self._stop_following = threading.Event()
        follower = ChatFollower(path, self._own_folder())

        def follow() -> None:
            while not stop.wait(FOLLOW_SECONDS):
                try:
                    follower.poll()
                except (CommandError, StoreError, OSError) as error:
                    self._say(f"stopped following the chat file: {error}", "error", 15)
                    return
                if follower.skipped:
                    self._say(f"skipped {listed(follower.skipped, 1)}", "warning", 10)

        threading.Thread(target=follow, name="ipstui-follow", daemon=True).start()
        self._say(f"following {shown}: new comments appear as Zoom writes them")
