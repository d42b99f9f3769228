"""A live call that signals what matters: private items folded apart, new comments followed,
others' changes told by kind, and an ouch tied to who said it."""

from __future__ import annotations

from ipstui.app.screens.live import LiveScreen
from ipstui.app.screens.ouch_prompt import OuchModal
from ipstui.app.widgets.chat import PRIVATE_ROW
from ipstui.domain import commands as c
from ipstui.domain.state import HandKind
from ipstui.store import DataFolder
from tests.ui.conftest import demo_app, live_state, running, screen_text, wait_until

DM_WORDS = "Maya, I need to leave at 6:15, sorry"
PREFERENCE_WORDS = "I'm here, listening today."


def chat_rows(app) -> list[str]:
    return [row_id for row_id, _ in app.screen.query_one("#chat").rows]


def kim(app, tmp_path) -> DataFolder:
    """Another moderator's terminal on the same folder."""
    return DataFolder(tmp_path / "db", clock=app.clock, actor="kim", terminal="host:pts/7")


# -- private items, folded out of the reading list ------------------------------------------------

async def test_private_items_are_one_folded_line_under_the_list_that_enter_opens_and_folds(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("4")
        to_read = [str(comment.id) for comment in live_state(demo).to_read()]
        assert chat_rows(demo) == to_read + [PRIVATE_ROW]
        text = screen_text(demo)
        assert "▸ Private (2): 1 DM, 1 not to read aloud · enter: show" in text
        assert DM_WORDS not in text and PREFERENCE_WORDS not in text
        assert "2 to read · 2 private" in text
        await pilot.press("end", "enter")
        text = screen_text(demo)
        assert "▾ Private (2)" in text and "enter: hide" in text
        assert "DO NOT READ (direct message)" in text and DM_WORDS in text and "DO NOT READ (preference)" in text
        # Opened, they come after every comment to read: none of those moves.
        assert chat_rows(demo)[:len(to_read) + 1] == to_read + [PRIVATE_ROW]
        await pilot.press("enter")
        assert chat_rows(demo) == to_read + [PRIVATE_ROW] and DM_WORDS not in screen_text(demo)


async def test_many_direct_messages_never_push_a_comment_to_read_off_screen(tmp_path):
    app = demo_app(tmp_path / "db")
    for number in range(12):
        app.folder.execute(c.AddChatComment("Jordan", f"private note {number}", direct=True))
    app.folder.execute(c.AddChatComment("Grace", "the newest comment to read"))
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("4")
        text = screen_text(app)
        assert "the newest comment to read" in text and "Private (14)" in text
        assert "private note" not in text


async def test_on_a_watching_console_the_opened_private_items_never_show_their_words(tmp_path):
    app = demo_app(tmp_path / "db", read_only=True)
    async with running(app, size=(120, 35)) as pilot:
        await pilot.press("4", "end", "enter")
        text = screen_text(app)
        assert "DO NOT READ (direct message)" in text
        assert DM_WORDS not in text and PREFERENCE_WORDS not in text


async def test_r_with_the_cursor_on_the_private_line_reads_the_oldest_waiting(demo):
    async with running(demo, size=(120, 35)) as pilot:
        oldest = live_state(demo).to_read()[0].id
        await pilot.press("4", "end", "r")
        assert live_state(demo).comments[oldest].status.value == "read"


async def test_k_on_an_opened_private_item_marks_it_dealt_with_and_it_leaves_the_section(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("4", "end", "enter", "end")  # the newest private item: Jordan's direct message
        direct = demo.screen.query_one("#chat").highlighted_id()
        assert live_state(demo).comments[direct].private_reason == "direct message"
        await pilot.press("k")
        assert live_state(demo).comments[direct].status.value == "skipped"
        await wait_until(pilot, lambda: "▾ Private (1): 1 not to read aloud" in screen_text(demo))
        assert DM_WORDS not in screen_text(demo)


# -- the reading list follows new comments -------------------------------------------------------

def with_backlog(tmp_path):
    """The demo with more comments to read than the chat panel shows at 80×24."""
    app = demo_app(tmp_path / "db")
    for number in range(10):
        app.folder.execute(c.AddChatComment("Grace", f"backlog {number}"))
    return app


async def test_a_new_comment_below_the_view_scrolls_into_it_while_the_cursor_stays(tmp_path):
    app = with_backlog(tmp_path)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("4")
        panel = app.screen.query_one("#chat")
        height = panel.scrollable_content_region.height
        # The moderator picks a comment further down, then one arrives below the view.
        await pilot.press("down", "down", "down", "down", "down", "down")
        picked = panel.cursor_id
        assert "backlog 9" not in screen_text(app)
        kim(app, tmp_path).execute(c.AddChatComment("Leo", "just arrived"))
        await wait_until(pilot, lambda: "just arrived" in screen_text(app))
        assert panel.cursor_id == picked  # not yanked
        assert f"#{picked} " in screen_text(app)  # and still in view
        assert "new below" not in screen_text(app)
        assert panel.scroll_offset.y > 0 and height == panel.scrollable_content_region.height


async def test_a_new_comment_that_would_hide_the_cursor_is_counted_below_until_seen(tmp_path):
    app = with_backlog(tmp_path)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("4")
        panel = app.screen.query_one("#chat")
        first = panel.cursor_id
        other = kim(app, tmp_path)
        other.execute(c.AddChatComment("Leo", "just arrived"))
        other.execute(c.AddChatComment("Leo", "and another"))
        await wait_until(pilot, lambda: "2 new below ↓" in screen_text(app))
        assert panel.cursor_id == first and panel.scroll_offset.y == 0  # the oldest stays under the cursor
        assert "just arrived" not in screen_text(app)
        await pilot.press("end")  # past the private line: both new ones are in view
        await wait_until(pilot, lambda: "new below" not in screen_text(app))
        assert "and another" in screen_text(app)


# -- every notification of another terminal's change says its kind --------------------------------

async def test_another_terminal_s_ouch_hand_and_direct_message_are_told_by_kind(tmp_path):
    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35), notifications=True) as pilot:
        other = kim(app, tmp_path)
        other.execute(c.RaiseHand("Jordan", HandKind.OUCH))
        await wait_until(pilot, lambda: any(n.message == "kim: Jordan raised an ouch hand" for n in app._notifications))
        told = [n for n in app._notifications if "Jordan raised" in n.message][-1]
        assert told.severity == "warning"
        other.execute(c.RaiseHand("Leo", HandKind.REPLY))
        await wait_until(pilot, lambda: any(n.message == "kim: Leo raised a reply hand" for n in app._notifications))
        other.execute(c.AddChatComment("Grace", "words only for Maya", direct=True))
        await wait_until(pilot, lambda: any(n.message == "kim: direct message from Grace" for n in app._notifications))
        assert not any("words only" in n.message for n in app._notifications)
        other.execute(c.MarkComment())
        await wait_until(pilot, lambda: any(n.message.startswith("kim: comment ") and n.message.endswith("read aloud")
                                            for n in app._notifications))


# -- o: an ouch tied to someone ------------------------------------------------------------------

async def test_o_logs_an_ouch_by_the_speaker_unless_changed(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("o")
        assert isinstance(demo.screen, OuchModal)
        assert demo.screen.query_one("#ouch-by").value == "Tomás"  # the speaker
        await pilot.press("enter")
        assert isinstance(demo.screen, LiveScreen)
        assert live_state(demo).ouches[-1].detail == {"by": "Tomás"}


async def test_o_with_another_name_completed_by_tab_and_with_whom(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("o", "ctrl+u", *"pri")
        await pilot.pause(0.2)  # the completion is offered by a worker
        await pilot.press("tab")
        assert demo.screen.query_one("#ouch-by").value == "Priya"
        await pilot.press("tab")  # nothing more to complete: on to with whom
        await pilot.press(*"Grace", "enter")
        assert live_state(demo).ouches[-1].detail == {"by": "Priya", "with": "Grace"}


async def test_o_emptied_logs_an_ouch_of_the_room_and_escape_logs_nothing(demo):
    async with running(demo, size=(120, 35)) as pilot:
        before = len(live_state(demo).ouches)
        await pilot.press("o", "escape")
        assert len(live_state(demo).ouches) == before
        await pilot.press("o", "ctrl+u", "enter")
        assert live_state(demo).ouches[-1].detail == {}
        assert len(live_state(demo).ouches) == before + 1


# -- the header's badges -------------------------------------------------------------------------

async def test_the_header_s_ouch_and_dm_are_badges_of_their_own(demo):
    async with running(demo, size=(80, 24)) as pilot:
        await pilot.pause()
        header = demo.screen.query_one("#session-bar").content
        badges = {header.plain[span.start:span.end]: str(span.style) for span in header.spans if "reverse" in str(span.style)}
        assert badges.get("ouch") == "bold reverse $error"  # in "(next Aisha, ouch)", the word alone
        assert badges.get("DM 1") == "bold reverse $warning"
        assert "(next Aisha, ouch)" in header.plain and "│ DM 1" in header.plain
