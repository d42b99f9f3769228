"""B2: one command (lock, fresh state, validate, append, atomic write with fsync) by log size,
against stock TinyDB's insert on a file of the same size, in the same run.

    python -m bench.bench_command [--rounds 200]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from tinydb import TinyDB

from bench.sessions import big_session, scratch
from bench.stats import percentile, summary, table
from ipstui.domain import commands as c


def fsync_floor(folder: Path, rounds: int) -> list[float]:
    """The floor of a durable write: write a small file, fsync it, rename, fsync the folder."""
    times = []
    for number in range(rounds):
        started = time.perf_counter()
        temp = folder / "floor.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, str(number).encode())
        os.fsync(fd)
        os.close(fd)
        os.replace(temp, folder / "floor.json")
        dirfd = os.open(folder, os.O_RDONLY)
        os.fsync(dirfd)
        os.close(dirfd)
        times.append(time.perf_counter() - started)
    return times


def ipstui_commands(root: Path, events: int, rounds: int) -> tuple[list[float], int]:
    folder = big_session(root, events)
    size = folder.live().path.stat().st_size
    times = []
    for number in range(rounds):
        started = time.perf_counter()
        folder.execute(c.AddChatComment("Ana", f"comment {number}"))
        times.append(time.perf_counter() - started)
    return times, size


def tinydb_inserts(path: Path, size: int, rounds: int) -> list[float]:
    """Stock TinyDB (JSONStorage rewrites the file in place, no fsync) on a file of `size` bytes."""
    db = TinyDB(path)
    table_ = db.table("events")
    filler = {"type": "chat_added", "at": "2026-11-28T22:15:00+00:00", "by": "bench", "terminal": "bench",
              "data": {"id": 1, "author": "Ana", "text": "a comment of about this length"}}
    while path.stat().st_size < size:
        table_.insert_multiple([filler] * 200)
    db.close()
    times = []
    for number in range(rounds):
        started = time.perf_counter()
        with TinyDB(path) as fresh:  # a fresh read, as another process's write demands
            fresh.table("events").insert(dict(filler, n=number))
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    work = scratch()
    rows = [("fsync floor: small file, fsync, rename, fsync folder", fsync_floor(work, args.rounds))]
    verdicts = []
    for events in (100, 1000, 5000, 20000):
        times, size = ipstui_commands(work / f"db{events}", events, args.rounds)
        stock = tinydb_inserts(work / f"stock{events}.json", size, min(args.rounds, 60))
        rows.append((f"ipstui command, {events} events ({size // 1000} kB)", times))
        rows.append(("stock TinyDB insert, same size", stock))
        if events == 5000:
            p95 = percentile(times, 0.95) * 1000
            ratio = percentile(stock, 0.5) / percentile(times, 0.5)
            verdicts.append(f"5,000 events: p95 {p95:.2f} ms (target <= 6 ms: {'met' if p95 <= 6 else 'MISSED'}); "
                            f"{ratio:.1f}x faster than stock TinyDB (target >= 5x: {'met' if ratio >= 5 else 'MISSED'})")
    print(table(rows, rows[0][0]))
    floor = summary(rows[0][1])[0]
    print(f"\nthe floor is one fsync cycle: {floor:.2f} ms median")
    for line in verdicts:
        print(line)


if __name__ == "__main__":
    main()
