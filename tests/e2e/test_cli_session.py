"""A whole session scripted through the installed command line."""

from __future__ import annotations

import json
import time

from tests.e2e.conftest import Cli


def test_help_lists_the_commands(cli: Cli):
    out = cli("--help").out
    for command in ("start", "participant", "hand", "speak", "chat", "end", "report"):
        assert f"    {command}" in out


def test_scripted_session_reports_real_talk_time(cli: Cli):
    marks: dict[str, float] = {}

    def timed(label: str, *args: str) -> None:
        before = time.monotonic()
        cli(*args)
        marks[label] = (before + time.monotonic()) / 2

    cli("start", "--topic", "Mutuality", "--moderator", "Mo")
    for name in ("Ana", "Ben", "Cy"):
        cli("participant", "add", name)
    timed("ana", "speak", "Ana")
    time.sleep(1.5)
    timed("ben", "speak", "Ben")
    cli("hand", "raise", "Ana")
    cli("hand", "raise", "Mo", "--kind", "ouch")
    time.sleep(1.0)
    timed("next1", "hand", "next")  # Mo: the ouch hand goes first
    cli("hand", "raise", "Ben")
    cli("hand", "raise", "Cy", "--kind", "reply")
    time.sleep(1.0)
    timed("next2", "hand", "next")  # Cy: a direct reply to Mo, while Mo speaks
    time.sleep(2.0)
    timed("stop", "speak", "--stop")
    cli("hand", "lower", "Ana")
    texts = ["one", "two", "three", "four"]
    for author, text in zip(("Ana", "Ben", "Cy", "Ana"), texts):
        cli("chat", "add", "--author", author, text)
    cli("chat", "add", "--author", "Ben", "--private", "keep this between us SECRET-1")
    cli("chat", "add", "--author", "Cy", "--direct", "to the moderator SECRET-2")
    assert "comment 1 from Ana marked read" in cli("chat", "read").out
    cli("chat", "read", "3")
    cli("chat", "skip", "2")
    cli("remind", "15")
    end = cli("end", "--next-moderator", "Ben", "--backup", "Cy").out
    assert "next moderator Ben, backup Cy" in end

    report = json.loads(cli("report", "--format", "json").out)
    session = report["session"]
    assert (session["status"], session["next_moderator"], session["backup_moderator"]) == ("ended", "Ben", "Cy")
    people = {p["name"]: p for p in report["participants"]}
    assert list(people) == ["Mo", "Ana", "Ben", "Cy"]
    expected = {
        "Ana": marks["ben"] - marks["ana"],
        "Ben": marks["next1"] - marks["ben"],
        "Mo": marks["next2"] - marks["next1"],
        "Cy": marks["stop"] - marks["next2"],
    }
    for name, seconds in expected.items():
        assert abs(people[name]["talk_seconds"] - seconds) < 1.0, (name, people[name], seconds)
    assert {n: (p["turns"], p["hands_raised"]) for n, p in people.items()} == {
        "Mo": (1, 1), "Ana": (1, 1), "Ben": (1, 1), "Cy": (1, 1)}
    chat = [(x["id"], x["author"], x["private"], x["status"]) for x in report["chat"]]
    assert chat == [
        (1, "Ana", False, "read"), (2, "Ben", False, "skipped"), (3, "Cy", False, "read"),
        (4, "Ana", False, "unread"), (5, "Ben", True, "unread"), (6, "Cy", True, "unread")]
    assert [r["item"] for r in report["agreement_reminders"]] == [15]

    markdown = cli("report", "--format", "md").out
    csv_text = cli("report", "--format", "csv").out
    for shared in (markdown, csv_text):
        assert "SECRET-1" not in shared and "SECRET-2" not in shared
        assert "three" in shared
    assert "# Session" in markdown and "| Ana |" in markdown
