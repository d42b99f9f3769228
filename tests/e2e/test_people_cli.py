"""People on the command line: left and back, members' requests with consent, loose names."""

from __future__ import annotations

import json

from tests.e2e.conftest import Cli

ASKED = "step back when I dominate"


def test_help_lists_the_people_commands(cli: Cli):
    assert "    request" in cli("--help").out
    out = cli("participant", "--help").out
    assert "    left" in out and "    back" in out
    out = cli("request", "--help").out
    for action in ("add", "list", "withdraw"):
        assert f"    {action}" in out


def test_left_and_back_by_a_first_name_and_an_ambiguous_one_refused(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    for name in ("Chidi Okafor", "Ana Lima", "Ana Souza"):
        cli("participant", "add", name)
    cli("hand", "raise", "chidi", "--kind", "ouch")
    assert cli("participant", "left", "CHIDI").out == "Chidi Okafor left; their raised hand (ouch) was lowered\n"
    refused = cli("hand", "raise", "Chidi", check=False)
    assert refused.code == 2 and "has left the call" in refused.err
    ambiguous = cli("participant", "left", "ana", check=False)
    assert ambiguous.code == 2 and "could be Ana Lima or Ana Souza" in ambiguous.err
    assert cli("participant", "back", "chidi").out == "Chidi Okafor is back\n"
    report = json.loads(cli("report", "--format", "json").out)
    assert [p["name"] for p in report["participants"]] == ["Sam", "Chidi Okafor", "Ana Lima", "Ana Souza"]


def test_a_request_needs_consent_is_listed_carried_and_withdrawn(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("participant", "add", "Søren Berg")
    refused = cli("request", "add", "soren", ASKED, check=False)
    assert refused.code == 2 and "consent" in refused.err
    assert cli("request", "list").out == "No standing requests.\n"
    assert "recorded" in cli("request", "add", "soren", ASKED, "--consent").out
    listed = cli("request", "list").out
    assert listed.startswith(f"Søren Berg: {ASKED} (since ")
    for fmt in ("md", "csv"):
        assert ASKED not in cli("report", "--format", fmt).out
    cli("end")
    # Withdrawn between sessions, from the roster: the next session does not carry it.
    assert cli("request", "withdraw", "Soren").out == "Søren Berg's request withdrawn\n"
    assert cli("request", "list").out == "No standing requests.\n"
    missing = cli("request", "withdraw", "Soren", check=False)
    assert missing.code == 2 and "nobody called 'Soren' has a standing request" in missing.err
