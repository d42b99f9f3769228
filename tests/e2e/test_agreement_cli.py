"""The group's agreement through the installed command."""

from __future__ import annotations

from ipstui.domain.agreement import DEFAULT_AGREEMENT
from tests.e2e.conftest import BIN, Cli
from tests.e2e.test_cli_errors import assert_refused
from tests.e2e.tmux import Terminal, console_env


def test_show_edit_reset_and_the_announcement_follow_the_groups_wording(cli: Cli):
    assert cli("agreement", "show", "3").out == f" 3. {DEFAULT_AGREEMENT.item(3)}\n"
    assert len(cli("agreement", "show").out.splitlines()) == 24
    assert cli("agreement", "edit", "3", "Listen to understand.").out == "agreement item 3 now reads: Listen to understand.\n"
    assert cli("agreement", "show", "3").out == " 3. Listen to understand.\n"
    assert "\n3. Listen to understand.\n" in cli("announce").out
    cli("agreement", "reset", "3")
    assert cli("agreement", "show", "3").out == f" 3. {DEFAULT_AGREEMENT.item(3)}\n"


def test_bad_item_numbers_and_blank_text_exit_2(cli: Cli):
    cli("agreement", "edit", "1", "One voice.")
    assert_refused(cli, ["agreement", "edit", "0", "x"], "items 1 to 24")
    assert_refused(cli, ["agreement", "edit", "25", "x"], "items 1 to 24")
    assert_refused(cli, ["agreement", "edit", "two", "x"], "invalid int value")
    assert_refused(cli, ["agreement", "edit", "3", " "], "blank")
    assert_refused(cli, ["agreement", "reset", "99"], "items 1 to 24")
    assert_refused(cli, ["agreement", "show", "0"], "items 1 to 24")
    assert cli("agreement", "show", "1").out == " 1. One voice.\n"


def test_a_rewording_reaches_an_open_overlay_in_another_terminal(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    term = Terminal("agreement", [str(BIN), "--as", "kim"], (120, 35), console_env(cli.db))
    try:
        term.wait_for("Nobody speaking")
        term.keys("g")
        term.wait_for(" 1. One person talk at a time.")
        cli("agreement", "edit", "1", "One voice at a time [please].")
        term.wait_for(" 1. One voice at a time [please].")
        term.keys("2", "e")
        term.wait_for("Item 2 in the group's words")
        term.keys("C-u")
        term.type("Respect, always.")
        term.keys("Enter")
        term.wait_for(" 2. Respect, always.")
        assert cli("agreement", "show", "2").out == " 2. Respect, always.\n"
    finally:
        term.close()
        Terminal.kill_server()
