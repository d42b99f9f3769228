"""Zoom chat files through the installed command: import, import again, follow a growing file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from ipstui.integrations.chat_import import QUIET_SECONDS
from tests.e2e.conftest import BIN, Cli
from tests.e2e.test_cli_errors import assert_refused

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "zoom"


def comments(cli: Cli) -> list[tuple[str, str, bool]]:
    report = json.loads(cli("report", "--format", "json").out)
    return [(c["author"], c["text"], c["private"]) for c in report["chat"]]


def test_import_twice_adds_each_comment_once(cli: Cli, tmp_path: Path):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    chat = tmp_path / "meeting_saved_chat.txt"
    shutil.copy(FIXTURES / "current.txt", chat)
    out = cli("chat", "import", str(chat)).out
    assert out.strip() == "imported 6 comments (2 private); skipped 1 reactions, 1 empty messages"
    again = cli("chat", "import", str(chat)).out
    assert again.startswith("imported 0 comments") and len(comments(cli)) == 6
    assert comments(cli)[3] == ("Maya", "I need to leave early, please do not read this", True)
    md = cli("report", "--format", "md").out
    assert "please do not read this" not in md and "another private one" not in md


def test_unreadable_lines_are_named_and_the_rest_is_imported(cli: Cli, tmp_path: Path):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_text("Some header the user pasted\n"
                    "17:20:01 From Ana to Everyone:\n\thi\n"
                    "17:20:30 Ana wrote something Zoom never writes\n\tits body\n"
                    "17:21:00 From Tom to Everyone:\n\tstill here\n", "utf-8")
    result = cli("chat", "import", str(chat))
    lines = result.out.splitlines()
    assert lines[0] == "imported 2 comments (0 private); skipped 3 unreadable lines"
    assert lines[1:] == [f"  skipped {chat}:1: text before the first message (not a Zoom chat line)",
                         f"  skipped {chat}:4: a message header in no known form (its message is left out)",
                         f"  skipped {chat}:5: part of a message whose header could not be read"]
    assert comments(cli) == [("Ana", "hi", False), ("Tom", "still here", False)]


def test_a_file_with_nothing_of_a_zoom_chat_is_refused_whole(cli: Cli, tmp_path: Path):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    notes = tmp_path / "notes.txt"
    notes.write_text("Agenda for Saturday\n- welcome\n- check-in\n", "utf-8")
    assert_refused(cli, ["chat", "import", str(notes)], "nothing in")
    assert "notes.txt:1: text before the first message" in cli("chat", "import", str(notes), check=False).err
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    assert_refused(cli, ["chat", "import", str(empty)], "holds no Zoom chat messages")
    assert_refused(cli, ["chat", "import", str(FIXTURES / "missing.txt")], "cannot read")
    assert comments(cli) == []


def wait_for_comments(cli: Cli, count: int, timeout: float = 10.0) -> list:
    deadline = time.monotonic() + timeout
    while True:
        found = comments(cli)
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_follow_picks_up_appends_and_survives_a_replaced_file(cli: Cli, tmp_path: Path):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_text("17:20:01 From Ana to Everyone:\n\tfirst\n")
    env = {**os.environ, "IPSTUI_DB": str(cli.db)}
    follower = subprocess.Popen([str(BIN), "chat", "follow", str(chat), "--interval", "0.1"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert [c[1] for c in wait_for_comments(cli, 1)] == ["first"]
        writer = subprocess.run(
            ["python3", "-c", "import sys\nwith open(sys.argv[1], 'a') as f:\n"
             "    f.write('17:21:00 From Maya to Sam(Direct Message):\\n\\tprivate note\\n')\n"
             "    f.write('17:22:00 From Tom to Everyone:\\n\\tsecond\\n')", str(chat)], check=True)
        assert writer.returncode == 0
        started = time.monotonic()
        found = wait_for_comments(cli, 3)
        # The last message waits for the file to be quiet: it may still be being written.
        assert time.monotonic() - started < QUIET_SECONDS + 1.5
        assert found == [("Ana", "first", False), ("Maya", "private note", True), ("Tom", "second", False)]
        # Zoom rewrites the file: a new inode with everything again, plus one more line.
        replacement = tmp_path / "new.txt"
        replacement.write_text(chat.read_text() + "17:23:00 From Wen to Everyone:\n\tthird\n")
        os.replace(replacement, chat)
        found = wait_for_comments(cli, 4)
        assert [c[1] for c in found] == ["first", "private note", "second", "third"]
    finally:
        follower.terminate()
        out, err = follower.communicate(timeout=10)
    assert "Traceback" not in err
    # A restarted follow reads the whole file again and adds nothing twice.
    again = subprocess.Popen([str(BIN), "chat", "follow", str(chat), "--interval", "0.1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert again.stdout.readline().startswith("following")
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            time.sleep(0.2)
            assert len(comments(cli)) == 4
    finally:
        again.terminate()
        again.communicate(timeout=10)


def test_roster_import_counts_each_person_once_with_their_total_time(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Maya")
    out = cli("roster", "import", str(FIXTURES / "participants_meeting_block.csv")).out.splitlines()
    assert out == ["Maya: 85 min", "Ana García: 74 min (2 joins)", 'Sam, the "quiet" one: 75 min',
                   "recorded attendance of 3 people (2 added, 1 rejoined); 1 waiting-room rows left out"]
    report = json.loads(cli("report", "--format", "json").out)
    assert [p["name"] for p in report["participants"]] == ["Maya", "Ana García", 'Sam, the "quiet" one']
    assert "| 74 min |" in cli("report", "--format", "md").out
    again = cli("roster", "import", str(FIXTURES / "participants_meeting_block.csv")).out
    assert "(0 added" in again
    assert len(json.loads(cli("report", "--format", "json").out)["participants"]) == 3


def test_roster_import_counts_time_connected_not_the_sum_of_durations(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Maya")
    out = cli("roster", "import", str(FIXTURES / "participants_phone_and_laptop.csv")).out.splitlines()
    # Ana's phone and laptop (120 + 105 minutes) overlap: two hours connected.
    assert out == ["Ana: 120 min (2 joins)", "Ben: 75 min", "Cy: 70 min (3 joins)",
                   "recorded attendance of 3 people (3 added, 2 rejoined)"]
    assert "| 120 min |" in cli("report", "--format", "md").out


def test_roster_import_records_the_readable_rows_and_names_the_rest_by_line(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    report = str(FIXTURES / "participants_skipped_rows.csv")
    result = cli("roster", "import", report)
    lines = result.out.splitlines()
    assert lines[:2] == ["Maya: 85 min", "Tom: 75 min"] and result.err == ""
    assert lines[2] == "recorded attendance of 2 people (2 added, 0 rejoined); skipped 5 unreadable rows"
    assert lines[3] == f"  skipped {report}:6: leaves (11/28/2026 05:10:00 PM) before joining (11/28/2026 06:35:00 PM)"
    assert [line.startswith(f"  skipped {report}:{number}: ") for number, line in zip((7, 8, 9, 10), lines[4:])] == [True] * 4
    assert len(lines) == 8
    assert [p["name"] for p in json.loads(cli("report", "--format", "json").out)["participants"]] == ["Sam", "Maya", "Tom"]


def test_roster_import_of_nothing_to_record_exits_2_and_records_nothing(cli: Cli, tmp_path: Path):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    header_only = tmp_path / "header.csv"
    header_only.write_bytes(b"\xef\xbb\xbfName (Original Name),User Email,Total Duration (Minutes),Guest\r\n")
    unreadable = tmp_path / "unreadable.csv"
    unreadable.write_text("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
                          "Ana,,11/28/2026 06:35:00 PM,11/28/2026 05:10:00 PM,0,Yes\n,,,,5,Yes\n")
    assert_refused(cli, ["roster", "import", str(FIXTURES / "current.txt")],
                   "current.txt:1: no participants header (a Name column and a Duration column); nothing was recorded")
    assert_refused(cli, ["roster", "import", str(header_only)], "header.csv: no one to record; nothing was recorded")
    assert_refused(cli, ["roster", "import", str(unreadable)],
                   "unreadable.csv:2: leaves (11/28/2026 05:10:00 PM) before joining (11/28/2026 06:35:00 PM); "
                   f"{unreadable}:3: a row without a name; nothing was recorded")
    assert [p["name"] for p in json.loads(cli("report", "--format", "json").out)["participants"]] == ["Sam"]
