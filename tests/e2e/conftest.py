"""The installed `ipstui` in real processes."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "ipstui"


@dataclass
class Result:
    code: int
    out: str
    err: str
    raw_out: bytes
    raw_err: bytes


class Cli:
    """Runs the installed command on one data folder."""

    def __init__(self, db: Path) -> None:
        self.db = db

    def __call__(self, *args: str, actor: str = "sam", check: bool = True) -> Result:
        env = {**os.environ, "IPSTUI_DB": str(self.db), "COLUMNS": "120"}
        proc = subprocess.run([str(BIN), "--as", actor, *args], capture_output=True, env=env, timeout=60)
        result = Result(proc.returncode, proc.stdout.decode(), proc.stderr.decode(), proc.stdout, proc.stderr)
        if check and proc.returncode != 0:
            raise AssertionError(f"ipstui {' '.join(args)} exited {proc.returncode}: {result.err}")
        return result


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    if not BIN.exists():
        pytest.fail(f"{BIN} is missing: install the package first (pip install '.[test]')")
    return Cli(tmp_path / "db")


@pytest.fixture
def terminals():
    """Terminals a test opens (tests.e2e.tmux.Terminal), closed after it with their tmux server."""
    from tests.e2e.tmux import opened_terminals

    with opened_terminals() as opened:
        yield opened
