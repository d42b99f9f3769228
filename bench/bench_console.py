"""B1 start, B4 render and B6 memory of the live console, each against a bare Textual app.

- B1: `ipstui` launched in tmux to the first full frame of the live console (30 people,
  500 events), against a bare Textual app's launch to its first frame.
- B4: one tick of the live console with 100 people, 50 waiting hands and 200 comments:
  the clock moves, every panel renders anew, and the frame Textual draws next is made and
  written (to the headless driver); against the same for a bare app whose tick changes one
  label.
- B6: peak RSS (VmHWM) of the console under the B4 load against the bare app's.

    python -m bench.bench_console [--rounds 9]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from textual.app import App

from bench.bare_app import Bare
from bench.sessions import big_session, ensure_hands, fresh_clock, scratch
from bench.stats import summary, table
from ipstui.app.app import make_app
from ipstui.domain import commands as c
from ipstui.store import DataFolder
from tests.e2e.tmux import Terminal, console_env

BIN = Path(sys.executable).parent / "ipstui"
REPO = Path(__file__).resolve().parent.parent
# The live console's first full frame: the last panel's title and the key bar's last key.
LIVE = ("4 Chat to read", "palette")
BARE = ("count 0",)


def launch(name: str, command: list[str], env: dict[str, str], ready: tuple[str, ...]) -> tuple[float, int]:
    """Seconds from launch to every text of `ready` on screen, and the program's peak RSS in kB after it."""
    started = time.perf_counter()
    term = Terminal(name, command, (120, 35), env)
    try:
        deadline = started + 30
        while not all(text in term.screen() for text in ready):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{name}: {ready} not all on screen in 30 s:\n{term.screen()}")
            time.sleep(0.002)
        elapsed = time.perf_counter() - started
        time.sleep(1.5)  # a tick or two under load
        status = Path(f"/proc/{term.program_pid()}/status").read_text()
        peak = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))
        return elapsed, peak
    finally:
        term.close()


def instructions(name: str, program: list[str], ready: tuple[str, ...], env: dict[str, str]) -> float | None:
    """Millions of instructions from launch to the frames holding every text of `ready`,
    counted by callgrind (None without valgrind). The count is the same whatever else the
    machine does."""
    if shutil.which("valgrind") is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
                   "-m", "bench.first_frame", "|".join(ready), *program]
        term = Terminal(name, command, (120, 35), {**env, "PYTHONPATH": str(REPO)})
        try:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                if out.exists() and (totals := re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M)):
                    return int(totals.group(1)) / 1e6
                time.sleep(0.5)
        finally:
            term.close()
    raise RuntimeError(f"callgrind gave no count for {name} in 300 s")


def loaded_session(root: Path, people: int, hands: int, comments: int) -> DataFolder:
    folder = big_session(root, 500, people=people)
    fresh_clock(folder)
    state = folder.live().state()
    for number in range(comments - len(state.to_read())):
        folder.execute(c.AddChatComment(f"Person {number % people:02d}", f"comment {number} on the reading"))
    ensure_hands(folder, hands)
    return folder


async def tick_times(app: App, rounds: int, tick) -> list[float]:
    times = []
    async with app.run_test(size=(120, 35)) as pilot:
        await pilot.pause()
        for _ in range(rounds):
            started = time.perf_counter()
            tick(app)
            # The frame Textual would draw next: layout if needed, the changed widgets, the update.
            app.screen._on_timer_update()
            times.append(time.perf_counter() - started)
            await pilot.pause()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    work = scratch()
    small = big_session(work / "small", 500, people=30)
    loaded = loaded_session(work / "loaded", people=100, hands=50, comments=200)
    env = {**console_env(work), "PYTHONPATH": str(REPO)}
    try:
        bare_start, bare_rss, start, rss = [], [], [], []
        for _ in range(args.rounds):
            seconds, peak = launch("bare", [sys.executable, "-m", "bench.bare_app"], env, BARE)
            bare_start.append(seconds)
            bare_rss.append(peak)
            seconds, _ = launch("b1", [str(BIN), "--db", str(small.root)], env, LIVE)
            start.append(seconds)
            _, peak = launch("b6", [str(BIN), "--db", str(loaded.root)], env, LIVE)
            rss.append(peak)
        bare_count = instructions("bare-ir", ["bare"], BARE, env)
        count = instructions("b1-ir", ["ipstui", "--db", str(small.root)], LIVE, env)
    finally:
        Terminal.kill_server()

    def bump(app) -> None:
        app.action_bump()

    def console_tick(app) -> None:
        app.clock.advance(1)
        app.tick()

    bare_ticks = asyncio.run(tick_times(Bare(), 100, bump))
    folder = DataFolder(loaded.root, clock=loaded.clock)
    ticks = asyncio.run(tick_times(make_app(folder, folder.clock, viewer_zone="UTC", presence=False), 100, console_tick))

    rows = [("B1 bare Textual app, launch to first frame (baseline)", bare_start),
            ("B1 ipstui, launch to the live console (30 people, 500 events)", start)]
    print(table(rows, rows[0][0]))
    print()
    rows = [("B4 bare app tick: one label and a full frame (baseline)", bare_ticks),
            ("B4 ipstui tick: 100 people, 50 hands, 200 comments", ticks)]
    print(table(rows, rows[0][0]))
    ratio = summary(start)[0] / summary(bare_start)[0]
    tick_p95 = summary(ticks)[1]
    memory = (sum(rss) / len(rss)) / (sum(bare_rss) / len(bare_rss))
    print(f"\nB1 start ratio {ratio:.2f} (target <= 1.5: {'met' if ratio <= 1.5 else 'MISSED'})")
    if bare_count is not None and count is not None:
        print(f"B1 instructions to the first full frame (callgrind): {count:.0f} M against {bare_count:.0f} M "
              f"for the bare app, ratio {count / bare_count:.2f}")
    print(f"B4 tick p95 {tick_p95:.1f} ms (target <= 16 ms: {'met' if tick_p95 <= 16 else 'MISSED'})")
    print(f"B6 peak RSS {sum(rss) / len(rss) / 1024:.1f} MB against {sum(bare_rss) / len(bare_rss) / 1024:.1f} MB, "
          f"ratio {memory:.2f} (target <= 2: {'met' if memory <= 2 else 'MISSED'})")


if __name__ == "__main__":
    main()
