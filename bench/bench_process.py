"""One command as a whole process, timed from outside: `ipstui chat add` on a live session of
5,000 events, against a whole-process stock TinyDB script that opens a copy of the same file
and inserts one document. Both start a fresh Python; the medians and their ratio are printed.

    python -m bench.bench_process [--rounds 41] [--events 5000] [--compare CHECKOUT ...]

--compare adds a row for the same command run from another checkout of ipstui (say, one
without a change), interleaved with the others in the same run.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.sessions import big_session, scratch
from bench.stats import table

BIN = Path(sys.executable).parent / "ipstui"

# Stock TinyDB as a script would use it: open the file, insert one document, close (JSONStorage
# rewrites the file in place; no lock, no fsync, no validation).
STOCK = """
import sys
from tinydb import TinyDB
with TinyDB(sys.argv[1]) as db:
    db.table("events").insert({"type": "chat_added", "at": "2026-11-28T22:15:00+00:00", "by": "bench",
                               "terminal": "bench", "data": {"author": "Ana", "text": sys.argv[2]}})
"""


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawning `command` to its exit, and the CPU seconds it used (user and
    system: a figure the load of a shared machine moves less); a failure stops the benchmark."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        raise RuntimeError(f"{command[:3]} exited {run.returncode}: {run.stderr.decode(errors='replace')}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def from_checkout(checkout: Path) -> list[str]:
    """The `ipstui` command as run from another checkout's source."""
    entry = f"import sys; sys.path.insert(0, {str(checkout)!r}); from ipstui.__main__ import main; sys.exit(main())"
    return [sys.executable, "-c", entry]


def measure(events: int, rounds: int, others: list[Path]) -> tuple[list[tuple[str, list[float]]], int]:
    """Interleaved rounds of both processes (the machine's load falls on both alike)."""
    work = scratch()
    folder = big_session(work / "sessions_db", events)
    stock = work / "stock.json"
    shutil.copyfile(folder.live().path, stock)
    size = stock.stat().st_size
    env = {**os.environ, "IPSTUI_DB": str(folder.root)}
    env.pop("IPSTUI_CLOCK", None)
    # As installed: modules load from their cached bytecode (written by the warm-up runs), not
    # compiled anew by every process.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ipstui = [str(BIN), "--as", "bench", "chat", "add", "--author", "Ana"]
    stock_script = [sys.executable, "-c", STOCK, str(stock)]
    bare = [sys.executable, "-c", "pass"]
    tail = ["--as", "bench", "chat", "add", "--author", "Ana"]
    commands = [stock_script, ipstui, bare] + [from_checkout(other) + tail for other in others]
    times: list[list[float]] = [[] for _ in commands]
    cpu: list[list[float]] = [[] for _ in commands]
    for number in range(rounds + 2):
        for index, command in enumerate(commands):
            text = [f"comment {number}"] if command is not bare else []
            elapsed, used = timed(command + text, env)
            if number >= 2:  # the first two warm the page cache and the bytecode
                times[index].append(elapsed)
                cpu[index].append(used)
    names = ["stock TinyDB insert script (baseline)", f"ipstui chat add, {events} events",
             "python -c pass (the interpreter alone)"] + [f"same, from {other}" for other in others]
    rows = list(zip(names, times)) + [(f"{name}: CPU", column) for name, column in zip(names, cpu)]
    return rows, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=41)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--compare", type=Path, nargs="*", default=[], metavar="CHECKOUT",
                        help="also time `ipstui chat add` from these checkouts")
    args = parser.parse_args()
    rows, size = measure(args.events, args.rounds, args.compare)
    wall, cpu = rows[:len(rows) // 2], rows[len(rows) // 2:]
    print(table(wall, wall[0][0]))
    print()
    print(table(cpu, cpu[0][0]))
    stock, mine = statistics.median(rows[0][1]) * 1000, statistics.median(rows[1][1]) * 1000
    ratio = mine / stock
    print(f"\n{args.events:,} events ({size // 1000} kB), {args.rounds} runs each: ipstui median {mine:.1f} ms, "
          f"stock TinyDB script median {stock:.1f} ms, ratio {ratio:.2f} "
          f"(target <= 1.00: {'met' if ratio <= 1 else 'MISSED'})")


if __name__ == "__main__":
    main()
