"""Bad input through the installed command: exit 2, one line naming the problem, nothing changed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.e2e.conftest import BIN, Cli


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def assert_refused(cli: Cli, args: list[str], needle: str) -> None:
    before = snapshot(cli.db) if cli.db.exists() else {}
    result = cli(*args, check=False)
    assert result.code == 2, (args, result)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ipstui: error:"), (args, result.err)
    assert needle in lines[0], (args, lines[0])
    assert result.out == ""
    after = snapshot(cli.db) if cli.db.exists() else {}
    assert after == before, args


def test_no_live_session_and_no_folder(cli: Cli):
    assert_refused(cli, ["hand", "raise", "Ana"], "no data folder")
    assert_refused(cli, ["report"], "no data folder")
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("end")
    assert_refused(cli, ["hand", "raise", "Sam"], "no live session")
    assert_refused(cli, ["speak", "--stop"], "no live session")


def test_the_console_without_a_terminal_says_what_to_run_instead(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    assert_refused(cli, [], "needs a terminal")
    assert_refused(cli, ["--watch"], "ipstui status")


def test_bad_input_during_a_live_session(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("participant", "add", "Ana")
    cases = [
        (["start", "--topic", "Again", "--moderator", "Kim"], "is live"),
        (["participant", "add", ""], "name is blank"),
        (["participant", "add", "   "], "name is blank"),
        (["hand", "raise", "Nobody"], "nobody called 'Nobody'"),
        (["hand", "raise", "Ana", "--kind", "loud"], "invalid choice"),
        (["hand", "lower", "Ana"], "not up"),
        (["hand", "next"], "queue is empty"),
        (["speak", "Ghost"], "nobody called 'Ghost'"),
        (["speak", "--stop"], "nobody is speaking"),
        (["chat", "add", "--author", "", "hi"], "author's name is blank"),
        (["chat", "add", "--author", "Ana", "  "], "comment is empty"),
        (["chat", "read"], "no comments are waiting"),
        (["chat", "read", "9"], "no comment 9"),
        (["chat", "read", "x"], "invalid int value"),
        (["remind", "30"], "items 1 to 24"),
        (["report", "1999-01-01"], "no session '1999-01-01'"),
        (["report", "../group"], "not a session id"),
        (["end", "--backup", "Ana"], "needs a next moderator"),
        (["frobnicate"], "invalid choice"),
        (["--as", " ", "undo"], "--as needs a name"),
    ]
    for args, needle in cases:
        assert_refused(cli, args, needle)
    assert cli("participant", "add", "ana").out.strip() == "Ana is already here"


def test_a_truncated_session_file_is_named_and_kept(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    cli("participant", "add", "Ana")
    path = next(cli.db.glob("session-*.json"))
    damaged = path.read_bytes()[: len(path.read_bytes()) // 2]
    path.write_bytes(damaged)
    result = cli("report", check=False)
    assert result.code == 2
    assert path.name in result.err and "ipstui recover" in result.err and "damaged" in result.err
    assert_refused(cli, ["hand", "raise", "Ana"], path.name)
    assert path.read_bytes() == damaged
    assert "restored" in cli("recover", path.name).out
    assert [p.read_bytes() for p in cli.db.glob("*.damaged-*")] == [damaged]
    report = json.loads(cli("report", "--format", "json").out)
    assert report["session"]["status"] == "live"


def test_a_damaged_team_file_is_named_and_recovered_as_its_error_says(cli: Cli, tmp_path: Path):
    keys = []
    for name in ("maya", "kim"):
        key = tmp_path / name
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
        keys.append(key)
    cli("team", "add", "Maya", "--key", f"{keys[0]}.pub")
    cli("team", "add", "Kim", "--key", f"{keys[1]}.pub")  # the copy from before this is Maya alone
    path = cli.db / "team.json"
    damaged = path.read_bytes()[:-7]
    path.write_bytes(damaged)
    result = cli("team", "list", check=False)
    assert result.code == 2 and "ipstui recover team.json" in result.err
    assert "restored team.json" in cli("recover", "team.json").out
    assert [p.read_bytes() for p in cli.db.glob("team.json.damaged-*")] == [damaged]
    listed = cli("team", "list").out
    assert "Maya" in listed and "Kim" not in listed


def test_unreadable_data_folder(tmp_path: Path):
    # A world-traversable parent, so that only the data folder itself is closed.
    parent = Path(tempfile.mkdtemp(prefix="ipstui-perm-"))
    parent.chmod(0o755)
    try:
        _refuse_unreadable(Cli(parent / "db"))
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def _refuse_unreadable(cli: Cli) -> None:
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    os.chmod(cli.db, 0o700)
    if os.geteuid() != 0:
        os.chmod(cli.db, 0)
        try:
            assert_refused(cli, ["report"], "cannot read the data folder")
        finally:
            os.chmod(cli.db, 0o700)
        return
    # As root, read the folder as an unprivileged user instead.
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv is needed to run as another user")
    env = {"PATH": os.environ["PATH"], "IPSTUI_DB": str(cli.db), "HOME": "/tmp"}
    proc = subprocess.run(
        [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", str(BIN), "report"],
        capture_output=True, env=env, timeout=60, text=True,
    )
    assert proc.returncode == 2, proc
    assert proc.stderr.count("\n") == 1 and "cannot read the data folder" in proc.stderr


@pytest.mark.parametrize("spec, needle", [("2026-11-28T22:15:00+00:00", "START@SPEED[@REAL]"),
                                          ("2026-11-28T22:15:00+00:00@0", "SPEED must be above 0")])
def test_a_malformed_clock_setting_is_refused(cli: Cli, monkeypatch, spec: str, needle: str):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    monkeypatch.setenv("IPSTUI_CLOCK", spec)
    assert_refused(cli, ["hand", "raise", "Sam"], "IPSTUI_CLOCK: ")
    assert_refused(cli, ["participant", "add", "Ana"], needle)
