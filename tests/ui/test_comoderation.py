"""Several consoles on one folder: others' changes, presence, and read-only watching."""

from __future__ import annotations

from ipstui.app.messages import ZoomFile
from ipstui.app.screens.closing import ClosingScreen
from ipstui.app.screens.live import LiveScreen
from ipstui.domain import commands as c
from ipstui.domain.clock import ManualClock
from ipstui.store import DataFolder
from ipstui.store.presence import Presence
from tests.ui.conftest import NOW, demo_app, live_state, screen_text, wait_until, running


async def test_a_change_from_another_terminal_reaches_the_screen_with_who_made_it(tmp_path):
    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        await pilot.pause()
        kim = DataFolder(tmp_path / "db", clock=app.clock, actor="kim", terminal="host:pts/7")
        kim.execute(c.CallNextHand())
        await wait_until(pilot, lambda: "Speaking Aisha" in screen_text(app))
        assert list(app._notifications)[-1].message == "kim: Aisha speaking"


async def test_the_header_names_the_other_consoles_and_notices_a_vanished_one(tmp_path):
    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        kim = Presence(tmp_path / "db", "kim", "host:pts/7")
        kim.id = "kim-other-process"
        lee = Presence(tmp_path / "db", "lee", "host:pts/8", watch_only=True)
        lee.id = "lee-other-process"
        kim.beat(app.clock.now())
        lee.beat(app.clock.now())
        # The console looks who else is here each second, off the event loop.
        await wait_until(pilot, lambda: "with kim, lee (watching)" in screen_text(app))
        app.clock.advance(7)
        lee.beat(app.clock.now())
        await wait_until(pilot, lambda: "with lee (watching)" in screen_text(app))
        assert any("kim vanished without a goodbye (host:pts/7)" in n.message for n in app._notifications)
        # A console seen vanished that then says goodbye has left: it did not crash.
        kim.leave()
        await wait_until(pilot, lambda: any(n.message == "kim left" for n in app._notifications))
        # One that vanished long before its file goes says nothing then.
        ray = Presence(tmp_path / "db", "ray", "host:pts/9")
        ray.id = "ray-other-process"
        ray.beat(app.clock.now())
        lee.beat(app.clock.now())
        await wait_until(pilot, lambda: "ray" in screen_text(app))
        app.clock.advance(7)
        lee.beat(app.clock.now())
        await wait_until(pilot, lambda: any("ray vanished" in n.message for n in app._notifications))
        app.clock.advance(200)
        lee.beat(app.clock.now())
        ray.leave()
        zed = Presence(tmp_path / "db", "zed", "host:pts/10")
        zed.id = "zed-other-process"
        zed.beat(app.clock.now())
        lee.beat(app.clock.now())
        await wait_until(pilot, lambda: "zed" in screen_text(app))  # a look since ray's file went
        assert not any(n.message == "ray left" for n in app._notifications)


async def test_heartbeats_keep_their_own_clock_when_the_session_clock_runs_fast(tmp_path):
    beats = ManualClock(NOW)
    app = demo_app(tmp_path / "db", heartbeat_clock=beats)
    async with running(app, size=(120, 35)) as pilot:
        kim = Presence(tmp_path / "db", "kim", "host:pts/7")
        kim.id = "kim-other-process"
        for _ in range(4):
            kim.beat(beats.now())
            app.clock.advance(40)  # a rehearsal at 20x: forty seconds of session per real two
            beats.advance(2)
            await pilot.pause(0.3)
        # By the session's clock kim's last beat is 160 s old; by the heartbeats' own, 2 s.
        await wait_until(pilot, lambda: "with kim" in screen_text(app))
        await pilot.pause(1.2)  # another look of the console's, which must not find kim gone
        assert "with kim" in screen_text(app)
        assert not any("vanished" in n.message for n in app._notifications)


async def test_a_watching_console_refuses_every_action(tmp_path):
    app = demo_app(tmp_path / "db", read_only=True)
    async with running(app, size=(120, 35)) as pilot:
        await pilot.pause()
        before = len(live_state(app).log)
        for key in ("n", "x", "r", "u", "o", "b", "right_square_bracket"):
            await pilot.press(key)
        await pilot.press("e")
        assert not isinstance(app.screen, ClosingScreen)
        await pilot.press("L", "y")
        assert len(live_state(app).log) == before
        assert "only watches (--watch)" in list(app._notifications)[-1].message
        assert isinstance(app.screen, LiveScreen) and "Speaking Tomás" in screen_text(app)


async def test_import_and_follow_a_zoom_chat_from_the_console(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "zoom"
    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35)) as pilot:
        await pilot.press("ctrl+p", *"Import Zoom chat")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.press(*str(fixtures / "current.txt"), "enter")
        # Read and parsed off the event loop; the toast follows.
        await wait_until(pilot, lambda: any(n.message == "imported 6 comments (2 private); skipped 1 reactions, 1 empty messages"
                                            for n in app._notifications))
        chat = tmp_path / "growing.txt"
        chat.write_text("17:40:00 From Grace to Everyone:\n\tfollowed\n")
        app.post_message(ZoomFile("follow", str(chat)))
        # The last message of a followed file waits for the file to be quiet a moment (it may still grow).
        await wait_until(pilot, lambda: any(c.text == "followed" for c in live_state(app).comments.values()), 5)
        # Another process appends, as Zoom does.
        subprocess.run([sys.executable, "-c", "import sys\nwith open(sys.argv[1], 'a') as f:\n"
                        "    f.write('17:41:00 From Leo to Everyone:\\n\\tand another\\n')\n"
                        "    f.write('17:42:00 From Jordan to Maya(Direct Message):\\n\\tjust for you\\n')",
                        str(chat)], check=True)
        await wait_until(pilot, lambda: "and another" in screen_text(app), 5)
        await wait_until(pilot, lambda: any(c.text == "just for you" for c in live_state(app).comments.values()), 5)
        comments = list(live_state(app).comments.values())
        texts = [c.text for c in comments]
        assert texts.count("followed") == 1 and texts.count("and another") == 1 and texts.count("just for you") == 1
        assert next(c for c in comments if c.text == "just for you").private_reason == "direct message"
        followed = next(e for e in live_state(app).log if e.data.get("text") == "followed")
        assert followed.at == app.clock.now()
        await pilot.press("4", "end", "enter")  # open the private items, folded under the list
        listed = [str(prompt) for _, prompt in app.screen.query_one("#chat").rows]
        assert any("DO NOT READ (direct message)" in line and "just for you" in line for line in listed)


async def test_a_stream_of_changes_from_others_leaves_no_toast_widgets_behind(tmp_path):
    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35), notifications=True) as pilot:
        await pilot.pause()
        kim = DataFolder(tmp_path / "db", clock=app.clock, actor="kim", terminal="host:pts/7")
        for number in range(40):
            kim.execute(c.AddChatComment("Ben", f"comment {number}"))
            app.check_for_changes()
            await pilot.pause()
        await wait_until(pilot, lambda: len(app.screen.query("Toast")) == 1)
        assert [n.message.split()[:2] for n in app._notifications] == [["kim:", "comment"]]
        # One message shows at a time, and each earlier one is gone from the screen's widgets.
        assert len(app.screen.query("ToastHolder")) <= 2


async def test_a_stream_of_messages_leaves_no_style_cache_entries_of_gone_toasts(tmp_path):
    # Textual 8.2.8's StylesCache memoizes on each widget's cache: a removed toast's entries
    # (and through them the toast) stayed alive; the console clears that memo with each message.
    from textual._styles_cache import StylesCache

    app = demo_app(tmp_path / "db")
    async with running(app, size=(120, 35), notifications=True) as pilot:
        await pilot.pause()
        for number in range(60):
            app.say(f"message {number}")
            await pilot.pause()
        kept = StylesCache.get_inner_outer.cache_info().currsize
        # Only the widgets drawn since the last message: far fewer than 60 toasts' worth.
        assert kept < 30, kept
