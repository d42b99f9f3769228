"""The console's threads hand each other the interpreter quickly while it runs, and only then."""

from __future__ import annotations

import sys

import ipstui.app.app as app_module
from ipstui import cli
from ipstui.store import DataFolder


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_the_console_runs_with_a_short_switch_interval_and_gives_the_usual_one_back(tmp_path, monkeypatch):
    during: list[float] = []

    class App:
        failure = None

        def run(self) -> None:
            during.append(sys.getswitchinterval())

    monkeypatch.setattr(app_module, "make_app", lambda *args, **kwargs: App())
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(sys, "stdout", _Terminal())
    before = sys.getswitchinterval()
    assert before > cli.CONSOLE_SWITCH_SECONDS
    assert cli._console(DataFolder(tmp_path / "db"), None) == 0
    assert during == [cli.CONSOLE_SWITCH_SECONDS]
    assert sys.getswitchinterval() == before
