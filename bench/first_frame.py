"""Run a console until it has written every one of some texts, then exit at once.

Run under `valgrind --tool=callgrind` by bench_console to count the instructions a start
costs, a figure that does not move with the load of a shared machine. With $FIRST_FRAME_OUT
set, each write to the terminal is kept there as a JSON line (the tests read the first frame).

    python -m bench.first_frame TEXT[|TEXT...] bare
    python -m bench.first_frame TEXT[|TEXT...] ipstui ARGS...
"""

from __future__ import annotations

import gc
import json
import os
import sys


def stop_at(texts: list[str]) -> None:
    """Exit the process right after the terminal has been sent every one of `texts`."""
    from textual.drivers.linux_driver import LinuxDriver

    write = LinuxDriver.write
    waiting = set(texts)
    keep = os.environ.get("FIRST_FRAME_OUT")

    def write_then_stop(driver: LinuxDriver, data: str) -> None:
        write(driver, data)
        if keep:
            with open(keep, "a", encoding="utf-8") as out:
                out.write(json.dumps({"data": data}) + "\n")
        waiting.difference_update([text for text in waiting if text in data])
        if not waiting:
            os._exit(0)

    LinuxDriver.write = write_then_stop  # type: ignore[method-assign]


def main() -> None:
    ready, program, *args = sys.argv[1:]
    texts = ready.split("|")
    if program == "bare":
        stop_at(texts)
        from bench.bare_app import Bare

        Bare().run()
    else:
        gc.disable()  # as the `ipstui` command does from its first line (ipstui/__main__.py)
        stop_at(texts)
        from ipstui.__main__ import main as ipstui

        sys.argv = ["ipstui", *args]
        ipstui()


if __name__ == "__main__":
    main()
