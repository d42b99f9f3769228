"""History at the size a group reaches in ten years: 500 sessions of 300 events.

    python -m bench.bench_history [--sessions 500] [--events 300] [--rounds 5]

In a real terminal (tmux, 120×35): the history screen from launch to its table on screen,
and one session's report from the key press to the report on screen; and the whole-history
JSON export. Each beside a baseline measured in the same run: a bare Textual app starting
with a table of as many rows, and a bare app's key press to screen.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.bench_keypress import bare_round
from bench.sessions import big_history, scratch
from bench.stats import summary, table
from ipstui.store import DataFolder
from ipstui.store.backup import write_backup
from tests.e2e.tmux import Terminal, console_env

BIN = Path(sys.executable).parent / "ipstui"
REPO = Path(__file__).resolve().parent.parent


def launch(name: str, command: list[str], env: dict[str, str], ready: str) -> float:
    started = time.perf_counter()
    term = Terminal(name, command, (120, 35), env)
    try:
        term.wait_for(ready, timeout=30, poll=0.002)
        return time.perf_counter() - started
    finally:
        term.close()


def bare_key_rounds(rounds: int, folder: Path) -> list[float]:
    """The bare app's key press to screen, `rounds` times (the baseline of a report's key press)."""
    term = Terminal("bare-key", [sys.executable, "-m", "bench.bare_app"], (120, 35),
                    {**console_env(folder), "PYTHONPATH": str(REPO)})
    try:
        term.wait_for("count 0")
        return [bare_round(term, number) for number in range(1, rounds + 1)]
    finally:
        term.close()


def report_rounds(root: Path, rounds: int) -> tuple[float, list[float]]:
    """(first report, later reports): key press on a history row to the report on screen."""
    term = Terminal("history", [str(BIN), "--db", str(root), "history"], (120, 35), console_env(root))
    ids = [s.id for s in reversed(DataFolder(root).sessions())]
    try:
        term.wait_for("History ·", timeout=30)
        times = []
        for number in range(rounds + 1):
            started = time.perf_counter()
            term.keys("enter", pause=0)
            term.wait_for(f"Session {ids[number]}", poll=0.002)
            times.append(time.perf_counter() - started)
            term.keys("Escape", pause=0)
            term.wait_for("History ·", poll=0.002)
            term.keys("down", pause=0.05)
        return times[0], times[1:]
    finally:
        term.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=500)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    root = scratch() / "db"
    built = time.perf_counter()
    big_history(root, args.sessions, args.events)
    print(f"{args.sessions} sessions of {args.events} events built in {time.perf_counter() - built:.1f} s")
    newest = DataFolder(root).sessions()[-1].id
    env = {**console_env(root), "PYTHONPATH": str(REPO)}
    try:
        bare_start = [launch("bare", [sys.executable, "-m", "bench.bare_table", str(args.sessions)], env,
                             f"table of {args.sessions} rows") for _ in range(args.rounds)]
        history = [launch("hist", [str(BIN), "--db", str(root), "history"], env, newest) for _ in range(args.rounds)]
        bare_key = bare_key_rounds(20, root.parent / "bare")
        first, reports = report_rounds(root, 20)
    finally:
        Terminal.kill_server()
    exports = []
    for _ in range(3):
        started = time.perf_counter()
        write_backup(DataFolder(root), root.parent / "backup.json")
        exports.append(time.perf_counter() - started)

    rows = [("bare Textual app, launch to a 500-row table (baseline)", bare_start),
            ("history screen, launch to its table", history),
            ("bare Textual app, key to label (baseline)", bare_key),
            ("one session's report, key to screen", reports),
            ("whole-history JSON export", exports)]
    print(table(rows, rows[0][0]))
    print(f"(the first report of a run also mounts its screen: {first * 1000:.0f} ms)")
    for label, values, target in (("history", history, 1000), ("report", reports, 100), ("export", exports, 5000)):
        median, p95 = summary(values)
        print(f"{label}: median {median:.0f} ms, p95 {p95:.0f} ms; target {target} ms: {'met' if p95 <= target else 'MISSED'}")


if __name__ == "__main__":
    main()
