"""The live console's header: session clock, time left, speaker, queue and unread counts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ipstui.app.safe import clock_text, part
from ipstui.domain.state import ChatStatus, HandKind, SessionState


class SessionBar(Static):
    """Two lines that stay on screen at every size."""

    state: reactive[SessionState | None] = reactive(None, repaint=False)
    """The live session's state."""
    now: reactive[datetime | None] = reactive(None, repaint=False)
    """The console's clock."""
    peers: reactive[tuple] = reactive((), repaint=False)
    """The other consoles attached (co-moderators and watchers)."""
    saving: reactive[str] = reactive("", repaint=False)
    """What a write of this console waits for, if it waits."""

    def __init__(self, scheduled_end: datetime | None, zone: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scheduled_end = scheduled_end
        self.zone = zone

    def watch_state(self) -> None:
        self._render_bar()

    def watch_now(self) -> None:
        self._render_bar()

    def watch_peers(self) -> None:
        self._render_bar()

    def watch_saving(self) -> None:
        self._render_bar()

    def _render_bar(self) -> None:
        state, now = self.state, self.now
        if state is None or now is None:
            return
        moment = state.clamp(now)
        local = moment.astimezone(ZoneInfo(self.zone))
        # The first line holds what the moderator acts on, so it survives 80 columns.
        first: list = []
        if state.turn is not None:
            first += ["Speaking ", part(state.turn.name, "bold $accent"), f" {clock_text(state.current_turn_seconds(now))}"]
            if state.bell_due(now):
                first.append(("  BELL ", "bold reverse $warning"))
        else:
            first.append(("Nobody speaking", "dim"))
        queue = state.ordered_hands(now)
        first.append(f"  │ Hands {len(queue)}")
        if queue:
            first += [" (next ", part(queue[0].name)]
            # An ouch goes first and must stand out: it is why that hand is next.
            first += [", ", ("ouch", "bold reverse $error"), ")"] if queue[0].kind is HandKind.OUCH else [")"]
        first.append(f"  │ To read {len(state.to_read())}")
        direct = sum(1 for comment in state.comments.values()
                     if comment.private and comment.status is ChatStatus.UNREAD and comment.private_reason == "direct message")
        if direct:
            # A direct message is never read aloud, but the moderator must know one came.
            first += ["  │ ", (f"DM {direct}", "bold reverse $warning")]
        second: list = [(local.strftime("%H:%M:%S"), "bold"), f" running {clock_text(state.elapsed_seconds(now))}"]
        if self.scheduled_end is not None:
            left = (self.scheduled_end - moment).total_seconds()
            second.append((f" · {clock_text(left)} left", "") if left >= 0 else (f" · {clock_text(-left)} over", "bold $error"))
        if not state.is_live:
            second.append(("  · ended", "bold"))
        if self.saving:
            # Beside the clock, not after a busy first line: at 80 columns it would be cut off.
            second += ["  │ ", part(self.saving, "bold $warning")]
        if self.peers:
            second += ["  │ with ", *with_peers(self.peers)]
        second += ["  │ ", part(state.topic, "bold"), " · moderator ", part(state.moderator)]
        # Always two lines at a fixed height: no layout pass needed.
        self.update(Content("\n").join([Content.assemble(*first), Content.assemble(*second)]), layout=False)


def with_peers(peers: tuple) -> list:
    """Content parts naming the other consoles; a watcher is marked as such."""
    parts: list = []
    for index, peer in enumerate(peers):
        if index:
            parts.append(", ")
        parts.append(part(peer.actor, "bold"))
        if peer.watch_only:
            parts.append((" (watching)", "dim"))
    return parts
