"""What a finished (or running) session tells afterwards: waits, timeline, a short summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ipstui.domain.events import EventType, Event, describe
from ipstui.domain.state import ChatStatus, SessionState
from ipstui.domain.text import name_key


@dataclass(frozen=True)
class HandWait:
    """One raised hand and how its wait ended."""

    name: str
    kind: str
    raised_at: datetime
    waited_seconds: float
    outcome: str  # called | lowered | left the call | still up | session ended


@dataclass(frozen=True)
class TimelineRow:
    """One event as the timeline shows it."""

    at: datetime
    by: str
    terminal: str
    text: str
    undone: bool


@dataclass(frozen=True)
class Summary:
    """A session's figures at a glance."""

    length_seconds: float
    attendance: int
    spoke: int
    newcomers: int
    comments: int
    comments_read: int
    comments_private: int
    reminders: int
    ouches: int
    bells: int


@dataclass(frozen=True)
class Breakout:
    """A breakout room asked for: who goes, and the note the moderator wrote ("" if none)."""

    names: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Recap:
    """What a session came to: the one source of the closing screen's, the report screen's and the report files' recap."""

    figures: Summary
    speakers: tuple[tuple[str, float], ...]
    """Who spoke, with their talk time in seconds, in the order they joined (never ranked)."""
    listeners: tuple[str, ...]
    """Who was there and did not speak, in the order they joined."""
    comments_skipped: int
    comments_unread: int
    """Comments still waiting to be read aloud (a private one never waits)."""
    followups: tuple[str, ...]
    """Topics to continue after the meeting."""
    breakouts: tuple[Breakout, ...]
    """Each breakout room asked for: its people, and the moderator's note."""


def effective_events(state: SessionState) -> list[Event]:
    """The log without undone actions and undo markers."""
    return [e for e in state.log if e.type is not EventType.UNDONE and e.action not in state.undone]


def hand_waits(state: SessionState, now: datetime) -> list[HandWait]:
    """Every raised hand with its wait, in raise order."""
    open_hands: dict[str, tuple[str, str, datetime]] = {}
    waits: list[HandWait] = []

    def close(key: str, at: datetime, outcome: str) -> None:
        name, kind, raised = open_hands.pop(key)
        waits.append(HandWait(name, kind, raised, max(0.0, (at - raised).total_seconds()), outcome))

    for event in effective_events(state):
        key = name_key(str(event.data.get("name", "")))
        if event.type is EventType.HAND_RAISED:
            if key in open_hands:
                close(key, event.at, "raised again")
            open_hands[key] = (str(event.data["name"]), str(event.data.get("kind", "ordinary")), event.at)
        elif event.type is EventType.HAND_CHANGED and key in open_hands:
            name, _, raised = open_hands[key]
            open_hands[key] = (name, str(event.data["kind"]), raised)
        elif event.type is EventType.SPEAKER_STARTED and key in open_hands:
            close(key, event.at, "called")
        elif event.type is EventType.HAND_LOWERED and key in open_hands:
            close(key, event.at, "lowered")
        elif event.type is EventType.PARTICIPANT_LEFT and key in open_hands:
            close(key, event.at, "left the call")
        elif event.type is EventType.HANDS_LOWERED_ALL:
            for other in list(open_hands):
                close(other, event.at, "lowered")
    end = state.clamp(now)
    for key in list(open_hands):
        close(key, end, "session ended" if state.ended_at else "still up")
    return sorted(waits, key=lambda wait: wait.raised_at)


def timeline(state: SessionState) -> list[TimelineRow]:
    """Every event in order, who acted and from where; undone actions stay, marked."""
    rows = []
    first_of: dict[int, Event] = {}
    for event in state.log:
        first_of.setdefault(event.action, event)
    for event in state.log:
        if event.type is EventType.UNDONE:
            target = first_of.get(int(event.data.get("action", -1)))
            text = f"undo ({describe(target.type, dict(target.data))})" if target else "undo"
        elif event.type is EventType.SESSION_STARTED:
            text = f"session started: {event.data.get('topic', '')}"
        else:
            text = describe(event.type, dict(event.data))
        rows.append(TimelineRow(event.at, event.by, event.terminal, text, event.action in state.undone))
    return rows


@dataclass(frozen=True)
class OuchMoment:
    """One ouch: when, by whom (empty: the room), with whom, and how it was signalled."""

    at: datetime
    by: str
    with_whom: str
    hand: bool
    """Signalled by an ouch hand."""
    logged: bool
    """Logged (`o`, `ipstui ouch`)."""


def ouch_list(state: SessionState) -> list[OuchMoment]:
    """A session's ouch moments in order: ouch hands and logged ouches, one moment listed once.

    An ouch is signalled by a hand (raised as an ouch, or changed to one) or logged (`o`,
    `ipstui ouch`), often both: the moderator sees the hand, then logs the ouch by that person.
    A logged ouch whose `by` names someone who raised an ouch hand before it is that hand's
    moment, listed once (at the hand's time); each hand pairs with one log at most, the
    earliest unpaired first. An ouch logged for the room (no `by`), or by someone with no
    unpaired ouch hand before it, is a moment of its own; so is each ouch hand, but a hand
    already up as an ouch that is raised or changed to one again is the same moment.
    """
    moments: list[OuchMoment] = []
    unpaired: dict[str, list[int]] = {}  # by person, the places in `moments` of ouch hands not yet logged
    up_as_ouch: set[str] = set()
    for event in effective_events(state):
        key = name_key(str(event.data.get("name", "")))
        if event.type in (EventType.HAND_RAISED, EventType.HAND_CHANGED):
            if event.data.get("kind") != "ouch":
                up_as_ouch.discard(key)
            elif key not in up_as_ouch:
                up_as_ouch.add(key)
                unpaired.setdefault(key, []).append(len(moments))
                moments.append(OuchMoment(event.at, str(event.data.get("name", "")), "", hand=True, logged=False))
        elif event.type in (EventType.HAND_LOWERED, EventType.SPEAKER_STARTED):
            up_as_ouch.discard(key)
        elif event.type is EventType.HANDS_LOWERED_ALL:
            up_as_ouch.clear()
        elif event.type is EventType.OUCH_LOGGED:
            by, with_whom = str(event.data.get("by") or ""), str(event.data.get("with") or "")
            waiting = unpaired.get(name_key(by)) if by else None
            if waiting:
                place = waiting.pop(0)
                moments[place] = OuchMoment(moments[place].at, moments[place].by, with_whom, hand=True, logged=True)
            else:
                moments.append(OuchMoment(event.at, by, with_whom, hand=False, logged=True))
    return moments


def ouch_moments(state: SessionState) -> int:
    """How many ouch moments a session had (see `ouch_list`)."""
    return len(ouch_list(state))


def summarize(state: SessionState, now: datetime) -> Summary:
    """Length, attendance, who spoke, comments, and the agreement's moments."""
    comments = list(state.comments.values())
    return Summary(
        length_seconds=state.elapsed_seconds(now),
        attendance=len(state.participants),
        spoke=sum(1 for person in state.participants.values() if person.turns),
        newcomers=sum(1 for person in state.participants.values() if person.new_here),
        comments=len(comments),
        comments_read=sum(1 for comment in comments if comment.status is ChatStatus.READ),
        comments_private=sum(1 for comment in comments if comment.private),
        reminders=len(state.reminders),
        ouches=ouch_moments(state),
        bells=len(state.bells),
    )


def recap(state: SessionState, now: datetime) -> Recap:
    """The facts every recap of a session shows, as plain data."""
    meters = state.meters(now)
    return Recap(
        figures=summarize(state, now),
        speakers=tuple((meter.name, meter.talk_seconds) for meter in meters if meter.turns),
        listeners=tuple(meter.name for meter in meters if not meter.turns),
        comments_skipped=sum(1 for comment in state.comments.values() if comment.status is ChatStatus.SKIPPED),
        comments_unread=len(state.to_read()),
        followups=tuple(str(moment.detail.get("text", "")) for moment in state.followups),
        breakouts=tuple(Breakout(tuple(str(name) for name in moment.detail.get("names", [])),
                                 str(moment.detail.get("note", "") or "")) for moment in state.breakouts),
    )
