"""Torture tests use the installed command like the end-to-end tests do."""

from pathlib import Path

import pytest

from tests.e2e.conftest import cli  # noqa: F401
from tests.torture.rawpty import RawConsole


@pytest.fixture
def raw_consoles():
    """Opens consoles on raw pseudo-terminals (RawConsole's arguments); kills any left running."""
    opened: list[RawConsole] = []

    def open_console(db: Path, **kwargs) -> RawConsole:
        opened.append(RawConsole(db, **kwargs))
        return opened[-1]

    yield open_console
    for each in opened:
        if each.proc.poll() is None:
            each.proc.kill()
            each.proc.wait()
