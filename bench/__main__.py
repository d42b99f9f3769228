"""Run every benchmark, print their tables, and write bench/results.md.

    python -m bench            (from the repository, with the package installed and tmux)
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCHES = (
    ("B1, B4, B6: console start, tick, memory", "bench.bench_console"),
    ("B2: one command by log size", "bench.bench_command"),
    ("B3: propagation between processes", "bench.bench_propagation"),
    ("Key press to screen, 5,000 events", "bench.bench_keypress"),
    ("A lock held 5 s by another process", "bench.bench_lock_held"),
    ("B5: history at 500 sessions", "bench.bench_history"),
    ("B7: eight writers at once", "bench.bench_contention"),
    ("Zoom chat parsing, 10 MB", "bench.bench_zoom"),
)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    return f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}; {platform.system()} {platform.release()}"


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    sections = [f"# Benchmark results\n\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}.\n"
                "Every figure stands beside a baseline measured in the same run; medians and ratios, "
                "since the machine is shared.\n"]
    for title, module in BENCHES:
        print(f"== {title}", flush=True)
        run = subprocess.run([sys.executable, "-m", module], cwd=root, capture_output=True, text=True)
        output = (run.stdout + (run.stderr if run.returncode else "")).strip()
        print(output, flush=True)
        sections.append(f"## {title}\n\n```\n{output}\n```\n")
    (root / "bench" / "results.md").write_text("\n".join(sections), encoding="utf-8")
    print("\nwrote bench/results.md")


if __name__ == "__main__":
    main()
