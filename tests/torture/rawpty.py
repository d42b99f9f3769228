"""The installed console under a pseudo-terminal read here: every byte it writes, and the screen they draw."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import threading
import time
from pathlib import Path

import pyte

from tests.e2e.conftest import BIN
from tests.e2e.tmux import console_env

# What a terminal would obey if data reached it raw (data here: the hostile payloads).
OSC = re.compile(r"\x1b\]([^\x07\x1b]*)(?:\x07|\x1b\\)?")
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HIDDEN = {"\u200b", "\ufeff"}


def empty_field(placeholder: str) -> str:
    """How an empty text field reads on screen: its left edge, its padding, its placeholder."""
    return f"▊  {placeholder}"


class RawConsole:
    """`ipstui` on a pty of a fixed size; a thread keeps every byte it writes."""

    def __init__(self, db: Path, args: list[str] = (), size: tuple[int, int] = (120, 35),
                 env: dict[str, str] | None = None) -> None:
        self.size = size
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.master = master
        self.proc = subprocess.Popen([str(BIN), "--as", "sam", *args], stdin=slave, stdout=slave, stderr=slave,
                                     env={**console_env(db), **(env or {})}, start_new_session=True, close_fds=True,
                                     preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.output = bytearray()
        self._lock = threading.Lock()
        self.screen = pyte.Screen(*size)
        self._stream = pyte.ByteStream(self.screen)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if not ready:
                if self.proc.poll() is not None:
                    return
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk
                self._stream.feed(chunk)

    def text(self) -> str:
        """The screen as pyte draws it from the bytes so far."""
        with self._lock:
            return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 20.0) -> str:
        """Poll the drawn screen until `needle` is on it."""
        return self._poll(lambda shown: needle in shown, f"{needle!r} never appeared", timeout)

    def wait_gone(self, needle: str, timeout: float = 20.0) -> str:
        """Poll the drawn screen until `needle` has left it."""
        return self._poll(lambda shown: needle not in shown, f"{needle!r} stayed", timeout)

    def wait_for_cursor(self, placeholder: str, timeout: float = 20.0) -> str:
        """Poll until a field showing `placeholder` has the text cursor (its first cell drawn apart)."""
        field = empty_field(placeholder)

        def focused(shown: str) -> bool:
            for row, line in enumerate(shown.splitlines()):
                column = line.find(field) + 3
                if column >= 3:
                    with self._lock:
                        first, second = self.screen.buffer[row][column], self.screen.buffer[row][column + 1]
                    return (first.fg, first.bg, first.reverse) != (second.fg, second.bg, second.reverse)
            return False

        return self._poll(focused, f"no cursor in {placeholder!r}", timeout)

    def _poll(self, done, failure: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.text()
            if done(shown):
                return shown
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{failure} (exit {self.proc.poll()}):\n{shown}")
            time.sleep(0.05)

    def send(self, data: str | bytes, pause: float = 0.05) -> None:
        """Bytes as a keyboard (or a paste) would send them."""
        os.write(self.master, data.encode("utf-8") if isinstance(data, str) else data)
        time.sleep(pause)  # keys in one burst can read as an escape sequence

    def paste(self, text: str) -> None:
        """A bracketed paste, as a terminal sends it when text is pasted."""
        self.send(b"\x1b[200~" + text.encode("utf-8", "surrogatepass") + b"\x1b[201~")

    def finish(self) -> tuple[bool, int, list[str]]:
        """Whether it was still running, its exit code after ctrl+q, and what leaked from data."""
        alive = self.proc.poll() is None
        code = self.quit()
        return alive, code, leaks(bytes(self.output))

    def quit(self, timeout: float = 20.0) -> int:
        """ctrl+q, then the exit code once the reader has drained the pty."""
        self.send("\x11")
        try:
            code = self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(5)
        os.close(self.master)
        return code


def leaks(output: bytes) -> list[str]:
    """Everything in a byte stream that came from data rather than from the program's own drawing."""
    found = []
    text = output.decode("utf-8", "replace")
    # The console's own OSCs set the mouse pointer's shape (22); none carries data.
    found += [f"OSC {body[:40]!r}" for body in OSC.findall(text) if not body.startswith("22;")]
    text = OSC.sub("", text)
    found += [f"C0 0x{ord(ch):02x}" for ch in sorted(set(text)) if ord(ch) < 0x20 and ch not in "\x1b\r\n"]
    found += [f"CSI {seq!r}" for seq in ("\x1b[2J", "\x1b[5i") if seq in text]
    found += [f"C1 U+{ord(ch):04X}" for ch in sorted(set(text)) if 0x80 <= ord(ch) <= 0x9F]
    found += [f"bidi U+{ord(ch):04X}" for ch in sorted(set(text) & BIDI)]
    found += [f"hidden U+{ord(ch):04X}" for ch in sorted(set(text) & HIDDEN)]
    return found
