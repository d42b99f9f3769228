"""The live console's first frame, as the terminal receives it: whole, keys included.

The start benchmark (B1) stops its clock at the first frame holding the last panel's title;
this is what makes that frame the console a moderator sees, not a part of it.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from tests.e2e.conftest import Cli
from tests.e2e.tmux import Terminal, console_env

REPO = Path(__file__).resolve().parents[2]


def first_frame_holding(text: str, writes: Path, term: Terminal, timeout: float = 30) -> str:
    """The first write to the terminal that holds `text` (each is kept as it is made)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = writes.read_text(encoding="utf-8").splitlines() if writes.exists() else []
        frames = [json.loads(line)["data"] for line in lines if line.endswith("}")]
        found = next((frame for frame in frames if text in frame), None)
        if found is not None:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no frame held {text!r} in {timeout} s:\n{term.screen()}")


def test_the_first_frame_with_the_panels_holds_every_panel_and_the_keys(cli: Cli, tmp_path: Path):
    cli("start", "--topic", "Mutuality", "--moderator", "Maya")
    for name in ("Aisha", "Wen", "Grace"):
        cli("participant", "add", name)
    cli("hand", "raise", "Wen")
    cli("chat", "add", "--author", "Grace", "a comment to read")
    writes = tmp_path / "writes.jsonl"
    env = {**console_env(cli.db), "PYTHONPATH": str(REPO), "FIRST_FRAME_OUT": str(writes)}
    term = Terminal("first-frame", [sys.executable, "-m", "bench.first_frame", "4 Chat to read", "ipstui",
                                    "--as", "sam"], (120, 35), env)
    try:
        first = first_frame_holding("4 Chat to read", writes, term)
    finally:
        term.close()
        Terminal.kill_server()
    for shown in ("Nobody speaking", "1 Agenda", "2 Hands", "Wen", "3 Talk time", "a comment to read",
                  "Next hand", "Agreement", "palette"):
        assert shown in first, shown
