"""The agenda editor on the live console and the group's settings from home: each edit goes through the store."""

from __future__ import annotations

from ipstui.app.screens.agenda_edit import AgendaEditModal
from ipstui.app.screens.settings import SettingsScreen
from ipstui.domain.events import EventType
from tests.ui.conftest import empty_app, live_state, running, screen_text


def titles(app) -> list[tuple[str, int]]:
    return [(item.title, item.planned_minutes) for item in live_state(app).agenda]


async def test_the_editor_adds_renames_retimes_moves_and_removes_from_the_keyboard(demo):
    async with running(demo, size=(120, 35)) as pilot:
        before = titles(demo)
        running_index = live_state(demo).agenda_index
        await pilot.press("A")
        assert isinstance(demo.screen, AgendaEditModal)
        assert "Edit agenda" in screen_text(demo)
        # The cursor starts on the running item: retiming it is allowed.
        await pilot.press("t", "ctrl+u", *"20", "enter")
        assert titles(demo)[running_index][1] == 20
        await pilot.press("a")
        await pilot.press(*"Poem", "enter", *"3", "enter")
        assert titles(demo)[running_index + 1] == ("Poem", 3)
        assert "Poem" in screen_text(demo)
        await pilot.press("down", "r", "ctrl+u", *"[b]A poem[/b]", "enter")
        assert titles(demo)[running_index + 1] == ("[b]A poem[/b]", 3)
        assert "[b]A poem[/b]" in screen_text(demo)  # shown as typed, never as markup
        await pilot.press("J")
        assert titles(demo)[running_index + 2] == ("[b]A poem[/b]", 3)
        # The cursor followed the item; d removes it.
        await pilot.press("d")
        assert titles(demo) == [(t, 20 if n == running_index else m) for n, (t, m) in enumerate(before)]
        kinds = [e.type for e in live_state(demo).log[-5:]]
        assert kinds == [EventType.AGENDA_ITEM_RETIMED, EventType.AGENDA_ITEM_ADDED, EventType.AGENDA_ITEM_RENAMED,
                         EventType.AGENDA_ITEM_MOVED, EventType.AGENDA_ITEM_REMOVED]
        await pilot.press("escape")
        assert not isinstance(demo.screen, AgendaEditModal)
        assert "20 min" in screen_text(demo) or ":00" in screen_text(demo)


async def test_the_editor_refuses_to_remove_the_running_item_and_says_why(demo):
    async with running(demo, size=(120, 35)) as pilot:
        count = len(live_state(demo).agenda)
        await pilot.press("A", "d")
        assert len(live_state(demo).agenda) == count
        assert "it is running now" in list(demo._notifications)[-1].message


async def test_the_settings_screen_changes_the_slot_and_home_says_the_time_changed(tmp_path):
    app = empty_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        assert "please note time change" not in screen_text(app)
        await pilot.press("S")
        assert isinstance(app.screen, SettingsScreen)
        assert "17:15" in screen_text(app)
        # At 17:49 on the call's Saturday: a call at 19:00 tonight is the first at the new time.
        await pilot.press("down", "enter", "ctrl+u", *"19:00", "enter")
        assert app.folder.group.settings()["slot"]["start"] == "19:00"
        assert "19:00" in screen_text(app)
        await pilot.press("enter", "ctrl+u", *"25:00", "enter")
        assert app.folder.group.settings()["slot"]["start"] == "19:00"
        assert "HH:MM" in list(app._notifications)[-1].message
        await pilot.press("escape")
        text = screen_text(app)
        assert "19:00*–20:15" in text and "please note time change" in text and "was Saturdays 17:15–18:30" in text


async def test_an_edit_from_another_terminal_reaches_an_open_editor_and_a_stale_one_changes_nothing(tmp_path):
    from ipstui.domain.agenda import MoveAgendaItem
    from ipstui.store import DataFolder
    from tests.ui.conftest import demo_app, wait_until

    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        await pilot.press("A", "down")  # the cursor on the last item, "Closing and next moderator"
        kim = DataFolder(tmp_path / "db", clock=app.clock, actor="kim", terminal="host:pts/7")
        kim.execute(agenda_add("Poem", 3))
        await wait_until(pilot, lambda: "6.      Poem  3 min" in screen_text(app))
        assert "kim: agenda item 'Poem' added (3 min)" in list(app._notifications)[-1].message
        # Kim moves the poem ahead; a removal of what this console showed at place 5 is still Closing.
        kim.execute(MoveAgendaItem("Poem", to=5))
        await wait_until(pilot, lambda: "5.      Poem  3 min" in screen_text(app))
        before = titles(app)
        await pilot.press("d")
        assert titles(app) == [t for t in before if t[0] != "Closing and next moderator"]


def agenda_add(title: str, minutes: int):
    from ipstui.domain.agenda import AddAgendaItem

    return AddAgendaItem(title, minutes)


async def test_a_watching_console_opens_the_editor_but_changes_nothing(tmp_path):
    from tests.ui.conftest import demo_app

    app = demo_app(tmp_path / "db", read_only=True)
    async with running(app, size=(120, 35)) as pilot:
        before = titles(app)
        await pilot.press("A", "d")
        assert titles(app) == before
        assert "only watches" in list(app._notifications)[-1].message


def test_every_key_of_the_editor_and_the_settings_runs_an_action_of_its_screen():
    from ipstui.app.actions import AGENDA_EDITOR_ACTIONS, SETTINGS_ACTIONS, bindings

    for owner, rows in ((AgendaEditModal, AGENDA_EDITOR_ACTIONS), (SettingsScreen, SETTINGS_ACTIONS)):
        for row in rows:
            assert hasattr(owner, "action_" + row.action.split("(")[0]), row
        keys = [binding.key for binding in bindings(rows)]
        assert len(keys) == len(set(keys))


async def test_home_follows_a_slot_changed_from_another_terminal(tmp_path):
    from ipstui.store import DataFolder
    from tests.ui.conftest import wait_until

    app = empty_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        assert "17:15–18:30 America/New_York" in screen_text(app)
        kim = DataFolder(tmp_path / "db", clock=app.clock, actor="kim", terminal="host:pts/7")
        kim.change_setting("day", "sunday")
        await wait_until(pilot, lambda: "Sunday 29 November 2026  17:15*–18:30" in screen_text(app))
        assert "it was Saturdays 17:15–18:30" in screen_text(app)
        kim.change_setting("join-url", "https://zoom.us/j/555")
        await wait_until(pilot, lambda: "https://zoom.us/j/555" in screen_text(app))
