"""Several processes writing one live session at once: every effect kept once, no torn file."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.e2e.conftest import Cli

WRITER = Path(__file__).with_name("writer.py")


def spawn(db: Path, tag: str, first: int, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(db), tag, str(first), str(count)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_six_processes_fifty_commands_each(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    writers = [spawn(cli.db, f"w{k}", 1, 50) for k in range(6)]
    results = [w.communicate(timeout=300) for w in writers]
    for writer, (out, err) in zip(writers, results):
        assert writer.returncode == 0 and err == "", err
        assert out.splitlines()[-1] == "ok 50"
    report = json.loads(cli("report", "--format", "json").out)
    texts = [x["text"] for x in report["chat"]]
    expected = {f"w{k}-{n}" for k in range(6) for n in range(1, 51) if n % 10}
    assert sorted(texts) == sorted(expected) and len(texts) == len(set(texts)) == 270
    ids = [x["id"] for x in report["chat"]]
    assert sorted(ids) == list(range(1, 271))
    people = {p["name"]: p for p in report["participants"]}
    for k in range(6):
        for n in range(10, 51, 10):
            assert people[f"w{k}-p{n}"]["hands_raised"] == 1
    session = next(cli.db.glob("session-*.json"))
    raw = json.loads(session.read_bytes())
    assert len(raw["events"]) == 2 + 270 + 2 * 30
    assert list(raw["events"]) == [str(n) for n in range(1, len(raw["events"]) + 1)]


def test_writers_killed_at_random_moments_lose_nothing_acknowledged(cli: Cli):
    cli("start", "--topic", "Mutuality", "--moderator", "Sam")
    rng = random.Random(2026)
    acknowledged: list[str] = []
    kills = 0
    number = 1
    while len(acknowledged) < 200 or kills < 30:
        writer = spawn(cli.db, "k", number, 1000)
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(writer.stdout), daemon=True)
        reader.start()
        while not lines:
            time.sleep(0.005)
            assert writer.poll() is None, writer.stderr.read()
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        reader.join()
        kills += 1
        done = [int(line.split()[1]) for line in lines if line.startswith("ok ")]
        acknowledged += [f"k-{n}" if n % 10 else f"k-p{n}" for n in done]
        number += 1000
        # Every later open succeeds and holds everything acknowledged so far.
        report = json.loads(cli("report", "--format", "json").out)
        kept = {x["text"] for x in report["chat"]} | {p["name"] for p in report["participants"]}
        missing = [item for item in acknowledged if item not in kept]
        assert missing == [], missing
    assert kills >= 30 and len(acknowledged) >= 200
