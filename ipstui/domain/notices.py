"""What a console says when another terminal changes the session: the kind of it, never private words.

A co-moderator must know at a glance what came: an ouch hand is not just "a hand", and a
direct message is named as one (from whom), never by its words. A comment counts as private
when its event or the state says so, or when the state no longer knows it (privacy fails closed).
"""

from __future__ import annotations

from dataclasses import dataclass
from ipstui.domain.events import Event, EventType, describe
from ipstui.domain.state import HandKind, SessionState

HAND_WORDS = {HandKind.OUCH.value: "an ouch hand", HandKind.REPLY.value: "a reply hand"}
KIND_WORDS = {HandKind.OUCH.value: "an ouch", HandKind.REPLY.value: "a reply", HandKind.ORDINARY.value: "an ordinary hand"}
DIRECT = "direct message"


@dataclass(frozen=True)
class Notice:
    """One line to tell the moderator, and whether it needs their eyes now (an ouch, a direct message)."""

    text: str
    urgent: bool = False


def notice(event: Event, state: SessionState) -> Notice:
    """What `event`, made by another terminal, means to the moderator, as one short phrase."""
    data = event.data
    name = str(data.get("name", ""))
    kind = str(data.get("kind", HandKind.ORDINARY.value))
    if event.type is EventType.HAND_RAISED:
        return Notice(f"{name} raised {HAND_WORDS.get(kind, 'a hand')}", kind == HandKind.OUCH.value)
    if event.type is EventType.HAND_CHANGED:
        return Notice(f"{name}'s hand is now {KIND_WORDS.get(kind, 'a hand')}", kind == HandKind.OUCH.value)
    if event.type is EventType.CHAT_ADDED:
        return _comment_added(event, state)
    if event.type is EventType.CHAT_MARKED:
        comment = state.comments.get(_id(data))
        whose = f" from {comment.author}" if comment is not None else ""
        status = str(data.get("status", ""))
        verb = {"read": "read aloud", "skipped": "skipped"}.get(status, f"marked {status}")
        return Notice(f"comment {data.get('id')}{whose} {verb}")
    return Notice(describe(event.type, dict(data)))


def _comment_added(event: Event, state: SessionState) -> Notice:
    data = event.data
    author = str(data.get("author", ""))
    comment = state.comments.get(_id(data))
    private = bool(data.get("private")) or comment is None or comment.private
    if not private:
        return Notice(f"comment from {author} to read")
    reason = data.get("private_reason") or (comment.private_reason if comment is not None else None)
    if reason == DIRECT:
        return Notice(f"direct message from {author}", True)
    return Notice(f"private comment from {author}: not to be read aloud", True)


def _id(data) -> int:
    value = data.get("id")
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def others_notices(state: SessionState, since: int, terminal: str, most: int = 3) -> list[tuple[Event, Notice]]:
    """What terminals other than `terminal` did after event `since`: at most `most`, in log order,
    the urgent ones kept before the rest (a burst of imported comments never hides an ouch hand)."""
    theirs = [(event, notice(event, state)) for event in state.log[since:]
              if event.seq > since and event.terminal != terminal]
    urgent = [item for item in theirs if item[1].urgent][-most:]
    rest = [item for item in theirs if not item[1].urgent][len(urgent) - most:] if len(urgent) < most else []
    return sorted(urgent + rest, key=lambda item: item[0].seq)
