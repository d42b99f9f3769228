"""The people dialog on the live console: left and back, the read-aloud preference, a member's request."""

from __future__ import annotations

from ipstui.app.screens.live import LiveScreen
from ipstui.app.screens.people import PeopleModal
from ipstui.domain import commands as c
from ipstui.domain.text import name_key
from tests.ui.conftest import demo_app, live_state, running, screen_text

ASKED = "step up when I find something hard"


def said(app) -> list[str]:
    """What the console has told the moderator, oldest first."""
    return [notification.message for notification in app._notifications]


async def test_marking_someone_left_lowers_their_hand_and_takes_them_out_of_the_cues(demo):
    async with running(demo, size=(120, 35)) as pilot:
        assert live_state(demo).hand_of("Priya") is not None
        await pilot.press("P")
        assert isinstance(demo.screen, PeopleModal)
        await pilot.press(*"priya", "enter")
        assert isinstance(demo.screen, LiveScreen)
        state = live_state(demo)
        assert state.has_left("priya") and state.hand_of("Priya") is None
        assert said(demo)[-1] == "Priya left; their raised hand was lowered"
        text = screen_text(demo)
        priya = next(line for line in text.splitlines() if "Priya " in line and "×" in line)
        assert "left" in priya and "step" not in priya
        assert "8 present · 1 left" in text
        # Back: the dialog's second option, chosen with an arrow.
        await pilot.press("P", *"priya", "tab", "down", "enter")
        assert not live_state(demo).has_left("priya")
        assert said(demo)[-1] == "Priya is back"
        assert "present · 1 left" not in screen_text(demo) and "9 present" in screen_text(demo)


async def test_the_standing_preference_is_set_from_the_console_and_kept_for_later(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("P", *"Leo", "tab", "down", "down", "enter")
        assert "leo" in live_state(demo).no_read_aloud
        roster = {person["key"]: person for person in demo.folder.group.roster()}
        assert roster["leo"]["no_read_aloud"] is True
        assert said(demo)[-1] == "Leo's comments are never read aloud (kept for later sessions)"
        # The dialog says where someone stands as their name is typed.
        await pilot.press("P", *"leo")
        assert "Leo · here · comments never read aloud · no request" in screen_text(demo)
        await pilot.press("escape")


async def test_a_request_needs_the_consent_ticked_and_shows_beside_the_meter(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("P", *"Wen", "tab", "down", "down", "down", "down", "tab", *ASKED, "enter")
        # Not ticked: the dialog stays and says why.
        assert isinstance(demo.screen, PeopleModal)
        assert "first tick “they agreed” (space): kept only with consent" in screen_text(demo)
        assert live_state(demo).requests == {}
        await pilot.press("space", "enter")
        assert isinstance(demo.screen, LiveScreen)
        assert live_state(demo).requests[name_key("Wen")].text == ASKED
        assert f"asks: {ASKED}" in screen_text(demo)
        # Withdrawn: the last option.
        await pilot.press("P", *"Wen", "tab", *["down"] * 5, "enter")
        assert live_state(demo).requests == {}
        assert f"asks: {ASKED}" not in screen_text(demo)


async def test_a_watching_console_never_shows_a_request_nor_opens_the_dialog(tmp_path):
    watching = demo_app(tmp_path / "db", read_only=True)
    watching.folder.execute(c.RecordRequest("Wen", ASKED, consent=True))
    async with running(watching, size=(120, 35)) as pilot:
        assert name_key("Wen") in live_state(watching).requests
        assert ASKED not in screen_text(watching) and "asks:" not in screen_text(watching)
        await pilot.press("P")
        assert isinstance(watching.screen, LiveScreen)
        assert "only watches" in said(watching)[-1]
        assert ASKED not in screen_text(watching) and not any(ASKED in text for text in said(watching))


async def test_the_palette_opens_the_dialog_on_the_option_it_names(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("ctrl+p", *"withdraw member", "enter")
        assert isinstance(demo.screen, PeopleModal)
        assert demo.screen.query_one("#people-what").pressed_button.name == "withdraw"
        await pilot.press("escape")
        # From the meters, the dialog starts on the person highlighted there.
        await pilot.press("3", "down", "down", "P")
        assert demo.screen.query_one("#people-name").value == "Jordan"
        await pilot.press("enter")
        assert live_state(demo).has_left("jordan")


async def test_another_terminal_s_leaving_and_request_reach_the_screen_without_the_request_s_words_said(tmp_path):
    from ipstui.store import DataFolder
    from tests.ui.conftest import wait_until

    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        kim = DataFolder(tmp_path / "db", clock=app.clock, actor="kim", terminal="host:pts/7")
        kim.execute(c.MarkLeft("Grace"))
        await wait_until(pilot, lambda: "8 present · 1 left" in screen_text(app))
        assert said(app)[-1] == "kim: Grace left (hand lowered)"
        kim.execute(c.RecordRequest("Grace", ASKED, consent=True))
        await wait_until(pilot, lambda: f"asks: {ASKED}" in screen_text(app))
        assert said(app)[-1] == "kim: Grace's request recorded"
        # Undone: the request goes from the screen and from the roster.
        kim.execute(c.Undo())
        await wait_until(pilot, lambda: "asks:" not in screen_text(app))
        assert all("request" not in person for person in app.folder.group.roster())


def test_a_request_shows_on_one_line_as_typed_never_as_markup():
    from datetime import datetime, timezone

    from textual.content import Content

    from ipstui.app.widgets.meters import request_line
    from ipstui.domain.state import Request

    hostile = "[@click=app.quit]step up[/] \x1b[31m when [b]hard"
    line = request_line(Content("Wen"), Request("Wen", hostile, datetime(2026, 12, 5, tzinfo=timezone.utc), "sam"))
    assert line.plain == "Wen\n   asks: [@click=app.quit]step up[/] \\x1b[31m when [b]hard"


def test_a_request_typed_over_several_lines_is_kept_on_one():
    from tests.helpers import Driver

    d = Driver()
    d.do(c.AddParticipant("Wen"))
    d.do(c.RecordRequest("Wen", "step up\nwhen I find\r\nsomething hard", consent=True))
    assert d.state.requests["wen"].text == "step up when I find something hard"
