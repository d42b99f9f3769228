"""The `ipstui` command, and `python -m ipstui`."""

import gc


def main() -> int:
    """Run the command line with Python's collector paused while it starts.

    Opening the console makes a few hundred thousand objects that live as long as it does
    (Textual's, the session's), and the collector walked them again and again while they
    were made: some 18 ms of a 300 ms start. The command line turns it back on once it
    knows what runs: at once for a command, after the first frame for the console.
    """
    gc.disable()
    try:
        # Before anything defines a dataclass: their methods come compiled from the last run.
        from ipstui.method_cache import install

        install()
        from ipstui.cli import main as command_line

        return command_line()
    finally:
        gc.enable()


if __name__ == "__main__":
    raise SystemExit(main())
