"""The group's agreement through the installed command."""

from __future__ import annotations

from ipstui.domain.agreement import DEFAULT_AGREEMENT
from tests.e2e.conftest import Cli
from tests.e2e.test_cli_errors import assert_refused


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
