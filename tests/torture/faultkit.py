"""Faults made real: small tmpfs data folders, a full disk, and checks that files are whole."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.e2e.conftest import Cli, Result

HERE = Path(__file__).parent


class MountRefused(Exception):
    """This machine does not let the tests mount a file system."""


@contextmanager
def tmpfs(size_kb: int) -> Iterator[Path]:
    """A fresh tmpfs of `size_kb` KiB, unmounted afterwards even if the test fails."""
    point = Path(tempfile.mkdtemp(prefix="ipstui-tmpfs-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        point.rmdir()
        raise MountRefused(mounted.stderr.strip())
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)
        point.rmdir()


@contextmanager
def live_on_tmpfs(size_kb: int) -> Iterator[tuple[Path, Cli]]:
    """A live session with Sam and Ana, on a fresh tmpfs, driven by the installed command."""
    with tmpfs(size_kb) as point:
        cli = Cli(point / "db")
        cli("start", "--topic", "Mutuality", "--moderator", "Sam")
        cli("participant", "add", "Ana")
        yield point, cli


def remount(point: Path, how: str) -> None:
    """Remount a tmpfs read-only ("ro") or read-write ("rw")."""
    subprocess.run(["mount", "-o", f"remount,{how}", str(point)], check=True, capture_output=True)


def fill(path: Path) -> int:
    """Write `path` until the disk is full; returns the bytes it took."""
    taken = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        block = b"\0" * 4096
        while True:
            try:
                taken += os.write(fd, block)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                break
        # A last partial block, so that not even a small file fits.
        for size in (2048, 1024, 512, 256, 64, 1):
            try:
                taken += os.write(fd, b"\0" * size)
            except OSError:
                continue
    finally:
        os.close(fd)
    return taken


def data_files(folder: Path) -> dict[str, bytes]:
    """The data files of a folder (not lock files), by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.suffix != ".lock"}


def litter(folder: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def session_events(path: Path) -> list[dict]:
    """The events of a session file, checked to parse and to be numbered 1..n without gaps."""
    raw = json.loads(path.read_bytes())
    events = raw["events"]
    assert list(events) == [str(n) for n in range(1, len(events) + 1)], f"{path.name}: seq numbers have gaps"
    return list(events.values())


def all_parse(folder: Path) -> int:
    """Parse every JSON data file (and its .bak); returns how many."""
    count = 0
    for path in folder.iterdir():
        if path.name.endswith((".json", ".json.bak")):
            json.loads(path.read_bytes())
            count += 1
    return count


def one_line_failure(result: Result, *needles: str) -> None:
    """A failed command: non-zero exit, one line on stderr naming the problem, no traceback."""
    assert result.code != 0, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ipstui: error:"), result.err
    assert "Traceback" not in result.err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


class Helper:
    """A helper process whose acknowledgement lines are collected as they come."""

    def __init__(self, script: Path, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, cwd=HERE.parent.parent)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True)
        self._reader.start()

    def wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.lines:
            if self.proc.poll() is not None:
                raise AssertionError(f"helper died: {self.proc.stderr.read()}")
            assert time.monotonic() < deadline, "helper never became ready"
            time.sleep(0.005)

    def kill(self) -> None:
        """SIGKILL it; it must not have died of anything else before."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, 9)
        self.proc.wait()
        self._reader.join()
        error = self.proc.stderr.read()
        self.proc.stderr.close()
        assert self.proc.returncode == -9, f"helper exited {self.proc.returncode} before the kill: {error}"

    def acknowledged(self) -> list[list[str]]:
        """The words of every "ok ..." line printed before the process died."""
        return [line.split()[1:] for line in self.lines if line.startswith("ok ")]
