"""The live state of a session, folded from its log of events."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field, fields
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Iterable

from ipstui.domain.agreement import DEFAULT_AGREEMENT
from ipstui.domain.events import EventType, Event, moment
from ipstui.domain.settings import QueuePolicy, SessionSettings
from ipstui.domain.text import loose_key, name_key


def find_name(typed: str, names: list[str]) -> str | None:
    """The name among `names` a typed one means: exactly; else without case or accents; else by a
    first name only one of them has. AmbiguousName (with the choices) when several fit."""
    key = name_key(typed)
    exact = next((name for name in names if name_key(name) == key), None)
    if exact is not None:
        return exact
    wanted = loose_key(typed)
    for fits in (lambda name: loose_key(name) == wanted, lambda name: loose_key(name).split(" ")[0] == wanted):
        found = [name for name in names if fits(name)]
        if len(found) > 1:
            raise AmbiguousName(typed, tuple(found))
        if found:
            return found[0]
    return None


class AmbiguousName(ValueError):
    """A typed name that fits several people present."""

    def __init__(self, typed: str, choices: tuple[str, ...]) -> None:
        super().__init__(f"{typed!r} could be {', '.join(choices[:-1])} or {choices[-1]}: say which")
        self.typed = typed
        self.choices = choices


class HandKind(StrEnum):
    """Why a hand is up, which decides its place in the queue."""

    ORDINARY = "ordinary"
    OUCH = "ouch"
    REPLY = "reply"


class ChatStatus(StrEnum):
    """Where a chat comment stands."""

    UNREAD = "unread"
    READ = "read"
    SKIPPED = "skipped"


def _member(kinds: type[StrEnum]) -> Any:
    """`kinds(value)` at the cost of a dict lookup, with the same refusal (a fold reads one per event)."""
    table = {kind.value: kind for kind in kinds}

    def member(value: object) -> Any:
        try:
            return table[value]
        except (KeyError, TypeError):
            raise ValueError(f"{value!r} is not a valid {kinds.__name__}") from None

    return member


_hand_kind = _member(HandKind)
_chat_status = _member(ChatStatus)


def _text(value: object) -> str | None:
    """A stored text that may be absent; anything else means the log is damaged."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def _title(value: object) -> str:
    """A stored agenda title: text with something in it."""
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"{value!r} is not an agenda title")
    return value


# The most minutes anything of one session can take: a week.
MOST_MINUTES = 7 * 24 * 60


def _minutes(value: object, kind: type = int) -> Any:
    """A stored number of minutes, within a week (a damaged log holds anything)."""
    minutes = kind(value)
    if not 0 <= minutes <= MOST_MINUTES:
        raise ValueError(f"{value!r} is not a number of minutes")
    return minutes


@dataclass
class Participant:
    """Someone present in the session."""

    name: str
    key: str
    joined_at: datetime
    new_here: bool
    talk_closed: float = 0.0
    turns: int = 0
    hands_raised: int = 0
    minutes_attended: float | None = None
    left_at: datetime | None = None


@dataclass(frozen=True)
class Request:
    """What a member asked of the group (with their consent), for the moderating team's eyes only."""

    name: str
    text: str
    at: datetime
    by: str


@dataclass
class Hand:
    """A raised hand waiting in the queue."""

    name: str
    key: str
    kind: HandKind
    raised_at: datetime
    seq: int


@dataclass
class Turn:
    """The turn of the person speaking now."""

    name: str
    key: str
    started_at: datetime
    first: bool


@dataclass
class Comment:
    """A chat comment and whether it waits to be read aloud."""

    id: int
    author: str
    text: str
    at: datetime
    private: bool
    private_reason: str | None
    status: ChatStatus = ChatStatus.UNREAD
    status_at: datetime | None = None
    status_by: str = ""
    source: str = ""
    reply_to: str | None = None
    recorded_at: datetime | None = None
    """When the log took it in, if that differs from when it was said (a Zoom chat file's time)."""

    @property
    def reading_order(self) -> tuple[datetime, int]:
        """Where it is read: when it was said, but never after it was recorded (a clock ahead of
        this terminal's, as Zoom's may be, would put it after comments typed later)."""
        at = self.at if self.recorded_at is None else min(self.at, self.recorded_at)
        return at, self.id


@dataclass
class AgendaItem:
    """An agenda segment and when it ran."""

    title: str
    planned_minutes: int
    started_at: datetime | None = None
    ended_at: datetime | None = None


@dataclass(frozen=True)
class Moment:
    """Something logged at a time: a reminder, an ouch, a bell, a follow-up."""

    at: datetime
    by: str
    detail: dict
    seq: int = 0  # the number of the event that logged it: how an open item names it


@dataclass(frozen=True)
class Meter:
    """One person's talk time at a moment, with the agreement's cues."""

    name: str
    talk_seconds: float
    turns: int
    current_turn_seconds: float | None
    share: float
    fair_share: float
    hands_raised: int
    new_here: bool
    first_turn_now: bool
    not_spoken_yet: bool
    step_up: bool
    step_back: bool
    left: bool = False


@dataclass(frozen=True)
class QueuedHand:
    """A hand in calling order, with how long it has waited."""

    name: str
    kind: HandKind
    raised_at: datetime
    waited_seconds: float
    is_next: bool
    needs_attention: bool


@dataclass(frozen=True)
class Mark:
    """A point in a state's folding to go back to (see `SessionState.rewind`)."""

    length: int
    undone: frozenset[int]
    chat_ids_issued: int


@dataclass
class SessionState:
    """Everything a console shows, derived only from the log."""

    log: list[Event] = field(default_factory=list)
    undone: set[int] = field(default_factory=set)
    session_id: str = ""
    topic: str = ""
    moderator: str = ""
    started_at: datetime | None = None
    ended_at: datetime | None = None
    next_moderator: str | None = None
    backup_moderator: str | None = None
    next_topic: str | None = None
    settings: SessionSettings = field(default_factory=SessionSettings)
    participants: dict[str, Participant] = field(default_factory=dict)
    hands: list[Hand] = field(default_factory=list)
    turn: Turn | None = None
    comments: dict[int, Comment] = field(default_factory=dict)
    no_read_aloud: set[str] = field(default_factory=set)
    requests: dict[str, Request] = field(default_factory=dict)
    agenda: list[AgendaItem] = field(default_factory=list)
    agenda_index: int = 0
    reminders: list[Moment] = field(default_factory=list)
    ouches: list[Moment] = field(default_factory=list)
    bells: list[Moment] = field(default_factory=list)
    breakouts: list[Moment] = field(default_factory=list)
    followups: list[Moment] = field(default_factory=list)
    last_at: datetime | None = None
    chat_ids_issued: int = 0
    chat_sources: set[str] = field(default_factory=set)
    done_items: set[tuple[str, int]] = field(default_factory=set)

    # Not fields (no annotation): how often the comments have changed, and the copies of them
    # the last snapshot took with that count. Snapshots share the copies until a comment changes.
    _comments_changed = 0
    _comments_copied = None  # (the count, a read-only mapping of copies)

    # -- building -------------------------------------------------------------------------

    @classmethod
    def fold(cls, events: Iterable[Event]) -> "SessionState":
        """The state after `events`, in log order."""
        state = cls()
        for event in events:
            state.apply(event)
        return state

    @property
    def last_seq(self) -> int:
        """Number of the newest event in the log (0 for an empty log)."""
        return self.log[-1].seq if self.log else 0

    def apply(self, event: Event) -> None:
        """Fold one more event in; ValueError (or another INVALID) if the log cannot hold it."""
        self._check_place(event)
        self.log.append(event)
        if event.type is EventType.CHAT_ADDED:
            self.chat_ids_issued = max(self.chat_ids_issued, int(event.data["id"]))
        if event.type is EventType.UNDONE:
            self.undone.add(int(event.data["action"]))
            self._refold()
            return
        if event.action in self.undone:
            return
        self._effect(event)

    def extend(self, events: Iterable[Event]) -> None:
        """Fold in several events: all of them, or, when one does not fold, none (and raise)."""
        mark = self.mark()
        try:
            for event in events:
                self.apply(event)
        except BaseException:
            self.rewind(mark)
            raise

    def mark(self) -> Mark:
        """Where the folding stands now."""
        return Mark(len(self.log), frozenset(self.undone), self.chat_ids_issued)

    def rewind(self, mark: Mark) -> None:
        """Forget the events folded in since `mark`: the state is again what it was then."""
        if len(self.log) == mark.length and self.undone == mark.undone:
            self.chat_ids_issued = mark.chat_ids_issued
            return
        del self.log[mark.length:]
        self.undone, self.chat_ids_issued = set(mark.undone), mark.chat_ids_issued
        self._refold()

    def _check_place(self, event: Event) -> None:
        """An event fits where it is appended: numbered next, in an action begun at or just before
        it, after the start and before the end; an undo names an earlier action that can be undone."""
        last = self.log[-1] if self.log else None
        if event.seq != (last.seq if last is not None else 0) + 1:
            raise ValueError(f"event {event.seq} comes after event {self.last_seq}")
        if event.action != event.seq and (last is None or last.action != event.action):
            raise ValueError(f"event {event.seq} belongs to action {event.action}, which is not the one before it")
        if (event.type is EventType.SESSION_STARTED) != (not self.log):
            raise ValueError(f"event {event.seq}: the log opens with the session's start, and only once")
        if self.ended_at is not None and not (event.type is EventType.UNDONE and last is not None
                                              and event.data.get("action") == last.action):
            # After the end comes nothing but the undoing of that end, which reopens the session.
            raise ValueError(f"event {event.seq} comes after the session's end")
        if event.type is EventType.UNDONE:
            target = int(event.data["action"])
            # Action 1 is the start, never undone.
            if not 1 < target < event.action or self.log[target - 1].action != target \
                    or self.log[target - 1].type is EventType.UNDONE:
                raise ValueError(f"event {event.seq} undoes {target!r}, which is no earlier action")

    def _refold(self) -> None:
        """Rebuild from the log, leaving out undone actions."""
        log, undone, issued = self.log, self.undone, self.chat_ids_issued
        self.__init__()  # type: ignore[misc]
        self.log, self.undone, self.chat_ids_issued = log, undone, issued
        self._comments_changed += 1
        for event in log:
            if event.type is not EventType.UNDONE and event.action not in undone:
                self._effect(event)

    def without_action(self, action: int) -> "SessionState":
        """The state as it would be were `action` undone too (this state is left as it is)."""
        trial = SessionState()
        trial.log, trial.undone, trial.chat_ids_issued = list(self.log), self.undone | {action}, self.chat_ids_issued
        trial._refold()
        return trial

    def _effect(self, event: Event) -> None:
        # A clock stepped backwards must never make a turn negative.
        at = event.at if self.last_at is None or event.at > self.last_at else self.last_at
        self.last_at = at
        # A table of the handlers, not getattr on a name built per event: a fold runs this for every event.
        _HANDLERS[event.type](self, event, at)

    # -- event handlers -------------------------------------------------------------------

    def _on_session_started(self, event: Event, at: datetime) -> None:
        data = event.data
        self.session_id = str(data.get("session_id", ""))
        self.topic = str(data["topic"])
        self.moderator = str(data["moderator"])
        self.started_at = at
        self.settings = SessionSettings.from_doc(data.get("settings"))
        self.agenda = [AgendaItem(str(item["title"]), _minutes(item["planned_minutes"])) for item in data.get("agenda", [])]
        if self.agenda:
            self.agenda[0].started_at = at

    def _participant(self, event: Event) -> Participant:
        """The participant an event names; a log that names anyone else does not hold together."""
        name = event.data["name"]
        person = self.participants.get(name_key(name)) if isinstance(name, str) else None
        if person is None:
            raise ValueError(f"event {event.seq} names {name!r}, who is not a participant")
        return person

    def _on_participant_added(self, event: Event, at: datetime) -> None:
        name = str(event.data["name"])
        key = name_key(name)
        if key not in self.participants:
            self.participants[key] = Participant(name, key, at, bool(event.data.get("new_here")))

    def _on_read_preference_set(self, event: Event, at: datetime) -> None:
        key = self._participant(event).key
        if event.data.get("no_read_aloud"):
            self._comments_changed += 1
            self.no_read_aloud.add(key)
            loose = loose_key(self.participants[key].name)
            for comment in self.comments.values():
                # Written under any spelling of the name ("Soren" for Søren): privacy fails closed.
                if not comment.private and loose_key(comment.author) == loose:
                    comment.private, comment.private_reason = True, "preference"
        else:
            self.no_read_aloud.discard(key)

    def _on_hand_raised(self, event: Event, at: datetime) -> None:
        person = self._participant(event)
        key = person.key
        self.hands = [hand for hand in self.hands if hand.key != key]
        kind = _hand_kind(event.data.get("kind", "ordinary"))
        self.hands.append(Hand(str(event.data["name"]), key, kind, at, event.seq))
        person.hands_raised += 1

    def _on_hand_changed(self, event: Event, at: datetime) -> None:
        key = self._participant(event).key
        for hand in self.hands:
            if hand.key == key:
                hand.kind = _hand_kind(event.data["kind"])

    def _on_hand_lowered(self, event: Event, at: datetime) -> None:
        key = self._participant(event).key
        self.hands = [hand for hand in self.hands if hand.key != key]

    def _on_hands_lowered_all(self, event: Event, at: datetime) -> None:
        self.hands = []

    def _end_turn(self, at: datetime) -> None:
        if self.turn is not None:
            person = self.participants[self.turn.key]
            person.talk_closed += (at - self.turn.started_at).total_seconds()
            self.turn = None
            # A reply answers the turn it was raised in: once that turn is over, it waits its turn
            # like any other hand, never ahead of someone who has waited longer.
            for hand in self.hands:
                if hand.kind is HandKind.REPLY:
                    hand.kind = HandKind.ORDINARY

    def _on_speaker_started(self, event: Event, at: datetime) -> None:
        person = self._participant(event)
        key = person.key
        self._end_turn(at)
        self.hands = [hand for hand in self.hands if hand.key != key]
        person.turns += 1
        self.turn = Turn(person.name, key, at, first=person.turns == 1)

    def _on_speaker_stopped(self, event: Event, at: datetime) -> None:
        self._end_turn(at)

    def _on_chat_added(self, event: Event, at: datetime) -> None:
        data = event.data
        said = data.get("said_at")
        comment = Comment(
            id=int(data["id"]),
            author=str(data["author"]),
            text=str(data["text"]),
            at=moment(said) if said else at,
            private=bool(data.get("private")),
            private_reason=_text(data.get("private_reason")),
            source=str(data.get("source", "")),
            reply_to=_text(data.get("reply_to")),
            recorded_at=at if said else None,
        )
        if comment.id in self.comments:
            raise ValueError(f"event {event.seq} adds comment {comment.id} a second time")
        if comment.source:
            self.chat_sources.add(comment.source)
        if not comment.private and self.no_read_aloud and (
                name_key(comment.author) in self.no_read_aloud
                or loose_key(comment.author) in {loose_key(key) for key in self.no_read_aloud}):
            comment.private, comment.private_reason = True, "preference"
        self.comments[comment.id] = comment
        self._comments_changed += 1

    def _on_chat_marked(self, event: Event, at: datetime) -> None:
        comment = self.comments[int(event.data["id"])]
        comment.status = _chat_status(event.data["status"])
        comment.status_at, comment.status_by = at, event.by
        self._comments_changed += 1

    def _on_chat_made_private(self, event: Event, at: datetime) -> None:
        comment = self.comments[int(event.data["id"])]
        comment.private, comment.private_reason = True, "moderator"
        self._comments_changed += 1

    def _on_agenda_advanced(self, event: Event, at: datetime) -> None:
        self.agenda[self.agenda_index].ended_at = at
        self.agenda_index += 1
        self.agenda[self.agenda_index].started_at = at

    # The agenda's edits: an item that has run stays where it ran; one not begun may go or move.

    def _agenda_index(self, event: Event, key: str, first: int, last: int, titled: str = "") -> int:
        """The agenda place an edit names, within first..last, holding the item the edit names by
        its title (`titled`: the key of that title); anything else means a damaged log, or an undo
        that would make a later edit act on another item."""
        index = event.data[key]
        if isinstance(index, bool) or not isinstance(index, int) or not first <= index <= last:
            raise ValueError(f"event {event.seq}: agenda place {index!r} is not one this edit can name")
        if titled and event.data[titled] != self.agenda[index].title:
            raise ValueError(f"event {event.seq}: agenda place {index + 1} does not hold {event.data[titled]!r}")
        return index

    def _on_agenda_item_added(self, event: Event, at: datetime) -> None:
        first = self.agenda_index + 1 if self.agenda else 0
        index = self._agenda_index(event, "index", first, len(self.agenda))
        item = AgendaItem(_title(event.data["title"]), _minutes(event.data["planned_minutes"]))
        if not self.agenda:
            item.started_at = at  # an empty agenda's first item begins as it is added
        self.agenda.insert(index, item)

    def _on_agenda_item_removed(self, event: Event, at: datetime) -> None:
        del self.agenda[self._agenda_index(event, "index", self.agenda_index + 1, len(self.agenda) - 1, "title")]

    def _on_agenda_item_renamed(self, event: Event, at: datetime) -> None:
        item = self.agenda[self._agenda_index(event, "index", 0, len(self.agenda) - 1, "was")]
        item.title = _title(event.data["title"])

    def _on_agenda_item_retimed(self, event: Event, at: datetime) -> None:
        item = self.agenda[self._agenda_index(event, "index", self.agenda_index, len(self.agenda) - 1, "title")]
        item.planned_minutes = _minutes(event.data["planned_minutes"])

    def _on_agenda_item_moved(self, event: Event, at: datetime) -> None:
        last = len(self.agenda) - 1
        index = self._agenda_index(event, "index", self.agenda_index + 1, last, "title")
        to = self._agenda_index(event, "to", self.agenda_index + 1, last)
        self.agenda.insert(to, self.agenda.pop(index))

    def _moment(self, event: Event, at: datetime) -> Moment:
        return Moment(at, event.by, dict(event.data), event.seq)

    def _on_agreement_reminded(self, event: Event, at: datetime) -> None:
        DEFAULT_AGREEMENT.item(int(event.data["item"]))
        self.reminders.append(self._moment(event, at))

    def _on_ouch_logged(self, event: Event, at: datetime) -> None:
        self.ouches.append(self._moment(event, at))

    def _on_bell_rung(self, event: Event, at: datetime) -> None:
        self.bells.append(self._moment(event, at))

    def _on_breakout_requested(self, event: Event, at: datetime) -> None:
        names = event.data["names"]
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise TypeError("a breakout's names are not a list of names")
        self.breakouts.append(self._moment(event, at))

    def _on_followup_added(self, event: Event, at: datetime) -> None:
        self.followups.append(self._moment(event, at))

    def _on_attendance_recorded(self, event: Event, at: datetime) -> None:
        self._participant(event).minutes_attended = _minutes(event.data["minutes"], float)

    def _on_item_done(self, event: Event, at: datetime) -> None:
        from ipstui.domain.open_items import check_item

        item = check_item(self, str(event.data["kind"]), int(event.data["id"]))
        if event.data.get("done", True):
            self.done_items.add(item)
        else:
            self.done_items.discard(item)

    def _on_participant_left(self, event: Event, at: datetime) -> None:
        person = self._participant(event)
        if self.turn is not None and self.turn.key == person.key:
            self._end_turn(at)
        self.hands = [hand for hand in self.hands if hand.key != person.key]
        person.left_at = at

    def _on_participant_back(self, event: Event, at: datetime) -> None:
        self._participant(event).left_at = None

    def _on_request_recorded(self, event: Event, at: datetime) -> None:
        person = self._participant(event)
        # Recorded only with the member's consent: a log that says otherwise does not hold together.
        if event.data.get("consent") is not True:
            raise ValueError(f"event {event.seq} records a request without its member's consent")
        text = _text(event.data.get("text"))
        self.requests[person.key] = Request(person.name, text or "", at, event.by)

    def _on_request_withdrawn(self, event: Event, at: datetime) -> None:
        self.requests.pop(self._participant(event).key, None)

    def _on_session_ended(self, event: Event, at: datetime) -> None:
        self._end_turn(at)
        if self.agenda:
            self.agenda[self.agenda_index].ended_at = at
        self.ended_at = at
        self.next_moderator = _text(event.data.get("next_moderator"))
        self.backup_moderator = _text(event.data.get("backup_moderator"))
        self.next_topic = _text(event.data.get("next_topic"))

    # -- reading --------------------------------------------------------------------------

    @property
    def is_live(self) -> bool:
        """Started and not yet ended."""
        return self.started_at is not None and self.ended_at is None

    def clamp(self, now: datetime) -> datetime:
        """`now` as the state sees it: never before its last event, never after its end."""
        if self.ended_at is not None:
            return self.ended_at
        if self.last_at is not None and now < self.last_at:
            return self.last_at
        return now

    def elapsed_seconds(self, now: datetime) -> float:
        """Seconds since the session started."""
        if self.started_at is None:
            return 0.0
        return (self.clamp(now) - self.started_at).total_seconds()

    def person(self, name: str) -> Participant | None:
        """The participant called `name`, matched loosely, if present."""
        return self.participants.get(name_key(name))

    def find(self, typed: str) -> Participant | None:
        """The participant a typed name means (see `find_name`)."""
        exact = self.person(typed)  # most names are typed as they are: no list to make
        if exact is not None:
            return exact
        found = find_name(typed, [person.name for person in self.participants.values()])
        return self.person(found) if found is not None else None

    def has_left(self, key: str) -> bool:
        """Whether the person of `key` is marked as having left the call."""
        person = self.participants.get(key)
        return person is not None and person.left_at is not None

    def current_turn_seconds(self, now: datetime) -> float:
        """How long the current speaker has spoken this turn (0 when nobody speaks)."""
        if self.turn is None:
            return 0.0
        return (self.clamp(now) - self.turn.started_at).total_seconds()

    def talk_seconds(self, key: str, now: datetime) -> float:
        """A person's talk time this session, the running turn included."""
        person = self.participants[key]
        running = self.current_turn_seconds(now) if self.turn and self.turn.key == key else 0.0
        return person.talk_closed + running

    def meters(self, now: datetime) -> list[Meter]:
        """Talk-time meters in the order people joined (never ranked)."""
        talk = {key: self.talk_seconds(key, now) for key in self.participants}
        total = sum(talk.values())
        # Someone who left is out of the fair share: it is the talk of those here, shared among them.
        here = [key for key, person in self.participants.items() if person.left_at is None]
        present = len(here) or 1
        fair = sum(talk[key] for key in here) / present
        cues_on = total >= self.settings.cue_after_talk_minutes * 60 and present > 1
        multiple = self.settings.step_back_multiple
        # "Step back" needs a clear share AND the group's "several minutes" spoken: a welcome
        # of a minute and a half in a quiet start is more than twice a tiny fair share, and fine.
        step_back_after = self.settings.bell_minutes * 60
        meters = []
        for key, person in self.participants.items():
            seconds = talk[key]
            speaking = self.turn is not None and self.turn.key == key
            gone = person.left_at is not None
            meters.append(
                Meter(
                    name=person.name,
                    talk_seconds=seconds,
                    turns=person.turns,
                    current_turn_seconds=self.current_turn_seconds(now) if speaking else None,
                    share=seconds / total if total else 0.0,
                    fair_share=fair / total if total else 1 / present,
                    hands_raised=person.hands_raised,
                    new_here=person.new_here,
                    first_turn_now=speaking and self.turn is not None and self.turn.first,
                    not_spoken_yet=person.turns == 0 and not gone,
                    step_up=cues_on and not gone and person.turns > 0 and seconds < fair / multiple,
                    step_back=cues_on and not gone and seconds > fair * multiple and seconds >= step_back_after,
                    left=gone,
                )
            )
        return meters

    def ordered_hands(self, now: datetime) -> list[Hand]:
        """Hands in calling order: ouch first, then direct replies, then the rest."""
        by_kind = {kind: [h for h in self.hands if h.kind is kind] for kind in HandKind}
        ordinary = by_kind[HandKind.ORDINARY]
        if self.settings.policy is QueuePolicy.PROGRESSIVE:
            # Those who have spoken least go first; ties keep raise order.
            def spoken(hand: Hand) -> float:
                return self.talk_seconds(hand.key, now) if hand.key in self.participants else 0.0

            ordinary = sorted(ordinary, key=lambda hand: (spoken(hand), hand.seq))
        return by_kind[HandKind.OUCH] + by_kind[HandKind.REPLY] + ordinary

    def queue(self, now: datetime) -> list[QueuedHand]:
        """The hand queue as the console shows it."""
        moment = self.clamp(now)
        threshold = self.settings.hand_wait_minutes * 60
        rows = []
        for index, hand in enumerate(self.ordered_hands(now)):
            waited = (moment - hand.raised_at).total_seconds()
            rows.append(
                QueuedHand(
                    name=hand.name,
                    kind=hand.kind,
                    raised_at=hand.raised_at,
                    waited_seconds=waited,
                    is_next=index == 0,
                    needs_attention=self.turn is not None and waited > threshold,
                )
            )
        return rows

    def hand_of(self, name: str) -> Hand | None:
        """The raised hand of `name`, if up."""
        key = name_key(name)
        return next((hand for hand in self.hands if hand.key == key), None)

    def to_read(self) -> list[Comment]:
        """Comments waiting to be read aloud, oldest first; never a private one."""
        waiting = [c for c in self.comments.values() if c.status is ChatStatus.UNREAD and not c.private]
        return sorted(waiting, key=lambda comment: comment.reading_order)

    def private_unread(self) -> list[Comment]:
        """Private comments not yet dealt with (direct messages, ones not to read aloud), oldest first."""
        private = [c for c in self.comments.values() if c.private and c.status is ChatStatus.UNREAD]
        return sorted(private, key=lambda comment: comment.reading_order)

    def bell_due(self, now: datetime) -> bool:
        """The current turn has passed the group's "several minutes"."""
        return self.turn is not None and self.current_turn_seconds(now) >= self.settings.bell_minutes * 60

    def current_segment(self) -> AgendaItem | None:
        """The agenda segment running now."""
        return self.agenda[self.agenda_index] if self.agenda else None

    def segment_seconds(self, item: AgendaItem, now: datetime) -> float:
        """How long an agenda segment has run (0 if it has not started)."""
        if item.started_at is None:
            return 0.0
        end = item.ended_at or self.clamp(now)
        return (end - item.started_at).total_seconds()

    def projected_end(self, now: datetime) -> datetime | None:
        """When the agenda ends if the remaining segments keep their planned minutes."""
        item = self.current_segment()
        if item is None:
            return None
        moment = self.clamp(now)
        left = max(0.0, item.planned_minutes * 60 - self.segment_seconds(item, now))
        left += sum(later.planned_minutes * 60 for later in self.agenda[self.agenda_index + 1 :])
        return moment + timedelta(seconds=left)

    def undoable_action(self, by: str | None = None) -> Event | None:
        """The first event of the newest action that can still be undone (taken by `by`, if given)."""
        start_action = self.log[0].action if self.log else None
        wanted = name_key(by) if by is not None else None
        for event in reversed(self.log):
            if event.type is EventType.UNDONE or event.action == start_action:
                continue
            if event.action in self.undone:
                continue
            first = next(e for e in self.log if e.action == event.action)
            if wanted is None or name_key(first.by) == wanted:
                return first
        return None

    def snapshot(self) -> "StateSnapshot":
        """A copy for the screens: nothing folds into it, and folding on here never reaches it.

        Its people, hands, comments and agenda are copies; its collections are read-only. The
        comments' copies (a thousand in a long session) are the last snapshot's while no comment
        has changed since: most changes (a call to next, a hand) touch none.
        """
        if self._comments_copied is None or self._comments_copied[0] != self._comments_changed:
            self._comments_copied = (self._comments_changed, MappingProxyType(
                {key: _copied(comment) for key, comment in self.comments.items()}))
        copied = {
            "log": tuple(self.log),
            "undone": frozenset(self.undone),
            "participants": MappingProxyType({key: _copied(person) for key, person in self.participants.items()}),
            "hands": tuple(_copied(hand) for hand in self.hands),
            "turn": _copied(self.turn) if self.turn is not None else None,
            "comments": self._comments_copied[1],
            "no_read_aloud": frozenset(self.no_read_aloud),
            "requests": MappingProxyType(dict(self.requests)),
            "agenda": tuple(_copied(item) for item in self.agenda),
            "reminders": tuple(self.reminders),
            "ouches": tuple(self.ouches),
            "bells": tuple(self.bells),
            "breakouts": tuple(self.breakouts),
            "followups": tuple(self.followups),
            "chat_sources": frozenset(self.chat_sources),
            "done_items": frozenset(self.done_items),
        }
        snapshot = object.__new__(StateSnapshot)
        for item in fields(self):
            object.__setattr__(snapshot, item.name, copied.get(item.name, getattr(self, item.name)))
        return snapshot


# Every event kind but an undo (which refolds instead) has a handler named after it.
_HANDLERS = {kind: getattr(SessionState, f"_on_{kind.value}") for kind in EventType if kind is not EventType.UNDONE}


def _copied(item: Any) -> Any:
    """A shallow copy of one of the state's plain dataclasses: what `replace` makes, without
    its field-by-field checks (ten times as fast; a snapshot copies every comment and person)."""
    copy = object.__new__(type(item))
    copy.__dict__.update(item.__dict__)
    return copy


class StateSnapshot(SessionState):
    """A session's state as the screens are given it: read-only, and equal only to itself."""

    # Not decorated again as a dataclass: it has SessionState's fields, and `snapshot` fills them
    # without an __init__; decorating it built a 26-field __init__ and __repr__ every process paid for.

    # Equal only to itself: a screen told of a new snapshot redraws without comparing thousands of events.
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"a state snapshot is read-only (tried to set {name})")

    def snapshot(self) -> "StateSnapshot":
        return self

    # The comments to read and the private ones, sorted once for the comments' copies that every
    # snapshot shares until a comment changes (see `snapshot`): the header and the chat panel ask
    # at every change and every tick, and a call to next or a hand changes no comment.
    def to_read(self) -> list[Comment]:
        return list(self._of_comments()[0])

    def private_unread(self) -> list[Comment]:
        return list(self._of_comments()[1])

    def _of_comments(self) -> tuple[tuple[Comment, ...], tuple[Comment, ...]]:
        global _SORTED
        comments, lists = _SORTED
        if comments is not self.comments:
            lists = (tuple(SessionState.to_read(self)), tuple(SessionState.private_unread(self)))
            # One entry, replaced whole (a tuple): a snapshot read on two threads at once at worst sorts twice.
            _SORTED = (self.comments, lists)
        return lists


_SORTED: tuple[Any, tuple[tuple[Comment, ...], tuple[Comment, ...]]] = (None, ((), ()))
