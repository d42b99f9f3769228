"""What an undo would take back, and whether it needs a yes: another person's action, or
private words made readable again.

Undo takes back one's own newest action, reaching past what others did since, unless what
came after depends on it; anyone's newest action, or private words made readable, only when
the moderator says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipstui.domain.events import EventType, describe
from ipstui.domain.outcome import CommandError
from ipstui.domain.state import Comment, SessionState
from ipstui.domain.text import name_key


@dataclass(frozen=True)
class UndoPlan:
    """The action an undo would take back, whose it is, and which private comments it would make readable."""

    action: int
    type: EventType
    by: str
    what: str
    revealed: tuple[Comment, ...]

    def is_own(self, actor: str) -> bool:
        """Whether `actor` took this action (one person, from any terminal)."""
        return name_key(self.by) == name_key(actor)

    def needs_consent(self, actor: str) -> bool:
        """Another person's action, or one whose undoing makes private words readable."""
        return not self.is_own(actor) or bool(self.revealed)

    def whose(self, actor: str) -> str:
        """`yours` or `NAME's`, for sentences about this action."""
        return "yours" if self.is_own(actor) else f"{self.by or 'an unnamed moderator'}'s"

    def reveals(self) -> str:
        """Which private comments undoing would make readable, in a few words ('' when none)."""
        listed = ", ".join(f"comment {c.id} from {c.author}" for c in self.revealed[:3])
        more = f" and {len(self.revealed) - 3} more" if len(self.revealed) > 3 else ""
        return listed + more

    def question(self, actor: str) -> str:
        """The console's question before an undo that needs a yes."""
        owner = "your" if self.is_own(actor) else f"{self.by or 'an unnamed moderator'}'s"
        question = f"Undo {owner} action: {self.what}?"
        if self.revealed:
            question += f" It would make {self.reveals()} readable again: read aloud, in shared reports."
        return question

    def concern(self, actor: str) -> str:
        """Why this undo needs a yes, in one sentence."""
        sentence = f"the last action is {self.whose(actor)}: {self.what}"
        if self.revealed:
            sentence += (f", and undoing it would make {self.reveals()} readable again"
                         " (read aloud, in shared reports)")
        return sentence


def plan_undo(state: SessionState, actor: str | None = None) -> UndoPlan:
    """What an undo would take back now: `actor`'s newest action, or anyone's when None.

    CommandError when there is nothing to undo, or when later actions depend on the target.
    """
    target = state.undoable_action(actor)
    if target is None:
        newest = state.undoable_action() if actor is not None else None
        if newest is None:
            raise CommandError("there is nothing to undo")
        assert actor is not None
        concern = plan_action(state, newest.action).concern(actor)
        raise CommandError(f"you have no action of your own to undo; {concern}; nothing was undone "
                           "(`undo --any` undoes it)")
    return plan_action(state, target.action)


def plan_action(state: SessionState, action: int) -> UndoPlan:
    """What undoing `action` would take back; CommandError if it cannot be undone."""
    target = next((event for event in state.log if event.action == action), None)
    start = state.log[0].action if state.log else None
    if target is None or action == start or action in state.undone or target.type is EventType.UNDONE:
        raise CommandError("that action cannot be undone any more; nothing was undone")
    what = describe(target.type, dict(target.data))
    try:
        after = state.without_action(target.action)
    except (KeyError, IndexError, TypeError, ValueError):
        raise CommandError(f"cannot undo {what}: what came after it depends on it") from None
    revealed = tuple(comment for comment in state.comments.values() if comment.private
                     and comment.id in after.comments and not after.comments[comment.id].private)
    return UndoPlan(target.action, target.type, target.by, what, revealed)


def still_newest(state: SessionState, action: int, actor: str) -> None:
    """CommandError unless `action` is still what an undo would take: the newest of `actor`'s
    actions if it is theirs, else the newest of anyone's (the moderator was asked about it)."""
    target = next((event for event in state.log if event.action == action), None)
    own = target is not None and name_key(target.by) == name_key(actor)
    current = state.undoable_action(actor if own else None)
    if current is None:
        raise CommandError("that action cannot be undone any more; nothing was undone")
    if current.action != action:
        whose = "yours" if name_key(current.by) == name_key(actor) else f"{current.by or 'an unnamed moderator'}'s"
        raise CommandError(f"the last action changed meanwhile: it is now {whose}: "
                           f"{describe(current.type, dict(current.data))}; nothing was undone")


def plan_reopen(state: SessionState, action: int | None = None) -> UndoPlan:
    """Undoing an ended session's end: it is live again. CommandError if `action` (what the
    moderator was shown) is not that end. Whether the session may be reopened (the latest, and
    nothing started since) is the store's to say."""
    if state.ended_at is None or not state.log or state.log[-1].type is not EventType.SESSION_ENDED:
        raise CommandError("the session has not ended; nothing was undone")
    end = state.log[-1]
    if action is not None and action != end.action:
        raise CommandError("the last action changed meanwhile: the session has ended; nothing was undone")
    return plan_action(state, end.action)
