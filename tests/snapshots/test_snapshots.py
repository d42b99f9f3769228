"""What the console looks like, frozen: home, the live console at two sizes, overlays."""

from __future__ import annotations

from datetime import datetime, timezone

from ipstui.app.app import make_app
from ipstui.domain.clock import ManualClock
from ipstui.store import DataFolder
from tests.ui.conftest import Settling, demo_app


def pressing(*keys: str):
    """Before the screenshot: the console's first view shown, then each key with what it asks of the folder done."""

    async def run_before(pilot) -> None:
        settling = Settling(pilot)
        await settling.settle()
        for key in keys:
            await settling.press(key)

    return run_before


def test_home(snap_compare, tmp_path):
    clock = ManualClock(datetime(2026, 10, 29, 12, 0, tzinfo=timezone.utc))
    app = make_app(DataFolder(tmp_path / "db", clock=clock), clock, viewer_zone="Asia/Kolkata")
    assert snap_compare(app, terminal_size=(100, 30), run_before=pressing())


def test_live_console_120x35(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(120, 35), run_before=pressing())


def test_live_console_80x24(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(80, 24), run_before=pressing())


def test_live_console_80x24_chat_panel(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(80, 24), run_before=pressing("4"))


def test_live_console_80x24_meters_tab(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(80, 24), run_before=pressing("3"))


def test_agreement_overlay(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(120, 35), run_before=pressing("g", "1", "5"))


def test_closing_screen(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(120, 35), run_before=pressing("e", "down", "m", "down", "b"))


def test_history(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(120, 35), run_before=pressing("H"))


def test_session_report(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(120, 35), run_before=pressing("H", "down", "enter"))


def test_closing_screen_warnings_and_open_items_80x24(snap_compare, tmp_path):
    # Nobody chosen yet, a direct message marked done from the closing screen.
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(80, 24), run_before=pressing("e", "i", "enter"))


def test_open_items_dialog(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(120, 35), run_before=pressing("i"))


def test_live_console_80x24_chat_private_items_opened(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(80, 24), run_before=pressing("4", "end", "enter"))


def test_ouch_prompt_80x24(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(80, 24), run_before=pressing("o"))
