"""The console on real data folders, with a frozen clock."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ipstui.app.app import IpsApp, make_app
from ipstui.demo import build_demo
from ipstui.domain.clock import Clock
from ipstui.store import DataFolder

NOW = datetime(2026, 11, 28, 22, 49, tzinfo=timezone.utc)


def demo_app(root: Path, read_only: bool = False, heartbeat_clock: Clock | None = None) -> IpsApp:
    folder = build_demo(root, NOW)
    return make_app(folder, folder.clock, viewer_zone="Europe/London", read_only=read_only,
                    heartbeat_clock=heartbeat_clock)


@pytest.fixture
def demo(tmp_path: Path) -> IpsApp:
    return demo_app(tmp_path / "db")


def live_state(app: IpsApp):
    return app.folder.live().state()


def screen_text(app: IpsApp) -> str:
    """Everything on screen as plain text, row by row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def empty_app(root: Path) -> IpsApp:
    from ipstui.domain.clock import ManualClock

    clock = ManualClock(NOW)
    return make_app(DataFolder(root, clock=clock, actor="sam", terminal="ui"), clock, viewer_zone="Europe/London")


async def wait_until(pilot, predicate, timeout: float = 3.0) -> None:
    """Let the app run until `predicate()` holds; fail after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition never held")
        await pilot.pause(0.05)


class Settling:
    """A Pilot that, after each key or click, waits until the console's road is quiet: what the
    key asked of the data folder has been done (off the event loop) and is on screen."""

    def __init__(self, pilot) -> None:
        self._pilot = pilot

    def __getattr__(self, name: str):
        return getattr(self._pilot, name)

    async def press(self, *keys: str) -> None:
        await self._pilot.press(*keys)
        await self.settle()

    async def send(self, *keys: str) -> None:
        """Press keys without waiting for what they ask of the folder (it may be waiting for a lock)."""
        await self._pilot.press(*keys)

    async def click(self, *args, **kwargs):
        clicked = await self._pilot.click(*args, **kwargs)
        await self.settle()
        return clicked

    async def settle(self, timeout: float = 10.0) -> None:
        """Until the folder's worker has nothing to do and its answers have been handled, twice in a row."""
        import time

        app = self._pilot.app
        sync = getattr(app, "sync", None)
        deadline = time.monotonic() + timeout
        quiet = 0
        while quiet < 2:
            busy = sync is not None and (not sync.idle() or not getattr(app, "_shown", True))
            await self._pilot.pause(0.01 if busy else None)
            quiet = 0 if busy else quiet + 1
            if time.monotonic() > deadline:
                raise AssertionError("the console never settled")


@asynccontextmanager
async def running(app, **options):
    """`app.run_test(**options)`, its first view shown, with a Pilot that settles after each key."""
    async with app.run_test(**options) as pilot:
        settling = Settling(pilot)
        await settling.settle()
        yield settling
