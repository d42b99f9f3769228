"""Which words of a chat comment a view may show: one rule for every screen, report and file.

Privacy fails closed (SPEC §6): only the team's own view shows a private comment's words;
any other audience, now or added later, gets a placeholder in their place.
"""

from __future__ import annotations

from enum import Enum

from ipstui.domain.state import Comment

HIDDEN_HERE = "(private: its words are not shown on this console)"
NOT_SHARED = "(private comment, not shared)"
TEXT_REMOVED = "(text removed)"


class Audience(Enum):
    """Who a view is for."""

    TEAM = "team"
    """A moderator's console: every word, private ones marked."""
    WATCHING = "watching"
    """A console that only watches: never a private comment's words."""
    SHARED = "shared"
    """A shareable export (Markdown, CSV): never a private comment's words nor who wrote it."""


def audience(reveal_private: bool) -> Audience:
    """The audience of a console: the team's, or a watcher's."""
    return Audience.TEAM if reveal_private else Audience.WATCHING


def comment_words(comment: Comment, seen_by: Audience) -> str:
    """A comment's words as `seen_by` may see them."""
    if comment.private and seen_by is not Audience.TEAM:
        return NOT_SHARED if seen_by is Audience.SHARED else HIDDEN_HERE
    if seen_by is Audience.SHARED:
        return comment.text  # a file keeps a purged comment's cell empty
    return comment.text or TEXT_REMOVED


def comment_author(comment: Comment, seen_by: Audience) -> str:
    """Who wrote a comment, as `seen_by` may see it: a shared file does not say who wrote a private one."""
    return "" if comment.private and seen_by is Audience.SHARED else comment.author
