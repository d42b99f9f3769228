"""The history commands through the installed command line."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.e2e.conftest import BIN, Cli
from tests.e2e.test_cli_errors import assert_refused

MARKER = "PRIVATE-MARKER-c0ffee"


def two_sessions(cli: Cli, end_both: bool = False) -> list[str]:
    ids = []
    for topic, moderator, extra in (("Connection", "Jordan", "Maya"), ("Mutuality", "Maya", "Ana")):
        out = cli("start", "--topic", topic, "--moderator", moderator).out
        ids.append(out.split()[2])
        cli("participant", "add", extra)
        cli("speak", extra)
        cli("hand", "raise", moderator)
        cli("chat", "add", "--author", extra, f"shared words from {extra}")
        cli("chat", "add", "--author", extra, "--direct", f"{MARKER} direct")
        cli("chat", "add", "--author", extra, "--private", f"{MARKER} flagged")
        cli("chat", "read")
        cli("remind", "22")
        if topic == "Connection" or end_both:
            cli("end", "--next-moderator", "Maya", "--backup", "Ana", "--next-topic", "Mutuality")
    return ids


def test_export_then_restore_gives_identical_reports(cli: Cli, tmp_path: Path):
    ids = two_sessions(cli, end_both=True)
    backup = tmp_path / "backup.json"
    out = cli("export", "--output", str(backup)).out
    assert "exported 2 sessions" in out and backup.stat().st_mode & 0o777 == 0o600
    restored = Cli(tmp_path / "restored")
    assert "restored 2 sessions" in restored("import-backup", str(backup)).out
    for session_id in ids:
        for fmt in ("json", "md", "csv"):
            assert cli("report", session_id, "--format", fmt).out == restored("report", session_id, "--format", fmt).out
    assert cli("history", "--print").out == restored("history", "--print").out
    assert_refused(restored, ["import-backup", str(backup)], "is not empty")


def test_shareable_exports_never_hold_private_text(cli: Cli, tmp_path: Path):
    ids = two_sessions(cli)
    assert MARKER in cli("report", ids[0], "--format", "json").out  # the team's own record keeps it
    for session_id in ids:
        for fmt in ("md", "csv"):
            assert MARKER not in cli("report", session_id, "--format", fmt).out
    target = tmp_path / "history.csv"
    cli("export", "--format", "csv", "--output", str(target))
    text = target.read_text()
    assert MARKER not in text and text.count("shared words from") == 2
    assert text.splitlines()[0].startswith("record,session,name")


def test_history_lists_newest_first_with_figures(cli: Cli):
    ids = two_sessions(cli)
    lines = cli("history", "--print").out.splitlines()
    assert lines[0].split()[:4] == ["date", "length", "people", "read"]
    assert lines[1].startswith(ids[1]) and "live" in lines[1] and "Mutuality" in lines[1]
    assert lines[2].startswith(ids[0]) and "Connection" in lines[2]
    assert lines[1].split()[2:4] == ["2", "1"]


def test_purge_empties_old_chat_text_and_keeps_the_counts(cli: Cli):
    ids = two_sessions(cli)
    assert "from 1 session;" in cli("purge", "--chat-older-than", "0").out
    old = json.loads(cli("report", ids[0], "--format", "json").out)
    assert [c["text"] for c in old["chat"]] == ["", "", ""]
    assert [c["status"] for c in old["chat"]] == ["read", "unread", "unread"]
    live = json.loads(cli("report", ids[1], "--format", "json").out)
    assert live["chat"][0]["text"] == "shared words from Ana"
    assert_refused(cli, ["purge", "--chat-older-than", "-1"], "0 or more")


def test_announce(cli: Cli):
    post = cli("announce", "--date", "2026-10-31").out
    assert "Saturday, October 31, 2026, 5:15 pm to 6:30 pm" in post
    assert "| London (Europe/London) | Sat 21:15–22:30 (please note time change) |" in post
    post = cli("announce", "--date", "2026-11-05").out  # a Thursday: the call that week
    assert "Saturday, November 7, 2026" in post and "| London (Europe/London) | Sat 22:15–23:30 (please note time change) |" in post
    assert_refused(cli, ["announce", "--date", "31/10/2026"], "YYYY-MM-DD")


def test_announce_uses_what_the_last_session_chose(cli: Cli):
    two_sessions(cli)
    post = cli("announce").out
    assert "**Topic:** Mutuality" in post and "**Moderator:** Maya (backup: Ana)" in post


def test_bad_backups_are_refused(cli: Cli, tmp_path: Path):
    (tmp_path / "not.json").write_text('{"hello": 1}')
    assert_refused(Cli(tmp_path / "new"), ["import-backup", str(tmp_path / "not.json")], "not an ipstui backup")
    (tmp_path / "torn.json").write_text('{"kind": "ipstui-backup", "sess')
    assert_refused(Cli(tmp_path / "new"), ["import-backup", str(tmp_path / "torn.json")], "not valid JSON")
    evil = {"kind": "ipstui-backup", "format": 1, "group": None, "sessions": {"../../etc/x": {}}}
    (tmp_path / "evil.json").write_text(json.dumps(evil))
    assert_refused(Cli(tmp_path / "new"), ["import-backup", str(tmp_path / "evil.json")], "not one")
    assert not (tmp_path / "new").exists() or not any((tmp_path / "new").iterdir())


def test_a_reader_that_leaves_early_is_no_error(cli: Cli):
    ids = two_sessions(cli)
    env = {**os.environ, "IPSTUI_DB": str(cli.db)}
    for args in (["history", "--print"], ["report", ids[0], "--format", "json"], ["status"]):
        # The reader has gone before a byte is written: every write meets a broken pipe.
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            proc = subprocess.run([str(BIN), *args], stdout=write_end, stderr=subprocess.PIPE, env=env, timeout=60)
        finally:
            os.close(write_end)
        assert (proc.returncode, proc.stderr) == (0, b""), args
    piped = subprocess.run(["bash", "-c", f'"{BIN}" history --print | head -1; echo "${{PIPESTATUS[0]}}" >&2'],
                           capture_output=True, env=env, timeout=60)
    assert piped.stdout.decode().startswith("date") and piped.stdout.count(b"\n") == 1
    assert piped.stderr == b"0\n"
