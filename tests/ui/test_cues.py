"""Cues that fit whole, words that explain, and keys a newcomer can find (live console and history)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Input, TabbedContent
from textual.widgets._tabbed_content import ContentTabs

from ipstui.app.safe import fitted
from ipstui.app.screens.history import HistoryScreen
from ipstui.app.screens.live import LiveScreen
from ipstui.app.widgets.meters import _cues, meter_line
from ipstui.domain import commands as c
from ipstui.domain.state import Meter
from tests.ui.conftest import live_state, running, screen_text

WIDE_NAME = "王秀英陈静李娜张伟"  # nine characters, eighteen cells


def rows_with(app, word: str) -> list[str]:
    return [line for line in screen_text(app).splitlines() if word in line]


def meters_rows(app) -> list[str]:
    """The meters panel's rows on screen, each from just inside its left border."""
    lines = screen_text(app).splitlines()
    top = next(index for index, line in enumerate(lines) if "3 Talk time" in line)
    rows = []
    for line in lines[top + 1:]:
        if line.lstrip().startswith("╰"):
            break
        start = line.index("│")
        rows.append(line[start + 1:])
    return rows


def every_cue(name: str = "Tomás") -> Meter:
    return Meter(name=name, talk_seconds=540, turns=2, current_turn_seconds=280, share=0.3, fair_share=0.1,
                 hands_raised=1, new_here=True, first_turn_now=True, not_spoken_yet=False, step_up=True,
                 step_back=True)


@pytest.mark.parametrize("width", range(40, 81))
def test_a_meter_keeps_whole_cues_most_important_first(width):
    line = meter_line(every_cue(), width).plain
    assert cell_len(line) <= width
    kept = [text for text, _ in _cues(every_cue()) if text in line]
    # Whatever the room, the kept cues are the first ones, each whole.
    assert kept == [text for text, _ in _cues(every_cue())][:len(kept)]
    assert "…" not in line
    if width >= 56:
        assert "step back?" in line and "now 4:40" in line


@pytest.mark.parametrize(("size", "panel_key"), [((120, 35), None), ((80, 24), "3")])
async def test_the_meters_never_cut_a_cue_on_screen(demo, size, panel_key):
    async with running(demo, size=size) as pilot:
        if panel_key:
            await pilot.press(panel_key)
        rows = meters_rows(demo)
        tomas = next(row for row in rows if "Tomás" in row)
        assert "step back?" in tomas and "now 4:40" in tomas
        for row in rows:
            assert "…" not in row.split("││")[0], row


@pytest.mark.parametrize("size", [(120, 35), (80, 24)])
async def test_a_wide_name_keeps_the_bar_in_its_column(demo, size):
    async with running(demo, size=size) as pilot:
        demo.run_command(c.AddParticipant(WIDE_NAME))
        demo.run_command(c.AddParticipant("李娜"))
        await pilot.press("3")
        rows = [row for row in meters_rows(demo) if "×" in row]
        assert any(row.lstrip().startswith("王秀英陈静李") for row in rows)
        # The bar's tick (the fair share) is in the same cell column on every row.
        ticks = {cell_len(row[:row.index("│")]) for row in rows}
        assert len(ticks) == 1, rows


def test_a_wide_name_is_fitted_by_cells():
    assert fitted(WIDE_NAME, 14)[0] == "王秀英陈静李… "
    assert cell_len(fitted(WIDE_NAME, 7)[0]) == 7
    assert fitted("Ana", 5)[0] == "Ana  "


async def test_a_wide_name_keeps_the_rota_in_its_column(demo):
    async with running(demo, size=(120, 35)) as pilot:
        # Twenty-four cells: wider than the rota's name column.
        demo.run_command(c.AddParticipant(WIDE_NAME + "王秀英"))
        await pilot.press("H")
        assert isinstance(demo.screen, HistoryScreen)
        await pilot.press("2")
        rows = [line for line in screen_text(demo).splitlines() if "session" in line and ("moderated" in line)]
        assert any("王秀英" in row for row in rows)
        columns = {cell_len(row[:row.index("moderated") if "never" not in row else row.index("never")]) for row in rows}
        assert len(columns) == 1, rows


async def test_a_short_welcome_in_a_groups_first_session_has_no_step_back_and_nobody_new(tmp_path):
    from tests.ui.conftest import empty_app

    app = empty_app(tmp_path / "db")
    app.folder.start("Mutuality", "Sam")
    for name in ("Ana", "Ben"):
        app.folder.execute(c.AddParticipant(name))
    app.folder.execute(c.StartSpeaker("Sam"))
    app.clock.advance(82)
    for name in ("Ana", "Ben"):
        app.folder.execute(c.StartSpeaker(name))
        app.clock.advance(20)
    async with running(app, size=(120, 35)):
        assert isinstance(app.screen, LiveScreen)
        rows = meters_rows(app)
        sam = next(row for row in rows if "Sam" in row)
        assert "1:22" in sam and "step back?" not in sam
        # The group's first session: nobody is new to it.
        assert not any("new here" in row for row in rows)


async def test_overrun_and_projected_end_in_words(demo):
    async with running(demo, size=(120, 35)) as pilot:
        text = screen_text(demo)
        assert "▶ Discussion and practice  10:00 of 25 min" in text
        assert "ends 18:14, 16 min early" in text and "Projected end" not in text
        demo.clock.advance(17 * 60 + 55)
        demo.tick()
        await pilot.pause()
        text = screen_text(demo)
        assert "▶ Discussion and practice  +2:55 over" in text and "27:55 / 25:00" not in text
        # A long wait's nudge is whole or a bare "!", never a word cut in half.
        aisha = next(line for line in text.splitlines() if "Aisha  ◀ next" in line)
        assert "…" not in aisha and aisha.split("││")[-1].rstrip(" │").endswith("waiting 19 min  !")
        # The overrun moves the projected end by as much: 16 min early less 2:55.
        assert "ends 18:16, 13 min early" in text
        await pilot.press("right_square_bracket")
        assert "✓ Discussion and practice  27:55 of 25 min, +2:55 over" in screen_text(demo)


def test_the_projected_end_says_early_late_or_on_time_in_minutes():
    from datetime import datetime, timedelta, timezone

    from ipstui.app.widgets.agenda import drift_words

    end = datetime(2026, 11, 28, 23, 30, tzinfo=timezone.utc)
    assert drift_words(end + timedelta(minutes=3, seconds=5), end)[0] == "3 min late"
    assert drift_words(end - timedelta(minutes=16), end)[0] == "16 min early"
    assert drift_words(end + timedelta(seconds=20), end)[0] == "on time"


async def test_the_bell_badge_says_who_rang_it_and_when(demo):
    async with running(demo, size=(120, 35)) as pilot:
        header = screen_text(demo).splitlines()[0]
        assert "bell due" in header and "BELL" not in header
        demo.run_command(c.RingBell("Kim"))
        await pilot.settle()
        header = screen_text(demo).splitlines()[0]
        assert "bell: Kim 17:49" in header and "To read 2" in header and "DM 1" in header
        # A new turn starts with no bell.
        await pilot.press("n")
        assert "bell:" not in screen_text(demo).splitlines()[0]
        await pilot.press("b")
        assert "Who rang the bell?" in screen_text(demo) and "enter: ok (alone: you)" in screen_text(demo)
        await pilot.press("enter")  # alone: the one at these keys
        assert "bell: maya 17:49" in screen_text(demo).splitlines()[0]
        await pilot.press("b", *"grace", "enter")  # a member, typed as it comes: matched to who is here
        assert "bell: Grace 17:49" in screen_text(demo).splitlines()[0]
        assert live_state(demo).bells[-1].detail["by"] == "Grace"
        rung = len(live_state(demo).bells)
        await pilot.press("b", "escape")  # escape rings nothing
        assert len(live_state(demo).bells) == rung


async def test_at_80x24_the_header_says_less_of_the_bell_before_it_loses_anything(demo):
    async with running(demo, size=(80, 24)) as pilot:
        demo.run_command(c.RingBell("Kim"))
        await pilot.settle()
        header = screen_text(demo).splitlines()[0]
        # An ouch first, a direct message and a bell: the badge shrinks to a word, nothing is cut.
        assert " bell │ Hands 4 (next Aisha, ouch) │ To read 2 │ DM 1" in header.replace("  ", " ")
        await pilot.press("x")
        header = screen_text(demo).splitlines()[0]
        assert "Nobody speaking" in header and "bell" not in header


async def test_at_80x24_a_tab_strip_names_the_panels_and_the_way_out(demo):
    async with running(demo, size=(80, 24)) as pilot:
        lines = screen_text(demo).splitlines()
        # The topic gives way to the moderator's name.
        assert lines[1].rstrip().endswith("Mutuality: moving fro… · moderator Maya")
        strip = lines[2]
        for tab in ("1 Agenda", "[2 Hands]", "3 Meters", "4 Chat", "ctrl+q quit"):
            assert tab in strip, strip
        await pilot.press("3")
        strip = screen_text(demo).splitlines()[2]
        assert "[3 Meters]" in strip and "[2 Hands]" not in strip
        # A click on a tab shows its panel.
        await pilot.click("#tab-strip", offset=(strip.index("4 Chat") + 1, 0))
        assert demo.screen.panel == "chat" and "[4 Chat]" in screen_text(demo).splitlines()[2]
        # The key bar keeps whole keys only.
        bottom = screen_text(demo).splitlines()[-1]
        assert bottom.rstrip().endswith("▏^p palette") and " e End " in bottom


async def test_at_120x35_all_panels_show_and_no_tab_strip(demo):
    async with running(demo, size=(120, 35)):
        assert not demo.screen.query_one("#tab-strip").display or demo.screen.query_one("#tab-strip").region.area == 0
        assert "ctrl+q quit" not in screen_text(demo)
        assert "moderator Maya" in screen_text(demo).splitlines()[1]


@pytest.mark.parametrize(("word", "title"), [
    ("remind", "Show agreement"), ("breakout", "Request breakout"), ("bell", "Ring bell"), ("ouch", "Log ouch"),
    ("undo", "Undo last action"), ("end", "End session"),
])
async def test_the_palette_finds_an_action_by_its_word(demo, word, title):
    from textual.command import CommandList

    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("ctrl+p", *word)
        found = demo.screen.query_one(CommandList)

        def first() -> str:
            return str(found.get_option_at_index(0).prompt).split("\n")[0] if found.option_count else ""

        from tests.ui.conftest import wait_until
        await wait_until(pilot, lambda: first().startswith(title))


async def test_a_breakout_from_the_palette_is_logged_with_who(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("ctrl+p", *"breakout")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.press(*"Ana, Ben", "enter")
        assert live_state(demo).breakouts[-1].detail["names"] == ["Ana", "Ben"]


async def test_the_keys_panel_closes_on_escape(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("ctrl+p", *"keys")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert demo.screen.query("HelpPanel")
        await pilot.press("escape")
        assert isinstance(demo.screen, LiveScreen) and not demo.screen.query("HelpPanel")
        # With no keys panel open, escape still reaches the screen: the history goes back.
        await pilot.press("H", "escape")
        assert isinstance(demo.screen, LiveScreen)


async def test_history_tabs_switch_by_key_without_focusing_the_tab_bar(demo):
    async with running(demo, size=(80, 24)) as pilot:
        await pilot.press("H")
        tabs = demo.screen.query_one("#history-tabs", TabbedContent)
        for key, tab in (("2", "tab-rotation"), ("3", "tab-topics"), ("4", "tab-attendance"), ("1", "tab-sessions"),
                         ("4", "tab-attendance")):
            await pilot.press(key)
            assert tabs.active == tab, key
            assert not isinstance(demo.focused, ContentTabs)
        assert "Attendance, oldest to newest" in screen_text(demo)
        # In the filter, a digit is part of the filter.
        await pilot.press("1", "slash", "2")
        assert isinstance(demo.focused, Input) and demo.focused.value == "2" and tabs.active == "tab-sessions"


def test_the_history_binds_what_the_table_says():
    from ipstui.app.actions import HISTORY_ACTIONS

    bound = {(b.key, b.action, b.description, b.show) for b in HistoryScreen.BINDINGS}
    assert bound == {(row.key, row.action, row.label, row.shown_in_key_bar) for row in HISTORY_ACTIONS}
    for row in HISTORY_ACTIONS:
        assert hasattr(HistoryScreen, "action_" + row.action.split("(")[0]), row
