"""Key press to screen in a real terminal, on a 5,000-event session, against a bare Textual app.

Both run in tmux at 120×35; each round presses a key and polls `capture-pane` until the
effect is on screen. The poll itself costs a few milliseconds, the same for both rows.

    python -m bench.bench_keypress [--events 5000] [--rounds 30]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.sessions import big_session, ensure_hands, scratch
from bench.stats import summary, table
from ipstui.domain.commands import StopSpeaker
from tests.e2e.tmux import Terminal, console_env

BIN = Path(sys.executable).parent / "ipstui"


def bare_rounds(rounds: int, db: Path) -> list[float]:
    term = Terminal("bare", [sys.executable, "-m", "bench.bare_app"], (120, 35),
                    {**console_env(db), "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    try:
        term.wait_for("count 0")
        times = []
        for number in range(1, rounds + 1):
            started = time.perf_counter()
            term.keys("n", pause=0)
            term.wait_for(f"count {number}", poll=0)
            times.append(time.perf_counter() - started)
        return times
    finally:
        term.close()


def console_rounds(rounds: int, root: Path) -> list[float]:
    folder = big_session(root, 5000)
    term = Terminal("console", [str(BIN), "--db", str(root)], (120, 35), console_env(root))
    try:
        term.wait_for("Speaking")
        times = []
        for _ in range(rounds):
            try:
                folder.execute(StopSpeaker())
            except Exception:
                pass
            ensure_hands(folder, 2)
            term.wait_for("Nobody speaking")
            head = folder.live().state().ordered_hands(folder.clock.now())[0].name
            started = time.perf_counter()
            term.keys("n", pause=0)
            term.wait_for(f"Speaking {head}", poll=0)
            times.append(time.perf_counter() - started)
        return times
    finally:
        term.close()
        Terminal.kill_server()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    work = scratch()
    bare = bare_rounds(args.rounds, work / "bare")
    console = console_rounds(args.rounds, work / "db")
    rows = [("bare Textual app, key to label (baseline)", bare), ("ipstui, n: call next, 5,000 events", console)]
    print(table(rows, rows[0][0]))
    median, p95 = summary(console)
    verdict = "met" if p95 <= 100 else "MISSED"
    print(f"\nkey press to screen: median {median:.1f} ms, p95 {p95:.1f} ms; target p95 <= 100 ms: {verdict}")


if __name__ == "__main__":
    main()
