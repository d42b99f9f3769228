"""Zoom files from the console: import a saved chat, follow one as it grows, record attendance.

The Zoom readers load when first used: the console starts without them.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ipstui.app.messages import FolderChanged
from ipstui.domain.outcome import CommandError
from ipstui.store import DataFolder, StoreError

if TYPE_CHECKING:
    from ipstui.integrations.attendance_import import AttendanceImported


class ZoomImports:
    """The console's Zoom actions (mixed into the app, which provides say, folder and the rest)."""

    _stop_following: threading.Event
    _follow_error: str | None
    _follow_notice: str | None

    def import_chat_file(self, path: str) -> None:
        """Import a Zoom chat file into the live session (read and parsed off the event loop)."""
        from ipstui.integrations.chat_import import import_chat, import_summary, skipped_lines

        if self.refuse_if_watching():
            return
        folder = self._own_folder()

        def work() -> None:
            try:
                outcome, chat = import_chat(Path(path).expanduser(), folder)
            except (CommandError, StoreError) as error:
                self.call_from_thread(self.say, str(error), "error", 10)
                return
            first = f" ({skipped_lines(chat.problems, 1)})" if chat.problems else ""
            self.call_from_thread(self._imported, import_summary(outcome, chat) + first, bool(chat.problems))

        self._in_background(work, "import-chat")

    def import_roster_file(self, path: str) -> None:
        """Record a Zoom participants report in the live session (read, parsed and recorded off the event loop)."""
        from ipstui.integrations.attendance_import import import_attendance

        if self.refuse_if_watching():
            return
        folder = self._own_folder()

        def work() -> None:
            try:
                imported = import_attendance(Path(path).expanduser(), folder, path)
            except (CommandError, StoreError) as error:
                self.call_from_thread(self.say, str(error), "error", 10)
                return
            self.call_from_thread(self._attendance_recorded, imported)

        self._in_background(work, "import-roster")

    def _attendance_recorded(self, imported: AttendanceImported) -> None:
        # Rows left out need reading: they stay up longer, as a warning.
        self.say(imported.summary(most=3), "warning" if imported.skipped else "information",
                 10 if imported.skipped else 3)
        self.check_for_changes()

    def _imported(self, message: str, partly: bool = False) -> None:
        # Lines left out stay on screen long enough to be read.
        self.say(message, "warning" if partly else "information", 10 if partly else 3)
        self.check_for_changes()

    def _own_folder(self) -> DataFolder:
        """A DataFolder for a background thread: its caches never meet the screen's."""
        return DataFolder(self.folder.root, self.folder.clock, self.folder.stamp.by, self.folder.stamp.terminal)

    def _in_background(self, work: Callable[[], None], name: str) -> None:
        # A file to import may be large: reading and parsing it must not hold the screen still.
        self.run_worker(work, name=name, group="zoom-files", thread=True, exit_on_error=False)

    def follow_chat_file(self, path: str) -> None:
        """Follow a Zoom chat file in the background; its comments arrive like anyone's changes."""
        from ipstui.integrations.chat_import import ChatFollower, skipped_lines

        if self.refuse_if_watching():
            return
        self._stop_following.set()
        stop = self._stop_following = threading.Event()
        # Its own DataFolder: the follower's caches never meet the screen's.
        follower = ChatFollower(Path(path).expanduser(), self._own_folder())

        def follow() -> None:
            while not stop.wait(0.5):
                try:
                    follower.poll()
                    if follower.skipped:
                        self._follow_notice = f"skipped {skipped_lines(follower.skipped, 1)}"
                        self.post_message(FolderChanged())
                except (CommandError, StoreError) as error:
                    self._follow_error = str(error)
                    stop.set()
                    self.post_message(FolderChanged())

        threading.Thread(target=follow, name="ipstui-follow", daemon=True).start()
        self.say(f"following {path}: new comments appear as Zoom writes them")
