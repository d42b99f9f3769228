"""Zoom files from the console: import a saved chat, follow one as it grows, record attendance.

The Zoom readers load when first used: the console starts without them.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ipstui.app.messages import FolderChanged
from ipstui.domain.outcome import CommandError
from ipstui.store import DataFolder, StoreError


class ZoomImports:
    """The console's Zoom actions (mixed into the app, which provides say, folder and the rest)."""

    _stop_following: threading.Event
    _follow_error: str | None

    def import_chat_file(self, path: str) -> None:
        """Import a Zoom chat file into the live session."""
        from ipstui.integrations.chat_import import import_chat

        if self.refuse_if_watching():
            return
        try:
            outcome, _ = import_chat(Path(path).expanduser(), self.folder)
        except (CommandError, StoreError) as error:
            self.say(str(error), "error", 10)
            return
        self.say(outcome.message)
        self.check_for_changes()

    def import_roster_file(self, path: str) -> None:
        """Record a Zoom participants report in the live session."""
        from ipstui.domain.commands import RecordAttendance
        from ipstui.integrations.zoom_participants import parse_participants

        if self.refuse_if_watching():
            return
        try:
            text = Path(path).expanduser().read_bytes().decode("utf-8", "surrogateescape")
        except OSError as error:
            self.say(f"cannot read {path}: {error.strerror}", "error", 10)
            return
        attendees, problems, _ = parse_participants(text, path)
        if problems:
            self.say("; ".join(str(p) for p in problems[:3]) + "; nothing was recorded", "error", 10)
            return
        self.run_command(RecordAttendance(tuple((a.name, a.minutes, a.joins) for a in attendees)))

    def follow_chat_file(self, path: str) -> None:
        """Follow a Zoom chat file in the background; its comments arrive like anyone's changes."""
        from ipstui.integrations.chat_import import ChatFollower

        if self.refuse_if_watching():
            return
        self._stop_following.set()
        stop = self._stop_following = threading.Event()
        # Its own DataFolder: the follower's caches never meet the screen's.
        follower = ChatFollower(Path(path).expanduser(), DataFolder(self.folder.root, self.folder.clock,
                                                                     self.folder.stamp.by, self.folder.stamp.terminal))

        def follow() -> None:
            while not stop.wait(0.5):
                try:
                    follower.poll()
                except (CommandError, StoreError) as error:
                    self._follow_error = str(error)
                    stop.set()
                    self.post_message(FolderChanged())

        threading.Thread(target=follow, name="ipstui-follow", daemon=True).start()
        self.say(f"following {path}: new comments appear as Zoom writes them")
