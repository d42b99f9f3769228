"""The one rule for which words of a comment a view may show."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from ipstui.domain.privacy import HIDDEN_HERE, NOT_SHARED, Audience, audience, comment_author, comment_words
from ipstui.domain.state import Comment

AT = datetime(2026, 11, 28, 22, 30, tzinfo=timezone.utc)
PACKAGE = Path(__file__).resolve().parents[2] / "ipstui"


def comment(text: str = "my words", private: bool = False) -> Comment:
    return Comment(7, "Ana", text, AT, private, "direct message" if private else None)


def test_the_team_sees_every_word_of_a_private_comment():
    assert comment_words(comment(private=True), Audience.TEAM) == "my words"
    assert comment_author(comment(private=True), Audience.TEAM) == "Ana"


@pytest.mark.parametrize("seen_by", [a for a in Audience if a is not Audience.TEAM])
def test_no_one_else_sees_a_private_comments_words(seen_by):
    words = comment_words(comment("secretword", private=True), seen_by)
    assert "secretword" not in words and words in (HIDDEN_HERE, NOT_SHARED)


def test_a_watching_console_is_told_why_and_a_shared_file_hides_the_author_too():
    private = comment(private=True)
    assert comment_words(private, audience(reveal_private=False)) == HIDDEN_HERE
    assert comment_author(private, Audience.WATCHING) == "Ana"
    assert comment_words(private, Audience.SHARED) == NOT_SHARED
    assert comment_author(private, Audience.SHARED) == ""


def test_a_public_comment_is_shown_to_everyone_and_a_purged_one_says_so_on_a_console():
    for seen_by in Audience:
        assert comment_words(comment(), seen_by) == "my words"
        assert comment_author(comment(), seen_by) == "Ana"
    assert comment_words(comment(""), audience(reveal_private=True)) == "(text removed)"
    assert comment_words(comment(""), Audience.SHARED) == ""


def test_the_placeholders_are_written_only_by_the_rule():
    holders = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                     if any(text in path.read_text(encoding="utf-8") for text in (HIDDEN_HERE, NOT_SHARED)))
    assert holders == ["domain/privacy.py"]


def test_snapshots_list_the_comments_to_read_and_the_private_ones_as_the_state_does(folder):
    from ipstui.domain import commands as c

    folder.start("Mutuality", "Sam")
    for name in ("Ana", "Bo"):
        folder.execute(c.AddParticipant(name))
    folder.execute(c.AddChatComment("Ana", "one"))
    folder.execute(c.AddChatComment("Bo", "two, only to you", direct=True))
    folder.execute(c.AddChatComment("Bo", "three"))
    state = folder.live().state()

    def lists(of):
        return [c.text for c in of.to_read()], [c.text for c in of.private_unread()]

    first = state.snapshot()
    assert lists(first) == lists(state) == (["one", "three"], ["two, only to you"])
    assert lists(state.snapshot()) == lists(first)  # shared copies of the comments, the same answer
    # Each change of a comment is seen by the next snapshot, and never by an earlier one.
    folder.execute(c.MarkComment())
    folder.execute(c.MakeCommentPrivate(3))
    state = folder.live().state()
    later = state.snapshot()
    assert lists(later) == lists(state) == ([], ["two, only to you", "three"])
    assert lists(first) == (["one", "three"], ["two, only to you"])
    assert lists(later) == ([], ["two, only to you", "three"])
    # A caller may change the list it is given: the next answer is whole again.
    later.to_read().append(None)
    later.private_unread().clear()
    assert lists(later) == ([], ["two, only to you", "three"])
