"""`ipstui serve` over loopback against a local console, in the same run.

- connect to first full frame: tmux opens `ssh -t` to the server (or `ipstui` itself) and the
  clock stops when the last panel's title and the key bar's last key are on screen;
- key press to screen over SSH against the local console (5,000-event session, rounds in turn);
- memory per connected console: the console process's resident memory and the server's growth.

    python -m bench.bench_serve [--rounds 15] [--consoles 5]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.bench_keypress import console_round
from bench.sessions import big_session, scratch
from bench.stats import summary, table
from tests.e2e.tmux import Terminal, console_env

BIN = Path(sys.executable).parent / "ipstui"
FULL_FRAME = ("Chat to read", "palette")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ssh_command(port: int, key: Path) -> list[str]:
    return ["ssh", "-t", "-p", str(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-i", str(key), "anyone@127.0.0.1"]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def first_frame(name: str, command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    term = Terminal(name, command, (120, 35), env)
    try:
        for text in FULL_FRAME:
            term.wait_for(text, timeout=60, poll=0.005)
        return time.perf_counter() - started
    finally:
        term.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--consoles", type=int, default=5)
    args = parser.parse_args()
    work = scratch()
    folder = big_session(work / "db", 5000)
    key = work / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    env = console_env(folder.root)
    subprocess.run([str(BIN), "--db", str(folder.root), "team", "add", "Bench", "--key", f"{key}.pub"], check=True,
                   capture_output=True, env={**os.environ, **env})
    port = free_port()
    server = subprocess.Popen([str(BIN), "--db", str(folder.root), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **env})
    assert server.stdout is not None
    while "Listening" not in server.stdout.readline():
        pass
    ssh_env = {**env, "HOME": os.environ.get("HOME", "/tmp")}
    local_command = [str(BIN), "--db", str(folder.root), "--as", "Bench"]
    try:
        local_frames, ssh_frames = [], []
        for number in range(args.rounds):
            local_frames.append(first_frame(f"local{number}", local_command, env))
            ssh_frames.append(first_frame(f"ssh{number}", ssh_command(port, key), ssh_env))
        print(table([("local console: start to full frame (baseline)", local_frames),
                     ("over ipstui serve: connect to full frame", ssh_frames)],
                    "local console: start to full frame (baseline)"))

        local = Terminal("local", local_command, (120, 35), env)
        remote = Terminal("remote", ssh_command(port, key), (120, 35), ssh_env)
        local.wait_for("Speaking", timeout=60)
        remote.wait_for("Speaking", timeout=60)
        local_keys, ssh_keys = [], []
        for _ in range(args.rounds * 2):
            local_keys.append(console_round(local, folder))
            ssh_keys.append(console_round(remote, folder))
        print()
        print(table([("local console: n to screen (baseline)", local_keys), ("over ipstui serve: n to screen", ssh_keys)],
                    "local console: n to screen (baseline)"))
        ratio = summary(ssh_keys)[1] / summary(local_keys)[1]
        print(f"key press p95 over SSH against local: {ratio:.2f}×")
        local_rss = rss_kib(int(subprocess.run(["pgrep", "-f", "-n", f"ipstui --db {folder.root} --as Bench"],
                                               capture_output=True, text=True).stdout.split()[0]))
        local.close()
        remote.close()
        time.sleep(1)

        before = rss_kib(server.pid)
        opened = [Terminal(f"many{n}", ssh_command(port, key), (80, 24), ssh_env) for n in range(args.consoles)]
        for term in opened:
            term.wait_for("Speaking", timeout=60)
        consoles = [rss_kib(pid) for pid in children(server.pid)]
        after = rss_kib(server.pid)
        for term in opened:
            term.close()
        per_console = sum(consoles) / max(1, len(consoles)) / 1024
        print(f"\nmemory: a local console {local_rss / 1024:.1f} MiB; over serve {per_console:.1f} MiB per console "
              f"process ({len(consoles)} open), the server {before / 1024:.1f} MiB idle and "
              f"+{(after - before) / 1024 / max(1, args.consoles):.2f} MiB per connection")
    finally:
        Terminal.kill_server()
        server.terminate()
        server.wait(20)


if __name__ == "__main__":
    main()
