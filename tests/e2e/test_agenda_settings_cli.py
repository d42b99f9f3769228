"""`ipstui agenda …` and `ipstui settings …` through the installed command."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import Cli
from tests.e2e.test_cli_errors import assert_refused


@pytest.fixture
def tuesday(monkeypatch):
    # Every process reads the same Tuesday: the next call is Saturday 5 December 2026.
    monkeypatch.setenv("IPSTUI_CLOCK", "2026-12-01T12:00:00+00:00@1")


def test_the_agenda_is_edited_on_the_live_session_and_the_report_sees_it(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    assert cli("agenda", "add", "Poem", "5", "--at", "3").out == "agenda: added item 3 'Poem' (5 min)\n"
    assert cli("agenda", "rename", "poem", "A poem [bold]").out == "agenda: item 3 'Poem' is now 'A poem [bold]'\n"
    assert cli("agenda", "retime", "1", "12").out == "agenda: item 1 'Welcome and agreement' now 12 min (was 10)\n"
    assert cli("agenda", "move", "3", "down").out == "agenda: 'A poem [bold]' moved to item 4\n"
    cli("agenda", "move", "Reading", "2")
    listed = cli("agenda", "list").out.splitlines()
    assert listed[0].startswith(" 1. now  Welcome and agreement (12 min)  running")
    assert listed[1:4] == [" 2.      Reading (15 min)", " 3.      Check-in (15 min)", " 4.      A poem [bold] (5 min)"]
    report = json.loads(cli("report", "--format", "json").out)
    assert [item["title"] for item in report["agenda"]][:4] == ["Welcome and agreement", "Reading", "Check-in",
                                                               "A poem [bold]"]
    assert cli("agenda", "remove", "4").out == "agenda: removed item 4 'A poem [bold]'\n"
    assert "undid: agenda item 'A poem [bold]' removed" in cli("undo").out
    assert " 4.      A poem [bold] (5 min)" in cli("agenda", "list").out


def test_agenda_edits_that_make_no_sense_exit_2_and_change_nothing(cli: Cli):
    assert_refused(cli, ["agenda", "list"], "no data folder")
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    assert_refused(cli, ["agenda", "remove", "1"], "it is running now")
    assert_refused(cli, ["agenda", "move", "1", "3"], "it is running now")
    assert_refused(cli, ["agenda", "remove", "9"], "the agenda has items 1 to 5")
    assert_refused(cli, ["agenda", "remove", "Lunch"], "no agenda item is called 'Lunch'")
    assert_refused(cli, ["agenda", "add", "Poem", "five"], "minutes must be a whole number")
    assert_refused(cli, ["agenda", "add", "Poem", "0"], "planned minutes must be a whole number from 1")
    assert_refused(cli, ["agenda", "add", "Poem", "5", "--at", "1"], "after the running item")
    assert_refused(cli, ["agenda", "move", "2", "up"], "already the next item")
    assert_refused(cli, ["agenda", "move", "2", "sideways"], "a place number, up or down")
    assert_refused(cli, ["agenda", "rename", "2", "  "], "blank")
    cli("end")
    assert_refused(cli, ["agenda", "add", "Late", "5"], "no live session")


def test_settings_show_and_set_with_clear_errors(cli: Cli, tuesday):
    shown = cli("settings", "show").out
    assert "day                 saturday\n" in shown and "time                17:15\n" in shown
    assert cli("settings", "set", "length", "90").out == "length is now 90 (the next call says the time changed)\n"
    assert cli("settings", "set", "caller-zones", "Europe/London,Asia/Kolkata").out == \
        "caller-zones is now Europe/London, Asia/Kolkata\n"
    assert_refused(cli, ["settings", "set", "zone", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'")
    assert_refused(cli, ["settings", "set", "day", "Someday"], "day must be a weekday")
    assert_refused(cli, ["settings", "set", "time", "7pm"], "HH:MM")
    assert_refused(cli, ["settings", "set", "length", "-5"], "length must be a whole number of minutes")
    assert_refused(cli, ["settings", "set", "colour", "red"], "unknown setting 'colour'")
    assert_refused(cli, ["settings", "set", "time"], "the following arguments are required")
    stored = json.loads((cli.db / "group.json").read_text())["settings"]["1"]
    assert stored["slot"] == {"weekday": "saturday", "start": "17:15", "end": "18:45", "zone": "America/New_York"}
    assert stored["caller_zones"] == ["Europe/London", "Asia/Kolkata"]


def test_announce_says_the_first_call_at_a_new_time_and_then_no_more(cli: Cli, tuesday):
    cli("settings", "set", "time", "17:30")
    post = cli("announce").out
    assert "**Saturday, December 5, 2026, 5:30\\* pm to 6:45 pm EST (America/New_York)**" in post
    assert "(\\*please note time change: the group now meets at this new time; it was Saturdays 17:15–18:30)" in post
    assert "than last week" not in post
    later = cli("announce", "--date", "2026-12-12").out
    assert "time change" not in later and "5:30 pm to 6:45 pm" in later
    status = cli("status").out
    assert "17:30" in status


def test_settings_set_at_the_same_moment_by_several_processes_all_stay(cli: Cli, tuesday):
    import os
    import subprocess

    from tests.e2e.conftest import BIN

    cli("settings", "show")
    changes = [("join-url", "https://zoom.us/j/1"), ("join-meeting-id", "1 2 3"), ("join-international", "https://x/y"),
               ("group-name", "Saturday group"), ("caller-zones", "Asia/Tokyo"), ("length", "80")]
    env = {**os.environ, "IPSTUI_DB": str(cli.db)}
    procs = [subprocess.Popen([str(BIN), "settings", "set", key, value], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for key, value in changes]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    shown = cli("settings", "show").out
    for key, value in changes:
        assert f"{key} " in shown and f" {value}\n" in shown, (key, shown)
