"""Parsing a 10 MB Zoom saved chat, against reading and splitting it into lines.

    python -m bench.bench_zoom [--megabytes 10] [--rounds 5]
"""

from __future__ import annotations

import argparse
import random
import time

from bench.stats import summary, table
from ipstui.integrations.zoom_chat import parse_chat

NAMES = ["Ana García", "Tom", "Ana to Bea", "Zoë  Double", "Maya", "José Núñez"]


def chat_text(megabytes: float, form: str, seed: int = 5) -> str:
    """A saved chat of about `megabytes`, in the current or the older one-line form."""
    rng = random.Random(seed)
    parts, size, second = [], 0, 0
    while size < megabytes * 1_000_000:
        second += rng.randint(1, 20)
        clock = f"{17 + second // 3600 % 7:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
        author = rng.choice(NAMES)
        to = "Sam(Direct Message)" if rng.random() < 0.1 else "Everyone"
        body = [f"message {rng.randint(0, 10**6)} about mutuality and listening" for _ in range(rng.randint(1, 3))]
        if form == "current":
            entry = f"{clock} From {author} to {to}:\n" + "".join(f"\t{line}\n" for line in body)
        else:
            entry = f"{clock}\t From  {author}  to  {to} : " + "\n".join(body) + "\n"
        parts.append(entry)
        size += len(entry.encode("utf-8"))
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for form in ("current", "older"):
        text = chat_text(args.megabytes, form)
        data = text.encode("utf-8")
        floor, parse = [], []
        for _ in range(args.rounds):
            started = time.perf_counter()
            data.decode("utf-8").splitlines()
            floor.append(time.perf_counter() - started)
            started = time.perf_counter()
            messages, problems = parse_chat(data.decode("utf-8"))
            parse.append(time.perf_counter() - started)
            assert messages and not problems
        rows.append((f"{form} form: decode and split lines (baseline)", floor))
        rows.append((f"{form} form: parse {len(data) / 1e6:.1f} MB, {len(messages)} messages", parse))
    print(table(rows, rows[0][0]))
    worst = max(summary(values)[1] for label, values in rows if "parse" in label)
    print(f"\nparse p95 {worst:.0f} ms for {args.megabytes:g} MB; target 1000 ms: {'met' if worst <= 1000 else 'MISSED'}")


if __name__ == "__main__":
    main()
