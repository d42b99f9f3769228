"""The group rewords its agreement from the overlay; every console shows the new wording."""

from __future__ import annotations

from textual.widgets import Input

from ipstui.app.screens.agreement import AgreementModal
from ipstui.app.screens.prompts import TextModal
from ipstui.domain import commands as c
from ipstui.domain.agreement import DEFAULT_AGREEMENT
from ipstui.store import DataFolder
from tests.ui.conftest import demo_app, live_state, screen_text, wait_until, running


async def test_e_rewords_the_selected_item_through_a_prompt(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("g", "1", "5", "e")
        assert isinstance(demo.screen, TextModal)
        field = demo.screen.query_one(Input)
        assert field.value == DEFAULT_AGREEMENT.item(15)
        field.value = ""
        await pilot.press(*"Ouch: say [b]so[/b]", "enter")
        assert isinstance(demo.screen, AgreementModal)
        assert demo.folder.agreement().item(15) == "Ouch: say [b]so[/b]"
        await wait_until(pilot, lambda: "15. Ouch: say [b]so[/b]" in screen_text(demo))
        await pilot.press("r")
        assert live_state(demo).reminders[-1].detail == {"item": 15, "text": "Ouch: say [b]so[/b]"}


async def test_a_blank_wording_or_escape_changes_nothing(demo):
    async with running(demo, size=(120, 35)) as pilot:
        await pilot.press("g", "3", "e")
        demo.screen.query_one(Input).value = "   "
        await pilot.press("enter")
        assert isinstance(demo.screen, TextModal)
        await pilot.press("escape")
        assert isinstance(demo.screen, AgreementModal)
        assert demo.folder.agreement() == DEFAULT_AGREEMENT


async def test_another_consoles_rewording_reaches_an_open_overlay(tmp_path):
    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        await pilot.press("g")
        kim = DataFolder(tmp_path / "db", clock=app.clock, actor="kim", terminal="host:pts/7")
        kim.reword_agreement(1, "One voice at a time, please.")
        await wait_until(pilot, lambda: " 1. One voice at a time, please." in screen_text(app))
        kim.reset_agreement()
        await wait_until(pilot, lambda: " 1. One person talk at a time." in screen_text(app))


async def test_a_watching_console_cannot_reword(tmp_path):
    app = demo_app(tmp_path / "db", read_only=True)
    async with running(app, size=(120, 35)) as pilot:
        await pilot.press("g", "e")
        assert isinstance(app.screen, AgreementModal)
        assert "only watches" in list(app._notifications)[-1].message
        assert app.folder.agreement() == DEFAULT_AGREEMENT


async def test_a_reminder_keeps_the_wording_it_was_given(tmp_path):
    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        app.folder.reword_agreement(2, "Respect.")
        app.run_command(c.RemindAgreement(2))
        await pilot.settle()
        app.folder.reset_agreement(2)
        assert live_state(app).reminders[-1].detail["text"] == "Respect."
