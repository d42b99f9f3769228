"""The one road by which the data changes: commands on the live session, the start of one, and
edits of the group's agreement.

A command changes its session's log; what it changes in the group's file besides is what the
command declares (`group_effects`, see ipstui/domain/outcome.py), done here under the group's
lock. The roster is a record of its own (names, standing preferences, the rotation), so a
session's log can hold what the roster does not yet, if the group file could not be written:
the command says so, and `settle` brings the roster in step with the logs on a later look.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable

from ipstui.domain.agreement import DEFAULT_AGREEMENT, item_text
from ipstui.domain.events import EventType
from ipstui.domain.outcome import PEOPLE, PREFERENCE, ROSTER, ROTATION, Command, CommandError, Outcome
from ipstui.domain.settings import SessionSettings
from ipstui.domain.state import AmbiguousName, SessionState
from ipstui.domain.text import clean_name, loose_key, name_key
from ipstui.store.errors import LockTimeout, NoLiveSession, PartlySaved, StoreError, WriteFailed
from ipstui.store.group_file import GroupFile
from ipstui.store.index import Look
from ipstui.store.session_file import SessionFile

if TYPE_CHECKING:
    from ipstui.store.folder import DataFolder

Effect = Callable[[GroupFile, Command, SessionState], None]


def note_attended(group: GroupFile, state: SessionState) -> None:
    """Everyone in the session, noted in the roster as having attended it."""
    group.note_participants([person.name for person in state.participants.values()], state.session_id)


def note_turn(group: GroupFile, state: SessionState) -> None:
    """The session's moderator, counted in the rotation."""
    group.note_moderated(state.moderator, state.session_id)


def _preference(group: GroupFile, command: Command, state: SessionState) -> None:
    # Found as the command found them: "sofia" is Sofia Reyes, whose preference must reach the roster.
    try:
        person = state.find(getattr(command, "name"))
    except AmbiguousName:
        person = None
    if person is not None:
        group.note_participant(person.name, state.session_id, getattr(command, "no_read_aloud"))


_SAID_OF_PEOPLE = (EventType.READ_PREFERENCE_SET, EventType.REQUEST_RECORDED, EventType.REQUEST_WITHDRAWN)


def match_name(typed: str, names: list[str]) -> str | None:
    """The one of `names` a typed name means, as SessionState.find matches people present."""
    for fits in (lambda name: name_key(name) == name_key(typed), lambda name: loose_key(name) == loose_key(typed),
                 lambda name: loose_key(name).split(" ")[0] == loose_key(typed)):
        found = [name for name in names if fits(name)]
        if len(found) > 1:
            raise CommandError(str(AmbiguousName(typed, tuple(found))))
        if found:
            return found[0]
    return None


# The names the live log speaks of, for the log it was read from, up to the length it had: every
# look asks, and reading a long log for them again at each look is a tenth of a millisecond.
_said: tuple[list, int, object, frozenset[str]] | None = None


def _keys_said(state: SessionState) -> frozenset[str]:
    global _said
    log = state.log
    start, known = 0, frozenset[str]()
    # The same log, grown (a log cut back and grown again holds other events where it was cut).
    if _said is not None and _said[0] is log and 0 < _said[1] <= len(log) and log[_said[1] - 1] is _said[2]:
        start, known = _said[1], _said[3]
    new = {name_key(str(event.data.get("name", ""))) for event in log[start:] if event.type in _SAID_OF_PEOPLE}
    _said = (log, len(log), log[-1] if log else None, known | new)
    return _said[3]


def people_said(state: SessionState) -> dict[str, tuple[str, bool, str | None]]:
    """What the roster should hold of the people whose preference or request the log speaks of
    (an undone action too: undoing it puts the roster back): name, no_read_aloud, request."""
    keys = _keys_said(state)
    said = {}
    for key in keys & state.participants.keys():
        request = state.requests.get(key)
        said[key] = (state.participants[key].name, key in state.no_read_aloud, request.text if request else None)
    return said


def note_people(group: GroupFile, state: SessionState) -> None:
    """Standing preferences and requests, in the roster as the session's log says them."""
    said = people_said(state)
    if said:
        group.note_people(said, state.session_id)


def _out_of_step(roster: dict[str, dict], state: SessionState) -> bool:
    """Whether the roster holds another preference or request than the log says (a group write failed)."""
    for key, (_, quiet, request) in people_said(state).items():
        person = roster.get(key) or {}
        if bool(person.get("no_read_aloud")) != quiet or (person.get("request") or {}).get("text") != request:
            return True
    return False


EFFECTS: dict[str, Effect] = {
    ROSTER: lambda group, _, state: note_attended(group, state),
    PREFERENCE: _preference,
    ROTATION: lambda group, _, state: note_turn(group, state),
    PEOPLE: lambda group, _, state: note_people(group, state),
}


def group_effects(command: Command) -> tuple[str, ...]:
    """What `command` declares it changes in the group's file."""
    effects = tuple(getattr(type(command), "group_effects", ()))
    unknown = [effect for effect in effects if effect not in EFFECTS]
    assert not unknown, f"{type(command).__name__} declares effects the store does not know: {unknown}"
    return effects


class CommandService:
    """Runs commands on a folder's live session, with the group-file effects they declare."""

    def __init__(self, folder: DataFolder) -> None:
        self.folder = folder

    @property
    def group(self) -> GroupFile:
        return self.folder.group

    def execute(self, command: Command, folded: Callable[[str, SessionState], None] | None = None) -> Outcome:
        """Run a command on the live session (an undo with none live undoes the latest one's end).

        `folded(session_id, state)` is shown the session's new state while it is written (see
        SessionFile.execute); what the command changes in the group's file is written after."""
        effects = group_effects(command)
        folder = self.folder
        from ipstui.domain.commands import Undo

        if isinstance(command, Undo) and folder.live_session_id() is None:
            return self.reopen(command)
        if not effects:
            folder.check_readable()
            return folder.live().execute(command, folder.context, folder.stamp, folded)
        folder._prepare()
        with self.group.doc.lock:
            file = folder.live()
            session_id = file.session_id
            outcome = file.execute(command, lambda: folder.context(session_id), folder.stamp, folded)
            try:
                self._apply(effects, command, file.state(), outcome.message)
            finally:
                if not file.state().is_live:
                    self._cache_ended()
        return outcome

    def reopen(self, command: Command) -> Outcome:
        """Undo the end of the latest session, which is live again: only while no session is live
        and none has started since; its moderator's turn is no longer counted."""
        folder = self.folder
        folder._prepare()
        with self.group.doc.lock:
            look = self._none_live("session {} is live: an undo acts on it")  # started meanwhile
            ordered = look.oldest_first()
            if not ordered:
                raise NoLiveSession(f"no session in {folder.root}: there is nothing to undo")
            session_id = ordered[-1][0]
            file = folder.session_file(session_id)
            outcome = file.execute(command, lambda: folder.context(session_id), folder.stamp)
            if outcome.changed:
                folder.index.reopened(session_id)
                try:
                    self.group.forget_session(session_id, attended=False)
                except WriteFailed as error:
                    raise PartlySaved(f"{outcome.message}, but {error.path.name} still counts "
                                      f"the session's moderation ({error.why})") from None
        return outcome

    def _none_live(self, refusal: str) -> Look:
        """A fresh look (the group's lock held); StoreError, `refusal` naming it, if a session is live."""
        look = self.folder._look()
        live = look.live_id()
        if live is not None:
            raise StoreError(refusal.format(live))
        return look

    def _cache_ended(self) -> None:
        """Put a session that just ended into the index cache, so that no later reader has to."""
        try:
            self.folder.index.look()
        except (StoreError, OSError):
            pass  # only a cache: a later look writes it

    def _apply(self, effects: tuple[str, ...], command: Command, state: SessionState, done: str) -> None:
        """Carry out the effects in one write of the group's file; the session already has the command."""
        try:
            with self.group.doc.transaction():
                for effect in effects:
                    EFFECTS[effect](self.group, command, state)
        except WriteFailed as error:
            # The session has it; say so, so that nobody repeats what is already done.
            raise PartlySaved(f"{done}, but {error.path.name} was not updated ({error.why}); "
                              "a later look brings it up to date") from None
        except CommandError as error:
            raise PartlySaved(f"{done}, but {self.group.path.name} was not updated: {error}") from None

    def start(self, topic: str, moderator: str, settings: SessionSettings | None = None) -> tuple[str, Outcome]:
        """Start a new live session; refused while another is live."""
        folder = self.folder
        folder._prepare()
        with self.group.doc.lock:
            look = self._none_live("session {} is live; end it before starting another")
            # Whoever attended an earlier session is known before the new one's first name is added.
            self.settle(look)
            session_id = self._new_session_id()
            settings = settings or SessionSettings.from_doc(self.group.settings().get("session"))
            from ipstui.domain.commands import StartSession

            command = StartSession(session_id, topic, moderator, settings)
            ctx = folder.context(session_id)
            file = folder.session_file(session_id)
            outcome = file.create(command, ctx, folder.stamp)
            self._apply(group_effects(command), command, file.state(), outcome.message)
        return session_id, outcome

    def _new_session_id(self) -> str:
        from zoneinfo import ZoneInfo

        folder = self.folder
        zone = self.group.settings()["slot"]["zone"]
        base = folder.clock.now().astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d")
        taken = set(folder.index.ids())
        candidate, number = base, 1
        while candidate in taken or os.path.lexists(folder.root / f"session-{candidate}.json"):
            number += 1
            candidate = f"{base}-{number}"
        return candidate

    # -- the roster in step with the logs -----------------------------------------------------

    def unsettled(self, look: Look) -> list[str]:
        """Sessions whose logs say more than the roster holds: people of a live session it has not
        noted, or an ended session whose moderator's turn it has not counted."""
        roster = {person["key"]: person for person in self.group.roster()}
        found = []
        for session_id, seen in look.sound:
            if seen.live:
                assert seen.state is not None
                keys = list(seen.state.participants)
            else:
                keys = [name_key(seen.moderator)]
            people = [roster.get(key) for key in keys]
            if any(person is None or session_id not in person.get("sessions", ()) for person in people):
                found.append(session_id)
            elif seen.live and _out_of_step(roster, seen.state):
                found.append(session_id)
            elif not seen.live and session_id not in (people[0] or {}).get("moderated", ()):
                found.append(session_id)
        return found

    def settle(self, look: Look) -> None:
        """Bring the roster in step with the logs, if a group write failed or a process died
        between a session's log and the group's file; only a terminal that can write does."""
        folder = self.folder
        if not self.group.doc.exists() or not os.access(folder.root, os.W_OK):
            return
        if not self.unsettled(look) or os.statvfs(folder.root).f_flag & os.ST_RDONLY:
            return
        try:
            with self.group.doc.lock:
                look = folder.index.look()
                unsettled = self.unsettled(look)
                if not unsettled:
                    return
                live = {session_id for session_id, seen in look.sound if seen.live}
                # One write for the whole repair: the group file's .bak is then the file as it was.
                with self.group.doc.transaction():
                    for session_id in unsettled:
                        file = folder.index.files.get(session_id) or SessionFile(
                            folder.root / f"session-{session_id}.json", folder.mode)
                        state = file.state()
                        note_attended(self.group, state)
                        if session_id in live and state.is_live:
                            # Only the live log: an older one must never put back what a later one withdrew.
                            note_people(self.group, state)
                        if session_id not in live and not state.is_live:
                            note_turn(self.group, state)
        except (WriteFailed, LockTimeout, CommandError):
            pass  # reading goes on with the roster as it is; a later look settles it
        except StoreError:
            pass  # a session file damaged since the look: it is named where it is read

    # -- the group's settings ---------------------------------------------------------------

    def change_setting(self, key: str, value: str) -> str:
        """Set one of the group's settings (the weekly slot, join details, callers' zones)."""
        from ipstui.domain.settings import setting_value, with_setting

        self.folder._prepare()
        # The day of the latest call (held, or running now) has no second call: a call moved
        # later on that day is first held, and says so, a week on.
        sessions = self.folder.sessions()
        held_on = sessions[-1].id[:10] if sessions else None
        with self.group.doc.lock:
            current = self.group.settings()
            try:
                changed = with_setting(current, key, value, self.folder.clock.now(), held_on)
            except ValueError as error:
                raise CommandError(str(error)) from None
            shown = setting_value(changed, key)
            if shown == setting_value(current, key):
                return f"{key} is already {shown or 'empty'}"
            self.group.replace_settings(changed)
        note = " (the next call says the time changed)" if changed.get("slot_change") != current.get("slot_change") \
            and changed.get("slot_change") else ""
        return f"{key} is now {shown or 'empty'}{note}"

    # -- members' requests ------------------------------------------------------------------

    def withdraw_request(self, typed: str) -> str:
        """Withdraw a member's request: in the live session if they are in it, else from the roster."""
        from ipstui.domain.commands import WithdrawRequest

        folder = self.folder
        try:
            name = clean_name(typed)
        except ValueError as error:
            raise CommandError(str(error)) from None
        live = folder.live_session_id() if folder.root.exists() else None
        if live is not None:
            state = folder.session_file(live).state()
            try:
                person = state.find(name)
            except AmbiguousName as error:
                raise CommandError(str(error)) from None
            if person is not None and person.key in state.requests:
                return self.execute(WithdrawRequest(person.name)).message
        folder._prepare()
        with self.group.doc.lock:
            asking = [person for person in self.group.roster() if person.get("request")]
            found = match_name(typed, [person["name"] for person in asking])
            if found is None:
                raise CommandError(f"nobody called '{name}' has a standing request (`ipstui request list` lists them)")
            self.group.withdraw_request(name_key(found))
        return f"{found}'s request withdrawn"

    # -- the group's agreement --------------------------------------------------------------

    def reword_agreement(self, number: int, text: str) -> str:
        """Give agreement item `number` the group's own wording."""
        try:
            DEFAULT_AGREEMENT.check_number(number)
            text = item_text(text)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.folder._prepare()
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
        self.folder._prepare()
        with self.group.doc.lock:
            for each in numbers:
                self.group.reword_agreement(each, None)
        return "the whole agreement reads as the seed's again" if number is None else f"agreement item {number} reads as the seed's again"
