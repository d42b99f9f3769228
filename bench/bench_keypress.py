"""Key press to screen in a real terminal, on a 5,000-event session, against a bare Textual app.

Both run in tmux at 120×35, their rounds taken in turn; each round presses a key and polls
`capture-pane` until the effect is on screen. The poll itself costs a few milliseconds, the
same for both rows.

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
from ipstui.store import DataFolder
from tests.e2e.tmux import Terminal, console_env

BIN = Path(sys.executable).parent / "ipstui"
IDLE = 0.025


def bare_round(term: Terminal, number: int) -> float:
    """Press `n` in the bare app until its label says `number`."""
    started = time.perf_counter()
    term.keys("n", pause=0)
    term.wait_for(f"count {number}", poll=0)
    return time.perf_counter() - started


def console_round(term: Terminal, folder: DataFolder) -> float:
    """With two hands up and nobody speaking, press `n` until the head of the queue speaks."""
    try:
        folder.execute(StopSpeaker())
    except Exception:
        pass
    ensure_hands(folder, 2)
    hands = folder.live().state().ordered_hands(folder.clock.now())
    head = hands[0].name
    # Pressed only once the console shows every change made just now from here, as the bare app
    # is pressed idle: a press racing the console's reading of those changes measured them too.
    term.wait_for(f"Nobody speaking │ Hands {len(hands)} (next {head})")
    # And idle a frame's time, as the bare app is between its presses: Textual draws a frame at
    # the earliest 1/60 s after the one before, so a press just after the frame of those changes
    # waited for that too.
    time.sleep(IDLE)
    started = time.perf_counter()
    term.keys("n", pause=0)
    term.wait_for(f"Speaking {head}", poll=0)
    return time.perf_counter() - started


def both_rounds(rounds: int, work: Path) -> tuple[list[float], list[float]]:
    """Rounds of the bare app and of the console, taken in turn: a machine shared with other
    work slows both alike."""
    folder = big_session(work / "db", 5000)
    bare = Terminal("bare", [sys.executable, "-m", "bench.bare_app"], (120, 35),
                    {**console_env(work / "bare"), "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    console = Terminal("console", [str(BIN), "--db", str(folder.root)], (120, 35), console_env(folder.root))
    try:
        bare.wait_for("count 0")
        console.wait_for("Speaking")
        bare_times, console_times = [], []
        for number in range(1, rounds + 1):
            bare_times.append(bare_round(bare, number))
            console_times.append(console_round(console, folder))
        return bare_times, console_times
    finally:
        bare.close()
        console.close()
        Terminal.kill_server()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    bare, console = both_rounds(args.rounds, scratch())
    rows = [("bare Textual app, key to label (baseline)", bare), ("ipstui, n: call next, 5,000 events", console)]
    print(table(rows, rows[0][0]))
    median, p95 = summary(console)
    verdict = "met" if p95 <= 100 else "MISSED"
    print(f"\nkey press to screen: median {median:.1f} ms, p95 {p95:.1f} ms; target p95 <= 100 ms: {verdict}")
    ratio = p95 / summary(bare)[1]
    print(f"p95 against the bare app's: {ratio:.2f}× (target <= 2×: {'met' if ratio <= 2 else 'MISSED'})")


if __name__ == "__main__":
    main()
