"""What a console says of another terminal's change: its kind, and never a private comment's words."""

from __future__ import annotations

from ipstui.domain import commands as c
from ipstui.domain.notices import notice, others_notices
from ipstui.domain.state import ChatStatus, HandKind
from tests.helpers import Driver


def said(d: Driver, since: int) -> list[str]:
    return [told.text for _, told in others_notices(d.state, since, "elsewhere")]


def people() -> Driver:
    d = Driver()
    for name in ("Ana", "Ben", "Cy"):
        d.do(c.AddParticipant(name))
    return d


def test_a_raised_hand_says_its_kind_and_an_ouch_is_urgent():
    d = people()
    since = d.state.last_seq
    d.do(c.RaiseHand("Ana", HandKind.OUCH))
    d.do(c.RaiseHand("Ben", HandKind.REPLY))
    d.do(c.RaiseHand("Cy"))
    assert said(d, since) == ["Ana raised an ouch hand", "Ben raised a reply hand", "Cy raised a hand"]
    assert [told.urgent for _, told in others_notices(d.state, since, "elsewhere")] == [True, False, False]
    since = d.state.last_seq
    d.do(c.RaiseHand("Cy", HandKind.OUCH))
    assert said(d, since) == ["Cy's hand is now an ouch"]


def test_a_direct_message_is_named_from_whom_and_never_by_its_words():
    d = people()
    since = d.state.last_seq
    d.do(c.AddChatComment("Ana", "my secret words", direct=True))
    d.do(c.AddChatComment("Ben", "also secret", private=True))
    d.do(c.AddChatComment("Cy", "hello all"))
    texts = said(d, since)
    assert texts == ["direct message from Ana", "private comment from Ben: not to be read aloud", "comment from Cy to read"]
    assert not any("secret" in text or "hello" in text for text in texts)


def test_a_comment_made_private_by_a_later_preference_is_told_as_private():
    d = people()
    since = d.state.last_seq
    d.do(c.AddChatComment("Ana", "please do not read"))
    d.do(c.AddParticipant("Ana", no_read_aloud=True))  # in the same look: the state knows it is private now
    assert d.state.comments[1].private
    assert said(d, since)[0] == "private comment from Ana: not to be read aloud"


def test_read_and_skip_say_so_with_whose_comment():
    d = people()
    d.do(c.AddChatComment("Ana", "one"))
    d.do(c.AddChatComment("Ben", "two"))
    since = d.state.last_seq
    d.do(c.MarkComment(1))
    d.do(c.MarkComment(2, ChatStatus.SKIPPED))
    assert said(d, since) == ["comment 1 from Ana read aloud", "comment 2 from Ben skipped"]


def test_this_terminals_own_changes_are_not_told_and_an_ouch_is_kept_in_a_burst():
    d = people()
    since = d.state.last_seq
    d.do(c.RaiseHand("Ana", HandKind.OUCH))
    for number in range(5):
        d.do(c.AddChatComment("Ben", f"comment {number}"))
    assert others_notices(d.state, since, "t") == []  # the Driver's terminal is "t"
    assert said(d, since) == ["Ana raised an ouch hand", "comment from Ben to read", "comment from Ben to read"]


def test_a_comment_the_state_does_not_know_is_told_as_private():
    d = people()
    d.do(c.AddChatComment("Ana", "words"))
    event = d.state.log[-1]
    forgotten = Driver()  # a state without that comment: fail closed
    assert notice(event, forgotten.state).text == "private comment from Ana: not to be read aloud"
