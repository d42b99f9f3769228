"""The agenda editor, the settings screen, and home on the first call at a changed time, frozen."""

from __future__ import annotations

from datetime import datetime, timezone

from ipstui.app.app import make_app
from ipstui.domain.clock import ManualClock
from ipstui.store import DataFolder
from tests.snapshots.test_snapshots import pressing
from tests.ui.conftest import demo_app

# A Thursday: the next call is Saturday 31 October, when London has left summer time.
THURSDAY = datetime(2026, 10, 29, 12, 0, tzinfo=timezone.utc)


def home_app(root, *changes: tuple[str, str]):
    clock = ManualClock(THURSDAY)
    folder = DataFolder(root, clock=clock, actor="sam", terminal="snap")
    for key, value in changes:
        folder.change_setting(key, value)
    return make_app(folder, clock, viewer_zone="Asia/Kolkata")


def test_agenda_editor_120x35(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(120, 35), run_before=pressing("A", "down"))


def test_agenda_editor_80x24(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path / "db"), terminal_size=(80, 24), run_before=pressing("A"))


def test_settings_screen(snap_compare, tmp_path):
    assert snap_compare(home_app(tmp_path / "db"), terminal_size=(100, 30), run_before=pressing("S"))


def test_home_on_the_first_call_at_a_changed_time(snap_compare, tmp_path):
    # Both notices at once: the group's new time, and London's daylight-saving shift, each in its own words.
    app = home_app(tmp_path / "db", ("time", "17:30"))
    assert snap_compare(app, terminal_size=(100, 30), run_before=pressing())
