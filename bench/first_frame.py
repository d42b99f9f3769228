"""Run a console until it writes its first frame holding a given text, then exit at once.

Run under `valgrind --tool=callgrind` by bench_console to count the instructions a start
costs, a figure that does not move with the load of a shared machine.

    python -m bench.first_frame TEXT bare
    python -m bench.first_frame TEXT ipstui ARGS...
"""

from __future__ import annotations

import os
import sys

from textual.drivers.linux_driver import LinuxDriver


def stop_at(text: str) -> None:
    """Exit the process right after the terminal is sent a frame holding `text`."""
    write = LinuxDriver.write

    def write_then_stop(driver: LinuxDriver, data: str) -> None:
        write(driver, data)
        if text in data:
            os._exit(0)

    LinuxDriver.write = write_then_stop  # type: ignore[method-assign]


def main() -> None:
    text, program, *args = sys.argv[1:]
    stop_at(text)
    if program == "bare":
        from bench.bare_app import Bare

        Bare().run()
    else:
        from ipstui.cli import main as ipstui

        ipstui(args)


if __name__ == "__main__":
    main()
