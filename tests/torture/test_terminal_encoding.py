"""Output that cannot hold a name (an ASCII stdout): escaped, never a traceback after the action."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import BIN

NARROW = {
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "LANG=C, not UTF-8": {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}
# Commands that print a name, a topic or an agreement item people wrote with accents.
PRINTING = [
    ("hand", "next"),
    ("speak", "--stop"),
    ("chat", "add", "--author", "José", "merci beaucoup"),
    ("followup", "naïve"),
    ("status",),
    ("report", "--format", "md"),
    ("history", "--print"),
    ("agreement", "show", "1"),
    ("announce",),
    ("hand", "lower", "José"),
]

def run(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key not in ("PYTHONIOENCODING", "LC_ALL")}
    environment = {**base, "IPSTUI_DB": str(db), "LANG": "C.UTF-8", **(env or {})}
    return subprocess.run([str(BIN), "--as", "sam", *args], capture_output=True, env=environment, timeout=60)


@pytest.mark.reliability("output encoding", "names printed to a stdout that cannot hold them")
@pytest.mark.parametrize("narrow", NARROW)
def test_every_command_prints_names_escaped_and_acts_once(narrow: str, tmp_path: Path, ledger):
    db = tmp_path / "db"
    for args in (("start", "--topic", "Café", "--moderator", "José"), ("participant", "add", "Ana Lúcia"),
                 ("hand", "raise", "Ana Lúcia"), ("agreement", "edit", "1", "Écoute")):
        assert run(db, *args).returncode == 0
    for args in PRINTING:
        done = run(db, *args, env=NARROW[narrow])
        expected = 2 if args[:2] == ("hand", "lower") else 0
        one_line = done.stderr.decode("ascii").count("\n") <= 1
        ledger.tried(survived=done.returncode == expected and one_line)
        assert done.returncode == expected, (args, done.stderr.decode("ascii", "replace"))
        assert one_line and b"Traceback" not in done.stderr, args
        done.stdout.decode("ascii")  # every character escaped, none left out
        assert b"\\x" in done.stdout + done.stderr or b"\\u" in done.stdout + done.stderr, args
    report = json.loads(run(db, "report", "--format", "json").stdout)
    comments = [comment for comment in report["chat"] if comment["text"] == "merci beaucoup"]
    ledger.tried(survived=len(comments) == 1, lost=int(not comments))
    assert len(comments) == 1
