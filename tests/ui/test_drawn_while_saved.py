"""A moderator's own change is drawn while it is written: said in the header when the disk is
slow, taken back with the reason when the write fails."""

from __future__ import annotations

import threading

from ipstui.store import DataFolder
from tests.ui.conftest import running, screen_text, wait_until


def on_disk(app) -> str | None:
    """Who speaks, as a fresh reader of the data folder finds it."""
    turn = DataFolder(app.folder.root, clock=app.clock, actor="check", terminal="check").live().state().turn
    return turn.name if turn else None


async def test_a_change_is_drawn_while_it_is_written_and_a_slow_write_says_so(demo, monkeypatch):
    import ipstui.store.document as document

    original = document.write_bytes_atomic
    disk_done = threading.Event()

    def slow_disk(*args, **kwargs):
        disk_done.wait(10)  # a disk that takes its time (none such can be had here on demand)
        return original(*args, **kwargs)

    async with running(demo, size=(120, 35)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(document, "write_bytes_atomic", slow_disk)
        await pilot.send("n")
        await wait_until(pilot, lambda: "Speaking Aisha" in screen_text(demo))
        assert on_disk(demo) == "Tomás"  # drawn, not yet written
        await wait_until(pilot, lambda: "saving: waiting for the disk" in screen_text(demo))
        disk_done.set()
        await pilot.settle()
        await wait_until(pilot, lambda: "saving" not in screen_text(demo))
        assert "Speaking Aisha" in screen_text(demo) and on_disk(demo) == "Aisha"


async def test_a_change_whose_write_fails_is_taken_back_and_the_reason_shown(demo, monkeypatch):
    import ipstui.store.document as document

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    async with running(demo, size=(120, 35)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(document, "write_bytes_atomic", full_disk)
        await pilot.press("n")
        said = list(demo._notifications)[-1].message
        assert "No space left on device" in said and "nothing was changed" in said
        text = screen_text(demo)
        assert "Speaking Tomás" in text and "Speaking Aisha" not in text
        assert on_disk(demo) == "Tomás"
        assert "saving" not in text
