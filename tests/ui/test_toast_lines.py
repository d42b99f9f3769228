"""A message shows whole: a toast that needs one more line than a first guess is as tall as its lines."""

from __future__ import annotations

import pytest

from tests.ui.conftest import demo_app, running, screen_text, wait_until


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_every_length_of_message_keeps_its_last_word_on_screen(size, tmp_path):
    app = demo_app(tmp_path / "db")
    async with running(app, size=size, notifications=True) as pilot:
        await pilot.pause()
        cut = []
        for length in range(30, 90):
            # The sender's name last, as in "kim: direct message from Chidi Okafor".
            message = "kim: direct message from " + "a" * (length - 32) + " Zqxjkw"
            app.say(message, timeout=30)
            await wait_until(pilot, lambda: len(app.screen.query("Toast")) == 1)
            await pilot.pause()
            if "Zqxjkw" not in screen_text(app):
                cut.append(length)
        assert cut == []
