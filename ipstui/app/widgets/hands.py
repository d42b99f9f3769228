"""The raised-hand queue in calling order, with waiting times."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from ipstui.app.safe import part, wait_text
from ipstui.app.widgets.panel import LivePanel
from ipstui.domain.state import HandKind, QueuedHand, SessionState
from ipstui.domain.text import name_key

KIND_LABEL = {HandKind.OUCH: ("OUCH ", "bold $error"), HandKind.REPLY: ("reply ", "bold $warning"), HandKind.ORDINARY: ("", "")}


def hand_line(position: int, hand: QueuedHand, width: int = 80) -> Content:
    """One queue row: place, name, "next", kind, how long it has waited, and a nudge if long.

    The nudge is whole or shortened to "!" in `width` cells, never cut in a word.
    """
    parts: list = [(f"{position:>2}. ", "dim"), part(hand.name, "bold" if hand.is_next else "")]
    if hand.is_next:
        parts.append(("  ◀ next", "bold $accent"))
    parts.append("  ")
    label, style = KIND_LABEL[hand.kind]
    if label:
        parts.append((label, style))
    parts.append((f"waiting {wait_text(hand.waited_seconds)}", "bold $warning" if hand.needs_attention else "dim"))
    line = Content.assemble(*parts)
    if hand.needs_attention:
        for nudge in ("  ! notice this hand", "  !"):
            if line.cell_length + len(nudge) <= width:
                return Content.assemble(line, (nudge, "bold $warning"))
    return line


class HandsPanel(LivePanel):
    """Raised hands: ouch first, direct replies next, then the rest; enter gives the floor."""

    BORDER_TITLE = "2 Hands"

    def show(self, state: SessionState, now: datetime) -> None:
        queue = state.queue(now)
        width = self.scrollable_content_region.width or 80
        rows = [(name_key(hand.name), hand_line(i + 1, hand, width)) for i, hand in enumerate(queue)]
        self.set_rows(rows)
        self.set_subtitle(f"{len(queue)} waiting" if queue else "no hands up")

    def on_resize(self) -> None:
        # Whether the nudge fits whole depends on the width.
        self._refresh_view()

    def highlighted_name(self) -> str | None:
        """The name of the hand under the cursor."""
        key = self.cursor_id
        if key is None or self.state is None:
            return None
        hand = next((h for h in self.state.hands if h.key == key), None)
        return hand.name if hand else None
