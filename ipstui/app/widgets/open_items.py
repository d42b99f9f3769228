"""Open items on the live console: one line of what the team still owes someone (i: mark done)."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ipstui.app.safe import part
from ipstui.domain.open_items import OpenItem, open_items
from ipstui.domain.state import SessionState

_SHORT = {"message": "DM", "breakout": "Breakout", "followup": "After"}


def item_label(item: OpenItem, short: bool = False) -> list:
    """An item in a few words: a direct message by its writer only (its words stay in the chat panel)."""
    kind = _SHORT[item.kind] if short else item.title.capitalize()
    if item.kind == "message":
        said = ("from ", part(item.who))
    elif item.kind == "breakout":
        said = (part(item.who), *((" · ", part(item.text)) if item.text else ()))
    else:
        said = (part(item.text),)
    return [(kind, "bold"), " ", *said]


def strip_line(state: SessionState) -> Content:
    """The strip: how many items are open, then each open one, oldest first."""
    items = open_items(state)
    waiting = [item for item in items if not item.done]
    if not waiting:
        return Content.assemble(("Open items ", "bold"), (f"all {len(items)} done", "$success"))
    parts: list = [("Open items ", "bold"), (f"{len(waiting)}", "bold reverse $warning"), ("  i: mark done", "dim")]
    for item in waiting:
        parts += ["  │ ", *item_label(item, short=True)]
    return Content.assemble(*parts)


class OpenItemsStrip(Static):
    """One line under the panels; shown once the session has any open item."""

    state: reactive[SessionState | None] = reactive(None, repaint=False)
    """The live session's state."""

    def watch_state(self, state: SessionState | None) -> None:
        shown = state is not None and bool(open_items(state))
        self.display = shown
        if shown:
            assert state is not None
            self.update(strip_line(state))
