"""Chat comments waiting to be read aloud, oldest first, and private ones clearly apart."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ipstui.app.safe import clock_text, part
from ipstui.app.widgets.panel import LivePanel
from ipstui.domain.state import ChatStatus, Comment, SessionState


def comment_line(comment: Comment, now: datetime) -> Content:
    """A comment with its author and age; a private one says plainly not to read it."""
    age = clock_text((now - comment.at).total_seconds())
    head: list = [(f"#{comment.id} ", "dim"), part(comment.author, "bold"), (f" · {age} ago", "dim")]
    if comment.private:
        head.append((f"  DO NOT READ ({comment.private_reason})", "bold $warning"))
    text = part(comment.text, "italic" if comment.private else "")
    return Content.assemble(*head, "\n   ", text)


class ChatPanel(LivePanel):
    """The to-read list: enter marks the highlighted comment read."""

    BORDER_TITLE = "4 Chat to read"

    def compose(self) -> ComposeResult:
        yield OptionList(id="chat-list")

    def show(self, state: SessionState, now: datetime) -> None:
        moment = state.clamp(now)
        waiting = state.to_read()
        private = [c for c in state.comments.values() if c.private and c.status is ChatStatus.UNREAD]
        shown = waiting + sorted(private, key=lambda c: c.id)
        options = self.query_one("#chat-list", OptionList)
        ids = [str(c.id) for c in shown]
        if [option.id for option in options.options] != ids:
            highlighted = options.highlighted_option.id if options.highlighted_option else None
            options.clear_options()
            options.add_options(Option(comment_line(c, moment), id=str(c.id)) for c in shown)
            options.highlighted = ids.index(highlighted) if highlighted in ids else (0 if ids else None)
        else:
            for comment in shown:
                options.replace_option_prompt(str(comment.id), comment_line(comment, moment))
        self.border_subtitle = f"{len(waiting)} to read" + (f" · {len(private)} private" if private else "")

    def highlighted_id(self) -> int | None:
        """The id of the comment under the cursor."""
        options = self.query_one("#chat-list", OptionList)
        option = options.highlighted_option
        return int(option.id) if option is not None and option.id else None
