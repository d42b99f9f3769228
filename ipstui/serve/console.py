"""One connection's console: `ipstui` in a subprocess on a fresh pseudo-terminal, bridged to the SSH channel.

The console runs as the team member the key proved (`--as NAME`, `--watch` for the watch role),
with the client's terminal type and window size and none of the client's environment.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
from pathlib import Path
from typing import Callable

# What the console may inherit from the server's own environment (the client's is never passed).
KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "IPSTUI_CLOCK")
DEFAULT_TERM = "xterm-256color"
# What the client typed that the console has not read yet, held at the most: keys and pastes
# fit many times over; a flood past it is dropped rather than held in the server's memory.
MOST_PENDING = 1 << 20


def console_command(root: Path, name: str, watch: bool, plain: bool) -> list[str]:
    """The console a member gets: the installed ipstui, on the server's data folder, as them."""
    # --as=NAME: a name that begins with "-" is still a name, never an option.
    command = [sys.executable, "-m", "ipstui", "--db", str(root), f"--as={name}"]
    if watch:
        command.append("--watch")
    if plain:
        command.append("--plain")
    return command


# Make the pty on stdin this new session's controlling terminal, then become the console.
_TAKE_TERMINAL = "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); os.execv(sys.argv[1], sys.argv[1:])"


def _term(term_type: str) -> str:
    """The client's terminal type, if it is one (a name of letters, digits and -+._), else the usual one."""
    ok = term_type and len(term_type) <= 64 and all(ch.isalnum() or ch in "-+._" for ch in term_type)
    return term_type if ok else DEFAULT_TERM


class PtyConsole:
    """A console subprocess on its own pseudo-terminal; bytes in and out through callbacks."""

    def __init__(self, command: list[str], term_type: str, size: tuple[int, int], terminal_label: str,
                 write: Callable[[bytes], None], ended: Callable[[int], None]) -> None:
        self.write = write
        self.ended = ended
        env = {key: os.environ[key] for key in KEPT if key in os.environ}
        # IPSTUI_SERVED: the member has no account on this host, so the console opens none of its files.
        env.update({"TERM": _term(term_type), "IPSTUI_TERMINAL": terminal_label, "IPSTUI_SERVED": "1"})
        env.setdefault("LANG", "C.UTF-8")
        master, slave = os.openpty()
        self.master = master
        self.resize(*size)
        # In a new session whose controlling terminal is its pty (so a hang-up reaches it), taken by
        # a few lines run before the console rather than a preexec_fn: Python code between fork and
        # exec can deadlock a process that has other threads, as this server has.
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _TAKE_TERMINAL, *command], stdin=slave, stdout=slave, stderr=slave,
            env=env, close_fds=True, start_new_session=True)
        os.close(slave)
        os.set_blocking(master, False)
        self.loop = asyncio.get_running_loop()
        self.loop.add_reader(master, self._readable)
        self._reading = True
        self._closed = False
        self._signalled: set[int] = set()
        self._pending = bytearray()
        self._writing = False

    def resize(self, width: int, height: int) -> None:
        """The client's window size (the console is told by SIGWINCH, which the kernel sends)."""
        width, height = max(1, min(width or 80, 1000)), max(1, min(height or 24, 1000))
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))

    def feed(self, data: bytes) -> None:
        """What the client typed: written as the console reads it, never waited for on the loop."""
        if self._closed:
            return
        if not self._pending:
            try:
                written = os.write(self.master, data)
            except BlockingIOError:
                written = 0
            except OSError:
                return
            data = data[written:]
        if data:
            # The console is behind (a large paste, a busy machine): the rest goes when it reads;
            # past MOST_PENDING it is dropped, as a terminal drops what overflows its input.
            self._pending += data[:max(0, MOST_PENDING - len(self._pending))]
            if self._pending and not self._writing:
                self._writing = True
                self.loop.add_writer(self.master, self._writable)

    def _writable(self) -> None:
        try:
            written = os.write(self.master, self._pending)
        except BlockingIOError:
            return
        except OSError:
            written = len(self._pending)
        del self._pending[:written]
        if not self._pending:
            self._writing = False
            self.loop.remove_writer(self.master)

    def pause(self) -> None:
        """The client reads no more for now (its window is full): stop taking the console's output."""
        if not self._closed and self._reading:
            self._reading = False
            self.loop.remove_reader(self.master)

    def resume(self) -> None:
        """The client reads again."""
        if not self._closed and not self._reading:
            self._reading = True
            self.loop.add_reader(self.master, self._readable)

    def _readable(self) -> None:
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            self.write(data)
            return
        self._finish()

    def _finish(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.loop.remove_reader(self.master)
        self.loop.remove_writer(self.master)
        os.close(self.master)
        code = self.process.wait()
        self.ended(code if code >= 0 else 128 - code)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """End the console: it leaves cleanly (its goodbye to the other consoles) on SIGTERM (sent once)."""
        if self.process.poll() is None and sig not in self._signalled:
            self._signalled.add(sig)
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass

    async def wait_stopped(self, timeout: float) -> None:
        """Wait for the console to end, then kill it if it has not."""
        deadline = self.loop.time() + timeout
        while self.process.poll() is None and self.loop.time() < deadline:
            await asyncio.sleep(0.05)
        if self.process.poll() is None:
            self.stop(signal.SIGKILL)
            self.process.wait()
        if not self._closed:
            self._finish()
