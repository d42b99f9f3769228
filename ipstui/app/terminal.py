"""The console's edge with the terminal: bytes in, characters out, and how it ends on an error.

Everything here leans on Textual 8.2.8 internals (pinned): the Linux driver's input thread,
the app's line filters, and how the app reports an unhandled error. Check it on an upgrade.
"""

from __future__ import annotations

import os
import selectors
import traceback
from codecs import getincrementaldecoder
from pathlib import Path

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual._loop import loop_last
from textual._xterm_parser import XTermParser
from textual.color import Color
from textual.drivers.linux_driver import LinuxDriver
from textual.filter import LineFilter

from ipstui.domain.text import terminal_safe, unsafe_marks


class LenientLinuxDriver(LinuxDriver):
    """Textual's Linux driver, reading bytes that are not UTF-8 as U+FFFD instead of dying on them.

    Textual 8.2.8 decodes stdin strictly in `run_input_thread`: one stray byte, or a Latin-1
    paste, raised in the input thread and ended the console. This is that method, with the
    one change of a lenient decoder.
    """

    def run_input_thread(self) -> None:
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")("replace").decode

        def process_selector_events(selector_events: list, final: bool = False) -> None:
            for last, (_key, mask) in loop_last(selector_events):
                if mask & selectors.EVENT_READ:
                    unicode_data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        break  # stdin is a pipe that has closed
                    for event in parser.feed(unicode_data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except Exception:
                pass  # the parser's complaint about a half sequence at the very end


class InertText(LineFilter):
    """The last look at every drawn line: no character a terminal would obey gets through.

    Untrusted text is made safe where it is shown (ipstui.app.safe); this catches any that
    was not, in the same cells, so that the layout Textual measured still holds.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(segment.control or segment.text.isprintable() or not any(unsafe_marks(segment.text))
               for segment in segments):
            return segments
        return [segment if segment.control or not any(unsafe_marks(segment.text))
                else Segment(_inert(segment.text), segment.style) for segment in segments]


def _inert(text: str) -> str:
    # What takes no cell is dropped and what takes one (a lone surrogate) becomes U+FFFD; the
    # result is then fitted to the cells Textual measured for the text, so nothing shifts.
    inert = "".join(("\ufffd" if cell_len(char) else "") if unsafe else char
                    for char, unsafe in zip(text, unsafe_marks(text)))
    return set_cell_size(inert, cell_len(text))


_PACKAGE = Path(__file__).resolve().parent.parent


def failure_line(kind: str, message: str, frames: list[tuple[str, int]]) -> str:
    """An unexpected error in one line: its kind, its message, and where in ipstui it was raised."""
    message = " ".join(message.split())[:200]
    ours = [(Path(name), line) for name, line in frames if Path(name).is_relative_to(_PACKAGE)]
    where = f" (at {ours[-1][0].relative_to(_PACKAGE.parent)}:{ours[-1][1]})" if ours else ""
    return terminal_safe(f"{kind}: {message}" if message else kind) + where


def error_line(error: BaseException) -> str:
    """An exception as failure_line has it."""
    frames = [(frame.filename, frame.lineno or 0) for frame in traceback.extract_tb(error.__traceback__)]
    return failure_line(type(error).__name__, str(error), frames)


class TerminalGuard:
    """Mixed into the app: the lenient driver, the last look at drawn lines, and a failure kept
    as one line for the command line to print. Textual prints a traceback with its local
    variables (private words among them), and after an error in its input thread exits 0."""

    failure: str | None = None
    """What stopped the console, in one line; None while it runs and when it ends normally."""

    def guard_output(self) -> None:
        """Add the last look to the app's line filters (call from the app's __init__)."""
        self._filters.append(InertText())  # type: ignore[attr-defined]

    def get_driver_class(self):
        driver = super().get_driver_class()  # type: ignore[misc]
        return LenientLinuxDriver if driver is LinuxDriver else driver

    def _handle_exception(self, error: Exception) -> None:
        if self.failure is None:
            self.failure = error_line(error)
        super()._handle_exception(error)  # type: ignore[misc]

    def panic(self, *renderables) -> None:
        if self.failure is None:
            self.failure = _panic_line(renderables)
        super().panic(*renderables)  # type: ignore[misc]

    def _print_error_renderables(self) -> None:
        if "debug" in self.features:  # type: ignore[attr-defined]
            super()._print_error_renderables()  # type: ignore[misc]
        else:
            self._exit_renderables.clear()  # type: ignore[attr-defined]


def _panic_line(renderables: tuple) -> str:
    """One line from what Textual panics with: a Rich traceback (its input thread's), or text."""
    for renderable in renderables:
        trace = getattr(renderable, "trace", None)
        if trace is not None and trace.stacks:
            stack = trace.stacks[0]  # the exception raised (the rest are its causes)
            return failure_line(stack.exc_type, stack.exc_value, [(f.filename, f.lineno) for f in stack.frames])
        if isinstance(renderable, str):
            return failure_line("error", renderable, [])
    return "an unexpected error"
