"""A real pseudo-terminal: the installed console in tmux, read back with capture-pane."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class Terminal:
    """One tmux window running a command at a fixed size."""

    def __init__(self, name: str, command: list[str], size: tuple[int, int], env: dict[str, str]) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is needed for the end-to-end console tests (apt-get install tmux)")
        self.socket = f"ipstui-test-{os.getpid()}"
        self.name = name
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        shell = f"env -i {exports} {shlex.join(command)}; echo '[exited]'; sleep 600"
        try:
            self._tmux("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), shell)
        except RuntimeError as error:
            # The server of a just-closed last session may still be exiting: start a new one.
            if "server exited unexpectedly" not in str(error):
                raise
            time.sleep(0.2)
            self._tmux("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), shell)
        self._tmux("set-option", "-t", name, "escape-time", "0")
        # A detached window keeps the size asked for only if told to.
        self._tmux("set-option", "-t", name, "window-size", "manual")
        self._tmux("resize-window", "-t", name, "-x", str(size[0]), "-y", str(size[1]))

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        if result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def screen(self) -> str:
        """The visible screen as text."""
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 15.0, poll: float = 0.05) -> str:
        """Wait until `text` is on screen; fail with the screen if it never comes."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")
            time.sleep(poll)

    def wait_gone(self, text: str, timeout: float = 15.0) -> str:
        """Wait until `text` has left the screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text not in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} stayed on screen:\n{screen}")
            time.sleep(0.05)

    def keys(self, *keys: str, pause: float = 0.05) -> None:
        """Press named keys (Enter, Escape, C-s...), one at a time."""
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)
            time.sleep(pause)

    def type(self, text: str) -> None:
        """Type literal text and wait until it is echoed, so the next key is not part of a burst."""
        self._tmux("send-keys", "-t", self.name, "-l", text)
        self.wait_for(text)

    def program_pid(self) -> int:
        """The pid of the program running in the window (the shell's child)."""
        shell = self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip()
        children = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
        if not children:
            raise RuntimeError(f"nothing runs in {self.name}")
        return int(children[0])

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-session", "-t", self.name], capture_output=True)

    @staticmethod
    def kill_server() -> None:
        subprocess.run(["tmux", "-L", f"ipstui-test-{os.getpid()}", "kill-server"], capture_output=True)


def console_env(db: Path) -> dict[str, str]:
    """A clean environment for the console: a real TERM, UTC, no colour surprises."""
    return {"TERM": "xterm-256color", "TZ": "UTC", "IPSTUI_DB": str(db), "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}


@contextmanager
def opened_terminals() -> Iterator[list[Terminal]]:
    """A list to open terminals into; every one of them closed afterwards, and tmux's server too."""
    opened: list[Terminal] = []
    try:
        yield opened
    finally:
        for terminal in opened:
            terminal.close()
        Terminal.kill_server()
