"""The data folder: its paths and permissions, and the rooms of the store that work in it.

- store/index.py: the sessions index, derived from the session files (and only cached);
- store/read_models.py: what the screens read of the group beside it;
- store/service.py: the command service, the one road by which the data changes;
- store/group_file.py, store/session_file.py: the files themselves;
- store/recovery.py, store/backup.py: recovering a damaged file, whole-history backups.

`DataFolder` composes them, so the console, the command line and the tests have one handle.
"""

from __future__ import annotations

import grp
import os
from datetime import date
from pathlib import Path
from typing import Callable

from ipstui.domain.agreement import DEFAULT_AGREEMENT, Agreement
from ipstui.domain.clock import Clock, SystemClock
from ipstui.domain.outcome import Command, Context, Outcome
from ipstui.domain.settings import SessionSettings
from ipstui.domain.state import SessionState
from ipstui.store import read_models
from ipstui.store.atomic import FileMode, make_folder, open_regular
from ipstui.store.errors import DataFolderError, NoLiveSession, UnknownSession, UnsafeFile
from ipstui.store.group_file import SESSION_ID, GroupFile
from ipstui.store.index import Look, SessionIndex, SessionSummary, index_entry, summary_of
from ipstui.store.read_models import NOTHING_UPCOMING, Upcoming, Volunteer
from ipstui.store.service import CommandService
from ipstui.store.session_file import SessionFile, Stamp
from ipstui.store.team import OWNER_ONLY

# Where the screens and the backup have always found them.
__all__ = ["DataFolder", "GROUP_FILE", "SESSION_ID", "SessionSummary", "Upcoming", "Volunteer", "index_entry",
           "resolve_folder"]

GROUP_FILE = "group.json"


def resolve_folder(explicit: str | None) -> Path:
    """`--db DIR`, else `$IPSTUI_DB`, else `./sessions_db`."""
    return Path(explicit or os.environ.get("IPSTUI_DB") or "sessions_db")


class DataFolder:
    """Everything the group keeps in one folder, and the one road by which it changes."""

    def __init__(
        self,
        root: Path,
        clock: Clock | None = None,
        actor: str = "",
        terminal: str = "",
    ) -> None:
        self.root = Path(root)
        self.clock = clock or SystemClock()
        self.stamp = Stamp(actor, terminal)
        self.mode = FileMode.of_folder(self.root)
        self.group = GroupFile(self.root / GROUP_FILE, self.mode)
        self._sessions: dict[str, SessionFile] = {}
        self.index = SessionIndex(self.root, self.mode, self._sessions)
        self.service = CommandService(self)

    # -- the folder itself ----------------------------------------------------------------

    def check_readable(self) -> None:
        """Raise DataFolderError unless the folder exists and can be read."""
        try:
            exists = self.root.exists()
        except PermissionError:
            raise DataFolderError(f"cannot read the data folder {self.root} (permission denied on the way to it)") from None
        if not exists:
            raise DataFolderError(f"no data folder at {self.root} (start a session to create it, or pass --db DIR)")
        if not self.root.is_dir():
            raise DataFolderError(f"{self.root} is not a folder")
        if not os.access(self.root, os.R_OK | os.X_OK):
            raise DataFolderError(f"cannot read the data folder {self.root} (permission denied)")

    def ensure_folder(self) -> None:
        """Create the folder and the group file if they are not there yet (checked as on first use)."""
        self._prepare()

    def _prepare(self) -> None:
        """Create the folder and the group file on first use."""
        try:
            make_folder(self.root, 0o2770 if self.mode.gid is not None else 0o700)
        except OSError as error:
            raise DataFolderError(f"cannot create the data folder {self.root}: {error.strerror}") from None
        self.check_readable()
        if not os.access(self.root, os.W_OK):
            why = "read-only file system" if os.statvfs(self.root).f_flag & os.ST_RDONLY else "permission denied"
            raise DataFolderError(f"cannot write to the data folder {self.root} ({why})")
        self.group.ensure()

    @staticmethod
    def share(root: Path, group: str | None) -> str:
        """Prepare a data folder: owner-only, or shared with a Unix group (setgid, 2770)."""
        root = Path(root)
        try:
            gid = grp.getgrnam(group).gr_gid if group else None
        except KeyError:
            raise DataFolderError(f"there is no Unix group called {group!r}") from None
        try:
            make_folder(root, 0o700)
            if gid is None:
                os.chmod(root, 0o700)
            else:
                os.chown(root, -1, gid)
                os.chmod(root, 0o2770)
            mode = FileMode(gid)
            for path in root.iterdir():
                if not path.name.startswith(OWNER_ONLY):
                    _share_file(path, mode)
        except PermissionError as error:
            raise DataFolderError(f"cannot prepare {root}: permission denied ({error.filename})") from None
        if gid is None:
            return f"{root} is readable by its owner only"
        return f"{root} is shared with the group {group}: setgid folder, files readable and writable by the group only"

    def session_file(self, session_id: str) -> SessionFile:
        """The file of a session, by id (an id that is not one raises UnknownSession)."""
        if not SESSION_ID.fullmatch(session_id):
            raise UnknownSession(f"{session_id!r} is not a session id (they look like 2026-11-28)")
        if session_id not in self._sessions:
            self._sessions[session_id] = SessionFile(self.root / f"session-{session_id}.json", self.mode)
        return self._sessions[session_id]

    def forget_file(self, session_id: str) -> None:
        """Drop what this process holds of a session file that is gone (removed)."""
        self._sessions.pop(session_id, None)

    def remove_session(self, session_id: str, force: bool = False, attached: str = "") -> str:
        """Set a session's file aside and forget it in the roster (store/removal.py)."""
        from ipstui.store.removal import remove_session

        return remove_session(self, session_id, force, attached)

    def recover(self, file_name: str) -> str:
        """Put a damaged file's last good copy back; the damaged file is kept beside it, renamed."""
        from ipstui.store.recovery import recover

        return recover(self, file_name)

    # -- reading: the sessions index (store/index.py) ---------------------------------------

    def _look(self) -> Look:
        self.check_readable()
        if self.group.doc.exists():
            # Fail closed: no command goes on past a damaged or planted group file (cached by its stat key).
            self.group.doc.read()
        return self.index.look()

    def sessions(self) -> list[SessionSummary]:
        """All sessions, oldest first, as their files say (see store/index.py for damaged ones)."""
        look = self._look()
        look.raise_blocking()
        self.service.settle(look)
        return [summary_of(entry) for entry in self.index.entries(look)]

    def history(self) -> list[SessionSummary]:
        """All sessions, oldest first, the live one's figures taken fresh from its log."""
        return self.sessions()

    def live_session_id(self) -> str | None:
        """The id of the live session, if one is live."""
        return self._look().live_id()

    def live(self) -> SessionFile:
        """The live session's file (NoLiveSession if none)."""
        session_id = self.live_session_id()
        if session_id is None:
            raise NoLiveSession(f"no live session in {self.root} (start one with `ipstui start`)")
        return self.session_file(session_id)

    def state(self, session_id: str) -> SessionState:
        """The state of a session by id."""
        self.check_readable()
        file = self.session_file(session_id)
        if not file.doc.exists():
            raise UnknownSession(f"no session {session_id!r} in {self.root} (`ipstui history` lists them)")
        return file.state()

    def latest_session_id(self) -> str | None:
        """The live session, else the most recent one."""
        live = self.live_session_id()
        if live:
            return live
        sessions = self.sessions()
        return sessions[-1].id if sessions else None

    # -- reading: the group (store/read_models.py) ------------------------------------------

    def upcoming(self) -> Upcoming:
        """The next moderator, backup and topic still standing (see read_models.upcoming)."""
        if not self.root.exists():
            return NOTHING_UPCOMING
        return read_models.upcoming(self.sessions(), self._call_weekday())

    def chosen_for(self, day: date) -> Upcoming:
        """The moderator, backup and topic chosen for the call on `day` (the group's zone)."""
        if not self.root.exists():
            return NOTHING_UPCOMING
        return read_models.chosen_for(self.sessions(), day, self._call_weekday())

    def _call_weekday(self) -> int:
        """The weekday of the group's call, Monday 0."""
        from ipstui.domain.schedule import slot_from_settings

        return slot_from_settings(self.group.settings()).weekday_number

    def volunteers(self) -> list[Volunteer]:
        """Everyone on the roster with their moderation history, in roster order."""
        if not self.root.exists() or not self.group.doc.exists():
            return []
        return read_models.volunteers(self.group.roster())

    def known_names(self) -> list[str]:
        """Names to complete from: the roster and the live session's people."""
        names = [volunteer.name for volunteer in self.volunteers()]
        live = self.live_session_id() if self.root.exists() else None
        if live:
            names += [person.name for person in self.session_file(live).state().participants.values()]
        return read_models.known_names(names)

    def standing_requests(self) -> list[tuple[str, str, str]]:
        """The members' standing requests (name, words, since which session), the live log's included."""
        if not self.root.exists() or not self.group.doc.exists():
            return []
        self.sessions()  # a look brings the roster in step with the live log
        return read_models.standing_requests(self.group.roster())

    def context(self, session_id: str = "") -> Context:
        """What commands may know of the group right now; `session_id` is not "earlier"."""
        roster = self.group.roster() if self.group.doc.exists() else []
        return read_models.context(roster, session_id, self.clock.now(), self.stamp.by, self.agreement())

    def agreement(self) -> Agreement:
        """The group's working agreement (the seed's text until the group rewords it)."""
        if not self.root.exists() or not self.group.doc.exists():
            return DEFAULT_AGREEMENT
        return self.group.agreement()

    # -- changing: the command service (store/service.py) -----------------------------------

    def start(self, topic: str, moderator: str, settings: SessionSettings | None = None) -> tuple[str, Outcome]:
        """Start a new live session; refused while another is live."""
        return self.service.start(topic, moderator, settings)

    def execute(self, command: Command, folded: Callable[[str, SessionState], None] | None = None) -> Outcome:
        """Run a command on the live session, with the changes to the group's file it declares
        (`folded`: see CommandService.execute)."""
        return self.service.execute(command, folded)

    def reword_agreement(self, number: int, text: str) -> str:
        """Give agreement item `number` the group's own wording."""
        return self.service.reword_agreement(number, text)

    def change_setting(self, key: str, value: str) -> str:
        """Set one of the group's settings; CommandError saying why not."""
        return self.service.change_setting(key, value)

    def reset_agreement(self, number: int | None = None) -> str:
        """Put the seed's wording back on item `number`, or on every item."""
        return self.service.reset_agreement(number)


def _share_file(path: Path, mode: FileMode) -> None:
    """Give one plain file of the folder `mode`; links, FIFOs and folders are left as they are."""
    try:
        # Through a descriptor: a file swapped for a link meanwhile never passes the mode on.
        fd = open_regular(path, os.O_RDONLY, limit=None)
    except UnsafeFile:
        return
    try:
        if mode.gid is not None:
            os.fchown(fd, -1, mode.gid)
        os.fchmod(fd, mode.bits)
    finally:
        os.close(fd)
