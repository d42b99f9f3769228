"""Chat comments waiting to be read aloud, oldest first; private ones folded into a section of their own.

A private item (a direct message, a comment its writer asked not to be read aloud, one a
moderator flagged) never sits in the reading list: the list ends with one "Private (n)" line,
which enter opens to show them below it (and folds again). Nothing private can push a
comment to read off screen.

The list follows new comments: one that arrives below the view is scrolled into it, as long
as the row under the cursor stays in view too. The cursor itself never moves on its own (the
moderator may be about to read the comment under it); what cannot be shown without hiding
it is counted under the panel, "2 new below".
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.geometry import Region

from ipstui.app.safe import part, wait_text
from ipstui.app.widgets.panel import LivePanel
from ipstui.domain.privacy import audience, comment_words
from ipstui.domain.state import Comment, SessionState


def comment_line(comment: Comment, now: datetime, reveal_private: bool = False) -> Content:
    """A comment with its author and age; a private one says plainly not to read it."""
    age = wait_text((now - comment.at).total_seconds())
    head: list = [(f"#{comment.id} ", "dim"), part(comment.author, "bold"), (f" · {age} ago", "dim")]
    if comment.private:
        head.append(part(f"  DO NOT READ ({comment.private_reason})", "bold $warning"))
    # A message of several lines reads on one, its breaks marked (never as a raw \x0a).
    words = " ⏎ ".join(comment_words(comment, audience(reveal_private)).split("\n"))
    text = part(words, "italic" if comment.private else "")
    return Content.assemble(*head, "\n   ", text)


# Comments are read oldest first: a screenful of the oldest is what a moderator needs,
# and it keeps every refresh cheap however long the backlog grows.
SHOWN_TO_READ = 40
SHOWN_PRIVATE = 10
PRIVATE_ROW = "private"
"""The id of the line that folds the private items."""


def private_line(private: list[Comment], opened: bool) -> Content:
    """The line that stands for the private items: how many, of which kind, and what enter does."""
    direct = sum(1 for comment in private if comment.private_reason == "direct message")
    kinds = []
    if direct:
        kinds.append(f"{direct} DM{'s' if direct != 1 else ''}")
    if len(private) > direct:
        kinds.append(f"{len(private) - direct} not to read aloud")
    sign, verb = ("▾", "hide") if opened else ("▸", "show")
    return Content.assemble((f"{sign} Private ({len(private)})", "bold $warning"), (f": {', '.join(kinds)}", ""),
                            (f" · enter: {verb}", "dim"))


class ChatPanel(LivePanel):
    """The to-read list: enter marks the highlighted comment read, or opens the private items."""

    BORDER_TITLE = "4 Chat to read"

    def __init__(self, *, reveal_private: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reveal_private = reveal_private
        self.private_open = False
        # Each row shown last, by comment id, with the comment and age it was made from.
        self._lines: dict[int, tuple[Comment, str, Content]] = {}
        self._newest: int | None = None  # the newest comment id the list has been shown with
        self._unseen: set[str] = set()  # rows of new comments to read not yet scrolled into view
        self._subtitle = ""
        self._private_shown: tuple[tuple, Content] | None = None

    def show(self, state: SessionState, now: datetime) -> None:
        moment = state.clamp(now)
        waiting = state.to_read()
        listed = waiting[:SHOWN_TO_READ]
        private = state.private_unread()
        lines: dict[int, tuple[Comment, str, Content]] = {}
        rows = [(str(c.id), self._line(c, moment, lines)) for c in listed]
        if private:
            rows.append((PRIVATE_ROW, self._private_row(private)))
            if self.private_open:
                rows += [(str(c.id), self._line(c, moment, lines)) for c in private[-SHOWN_PRIVATE:]]
        # The cursor starts on the oldest comment to read (on the private line when none waits).
        self.set_rows(rows, 0)
        self._lines = lines
        newest = max(state.comments, default=0)
        arrived = [str(c.id) for c in listed if self._newest is not None and c.id > self._newest]
        self._newest = newest
        subtitle = f"{len(waiting)} to read"
        if len(waiting) > SHOWN_TO_READ:
            subtitle += f" (oldest {SHOWN_TO_READ} shown)"
        self._subtitle = subtitle + (f" · {len(private)} private" if private else "")
        ids = {row_id for row_id, _ in rows}
        self._unseen = {row_id for row_id in self._unseen if row_id in ids} | set(arrived)
        if arrived:
            # Once the rows are laid out: a new row may have brought a scrollbar with it.
            self.call_after_refresh(self._follow, arrived[-1])
        self._say_unseen()

    def _private_row(self, private: list[Comment]) -> Content:
        """The private line: the last one again while it would say the same."""
        key = (tuple((c.id, c.private_reason) for c in private), self.private_open)
        if self._private_shown is None or self._private_shown[0] != key:
            self._private_shown = (key, private_line(private, self.private_open))
        return self._private_shown[1]

    def _follow(self, row_id: str) -> None:
        """Scroll the new row `row_id` into view, unless that would hide the row under the cursor."""
        ids = [row for row, _ in self.rows]
        if row_id not in ids or len(self._starts) != len(ids):
            return
        index = ids.index(row_id)
        top, bottom = self._starts[index], self._starts[index] + self._heights[index]
        if self.cursor is not None:
            top = min(top, self._starts[self.cursor])
            bottom = max(bottom, self._starts[self.cursor] + self._heights[self.cursor])
        if bottom - top <= self.scrollable_content_region.height:
            self.scroll_to_region(Region(0, self._starts[index], max(1, self.scrollable_content_region.width),
                                         self._heights[index]), animate=False, force=True, immediate=True)
        self._say_unseen()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._unseen:
            self._say_unseen()

    def _say_unseen(self) -> None:
        """Forget the new rows now in view; count under the panel those still below it."""
        if self._unseen and len(self._starts) == len(self.rows) and self.is_mounted and self.size:
            bottom = self.scroll_offset.y + self.scrollable_content_region.height
            for index, (row_id, _) in enumerate(self.rows):
                if row_id in self._unseen and self._starts[index] + self._heights[index] <= bottom:
                    self._unseen.discard(row_id)
        below = f" · {len(self._unseen)} new below ↓" if self._unseen else ""
        self.set_subtitle(self._subtitle + below)

    def action_select(self) -> None:
        if self.cursor_id == PRIVATE_ROW:
            self.private_open = not self.private_open
            self._refresh_view()
        else:
            super().action_select()

    def _line(self, comment: Comment, moment: datetime, lines: dict[int, tuple[Comment, str, Content]]) -> Content:
        """The row of `comment`: the last one again if neither the comment nor its age has changed.

        Past a minute an age changes once a minute: most rows stay as they were, and making
        forty of them again took a fifth of a millisecond at each change of the session.
        """
        age = wait_text((moment - comment.at).total_seconds())
        last = self._lines.get(comment.id)
        if last is not None and last[1] == age and last[0] == comment:
            line = last[2]
        else:
            line = comment_line(comment, moment, self.reveal_private)
        lines[comment.id] = (comment, age, line)
        return line

    def highlighted_id(self) -> int | None:
        """The id of the comment under the cursor (None on the private line)."""
        row_id = self.cursor_id
        return int(row_id) if row_id and row_id != PRIVATE_ROW else None
