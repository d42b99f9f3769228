"""What a moderator can do: each command checks the agreement's rules against the state
and answers with the events to append and a sentence saying what happened."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Sequence

from ipstui.domain.events import EventType, NewEvent
from ipstui.domain.outcome import PEOPLE, PREFERENCE, ROSTER, ROTATION, CommandError, Context, Outcome
from ipstui.domain.settings import DEFAULT_AGENDA, Segment, SessionSettings
from ipstui.domain.state import MOST_MINUTES, AmbiguousName, ChatStatus, HandKind, SessionState
from ipstui.domain.text import clean_name, counted, format_seconds, loose_key, name_key


def _did(message: str, *events: NewEvent) -> Outcome:
    return Outcome(tuple(events), message)


def _name(raw: str, what: str = "name") -> str:
    try:
        return clean_name(raw, what)
    except ValueError as error:
        raise CommandError(str(error)) from None


def _live(state: SessionState) -> None:
    if not state.is_live:
        raise CommandError("the session has ended")


def _present(state: SessionState, raw: str) -> str:
    """The name of the participant `raw` means (case, accents and a unique first name forgiven)."""
    name = _name(raw)
    try:
        person = state.find(name)
    except AmbiguousName as error:
        raise CommandError(str(error)) from None
    if person is None:
        raise CommandError(f"nobody called '{name}' is in this session (add them first)")
    return person.name


def _here(state: SessionState, raw: str) -> str:
    """The name of the participant `raw` means, who must not have left the call."""
    name = _present(state, raw)
    if state.has_left(name_key(name)):
        raise CommandError(f"{name} has left the call (mark them back first)")
    return name


def _known(state: SessionState, raw: str, what: str = "name") -> str:
    """A name as typed, or the participant it means when it means one (loosely, as `_present`):
    a comment typed as "sofia" is Sofia Reyes's, and her standing preference keeps it private."""
    name = _name(raw, what)
    try:
        person = state.find(name)
    except AmbiguousName as error:
        raise CommandError(str(error)) from None
    return person.name if person is not None else name


def _quiet(state: SessionState, ctx: Context, author: str) -> bool:
    """Whether `author` keeps their comments from being read aloud: matched as loosely as a typed
    name ("Soren" from Zoom is Søren; "sofia" the only Sofia present), so that privacy fails closed."""
    quiet = state.no_read_aloud | ctx.no_read_aloud
    if not quiet:
        return False
    try:
        person = state.find(author)
    except AmbiguousName:
        person = None
    if name_key(author) in quiet or (person is not None and person.key in quiet):
        return True
    return loose_key(author) in {loose_key(key) for key in quiet}


@dataclass(frozen=True)
class StartSession:
    """Open the session's log."""

    title: ClassVar[str] = "Start session"
    group_effects: ClassVar[tuple[str, ...]] = (ROSTER,)
    session_id: str
    topic: str
    moderator: str
    settings: SessionSettings = field(default_factory=SessionSettings)
    agenda: Sequence[Segment] = DEFAULT_AGENDA

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        if state.started_at is not None:
            raise CommandError("this session has already started")
        topic = _name(self.topic, "topic")
        moderator = _name(self.moderator, "moderator's name")
        moderator = ctx.spellings.get(loose_key(moderator), moderator)
        agenda = [{"title": s.title, "planned_minutes": s.planned_minutes} for s in self.agenda]
        started = NewEvent(
            EventType.SESSION_STARTED,
            {
                "session_id": self.session_id,
                "topic": topic,
                "moderator": moderator,
                "settings": self.settings.to_doc(),
                "agenda": agenda,
            },
        )
        joined = AddParticipant(moderator).run(state, ctx).events
        return _did(f"started session {self.session_id} on '{topic}', moderated by {moderator}", started, *joined)


@dataclass(frozen=True)
class AddParticipant:
    """Add someone to the session; saying so if they are already here."""

    title: ClassVar[str] = "Add participant"
    group_effects: ClassVar[tuple[str, ...]] = (ROSTER, PREFERENCE)
    name: str
    no_read_aloud: bool | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        if state.ended_at is not None:
            raise CommandError("the session has ended")
        name = _name(self.name)
        key = name_key(name)
        events = []
        # The same name typed without its accents is the same person, never a second one.
        present = state.participants.get(key) or next(
            (person for person in state.participants.values() if loose_key(person.name) == loose_key(name)), None)
        if present is None:
            # Nor a second one of the group's: "soren berg" is the roster's Søren Berg.
            name = ctx.spellings.get(loose_key(name), name)
            key = name_key(name)
            new_here = ctx.is_new(key)
            events.append(NewEvent(EventType.PARTICIPANT_ADDED, {"name": name, "new_here": new_here}))
            message = f"added {name}" + (" (new here)" if new_here else "")
            try:
                # "Chidi" beside Chidi Okafor may be a second Chidi, or Chidi Okafor typed short: say so.
                namesake = state.find(name)
            except AmbiguousName:
                namesake = None
            if namesake is not None:
                message += f"; {namesake.name} is here too (if that was them, undo)"
        else:
            name, key = present.name, present.key
            message = f"{present.name} is already here"
            if present.left_at is not None:
                events.append(NewEvent(EventType.PARTICIPANT_BACK, {"name": name}))
                message = f"{present.name} is back"
        wants_private = self.no_read_aloud
        if wants_private is None and key in ctx.no_read_aloud and key not in state.no_read_aloud:
            wants_private = True
        if wants_private is not None and wants_private != (key in state.no_read_aloud):
            events.append(NewEvent(EventType.READ_PREFERENCE_SET, {"name": name, "no_read_aloud": wants_private}))
            message += "; comments not read aloud" if wants_private else "; comments read aloud"
        standing = ctx.requests.get(key)
        if standing and key not in state.requests:
            # Carried from an earlier session, where the member gave it with their consent.
            events.append(NewEvent(EventType.REQUEST_RECORDED,
                                   {"name": name, "text": standing, "consent": True, "carried": True}))
            message += "; their request to the group is shown beside their meter"
        return _did(message, *events)


@dataclass(frozen=True)
class RaiseHand:
    """Put someone in the hand queue (once), or change why their hand is up."""

    title: ClassVar[str] = "Raise hand"
    name: str
    kind: HandKind = HandKind.ORDINARY

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        name = _here(state, self.name)
        if state.turn is not None and state.turn.key == name_key(name):
            raise CommandError(f"{name} is speaking now")
        hand = state.hand_of(name)
        if hand is not None:
            if hand.kind is self.kind:
                raise CommandError(f"{name}'s hand is already up")
            event = NewEvent(EventType.HAND_CHANGED, {"name": name, "kind": self.kind.value})
            return _did(f"{name}'s hand is now {self.kind.value}", event)
        event = NewEvent(EventType.HAND_RAISED, {"name": name, "kind": self.kind.value})
        position = [h.key for h in state.ordered_hands(ctx.now)]
        suffix = "" if self.kind is HandKind.ORDINARY else f" ({self.kind.value})"
        return _did(f"{name} raised a hand{suffix}; {len(position) + 1} in the queue", event)


@dataclass(frozen=True)
class LowerHand:
    """Take someone's hand out of the queue."""

    title: ClassVar[str] = "Lower hand"
    name: str

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        name = _present(state, self.name)
        if state.hand_of(name) is None:
            raise CommandError(f"{name}'s hand is not up")
        return _did(f"lowered {name}'s hand", NewEvent(EventType.HAND_LOWERED, {"name": name}))


@dataclass(frozen=True)
class LowerAllHands:
    """Empty the hand queue."""

    title: ClassVar[str] = "Lower all hands"

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        if not state.hands:
            return _did("no hands are up")
        names = [hand.name for hand in state.hands]
        return _did(f"lowered {len(names)} hand(s)", NewEvent(EventType.HANDS_LOWERED_ALL, {"names": names}))


@dataclass(frozen=True)
class StartSpeaker:
    """Give someone the floor; the previous turn ends and their hand comes down."""

    title: ClassVar[str] = "Start speaker"
    name: str

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        name = _here(state, self.name)
        if state.turn is not None and state.turn.key == name_key(name):
            raise CommandError(f"{name} is already speaking")
        return self._start(state, ctx, name, "")

    @staticmethod
    def _start(state: SessionState, ctx: Context, name: str, via: str) -> Outcome:
        parts = [f"{name} is speaking"]
        if state.turn is not None:
            seconds = state.current_turn_seconds(ctx.now)
            parts.append(f"{state.turn.name}'s turn ended after {format_seconds(seconds)}")
        event = NewEvent(EventType.SPEAKER_STARTED, {"name": name, "via": via} if via else {"name": name})
        return _did("; ".join(parts), event)


@dataclass(frozen=True)
class CallNextHand:
    """Give the floor to the head of the queue."""

    title: ClassVar[str] = "Call next hand"

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        hands = state.ordered_hands(ctx.now)
        if not hands:
            raise CommandError("the hand queue is empty")
        return StartSpeaker._start(state, ctx, hands[0].name, "queue")


@dataclass(frozen=True)
class StopSpeaker:
    """End the current turn."""

    title: ClassVar[str] = "Stop speaker"

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        if state.turn is None:
            raise CommandError("nobody is speaking")
        seconds = state.current_turn_seconds(ctx.now)
        event = NewEvent(EventType.SPEAKER_STOPPED, {"name": state.turn.name})
        return _did(f"{state.turn.name}'s turn ended after {format_seconds(seconds)}", event)


@dataclass(frozen=True)
class AddChatComment:
    """Record a chat comment; a direct message or a standing preference keeps it private."""

    title: ClassVar[str] = "Add chat comment"
    author: str
    text: str
    private: bool = False
    direct: bool = False

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        author = _known(state, self.author, "author's name")
        if not self.text.strip():
            raise CommandError("the comment is empty")
        reason = None
        if self.direct:
            reason = "direct message"
        elif self.private:
            reason = "moderator"
        elif _quiet(state, ctx, author):
            reason = "preference"
        comment_id = state.chat_ids_issued + 1
        data = {"id": comment_id, "author": author, "text": self.text, "private": reason is not None}
        if reason:
            data["private_reason"] = reason
        label = f"private ({reason})" if reason else "to read"
        return _did(f"comment {comment_id} from {author}: {label}", NewEvent(EventType.CHAT_ADDED, data))


@dataclass(frozen=True)
class ChatItem:
    """A comment from elsewhere (a Zoom chat file), with a key that makes importing idempotent."""

    source: str
    author: str
    text: str
    said_at: datetime
    direct: bool = False
    reply_to: str | None = None


@dataclass(frozen=True)
class ImportChatComments:
    """Add the comments not imported before, in one action; direct messages are private."""

    title: ClassVar[str] = "Import Zoom chat"
    items: tuple[ChatItem, ...]

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        events = []
        next_id = state.chat_ids_issued
        private = 0
        seen = set(state.chat_sources)
        for item in self.items:
            if item.source in seen or not item.text.strip():
                continue
            seen.add(item.source)
            author = _name(item.author, "author's name")
            reason = "direct message" if item.direct else "preference" if _quiet(state, ctx, author) else None
            next_id += 1
            data: dict = {"id": next_id, "author": author, "text": item.text, "private": reason is not None,
                          "source": item.source, "said_at": item.said_at.isoformat()}
            if reason:
                data["private_reason"] = reason
                private += 1
            if item.reply_to:
                data["reply_to"] = item.reply_to
            events.append(NewEvent(EventType.CHAT_ADDED, data))
        already = len(self.items) - len(events)
        message = f"imported {counted(len(events), 'comment')} ({private} private)"
        if already:
            message += f"; {already} already here or empty"
        return _did(message, *events)


@dataclass(frozen=True)
class RecordAttendance:
    """Attendance from a participants report: everyone joins the session, with their minutes."""

    title: ClassVar[str] = "Import participants report"
    group_effects: ClassVar[tuple[str, ...]] = (ROSTER,)
    attendees: tuple[tuple[str, float, int], ...]  # name, minutes, joins

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        # The session knows people by name: rows of one name (two emails, say) add up.
        totals: dict[str, list] = {}
        for raw, minutes, joins in self.attendees:
            name = _name(raw)
            entry = totals.setdefault(name_key(name), [name, 0.0, 0])
            entry[1] += minutes
            entry[2] += joins
        for name, minutes, _ in totals.values():
            if not 0 <= round(minutes, 1) <= MOST_MINUTES:
                raise CommandError(f"{name}'s rows add up to {minutes:g} minutes, which no session lasts "
                                   f"(at most {MOST_MINUTES} minutes, a week): check the report")
        events = []
        added = 0
        for name, minutes, joins in totals.values():
            person = state.person(name)
            if person is None:
                events.append(NewEvent(EventType.PARTICIPANT_ADDED, {"name": name, "new_here": ctx.is_new(name_key(name))}))
                added += 1
            events.append(NewEvent(EventType.ATTENDANCE_RECORDED, {"name": person.name if person else name,
                                                           "minutes": round(minutes, 1), "joins": joins}))
        rejoins = sum(1 for _, _, joins in totals.values() if joins > 1)
        return _did(f"recorded attendance of {counted(len(totals), 'person', 'people')} ({added} added, {rejoins} rejoined)", *events)


@dataclass(frozen=True)
class MarkComment:
    """Mark a comment read or skipped: the one given, or the oldest waiting."""

    title: ClassVar[str] = "Mark comment read"
    comment_id: int | None = None
    status: ChatStatus = ChatStatus.READ

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        if self.comment_id is None:
            waiting = state.to_read()
            if not waiting:
                raise CommandError("no comments are waiting to be read")
            comment = waiting[0]
        else:
            comment = state.comments.get(self.comment_id)
            if comment is None:
                raise CommandError(f"there is no comment {self.comment_id}")
        if comment.status is not ChatStatus.UNREAD:
            by = f" by {comment.status_by}" if comment.status_by else ""
            return _did(f"comment {comment.id} was already {comment.status.value}{by}")
        if comment.private and self.status is ChatStatus.READ:
            raise CommandError(f"comment {comment.id} is private: it is not read aloud")
        event = NewEvent(EventType.CHAT_MARKED, {"id": comment.id, "status": self.status.value})
        return _did(f"comment {comment.id} from {comment.author} marked {self.status.value}", event)


@dataclass(frozen=True)
class MakeCommentPrivate:
    """A moderator flags a comment as not to be read aloud."""

    title: ClassVar[str] = "Make comment private"
    comment_id: int

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        comment = state.comments.get(self.comment_id)
        if comment is None:
            raise CommandError(f"there is no comment {self.comment_id}")
        if comment.private:
            return _did(f"comment {comment.id} is already private")
        event = NewEvent(EventType.CHAT_MADE_PRIVATE, {"id": comment.id})
        return _did(f"comment {comment.id} from {comment.author} is private", event)


@dataclass(frozen=True)
class NextAgendaItem:
    """Move the agenda on to its next segment."""

    title: ClassVar[str] = "Next agenda item"

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        if state.agenda_index + 1 >= len(state.agenda):
            raise CommandError("the agenda is on its last item")
        following = state.agenda[state.agenda_index + 1]
        # The title and count ride along so that others' consoles and the timeline can say to what.
        event = NewEvent(EventType.AGENDA_ADVANCED, {"index": state.agenda_index + 1, "title": following.title,
                                                     "of": len(state.agenda)})
        return _did(f"agenda: {following.title} ({following.planned_minutes} min)", event)


@dataclass(frozen=True)
class RemindAgreement:
    """Remind the group of one agreement item."""

    title: ClassVar[str] = "Remind the group"
    item: int

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        try:
            text = ctx.agreement.item(self.item)
        except ValueError as error:
            raise CommandError(str(error)) from None
        # The wording is kept: the group may reword the item later.
        event = NewEvent(EventType.AGREEMENT_REMINDED, {"item": self.item, "text": text})
        return _did(f"reminded the group of item {self.item}: {text}", event)


@dataclass(frozen=True)
class LogOuch:
    """Log an ouch moment, optionally with whom."""

    title: ClassVar[str] = "Log ouch"
    by: str | None = None
    with_whom: str | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        data = {}
        if self.by:
            data["by"] = _known(state, self.by)
        if self.with_whom:
            data["with"] = _known(state, self.with_whom)
        who = f" ({data['by']})" if "by" in data else ""
        return _did(f"ouch logged{who}", NewEvent(EventType.OUCH_LOGGED, data))


@dataclass(frozen=True)
class RingBell:
    """Log a member ringing the bell on a long turn."""

    title: ClassVar[str] = "Ring bell"
    by: str | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        data = {"by": _known(state, self.by)} if self.by else {}
        if state.turn is not None:
            data["speaker"] = state.turn.name
            data["turn_seconds"] = round(state.current_turn_seconds(ctx.now), 1)
        return _did("bell rung", NewEvent(EventType.BELL_RUNG, data))


@dataclass(frozen=True)
class RequestBreakout:
    """Log a request for a breakout room."""

    title: ClassVar[str] = "Request breakout"
    names: tuple[str, ...]
    note: str = ""

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        names = [_known(state, name) for name in self.names]
        if len(names) < 2:
            raise CommandError("a breakout room needs two or more people")
        event = NewEvent(EventType.BREAKOUT_REQUESTED, {"names": names, "note": self.note})
        return _did(f"breakout requested for {', '.join(names)}", event)


@dataclass(frozen=True)
class AddFollowup:
    """Log a topic to continue after the meeting."""

    title: ClassVar[str] = "Add after-meeting topic"
    text: str
    by: str | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        text = _name(self.text, "topic")
        data = {"text": text} | ({"by": _known(state, self.by)} if self.by else {})
        return _did(f"after-meeting topic: {text}", NewEvent(EventType.FOLLOWUP_ADDED, data))


@dataclass(frozen=True)
class EndSession:
    """Close the session, recording who moderates next and the backup."""

    title: ClassVar[str] = "End session"
    group_effects: ClassVar[tuple[str, ...]] = (ROSTER, ROTATION, PEOPLE)
    next_moderator: str | None = None
    backup_moderator: str | None = None
    next_topic: str | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        data: dict[str, str | None] = {"next_moderator": None, "backup_moderator": None, "next_topic": None}
        if self.next_topic and self.next_topic.strip():
            data["next_topic"] = _name(self.next_topic, "next topic")
        if self.next_moderator:
            data["next_moderator"] = _known(state, self.next_moderator, "next moderator's name")
        if self.backup_moderator:
            if not self.next_moderator:
                raise CommandError("a backup needs a next moderator")
            data["backup_moderator"] = _known(state, self.backup_moderator, "backup's name")
            if name_key(data["backup_moderator"]) == name_key(data["next_moderator"] or ""):
                raise CommandError("the backup must be someone other than the next moderator")
        length = format_seconds(state.elapsed_seconds(ctx.now))
        message = f"ended session {state.session_id} after {length}"
        if data["next_moderator"]:
            message += f"; next moderator {data['next_moderator']}"
        if data["backup_moderator"]:
            message += f", backup {data['backup_moderator']}"
        if data["next_topic"]:
            message += f"; next topic {data['next_topic']}"
        return _did(message, NewEvent(EventType.SESSION_ENDED, data))


@dataclass(frozen=True)
class Undo:
    """Undo one's own newest action by appending a compensating event.

    With `anyone` (the command line's --any, the console's yes) the newest action of anyone,
    and an undo that makes private words readable, go too. `action` is the action the
    moderator was shown: if it is no longer the one this undo would take, nothing is undone.
    """

    title: ClassVar[str] = "Undo last action"
    # An undone preference or request: the roster follows the log back.
    group_effects: ClassVar[tuple[str, ...]] = (PEOPLE,)
    anyone: bool = False
    action: int | None = None

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        from ipstui.domain.undo import plan_action, plan_undo, plan_reopen, still_newest

        if state.ended_at is not None:
            plan = plan_reopen(state, self.action)
        elif self.action is None:
            plan = plan_undo(state, None if self.anyone else ctx.actor)
        else:
            _live(state)
            still_newest(state, self.action, ctx.actor)
            plan = plan_action(state, self.action)
        if plan.needs_consent(ctx.actor) and not self.anyone:
            raise CommandError(f"{plan.concern(ctx.actor)}; nothing was undone (`undo --any` undoes it)")
        if plan.type is EventType.SESSION_ENDED:
            return _did(f"undid: {plan.what}; session {state.session_id} is live again",
                        NewEvent(EventType.UNDONE, {"action": plan.action, "type": plan.type.value}))
        return _did(f"undid: {plan.what}", NewEvent(EventType.UNDONE, {"action": plan.action, "type": plan.type.value}))


@dataclass(frozen=True)
class MarkLeft:
    """Someone left the call: out of the fair share and the waiting cues, their hand lowered."""

    title: ClassVar[str] = "Mark left"
    name: str

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        name = _present(state, self.name)
        key = name_key(name)
        if state.has_left(key):
            return _did(f"{name} has already left")
        hand = state.hand_of(name)
        data: dict = {"name": name}
        parts = [f"{name} left"]
        if state.turn is not None and state.turn.key == key:
            parts.append(f"their turn ended after {format_seconds(state.current_turn_seconds(ctx.now))}")
        if hand is not None:
            data["hand"] = hand.kind.value
            kind = "" if hand.kind is HandKind.ORDINARY else f" ({hand.kind.value})"
            parts.append(f"their raised hand{kind} was lowered")
        return _did("; ".join(parts), NewEvent(EventType.PARTICIPANT_LEFT, data))


@dataclass(frozen=True)
class MarkBack:
    """Someone who left is back in the call."""

    title: ClassVar[str] = "Mark back"
    name: str

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        name = _present(state, self.name)
        if not state.has_left(name_key(name)):
            return _did(f"{name} has not left")
        return _did(f"{name} is back", NewEvent(EventType.PARTICIPANT_BACK, {"name": name}))


@dataclass(frozen=True)
class SetReadPreference:
    """A member's standing preference: their chat comments are (not) read aloud, now and in later sessions."""

    title: ClassVar[str] = "Set read-aloud preference"
    group_effects: ClassVar[tuple[str, ...]] = (ROSTER, PEOPLE)
    name: str
    no_read_aloud: bool

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        name = _present(state, self.name)
        quiet = name_key(name) in state.no_read_aloud
        if quiet == self.no_read_aloud:
            return _did(f"{name}'s comments are already {'not ' if quiet else ''}read aloud")
        event = NewEvent(EventType.READ_PREFERENCE_SET, {"name": name, "no_read_aloud": self.no_read_aloud})
        said = "never read aloud (kept for later sessions)" if self.no_read_aloud else "read aloud again"
        return _did(f"{name}'s comments are {said}", event)


# A request is a sentence or two, in the member's words.
MOST_REQUEST = 200


@dataclass(frozen=True)
class RecordRequest:
    """A member's request to the group ("step up when I find something hard"), recorded with their
    consent, shown to the moderating team beside their meter and carried to later sessions."""

    title: ClassVar[str] = "Record member's request"
    group_effects: ClassVar[tuple[str, ...]] = (ROSTER, PEOPLE)
    name: str
    text: str
    consent: bool = False

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        name = _present(state, self.name)
        # One line, as it shows under a meter: a line break typed or pasted in is a space.
        text = " ".join(_name(self.text, "request").split())
        if len(text) > MOST_REQUEST:
            raise CommandError(f"a request is at most {MOST_REQUEST} characters")
        if not self.consent:
            raise CommandError(f"a request is recorded only with {name}'s consent: "
                               "confirm they agreed to it being kept (--consent)")
        before = state.requests.get(name_key(name))
        if before is not None and before.text == text:
            return _did(f"{name}'s request is already recorded")
        event = NewEvent(EventType.REQUEST_RECORDED, {"name": name, "text": text, "consent": True})
        return _did(f"{name}'s request {'replaced' if before else 'recorded'} "
                    "(for the moderating team, until withdrawn)", event)


@dataclass(frozen=True)
class WithdrawRequest:
    """A member takes their request back: it is no longer shown, nor carried to later sessions."""

    title: ClassVar[str] = "Withdraw member's request"
    group_effects: ClassVar[tuple[str, ...]] = (ROSTER, PEOPLE)
    name: str

    def run(self, state: SessionState, ctx: Context) -> Outcome:
        _live(state)
        name = _present(state, self.name)
        if name_key(name) not in state.requests:
            raise CommandError(f"{name} has no request recorded")
        return _did(f"{name}'s request withdrawn", NewEvent(EventType.REQUEST_WITHDRAWN, {"name": name}))
