"""What opening the console costs: the modules it loads, and the collector paused while it starts."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

import ipstui.__main__ as entry
import ipstui.cli
from tests.ui.conftest import demo_app, running

# Loaded on first use, not to open the console: each was a measurable part of its start.
LOADED_LATER = (
    "pendulum",
    "ipstui.domain.commands",
    "ipstui.domain.analysis",
    "ipstui.app.screens.prompts",
    "ipstui.app.screens.home",
    "ipstui.app.screens.closing",
    "ipstui.app.screens.agreement",
    "ipstui.app.screens.history",
    "ipstui.integrations.zoom_chat",
    "ipstui.integrations.zoom_participants",
    "ipstui.integrations.attendance_import",
    "textual.widgets._footer",
)


def test_opening_the_console_loads_only_what_the_live_console_shows():
    probe = "import sys, ipstui.cli, ipstui.app.app; print('\\n'.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
                 .stdout.split())
    assert "ipstui.app.screens.live" in loaded
    assert sorted(loaded & set(LOADED_LATER)) == []


@pytest.fixture
def collector():
    yield
    gc.enable()


def test_a_command_runs_with_the_collector_on(tmp_path, monkeypatch, collector):
    seen = []
    monkeypatch.setattr(ipstui.cli, "_status", lambda folder: seen.append(gc.isenabled()))
    monkeypatch.setattr(sys, "argv", ["ipstui", "--db", str(tmp_path / "db"), "status"])
    assert entry.main() == 0
    assert seen == [True] and gc.isenabled()


def test_the_console_starts_with_the_collector_paused_and_turns_it_on_after_its_first_frame(
        tmp_path, monkeypatch, collector):
    seen = []
    monkeypatch.setattr(ipstui.cli, "_console", lambda *args, **kwargs: seen.append(gc.isenabled()) or 0)
    monkeypatch.setattr(sys, "argv", ["ipstui", "--db", str(tmp_path / "db")])
    assert entry.main() == 0
    assert seen == [False] and gc.isenabled()


async def test_the_collector_is_back_on_once_the_live_console_is_drawn(tmp_path, collector):
    app = demo_app(tmp_path / "db")
    gc.disable()
    async with running(app, size=(120, 35)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert gc.isenabled()


def test_an_action_runs_with_the_collector_still_paused(tmp_path, monkeypatch, collector):
    # A one-action process exits within some 100 ms: collecting would only walk what it loaded.
    seen = []
    monkeypatch.setattr(ipstui.cli.DataFolder, "execute", lambda self, command: seen.append(gc.isenabled()) or
                        type("Done", (), {"message": "done"})())
    monkeypatch.setattr(sys, "argv", ["ipstui", "--db", str(tmp_path / "db"), "chat", "add", "--author", "Ana", "hi"])
    assert entry.main() == 0
    assert seen == [False] and gc.isenabled()


def test_a_command_loads_neither_the_reports_nor_socket():
    probe = "import sys, ipstui.cli, ipstui.store; print('\\n'.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
                 .stdout.split())
    assert "ipstui.store.folder" in loaded
    assert sorted(loaded & {"socket", "ipstui.reports.session_report", "ipstui.domain.commands", "textual"}) == []


def test_a_chat_comment_from_the_command_line_loads_no_tinydb(tmp_path):
    # The process as it runs: a live session on disk, one `chat add`, then what it loaded.
    from ipstui.store import DataFolder

    DataFolder(tmp_path / "db").start("Mutuality", "Maya")
    probe = ("import sys; from ipstui.__main__ import main; code = main(); "
             "print('modules:', *sorted(sys.modules)); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", probe, "--db", str(tmp_path / "db"), "--as", "Sam",
                           "chat", "add", "--author", "Ana", "hello"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "from Ana" in done.stdout
    loaded = set(done.stdout.split("modules:", 1)[1].split())
    assert "ipstui.store.document" in loaded and "ipstui.domain.commands" in loaded
    assert sorted(name for name in loaded if name == "tinydb" or name.startswith("tinydb.")) == []
    assert "hello" in DataFolder(tmp_path / "db").live().state().comments[1].text
