"""The data folder: the group file, one file per session, and the live session between them."""

from __future__ import annotations

import grp
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable
from zoneinfo import ZoneInfo

from ipstui.domain.agreement import DEFAULT_AGREEMENT, Agreement, item_text
from ipstui.domain.clock import Clock, SystemClock
from ipstui.domain.outcome import Command, CommandError, Context, Outcome
from ipstui.domain.settings import SessionSettings
from ipstui.domain.state import SessionState
from ipstui.store.atomic import FileMode, make_folder, open_regular
from ipstui.store.errors import (
    DamagedFile,
    DataFolderError,
    LockTimeout,
    NoLiveSession,
    PartlySaved,
    StoreError,
    UnknownSession,
    UnsafeFile,
    WriteFailed,
)
from ipstui.store.group_file import SESSION_ID, GroupFile
from ipstui.store.session_file import SessionFile, Stamp

if TYPE_CHECKING:
    from ipstui.domain.commands import AddParticipant, EndSession, RecordAttendance

GROUP_FILE = "group.json"


def resolve_folder(explicit: str | None) -> Path:
    """`--db DIR`, else `$IPSTUI_DB`, else `./sessions_db`."""
    return Path(explicit or os.environ.get("IPSTUI_DB") or "sessions_db")


@dataclass(frozen=True)
class SessionSummary:
    """One line of the sessions index."""

    id: str
    topic: str
    moderator: str
    started_at: str
    ended_at: str | None
    status: str
    next_moderator: str | None
    backup_moderator: str | None
    next_topic: str | None = None
    attendance: int = 0
    length_seconds: float = 0.0
    comments_read: int = 0
    newcomers: int = 0


@dataclass(frozen=True)
class Upcoming:
    """What the last session decided for the next one."""

    moderator: str | None
    backup: str | None
    topic: str | None


@dataclass(frozen=True)
class Volunteer:
    """Someone the group knows, with how often they have moderated."""

    name: str
    moderated: int
    last_moderated: str | None
    sessions: int


class DataFolder:
    """Everything the group keeps, and the one road by which it changes."""

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

    # -- reading --------------------------------------------------------------------------

    def sessions(self) -> list[SessionSummary]:
        """All sessions, oldest first."""
        return [_summary(entry) for entry in self._index()]

    def _index(self) -> list[dict[str, Any]]:
        """The sessions index, oldest first, repaired first if a process died mid-way."""
        self.check_readable()
        if not self.group.doc.exists():
            return []
        self._repair_index()
        return self.group.sessions()

    def history(self) -> list[SessionSummary]:
        """All sessions, oldest first, the live one's figures taken fresh from its log."""
        return [
            _summary(index_entry(self.session_file(summary.id).state())) if summary.status == "live" else summary
            for summary in self.sessions()
        ]

    def live_session_id(self) -> str | None:
        """The id of the live session, if one is live."""
        # Every command asks this: the raw index, not a summary of each of hundreds of sessions.
        for entry in self._index():
            if entry["status"] == "live":
                file = self.session_file(entry["id"])
                if not file.doc.exists():
                    raise DamagedFile(file.path, "the sessions index lists it but the file is missing", None)
                if file.state().is_live:
                    return entry["id"]
        return None

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

    def upcoming(self) -> Upcoming:
        """The next moderator, backup and topic chosen when the last session closed."""
        if not self.root.exists():
            return Upcoming(None, None, None)
        ended = [summary for summary in self.sessions() if summary.status == "ended"]
        if not ended:
            return Upcoming(None, None, None)
        last = ended[-1]
        return Upcoming(last.next_moderator, last.backup_moderator, last.next_topic)

    def volunteers(self) -> list[Volunteer]:
        """Everyone on the roster with their moderation history, in roster order."""
        if not self.root.exists() or not self.group.doc.exists():
            return []
        return [
            Volunteer(
                name=person["name"],
                moderated=len(person.get("moderated", [])),
                last_moderated=max(person.get("moderated") or [None], key=lambda x: x or ""),
                sessions=len(person.get("sessions", [])),
            )
            for person in self.group.roster()
        ]

    def known_names(self) -> list[str]:
        """Names to complete from: the roster and the live session's people."""
        names = [volunteer.name for volunteer in self.volunteers()]
        live = self.live_session_id() if self.root.exists() else None
        if live:
            names += [person.name for person in self.session_file(live).state().participants.values()]
        seen: dict[str, str] = {}
        for name in names:
            seen.setdefault(name.casefold(), name)
        return sorted(seen.values(), key=str.casefold)

    def context(self, session_id: str = "") -> Context:
        """What commands may know of the group right now; `session_id` is not "earlier"."""
        known: set[str] = set()
        quiet: set[str] = set()
        for person in self.group.roster() if self.group.doc.exists() else []:
            if set(person.get("sessions", ())) - {session_id}:
                known.add(person["key"])
            if person.get("no_read_aloud"):
                quiet.add(person["key"])
        return Context(self.clock.now(), self.stamp.by, frozenset(known), frozenset(quiet), self.agreement())

    def agreement(self) -> Agreement:
        """The group's working agreement (the seed's text until the group rewords it)."""
        if not self.root.exists() or not self.group.doc.exists():
            return DEFAULT_AGREEMENT
        return self.group.agreement()

    # -- changing -------------------------------------------------------------------------

    def start(self, topic: str, moderator: str, settings: SessionSettings | None = None) -> tuple[str, Outcome]:
        """Start a new live session; refused while another is live."""
        self._prepare()
        with self.group.doc.lock:
            self._reconcile()
            live = self.live_session_id()
            if live is not None:
                raise StoreError(f"session {live} is live; end it before starting another")
            session_id = self._new_session_id()
            group_settings = self.group.settings()
            settings = settings or SessionSettings.from_doc(group_settings.get("session"))
            from ipstui.domain.commands import StartSession

            command = StartSession(session_id, topic, moderator, settings)
            ctx = self.context(session_id)
            file = self.session_file(session_id)
            outcome = file.create(command, ctx, self.stamp)
            state = file.state()
            self.group.add_session(index_entry(state))
            self.group.note_participant(state.moderator, session_id, None)
        return session_id, outcome

    def _new_session_id(self) -> str:
        zone = self.group.settings()["slot"]["zone"]
        base = self.clock.now().astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d")
        taken = {summary.id for summary in self.sessions()}
        candidate, number = base, 1
        while candidate in taken or os.path.lexists(self.root / f"session-{candidate}.json"):
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    def _unsettled(self) -> list[SessionState]:
        """Started sessions the index misses, or calls live though their log has ended."""
        status = {entry["id"]: entry["status"] for entry in self.group.sessions()}
        found = []
        # Names only (no Path per file): every command looks, in a folder of hundreds of sessions.
        for name in sorted(os.listdir(self.root)):
            if not (name.startswith("session-") and name.endswith(".json")):
                continue
            session_id = name[len("session-"):-len(".json")]
            if status.get(session_id) == "ended" or not SESSION_ID.fullmatch(session_id):
                continue
            try:
                state = self.session_file(session_id).state()
            except (DamagedFile, UnsafeFile):
                # A stray damaged or planted file outside the history must not stop the live session.
                if session_id in status:
                    raise
                continue
            if state.started_at is not None and (session_id not in status or not state.is_live):
                found.append(state)
        return found

    def _repair_index(self) -> None:
        """Bring the index in step with the session files, if a process died between them."""
        if not self._unsettled():
            return
        if not os.access(self.root, os.W_OK) or os.statvfs(self.root).f_flag & os.ST_RDONLY:
            return  # only a terminal that can write repairs it
        try:
            with self.group.doc.lock:
                self._reconcile()
        except (WriteFailed, LockTimeout):
            pass  # reading goes on with the index as it is; a later look repairs it

    def _reconcile(self) -> None:
        """Repair the index after a process died between writing a session and the index.

        One write for the whole repair: the group file's .bak is then the file as it was.
        """
        indexed = {entry["id"] for entry in self.group.sessions()}
        unsettled = self._unsettled()
        if not unsettled:
            return
        with self.group.doc.transaction():
            for state in unsettled:
                if state.session_id not in indexed:
                    self.group.add_session(index_entry(state))
                    self.group.note_participant(state.moderator, state.session_id, None)
                if not state.is_live:
                    self._note_ended(state)

    def _note_ended(self, state: SessionState) -> None:
        """Record an ended session in the index, the roster and the rotation."""
        # The index entry last: until it says "ended", a repair redoes the roster notes.
        self.group.note_participants([person.name for person in state.participants.values()], state.session_id)
        self.group.note_moderated(state.moderator, state.session_id)
        self.group.update_session(state.session_id, index_entry(state))

    def execute(self, command: Command) -> Outcome:
        """Run a command on the live session."""
        # The commands load with the first one run: opening the console reads, never acts.
        from ipstui.domain.commands import AddParticipant, EndSession, RecordAttendance

        if isinstance(command, AddParticipant):
            return self.add_participant(command)
        if isinstance(command, EndSession):
            return self.end(command)
        if isinstance(command, RecordAttendance):
            return self.record_attendance(command)
        self.check_readable()
        return self.live().execute(command, self.context, self.stamp)

    def _execute_with_group(self, command: Command, then: Callable[[SessionState], None]) -> Outcome:
        """Run a command on the live session and update the group's file, both under its lock."""
        self._prepare()
        with self.group.doc.lock:
            file = self.live()
            session_id = file.session_id
            outcome = file.execute(command, lambda: self.context(session_id), self.stamp)
            try:
                then(file.state())
            except WriteFailed as error:
                # The session has it; say so, so that nobody repeats what is already done.
                raise PartlySaved(f"{outcome.message}, but {error.path.name} was not updated ({error.why}); "
                                  "a later look brings it up to date") from None
            except CommandError as error:
                raise PartlySaved(f"{outcome.message}, but {self.group.path.name} was not updated: {error}") from None
        return outcome

    def add_participant(self, command: AddParticipant) -> Outcome:
        """Add someone to the live session and to the group's roster."""

        def note(state: SessionState) -> None:
            person = state.person(command.name)
            if person is not None:
                self.group.note_participant(person.name, state.session_id, command.no_read_aloud)

        return self._execute_with_group(command, note)

    def record_attendance(self, command: RecordAttendance) -> Outcome:
        """Record a participants report in the live session and the group's roster."""

        def note(state: SessionState) -> None:
            people = [state.person(name) for name, _, _ in command.attendees]
            self.group.note_participants([person.name for person in people if person], state.session_id)

        return self._execute_with_group(command, note)

    def end(self, command: EndSession) -> Outcome:
        """End the live session and record the rotation in the group's file."""

        return self._execute_with_group(command, self._note_ended)

    def reword_agreement(self, number: int, text: str) -> str:
        """Give agreement item `number` the group's own wording."""
        try:
            DEFAULT_AGREEMENT.check_number(number)
            text = item_text(text)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self._prepare()
        self.group.reword_agreement(number, text)
        return f"agreement item {number} now reads: {text}"

    def reset_agreement(self, number: int | None = None) -> str:
        """Put the seed's wording back on item `number`, or on every item."""
        numbers = range(1, len(DEFAULT_AGREEMENT.items) + 1) if number is None else [number]
        try:
            for each in numbers:
                DEFAULT_AGREEMENT.check_number(each)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self._prepare()
        with self.group.doc.lock:
            for each in numbers:
                self.group.reword_agreement(each, None)
        return "the whole agreement reads as the seed's again" if number is None else f"agreement item {number} reads as the seed's again"

    def recover(self, file_name: str) -> str:
        """Put a damaged file's last good copy back; the damaged file is kept beside it, renamed."""
        from ipstui.store.recovery import recover

        return recover(self, file_name)


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


def index_entry(state: SessionState) -> dict[str, Any]:
    """A session's line in the sessions index, folded from its log."""
    from ipstui.domain.analysis import summarize

    figures = summarize(state, state.ended_at or state.last_at or state.started_at)  # type: ignore[arg-type]
    return {
        "id": state.session_id,
        "topic": state.topic,
        "moderator": state.moderator,
        "started_at": _iso(state.started_at),
        "ended_at": _iso(state.ended_at),
        "status": "live" if state.is_live else "ended",
        "next_moderator": state.next_moderator,
        "backup_moderator": state.backup_moderator,
        "next_topic": state.next_topic,
        "attendance": figures.attendance,
        "length_seconds": round(figures.length_seconds, 1),
        "comments_read": figures.comments_read,
        "newcomers": figures.newcomers,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _summary(entry: dict[str, Any]) -> SessionSummary:
    return SessionSummary(
        id=entry["id"],
        topic=entry["topic"],
        moderator=entry["moderator"],
        started_at=entry["started_at"],
        ended_at=entry.get("ended_at"),
        status=entry["status"],
        next_moderator=entry.get("next_moderator"),
        backup_moderator=entry.get("backup_moderator"),
        next_topic=entry.get("next_topic"),
        attendance=int(entry.get("attendance", 0)),
        length_seconds=float(entry.get("length_seconds", 0.0)),
        comments_read=int(entry.get("comments_read", 0)),
        newcomers=int(entry.get("newcomers", 0)),
    )
