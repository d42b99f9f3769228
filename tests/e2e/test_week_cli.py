"""The week around the call through the installed command: undoing an end, removing a stray session."""

from __future__ import annotations

import json

from tests.e2e.conftest import Cli
from tests.e2e.test_cli_errors import assert_refused


def session_ids(cli: Cli) -> list[str]:
    return [line.split()[0] for line in cli("history", "--print").out.splitlines()[1:]]


def test_undo_after_end_reopens_the_session(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("participant", "add", "Ben")
    cli("end", "--next-moderator", "Ben")
    result = cli("undo")
    assert result.out.startswith("undid: end of session; session ") and result.out.rstrip().endswith("is live again")
    assert cli("hand", "raise", "Ben").out.startswith("Ben raised a hand")
    report = json.loads(cli("report", "--format", "json").out)
    assert report["session"]["status"] == "live" and report["session"]["next_moderator"] is None


def test_a_stray_session_is_removed_with_yes_and_the_history_follows(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("end", "--next-moderator", "Ana", "--next-topic", "Worldview")
    cli("start", "--topic", "Oops", "--moderator", "Sam")
    cli("end", "--next-moderator", "Zed")
    first, stray = session_ids(cli)[::-1]
    assert_refused(cli, ["session", "remove", stray], "needs --yes")
    assert_refused(cli, ["session", "remove", "2020-01-01", "--yes"], "no session '2020-01-01'")
    result = cli("session", "remove", stray, "--yes")
    assert result.out.strip() == (f"removed session {stray} ('Oops', moderated by Sam); "
                                  f"its file is kept as session-{stray}.json.removed")
    assert session_ids(cli) == [first]
    assert not (cli.db / f"session-{stray}.json").exists()
    assert (cli.db / f"session-{stray}.json.removed").is_file()
    post = cli("announce").out  # the choice the stray session made is gone with it
    assert "Ana" in post and "Zed" not in post
    roster = json.loads((cli.db / "group.json").read_text())["roster"]
    assert all(stray not in person["sessions"] + person["moderated"] for person in roster.values())


def test_a_live_session_is_removed_only_with_force(cli: Cli):
    cli("start", "--topic", "Oops", "--moderator", "Sam")
    (live,) = session_ids(cli)
    assert_refused(cli, ["session", "remove", live, "--yes"], f"session {live} is live")
    cli("session", "remove", live, "--yes", "--force")
    assert session_ids(cli) == []
    assert_refused(cli, ["hand", "raise", "Sam"], "no live session")


def test_open_items_are_listed_and_marked_from_the_command_line(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("participant", "add", "Ana")
    assert cli("items", "list").out == "no open items\n"
    cli("chat", "add", "--author", "Ana", "--direct", "can we talk after?")
    cli("breakout", "Sam", "Ana", "--note", "practice")
    cli("followup", "Peer roles")
    lines = cli("items", "list").out.splitlines()
    assert lines[0] == "[ ] message 1: direct message from Ana"  # never the words of a direct message
    assert lines[1].startswith("[ ] breakout ") and lines[1].endswith(": breakout request Sam, Ana · practice")
    assert lines[2].startswith("[ ] followup ") and lines[2].endswith(": after-meeting topic Peer roles")
    breakout = lines[1].split()[3].rstrip(":")
    assert cli("items", "done", "breakout", breakout).out == "breakout request Sam, Ana: done\n"
    assert cli("items", "done", "message", "1").out == "direct message from Ana: done\n"
    assert cli("items", "done", "message", "1", "--open").out == "direct message from Ana: open again\n"
    assert_refused(cli, ["items", "done", "message", "7"], "there is no direct message 7")
    assert [line[:3] for line in cli("items", "list").out.splitlines()] == ["[ ]", "[x]", "[ ]"]
