"""Key press to screen in a real terminal, on a 5,000-event session, against a bare Textual app.

Both run in tmux at 120×35, their rounds taken in turn; each round presses a key and polls
`capture-pane` until the effect is on screen. The poll itself costs a few milliseconds, the
same for both rows.

    python -m bench.bench_keypress [--rounds 30] [--compare CHECKOUT ...]

--compare adds a row for the console of another checkout's source (say, a copy without one
trick, as `bench.toggles` makes), pressed in the same rounds on its own copy of the session.
"""

from __future__ import annotations

import argparse
import shutil
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


def from_checkout(checkout: Path) -> list[str]:
    """The console as run from another checkout's source (say, one without a trick)."""
    entry = f"import sys; sys.path.insert(0, {str(checkout)!r}); from ipstui.__main__ import main; sys.exit(main())"
    return [sys.executable, "-c", entry]


def all_rounds(rounds: int, work: Path, consoles: list[list[str]]) -> tuple[list[float], list[list[float]]]:
    """Rounds of the bare app and of each console (each on its own copy of the session), taken
    in turn: a machine shared with other work slows them all alike."""
    source = big_session(work / "db", 5000)
    folders = [source]
    for number in range(1, len(consoles)):
        shutil.copytree(source.root, work / f"db{number}")
        folders.append(DataFolder(work / f"db{number}", clock=source.clock, actor="bench", terminal="bench"))
    bare = Terminal("bare", [sys.executable, "-m", "bench.bare_app"], (120, 35),
                    {**console_env(work / "bare"), "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    terms = [Terminal(f"console{number}", command + ["--db", str(folder.root)], (120, 35), console_env(folder.root))
             for number, (command, folder) in enumerate(zip(consoles, folders))]
    try:
        bare.wait_for("count 0")
        for term in terms:
            term.wait_for("Speaking")
        bare_times: list[float] = []
        console_times: list[list[float]] = [[] for _ in terms]
        for number in range(1, rounds + 1):
            bare_times.append(bare_round(bare, number))
            for term, folder, times in zip(terms, folders, console_times):
                times.append(console_round(term, folder))
        return bare_times, console_times
    finally:
        bare.close()
        for term in terms:
            term.close()
        Terminal.kill_server()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--compare", nargs="*", type=Path, default=[], metavar="CHECKOUT",
                        help="also press the console of another checkout's source, in the same rounds")
    args = parser.parse_args()
    bare, consoles = all_rounds(args.rounds, scratch(), [[str(BIN)]] + [from_checkout(c) for c in args.compare])
    console = consoles[0]
    rows = [("bare Textual app, key to label (baseline)", bare), ("ipstui, n: call next, 5,000 events", console)]
    rows += [(f"{checkout.name}, n: call next", times) for checkout, times in zip(args.compare, consoles[1:])]
    print(table(rows, rows[0][0]))
    median, p95 = summary(console)
    verdict = "met" if p95 <= 100 else "MISSED"
    print(f"\nkey press to screen: median {median:.1f} ms, p95 {p95:.1f} ms; target p95 <= 100 ms: {verdict}")
    ratio = p95 / summary(bare)[1]
    print(f"p95 against the bare app's: {ratio:.2f}× (target <= 2×: {'met' if ratio <= 2 else 'MISSED'})")


if __name__ == "__main__":
    main()
