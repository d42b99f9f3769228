"""People, frozen: someone who left and a member's request beside the meters, and the people dialog."""

from __future__ import annotations

from ipstui.domain import commands as c
from tests.snapshots.test_snapshots import pressing
from tests.ui.conftest import demo_app


def with_people(root):
    app = demo_app(root)
    app.folder.execute(c.MarkLeft("Priya"))
    app.folder.execute(c.RecordRequest("Wen", "step up when I find something hard", consent=True))
    return app


def test_meters_with_someone_left_and_a_request_120x35(snap_compare, tmp_path):
    assert snap_compare(with_people(tmp_path / "db"), terminal_size=(120, 35), run_before=pressing())


def test_people_dialog_80x24(snap_compare, tmp_path):
    assert snap_compare(with_people(tmp_path / "db"), terminal_size=(80, 24),
                        run_before=pressing("3", "down", "down", "down", "down", "down", "down", "P"))
