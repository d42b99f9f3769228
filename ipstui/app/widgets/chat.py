"""Chat comments waiting to be read aloud, oldest first, and private ones clearly apart."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from ipstui.app.safe import part, wait_text
from ipstui.app.widgets.panel import LivePanel
from ipstui.domain.privacy import audience, comment_words
from ipstui.domain.state import ChatStatus, Comment, SessionState


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


class ChatPanel(LivePanel):
    """The to-read list: enter marks the highlighted comment read."""

    BORDER_TITLE = "4 Chat to read"

    def __init__(self, *, reveal_private: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reveal_private = reveal_private
        # Each row shown last, by comment id, with the comment and age it was made from.
        self._lines: dict[int, tuple[Comment, str, Content]] = {}

    def show(self, state: SessionState, now: datetime) -> None:
        moment = state.clamp(now)
        waiting = state.to_read()
        private = [c for c in state.comments.values() if c.private and c.status is ChatStatus.UNREAD]
        # In the order they were written: a direct message is seen where it came, marked not to read.
        shown = sorted(waiting[:SHOWN_TO_READ] + private[-SHOWN_PRIVATE:], key=lambda c: (c.at, c.id))
        # The cursor starts on the oldest comment to read, not on a private one.
        first = next((index for index, comment in enumerate(shown) if not comment.private), 0)
        lines: dict[int, tuple[Comment, str, Content]] = {}
        self.set_rows([(str(c.id), self._line(c, moment, lines)) for c in shown], first)
        self._lines = lines
        subtitle = f"{len(waiting)} to read"
        if len(waiting) > SHOWN_TO_READ:
            subtitle += f" (oldest {SHOWN_TO_READ} shown)"
        self.set_subtitle(subtitle + (f" · {len(private)} private" if private else ""))

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
        """The id of the comment under the cursor."""
        row_id = self.cursor_id
        return int(row_id) if row_id else None
