"""Propagation: a command issued in one process, to the new state in another.

Times run from the moment process A starts the command (lock, fresh state, validate,
append, atomic write) to the moment process B holds the state with the new event.

Process B watches the data folder the way the console does (inotify on the folder, the
file's version to tell real changes from noise) and folds the new events; process A runs
commands. The baseline, measured in the same run, is the bare mechanism: A replaces a tiny
file, B wakes on the folder and stats it.

    python -m bench.bench_propagation [--rounds 200] [--events 1000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.sessions import big_session, scratch
from bench.stats import summary, table
from ipstui.domain import commands as c
from ipstui.store import DataFolder
from ipstui.store.watch import FolderWatcher


def watch_session(db: Path, rounds: int) -> None:
    """Role B: print the time each new event becomes visible as state."""
    folder = DataFolder(db)
    file = folder.live()
    last = file.state().last_seq
    watcher = FolderWatcher(db)
    print("ready", flush=True)
    seen = 0
    while seen < rounds:
        watcher.wait(0.5)
        state = file.state()
        while last < state.last_seq:
            last += 1
            seen += 1
            print(f"{last} {time.perf_counter()}", flush=True)


def watch_bare(folder: Path, rounds: int) -> None:
    """Role B for the baseline: print when each replace of a tiny file is seen."""
    watcher = FolderWatcher(folder)
    target = folder / "tiny.json"
    last = None
    print("ready", flush=True)
    seen = 0
    while seen < rounds:
        watcher.wait(0.5)
        try:
            inode = os.stat(target).st_ino
        except FileNotFoundError:
            continue
        if inode != last:
            last = inode
            seen += 1
            print(f"{seen} {time.perf_counter()}", flush=True)


def spawn(role: str, path: Path, rounds: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "bench.bench_propagation", "--role", role, "--path", str(path),
                             "--rounds", str(rounds)], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parent.parent)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def collect(proc: subprocess.Popen, sent: dict[int, float]) -> list[float]:
    out, _ = proc.communicate(timeout=120)
    seen = dict((int(a), float(b)) for a, b in (line.split() for line in out.splitlines()))
    return [seen[key] - sent[key] for key in sent if key in seen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--role", choices=["session", "bare"])
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.role == "session":
        return watch_session(Path(args.path), args.rounds)
    if args.role == "bare":
        return watch_bare(Path(args.path), args.rounds)

    work = scratch()
    bare_dir = work / "bare"
    bare_dir.mkdir()
    watcher = spawn("bare", bare_dir, args.rounds)
    sent = {}
    for number in range(1, args.rounds + 1):
        sent[number] = time.perf_counter()
        temp = bare_dir / "tiny.tmp"
        temp.write_text(str(number))
        os.replace(temp, bare_dir / "tiny.json")
        time.sleep(0.01)
    bare = collect(watcher, sent)

    folder = big_session(work / "db", args.events)
    first = folder.live().state().last_seq
    watcher = spawn("session", work / "db", args.rounds)
    sent = {}
    for number in range(args.rounds):
        sent[first + number + 1] = time.perf_counter()
        folder.execute(c.AddChatComment("Ana", f"comment {number}"))
        time.sleep(0.01)
    session = collect(watcher, sent)

    rows = [("bare replace seen by another process (baseline)", bare),
            (f"ipstui command to new state, {args.events} events", session)]
    print(table(rows, rows[0][0]))
    median, p95 = summary(session)
    print(f"\npropagation: median {median:.2f} ms, p95 {p95:.2f} ms over {len(session)} commands; "
          f"target p95 <= 100 ms (console), <= 50 ms (store)")


if __name__ == "__main__":
    main()
