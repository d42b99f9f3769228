"""The console on real data folders, with a frozen clock."""

from __future__ import annotations

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
