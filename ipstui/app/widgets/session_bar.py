"""The live console's header: session clock, time left, speaker, queue and unread counts."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ipstui.app.safe import clock_text, fitted, part
from ipstui.domain.state import HandKind, SessionState
from ipstui.domain.text import terminal_safe


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
        # The first line holds what the moderator acts on, so it survives 80 columns: when
        # the whole of it does not fit, the bell says less, and last the queue loses its next name.
        width = self.size.width or self.app.size.width - 2
        for next_name, bell in ((True, "whole"), (True, "who"), (True, "word"), (False, "word")):
            first = self._first_line(state, now, next_name, bell)
            if first.cell_length <= width:
                break
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
        # A long topic gives way first; the moderator's name only past half of the room they share.
        room = width - Content.assemble(*second, "  │ ", " · moderator ").cell_length
        name_room = max(room // 2, room - cell_len(terminal_safe(state.topic)))
        name = fitted(state.moderator, max(1, name_room))[0].rstrip(" ")
        topic = fitted(state.topic, room - cell_len(name))[0].rstrip(" ")
        second += ["  │ ", (topic, "bold"), " · moderator ", name]
        # Always two lines at a fixed height: no layout pass needed.
        self.update(Content("\n").join([first, Content.assemble(*second)]), layout=False)

    def on_resize(self) -> None:
        self._render_bar()

    def _first_line(self, state: SessionState, now: datetime, next_name: bool, bell: str) -> Content:
        """Speaker, bell (see `bell_badge`), queue, chat to read and direct messages; with who is next if asked."""
        first: list = []
        if state.turn is not None:
            first += ["Speaking ", part(state.turn.name, "bold $accent"), f" {clock_text(state.current_turn_seconds(now))}"]
            badge = bell_badge(state, now, self.zone, bell)
            if badge:
                first += [" ", (f" {badge} ", "bold reverse $warning")]
        else:
            first.append(("Nobody speaking", "dim"))
        queue = state.ordered_hands(now)
        first.append(f" │ Hands {len(queue)}")
        if queue:
            # An ouch goes first and must stand out: it is why that hand is next.
            ouch = [("ouch", "bold reverse $error")] if queue[0].kind is HandKind.OUCH else []
            if next_name:
                first += [" (next ", part(queue[0].name), *([", ", *ouch] if ouch else []), ")"]
            elif ouch:
                first += [" (", *ouch, ")"]
        first.append(f" │ To read {len(state.to_read())}")
        direct = sum(1 for comment in state.private_unread() if comment.private_reason == "direct message")
        if direct:
            # A direct message is never read aloud, but the moderator must know one came.
            first += [" │ ", (f"DM {direct}", "bold reverse $warning")]
        return Content.assemble(*first)


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


def bell_badge(state: SessionState, now: datetime, zone: str, say: str = "whole") -> str:
    """ "bell: Kim 17:42" for a bell rung on this turn, "bell due" past the group's several minutes.

    `say` is "whole", "who" (without the time) or "word" (just "bell"), for a narrow header.
    """
    turn = state.turn
    if turn is None:
        return ""
    # Rung on this turn: on its speaker, since it started (a turn may start in the bell's second).
    rung = [bell for bell in state.bells if bell.at >= turn.started_at and bell.detail.get("speaker") == turn.name]
    if rung:
        latest = rung[-1]
        # Who rang it when the console was told; else whoever logged it.
        who = latest.detail.get("by") if isinstance(latest.detail.get("by"), str) else latest.by
        if say == "word":
            return "bell"
        when = f" {latest.at.astimezone(ZoneInfo(zone)).strftime('%H:%M')}" if say == "whole" else ""
        return f"bell: {terminal_safe(who) or 'someone'}{when}"
    return ("bell" if say == "word" else "bell due") if state.bell_due(now) else ""
