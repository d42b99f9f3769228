"""What changed, said once: each new event of the live session as a sentence or two.

The narrator keeps its own fold of the session's log and takes each new event in order, so that
every sentence can say what the event meant at that moment: how long the turn it ended lasted,
where a raised hand stands in the queue, which agenda item began. Changes made elsewhere (another
console, the command line, the Zoom follower) are said the same way, with who made them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Sequence

from ipstui.domain.events import Event, EventType, describe
from ipstui.domain.privacy import Audience
from ipstui.domain.state import Comment, HandKind, SessionState
from ipstui.domain.text import counted, name_key
from ipstui.plain.lines import duration, first_upper, fitted, name, pieces, plain

_HAND_WORDS = {HandKind.OUCH: "an ouch hand", HandKind.REPLY: "a reply hand", HandKind.ORDINARY: "a hand"}
_PLACES = ("first", "second", "third", "fourth", "fifth")
# More comments than this in one action (a Zoom import) are counted, not read out one by one.
MANY_COMMENTS = 3


@dataclass(frozen=True)
class _Before:
    """What an event changes, as it stood just before it."""

    speaker: str | None
    turn_started: datetime | None
    hands: dict[str, HandKind]
    agenda_index: int


def place(index: int) -> str:
    """ "first", "second", … "sixth" for a 0-based place in the queue."""
    return _PLACES[index] if index < len(_PLACES) else f"number {index + 1}"


def hand_words(kind: HandKind) -> str:
    return _HAND_WORDS.get(kind, "a hand")


class Narrator:
    """Turns the live session's new events into sentences for one console."""

    def __init__(self, terminal: str, seen_by: Audience) -> None:
        self.terminal = terminal
        self.seen_by = seen_by
        self.state: SessionState | None = None
        self._private_later: set[int] = set()

    # -- following the log ------------------------------------------------------------------

    def attach(self, log: Sequence[Event], now: datetime) -> list[str]:
        """Take up a session already running: where it stands, in a few lines (not its history)."""
        self.state = SessionState.fold(log)
        return self.where_we_are(now)

    def follow(self, log: Sequence[Event]) -> list[str]:
        """The sentences for the events of `log` not yet taken in (the whole log of the same session)."""
        state = self.state
        if state is None:
            return []
        if len(log) < len(state.log) or any(a.seq != b.seq or a.at != b.at for a, b in
                                                zip(log[max(0, len(state.log) - 1):len(state.log)],
                                                    state.log[max(0, len(state.log) - 1):])):
            # Not the log this fold was taken from (the file was replaced): start again, quietly.
            self.state = SessionState.fold(log)
            return ["The session's record was reloaded."]
        said: list[str] = []
        new = list(log[len(state.log):])
        chats = [event for event in new if event.type is EventType.CHAT_ADDED]
        grouped = len(chats) > MANY_COMMENTS
        # A comment made private later in the same batch (flagged, or its author's preference set)
        # is said as private from the start: its words are never read out first. Fails closed.
        self._private_later = ({key for key, comment in SessionState.fold(log).comments.items() if comment.private}
                               if chats and len(new) > 1 and not grouped else set())
        for event in new:
            before = _Before(state.turn.name if state.turn else None, state.turn.started_at if state.turn else None,
                             {hand.key: hand.kind for hand in state.hands}, state.agenda_index)
            state.apply(event)
            if grouped and event.type is EventType.CHAT_ADDED:
                continue
            sentences = self._sentences(event, before)
            if sentences and event.type not in _SAYS_WHO:
                sentences[0] = self._with_who(sentences[0], event)
            said.extend(fitted(sentence) for sentence in sentences)
        if grouped:
            said.extend(self._many_comments(chats))
        return said

    # -- one event ----------------------------------------------------------------------------

    def _by(self, event: Event) -> str:
        """ " by Kim" for a change made at another terminal; nothing for this one's own."""
        return "" if event.terminal == self.terminal or not event.by else f" by {name(event.by)}"

    def _with_who(self, sentence: str, event: Event) -> str:
        by = self._by(event)
        return f"{sentence.removesuffix('.')} ({by.strip()})." if by else sentence

    def _sentences(self, event: Event, before: _Before) -> list[str]:
        say = _SAYINGS.get(event.type)
        if say is None:
            return [f"{first_upper(plain(describe(event.type, dict(event.data))))}."] if event.type is not EventType.UNDONE \
                else self._undone(event)
        return say(self, event, before)

    def _turn_over(self, before: _Before, at: datetime) -> list[str]:
        if before.speaker is None or before.turn_started is None:
            return []
        return [f"{name(before.speaker)} stopped after {duration((at - before.turn_started).total_seconds())}."]

    def _speaker_started(self, event: Event, before: _Before) -> list[str]:
        state = self._state
        turn = state.turn
        said = self._turn_over(before, event.at)
        if turn is not None:
            first = ", their first turn" if turn.first else ""
            said.append(f"{name(turn.name)} has the floor{first}.")
        return said

    def _speaker_stopped(self, event: Event, before: _Before) -> list[str]:
        return self._turn_over(before, event.at) or ["Nobody was speaking."]

    def _hand_raised(self, event: Event, before: _Before) -> list[str]:
        who = str(event.data.get("name", ""))
        index = self._queue_place(who)
        kind = self._kind_of(who)
        where = f", {place(index)} in the queue" if index is not None else ""
        return [f"{name(who)} raised {hand_words(kind)}{where}."]

    def _hand_changed(self, event: Event, before: _Before) -> list[str]:
        who = str(event.data.get("name", ""))
        index = self._queue_place(who)
        where = f", now {place(index)} in the queue" if index is not None else ""
        return [f"{name(who)}'s hand is now {hand_words(self._kind_of(who))}{where}."]

    def _hand_lowered(self, event: Event, before: _Before) -> list[str]:
        who = str(event.data.get("name", ""))
        kind = before.hands.get(name_key(who), HandKind.ORDINARY)
        words = {HandKind.OUCH: "ouch hand", HandKind.REPLY: "reply hand"}.get(kind, "hand")
        return [f"{name(who)}'s {words} was lowered."]

    def _hands_lowered_all(self, event: Event, before: _Before) -> list[str]:
        ouches = sum(1 for kind in before.hands.values() if kind is HandKind.OUCH)
        also = f", including {counted(ouches, 'ouch hand')}" if ouches else ""
        return [f"All hands were lowered: {counted(len(before.hands), 'hand')}{also}."]

    def _chat_added(self, event: Event, before: _Before) -> list[str]:
        comment = self._state.comments.get(int(event.data.get("id", 0)))
        return self._comment_lines(comment) if comment is not None else []

    def _comment_lines(self, comment: Comment) -> list[str]:
        author = name(comment.author)
        if comment.private or comment.id in self._private_later:
            kind = "Direct message" if comment.private_reason == "direct message" else "Private comment"
            hint = "; type chat {0} to hear it".format(comment.id) if self.seen_by is Audience.TEAM else ""
            return [f"{kind} {comment.id} from {author}, not to be read aloud{hint}."]
        return pieces(f"Comment {comment.id} to read, from {author}:", comment.text, f"Comment {comment.id}, more:")

    def _many_comments(self, chats: list[Event]) -> list[str]:
        comments = [self._state.comments.get(int(event.data.get("id", 0))) for event in chats]
        public = [c for c in comments if c is not None and not c.private]
        private = [c for c in comments if c is not None and c.private]
        said = f"{counted(len(public), 'new comment')} to read"
        if private:
            said += f" and {counted(len(private), 'private message')}"
        return [f"{said}; type chat to hear them."]

    def _chat_marked(self, event: Event, before: _Before) -> list[str]:
        return [f"Comment {event.data.get('id')} marked {plain(str(event.data.get('status', '')))}."]

    def _chat_made_private(self, event: Event, before: _Before) -> list[str]:
        return [f"Comment {event.data.get('id')} was made private: not to be read aloud."]

    def _agenda_advanced(self, event: Event, before: _Before) -> list[str]:
        state = self._state
        said = []
        if before.agenda_index < len(state.agenda):
            done = state.agenda[before.agenda_index]
            took = state.segment_seconds(done, event.at)
            said.append(f"{plain(done.title)} took {duration(took)} of {done.planned_minutes} planned.")
        item = state.current_segment()
        if item is not None:
            said.append(f"Agenda item {state.agenda_index + 1} of {len(state.agenda)} began: "
                        f"{plain(item.title)}, {counted(item.planned_minutes, 'minute')}.")
        return said

    def _reminded(self, event: Event, before: _Before) -> list[str]:
        from ipstui.domain.agreement import reminded_text

        return pieces(f"Reminder{self._by(event)} of agreement item {event.data.get('item')}:",
                      reminded_text(event.data), "Reminder, more:")

    def _ouch(self, event: Event, before: _Before) -> list[str]:
        who = f" by {name(str(event.data['by']))}" if event.data.get("by") else ""
        whom = f", with {name(str(event.data['with']))}" if event.data.get("with") else ""
        return [f"Ouch logged{who}{whom}."]

    def _bell(self, event: Event, before: _Before) -> list[str]:
        who = f" by {name(str(event.data['by']))}" if event.data.get("by") else ""
        turn = f" on {name(str(event.data['speaker']))}'s turn" if event.data.get("speaker") else ""
        return [f"The bell was rung{who}{turn}."]

    def _participant_added(self, event: Event, before: _Before) -> list[str]:
        return [f"{name(str(event.data.get('name', '')))} joined."]

    def _preference(self, event: Event, before: _Before) -> list[str]:
        who = name(str(event.data.get("name", "")))
        if event.data.get("no_read_aloud"):
            return [f"{who}'s comments are not to be read aloud."]
        return [f"{who}'s comments may be read aloud again."]

    def _attendance(self, event: Event, before: _Before) -> list[str]:
        return []  # an import's many rows: the command that made them says how many

    def _ended(self, event: Event, before: _Before) -> list[str]:
        state = self._state
        said = self._turn_over(before, event.at)
        said.append(self._with_who("The session has ended.", event))
        if state.next_moderator:
            backup = f", backup {name(state.backup_moderator)}" if state.backup_moderator else ""
            said.append(f"Next moderator: {name(state.next_moderator)}{backup}.")
        if state.next_topic:
            said.extend(pieces("Next topic:", state.next_topic, "Next topic, more:"))
        return said

    def _started(self, event: Event, before: _Before) -> list[str]:
        state = self._state
        return [fitted(f"The session started: {plain(state.topic)}, moderated by {name(state.moderator)}.")]

    def _undone(self, event: Event) -> list[str]:
        state = self._state
        target = int(event.data.get("action", 0))
        first = next((item for item in state.log if item.action == target), None)
        what = describe(first.type, dict(first.data)) if first is not None else "an action"
        return [f"Undone: {plain(what)}."]

    # -- where the session stands -------------------------------------------------------------

    @property
    def _state(self) -> SessionState:
        assert self.state is not None
        return self.state

    def _queue_place(self, who: str) -> int | None:
        key = name_key(who)
        state = self._state
        assert state.last_at is not None  # a hand is raised after the start
        order = state.ordered_hands(state.last_at)
        return next((index for index, hand in enumerate(order) if hand.key == key), None)

    def _kind_of(self, who: str) -> HandKind:
        hand = self._state.hand_of(who)
        return hand.kind if hand is not None else HandKind.ORDINARY

    def where_we_are(self, now: datetime) -> list[str]:
        """The session as it stands, in a few lines."""
        state = self._state
        if not state.is_live:
            return ["No session is live."]
        said = [fitted(f"Live session: {plain(state.topic)}, moderated by {name(state.moderator)}, "
                       f"running {duration(state.elapsed_seconds(now))}.")]
        if state.turn is not None:
            said.append(f"{name(state.turn.name)} is speaking, {duration(state.current_turn_seconds(now))} this turn.")
        else:
            said.append("Nobody is speaking.")
        hands = state.ordered_hands(now)
        if hands:
            kind = {HandKind.OUCH: ", an ouch", HandKind.REPLY: ", a reply"}.get(hands[0].kind, "")
            said.append(f"{counted(len(hands), 'hand')} up, next {name(hands[0].name)}{kind}.")
        else:
            said.append("No hands up.")
        waiting = len(state.to_read())
        private = sum(1 for comment in state.comments.values() if comment.private and comment.status.value == "unread")
        said.append((f"{counted(waiting, 'comment')} to read" if waiting else "No comments to read")
                    + (f", {counted(private, 'private message')}" if private else "") + ".")
        return [fitted(line) for line in said]


# Sayings that end in someone's own words say who made the change inside (or not at all: a comment
# names its author, whoever typed it in), never as a note after the words.
_SAYS_WHO = {EventType.CHAT_ADDED, EventType.AGREEMENT_REMINDED, EventType.SESSION_ENDED}

_SAYINGS: dict[EventType, Callable[[Narrator, Event, _Before], list[str]]] = {
    EventType.SESSION_STARTED: Narrator._started,
    EventType.PARTICIPANT_ADDED: Narrator._participant_added,
    EventType.READ_PREFERENCE_SET: Narrator._preference,
    EventType.HAND_RAISED: Narrator._hand_raised,
    EventType.HAND_CHANGED: Narrator._hand_changed,
    EventType.HAND_LOWERED: Narrator._hand_lowered,
    EventType.HANDS_LOWERED_ALL: Narrator._hands_lowered_all,
    EventType.SPEAKER_STARTED: Narrator._speaker_started,
    EventType.SPEAKER_STOPPED: Narrator._speaker_stopped,
    EventType.CHAT_ADDED: Narrator._chat_added,
    EventType.CHAT_MARKED: Narrator._chat_marked,
    EventType.CHAT_MADE_PRIVATE: Narrator._chat_made_private,
    EventType.AGENDA_ADVANCED: Narrator._agenda_advanced,
    EventType.AGREEMENT_REMINDED: Narrator._reminded,
    EventType.OUCH_LOGGED: Narrator._ouch,
    EventType.BELL_RUNG: Narrator._bell,
    EventType.ATTENDANCE_RECORDED: Narrator._attendance,
    EventType.SESSION_ENDED: Narrator._ended,
}
