"""Every benchmark still runs against the product as it is now, on a small input: a benchmark
that waits for words the screen no longer shows, or imports what is gone, fails here rather
than on the day its figures are wanted. Only that it runs and prints its table is checked;
its figures are the benchmark's own business (bench/, never a timed test)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent

SMALL = [
    ("bench_keypress", ["--rounds", "3"]),
    ("bench_lock_held", ["--holds", "1", "--ticks", "5"]),
    ("bench_console", ["--rounds", "1"]),
    ("bench_propagation", ["--rounds", "5", "--events", "100"]),
    ("bench_command", ["--rounds", "5"]),
    ("bench_contention", ["--writers", "2", "--seconds", "0.5"]),
    ("bench_history", ["--sessions", "25", "--events", "20", "--rounds", "1"]),
    ("bench_zoom", ["--megabytes", "0.2", "--rounds", "1"]),
    ("bench_process", ["--rounds", "2", "--events", "200"]),
    ("bench_serve", ["--rounds", "1", "--consoles", "1"]),
]


@pytest.mark.parametrize("module, args", SMALL, ids=[name for name, _ in SMALL])
def test_the_benchmark_runs_and_prints_its_figures_beside_a_baseline(module: str, args: list[str]):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", f"bench.{module}", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # A ratio against the baseline measured in the same run: "1.34" under "× baseline", or "0.95 x".
    assert "× baseline" in done.stdout or re.search(r"\d+\.\d+ x ", done.stdout), done.stdout[-3000:]


def test_the_trick_list_names_each_trick_with_its_benchmark():
    done = subprocess.run([sys.executable, "-m", "bench.toggles", "--list"], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr[-3000:]
    assert len([line for line in done.stdout.splitlines() if line.strip()]) >= 10, done.stdout


def test_every_trick_can_still_be_taken_out_by_its_toggle():
    """`python -m bench.toggles` takes each trick out by replacing its text: a trick that moved
    would make that run fail, or measure nothing, on the day it is wanted."""
    from bench.toggles import TOGGLES

    stale = [(toggle.name, file) for toggle in TOGGLES for file, old, _ in toggle.edits
             if (REPO / file).read_text(encoding="utf-8").count(old) != 1]
    assert stale == []
