"""The live console driven with Pilot: every action, both sizes, hostile text."""

from __future__ import annotations

from ipstui.app.app import make_app
from ipstui.app.screens.agreement import AgreementModal
from ipstui.app.screens.closing import ClosingScreen
from ipstui.app.screens.home import HomeScreen
from ipstui.app.screens.live import LiveScreen
from ipstui.app.screens.prompts import ConfirmModal
from ipstui.app.widgets.panel import LivePanel
from ipstui.domain import commands as c
from ipstui.domain.state import ChatStatus, HandKind
from ipstui.store import DataFolder
from tests.ui.conftest import demo_app, live_state, screen_text, running, wait_until

SPEC_TITLES = [
    "Add participant", "Raise hand", "Lower hand", "Lower all hands", "Call next hand", "Start speaker",
    "Stop speaker", "Add chat comment", "Mark comment read", "Next agenda item", "Show agreement", "Log ouch",
    "Ring bell", "Undo last action", "End session",
]


def visible_panels(app) -> list[str]:
    return [panel.id for panel in app.screen.query(LivePanel) if panel.display and panel.region.area]


async def test_all_four_panels_at_120x35(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.pause()
        assert isinstance(demo.screen, LiveScreen)
        assert visible_panels(demo) == ["agenda", "hands", "meters", "chat"]
        text = screen_text(demo)
        for expected in ("Speaking Tomás", "bell due", "Hands 4 (next Aisha, ouch)", "To read 2", "Discussion and practice",
                         "OUCH", "◀ next", "notice this hand", "new here", "step back?", "not spoken",
                         "▸ Private (2): 1 DM, 1 not to read aloud", "41:00 left"):
            assert expected in text, expected


async def test_one_panel_at_80x24_and_keys_switch(demo):
    async with running(demo, size=(80, 24)) as pilot:
        await pilot.pause()
        assert visible_panels(demo) == ["hands"]
        for key, panel in (("1", "agenda"), ("3", "meters"), ("4", "chat"), ("2", "hands")):
            await pilot.press(key)
            assert visible_panels(demo) == [panel]
            text = screen_text(demo)
            assert "Speaking Tomás" in text and "Hands 4" in text and "To read 2" in text


async def test_the_turn_ticks_every_second(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.pause()
        assert "Speaking Tomás 4:40" in screen_text(demo)
        demo.clock.advance(3)
        demo.tick()
        await pilot.pause()
        assert "Speaking Tomás 4:43" in screen_text(demo)


async def test_call_next_gives_the_floor_to_the_ouch_hand_and_undo_takes_it_back(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("n")
        assert live_state(demo).turn.name == "Aisha"
        await pilot.pause()
        assert "Speaking Aisha" in screen_text(demo) and "Hands 3 (next Priya)" in screen_text(demo)  # Wen replied to Tomás, whose turn is over
        await pilot.press("u")
        await pilot.pause()
        assert live_state(demo).turn.name == "Tomás"
        assert "Speaking Tomás" in screen_text(demo)


async def test_enter_on_a_hand_gives_that_person_the_floor(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("2", "down", "down", "enter")
        assert live_state(demo).turn.name == "Priya"


async def test_raise_hand_with_a_kind_and_completion(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("h")
        await pilot.press(*"jor", "right")  # right accepts the suggestion: Jordan
        await pilot.press("tab", "down", "enter")  # kind: ouch, and raise
        hand = live_state(demo).hand_of("Jordan")
        assert hand is not None and hand.kind is HandKind.OUCH


async def test_add_participant_start_and_stop_speaker(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("a", *"Zoe", "enter")
        assert live_state(demo).person("Zoe").new_here
        await pilot.press("s", *"Zoe", "enter")
        assert live_state(demo).turn.name == "Zoe"
        await pilot.press("x")
        assert live_state(demo).turn is None


async def test_chat_add_read_skip_and_private(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("c", *"Grace", "enter", *"hello all", "enter")
        state = live_state(demo)
        assert [c.text for c in state.to_read()] == [
            "Can we talk about power in peer roles?", "First time here, thank you for having me", "hello all"]
        await pilot.press("r")
        assert live_state(demo).comments[3].status is ChatStatus.READ
        await pilot.press("4", "k")
        assert live_state(demo).comments[4].status is ChatStatus.SKIPPED
        await pilot.press("p")
        assert live_state(demo).comments[6].private


async def test_lower_all_asks_first(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("L")
        assert isinstance(demo.screen, ConfirmModal)
        await pilot.press("n")
        assert len(live_state(demo).hands) == 4
        await pilot.press("L", "y")
        assert live_state(demo).hands == []


async def test_agenda_ouch_bell_and_followup(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("right_square_bracket", "o", "enter", "b", "enter", "f", *"rest", "enter")  # o: by the speaker
        state = live_state(demo)
        assert state.current_segment().title == "Closing and next moderator"
        assert (len(state.ouches), len(state.bells), len(state.followups)) == (2, 1, 2)


async def test_agreement_overlay_jumps_reminds_and_closes(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("g")
        assert isinstance(demo.screen, AgreementModal)
        text = screen_text(demo)
        assert "One person talk at a time." in text
        await pilot.press("1", "4")
        assert demo.screen.current == 14
        assert "Stretch" in screen_text(demo)
        await pilot.press("r")
        assert [m.detail["item"] for m in live_state(demo).reminders] == [1, 14]
        await pilot.press("2", "2", "down")
        assert demo.screen.current == 23
        await pilot.press("escape")
        assert isinstance(demo.screen, LiveScreen)


async def test_agreement_overlay_lists_everything(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("g")
        modal = demo.screen
        assert len(modal.query(".agreement-item")) == 24
        assert len(modal.query(".agreement-extra")) == 9


async def test_every_spec_action_is_in_the_palette(demo):
    from ipstui.app.palette import _actions

    async with running(demo, size=(120, 35)) as pilot:
        await pilot.pause()
        titles = [title for title, *_ in _actions(demo.screen)]
        assert set(SPEC_TITLES) <= set(titles)
        await pilot.press("ctrl+p")
        await pilot.press(*"Call next hand")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert live_state(demo).turn.name == "Aisha"


async def test_closing_screen_chooses_rotation_and_home_shows_it(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("e")
        assert isinstance(demo.screen, ClosingScreen)
        text = screen_text(demo)
        assert "never moderated" in text and "moderated 1×" in text and "After-meeting topic" in text
        await pilot.press("down", "m", "down", "b")  # Jordan, then Priya
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo.screen, HomeScreen)
        ended = demo.folder.sessions()[-1]
        assert (ended.status, ended.next_moderator, ended.backup_moderator) == ("ended", "Jordan", "Priya")
        text = screen_text(demo)
        assert "Jordan" in text and "Priya" in text


async def test_on_the_closing_screen_a_typed_name_finds_its_volunteer(demo):
    from textual.widgets import OptionList

    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("e")
        volunteers = demo.screen.volunteers
        options = demo.screen.query_one("#volunteer-list", OptionList)
        target = volunteers[-1].name  # the last of the roster, many rows down
        await pilot.press("slash")
        await pilot.press(*target.lower().split(" ")[0].replace("á", "a"))  # lower case, no accents, a first name
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(demo.screen, ClosingScreen) and options.has_focus
        assert volunteers[options.highlighted].name == target
        await pilot.press("m")
        assert demo.screen.next_moderator == target
        await pilot.press("slash", *"Nobody Here", "enter")
        await pilot.pause()
        assert "Nobody on the roster is called Nobody Here" in list(demo._notifications)[-1].message
        assert volunteers[options.highlighted].name == target  # stays where it was


async def test_escape_leaves_the_closing_screen_without_ending(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("e", "escape")
        assert isinstance(demo.screen, LiveScreen) and live_state(demo).is_live


async def test_hostile_names_show_literally_and_the_app_keeps_running(demo):
    hostile = ["[bold]x[/]", "[@click=app.quit]y[/]", "unclosed [", "esc\x1b[31mred"]
    async with running(demo, size=(120, 35)) as pilot:
        for name in hostile:
            demo.run_command(c.AddParticipant(name))
            demo.run_command(c.AddChatComment(name, f"{name} says"))
        demo.run_command(c.RaiseHand("[@click=app.quit]y[/]"))
        await pilot.press("4")
        await pilot.pause()
        text = screen_text(demo)
        for shown in ("[bold]x[/]", "[@click=app.quit]y[/]", "unclosed [", "esc\\x1b[31mred"):
            assert shown in text, shown
        await pilot.click("#hands")
        await pilot.pause()
        assert demo.is_running
        assert "\x1b" not in text


async def test_restart_returns_to_the_same_state_with_the_turn_still_running(tmp_path):
    first = demo_app(tmp_path / "db")
    async with running(first, size=(120, 35)) as pilot:
        await pilot.press("n")
    clock = first.clock
    clock.advance(65)
    again = make_app(DataFolder(tmp_path / "db", clock=clock), clock, viewer_zone="Europe/London")
    async with running(again, size=(120, 35)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, LiveScreen)
        assert "Speaking Aisha 1:05" in screen_text(again)
        assert "Hands 3 (next Priya)" in screen_text(again)


async def test_high_contrast_theme(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("ctrl+t")
        assert demo.theme == "ipstui-high-contrast"
        await pilot.press("ctrl+t")
        assert demo.theme != "ipstui-high-contrast"


async def test_lower_the_highlighted_hand_or_a_named_one(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("2", "down", "l")  # Wen, the second in the queue
        assert [h.name for h in live_state(demo).hands] == ["Priya", "Grace", "Aisha"]
        await pilot.press("1", "l", *"Grace", "enter")  # from another panel: asks for the name
        assert [h.name for h in live_state(demo).hands] == ["Priya", "Aisha"]


async def test_refused_actions_say_why_and_change_nothing(demo):
    async with running(demo, size=(120, 35)) as pilot:
        before = len(live_state(demo).log)
        await pilot.press("s", *"Nobody", "enter")
        await pilot.pause()
        assert len(live_state(demo).log) == before
        assert [n.message for n in demo._notifications] == [
            "nobody called 'Nobody' is in this session (add them first)"]


async def test_once_drawn_the_console_spares_its_objects_from_full_collections(demo):
    import gc
    import weakref

    from ipstui.app.app import settle_memory

    class Node:
        """An object in a reference cycle: only the cycle collector frees it."""

    gc.unfreeze()
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert gc.get_freeze_count() > 0
        live = pilot.app.screen
        assert not any(obj is live for obj in gc.get_objects(generation=2))
        garbage = Node()
        garbage.cycle = garbage
        gone = weakref.ref(garbage)
        del garbage
        settle_memory()
        assert gone() is None
    gc.unfreeze()


async def test_panel_subtitles_follow_each_change_and_stay_through_ticks(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.pause()
        text = screen_text(demo)
        assert "─ 4 waiting ─" in text and "─ 2 to read" in text
        await pilot.press("n")
        await pilot.pause()
        assert "─ 3 waiting ─" in screen_text(demo)
        await pilot.press("r")
        await pilot.pause()
        assert "─ 1 to read" in screen_text(demo)
        for _ in range(3):
            demo.clock.advance(1)
            demo.tick()
            await pilot.pause()
        text = screen_text(demo)
        assert "─ 3 waiting ─" in text and "─ 1 to read" in text
        await pilot.press("u")
        await pilot.pause()
        assert "─ 2 to read" in screen_text(demo) and "─ 3 waiting ─" in screen_text(demo)


async def test_a_long_backlog_lists_only_the_oldest_comments_to_read(demo):
    # A screenful of the oldest: every refresh stays cheap however long the backlog grows (B4).
    from ipstui.app.widgets.chat import PRIVATE_ROW, SHOWN_TO_READ

    for number in range(SHOWN_TO_READ + 25):
        demo.folder.execute(c.AddChatComment("Grace", f"backlog {number}"))
    waiting = live_state(demo).to_read()
    assert len(waiting) > SHOWN_TO_READ
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.pause()
        panel = demo.screen.query_one("#chat")
        listed = [row_id for row_id, _ in panel.rows]
        # The oldest to read, then the line that folds the private items.
        assert listed == [str(x.id) for x in waiting[:SHOWN_TO_READ]] + [PRIVATE_ROW]
        assert f"{len(waiting)} to read (oldest {SHOWN_TO_READ} shown)" in panel.border_subtitle


async def test_a_comment_of_several_lines_shows_its_breaks_marked_not_as_escapes(demo):
    demo.folder.execute(c.AddChatComment("Grace", "first line\nsecond line"))
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("4")
        shown = screen_text(demo)
        assert "first line ⏎ second line" in shown and "\\x0a" not in shown


async def test_tab_completes_a_name_in_every_prompt_as_the_prompt_says(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("s")
        assert "tab: complete" in screen_text(demo)
        await pilot.press("p", "r", "i")
        await pilot.pause(0.2)  # the completion is offered by a worker
        await pilot.press("tab")
        assert demo.screen.query_one("#name-input").value == "Priya"
        await pilot.press("escape", "h")
        assert "tab: complete" in screen_text(demo) and "right: complete" not in screen_text(demo)
        await pilot.press("w", "e")
        await pilot.pause(0.2)
        await pilot.press("tab")
        assert demo.screen.query_one("#hand-name").value == "Wen"
        await pilot.press("tab")  # nothing more to complete: on to the kinds
        assert demo.screen.focused is not demo.screen.query_one("#hand-name")


async def test_the_key_bar_drops_whole_keys_never_half_a_word(demo):
    async with running(demo, size=(80, 24)) as pilot:
        await pilot.pause()
        bar = screen_text(demo).splitlines()[-1]
        assert "^p palette" in bar
        shown = [binding.description for binding in demo.screen.BINDINGS if binding.show]
        words = bar.replace("▏^p palette", "").split()
        assert all(word in " ".join(shown) or len(word) == 1 for word in words), bar
        assert "Agre " not in bar + " " and ("Agreement" in bar) == ("g Agreement" in bar)


async def test_the_chat_makes_again_only_the_rows_whose_comment_or_age_changed(demo):
    from ipstui.app.widgets.chat import PRIVATE_ROW, comment_line

    def fresh(panel):
        state = demo.screen.state
        moment = state.clamp(demo.screen.now)
        return [comment_line(state.comments[int(row_id)], moment, reveal_private=True) for row_id, _ in panel.rows
                if row_id != PRIVATE_ROW]

    async with running(demo, size=(120, 35)) as pilot:
        await pilot.pause()
        panel = demo.screen.query_one("#chat")
        before = [line for row_id, line in panel.rows if row_id != PRIVATE_ROW]
        assert before == fresh(panel) and len(before) >= 2
        await pilot.press("n")  # the chat has not changed
        await pilot.pause()
        assert all(now is then for (_, now), then in zip(panel.rows, before))
        await pilot.press("r")  # the oldest is read: it leaves, the others stay as they were
        await pilot.pause()
        assert [line for row_id, line in panel.rows if row_id != PRIVATE_ROW] == fresh(panel) and len(fresh(panel)) == len(before) - 1
        assert all(any(line is old for old in before) for row_id, line in panel.rows if row_id != PRIVATE_ROW)
        demo.clock.advance(61)
        demo.tick()
        await pilot.pause()
        after = [line for row_id, line in panel.rows if row_id != PRIVATE_ROW]
        assert after == fresh(panel) and not any(line is old for line in after for old in before)



async def test_an_ouch_and_a_direct_message_stand_out_in_the_header_and_an_ouch_is_named_before_lowering_all(demo):
    async with running(demo, size=(80, 24)) as pilot:
        header = screen_text(demo).splitlines()[0]
        assert "(next Aisha, ouch)" in header and "│ DM 1" in header
        demo.folder.execute(c.AddChatComment("Leo", "only for you", direct=True))
        await pilot.pause(0.6)
        await wait_until(pilot, lambda: "│ DM 2" in screen_text(demo).splitlines()[0])
        await pilot.press("L")
        assert "Lower all 4 hands, including Aisha's ouch?" in screen_text(demo)
