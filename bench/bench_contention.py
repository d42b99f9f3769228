"""B7: eight writer processes at once on one live session: commands per second, nothing lost.

    python -m bench.bench_contention [--writers 8] [--seconds 5]

The baseline is one writer alone in the same run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from bench.sessions import scratch
from ipstui.store import DataFolder

WRITER = Path(__file__).resolve().parent.parent / "tests" / "e2e" / "writer.py"


def run_writers(db: Path, writers: int, seconds: float) -> tuple[float, int, int]:
    """(commands per second, acknowledged, found in the log)."""
    procs = [subprocess.Popen([sys.executable, str(WRITER), str(db), f"w{n}", "1", "100000"],
                              stdout=subprocess.PIPE, text=True) for n in range(writers)]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    time.sleep(seconds)
    for proc in procs:
        proc.terminate()
    acknowledged = 0
    for proc in procs:
        out, _ = proc.communicate(timeout=30)
        acknowledged += sum(1 for line in out.splitlines() if line.startswith("ok "))
    elapsed = time.perf_counter() - started
    report = DataFolder(db).live().state()
    found = len(report.comments) + sum(1 for p in report.participants.values() if p.name.startswith("w"))
    return acknowledged / elapsed, acknowledged, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    work = scratch()
    results = {}
    for count in (1, args.writers):
        db = work / f"db{count}"
        folder = DataFolder(db)
        folder.start("Mutuality", "Sam")
        results[count] = run_writers(db, count, args.seconds)
    print(f"{'writers':>8} {'commands/s':>11} {'acknowledged':>13} {'in the log':>11} {'lost':>5}")
    for count, (rate, acked, found) in results.items():
        print(f"{count:>8} {rate:>11.0f} {acked:>13} {found:>11} {max(0, acked - found):>5}")
    rate1, rate8 = results[1][0], results[args.writers][0]
    lost = sum(max(0, acked - found) for _, acked, found in results.values())
    print(f"\n{args.writers} writers sustain {rate8:.0f} commands/s ({rate8 / rate1:.2f} x one writer alone); lost: {lost}")


if __name__ == "__main__":
    main()
