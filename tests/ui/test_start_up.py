"""What opening the console costs: the modules it loads."""

from __future__ import annotations

import subprocess
import sys

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
    "textual.widgets._footer",
)


def test_opening_the_console_loads_only_what_the_live_console_shows():
    probe = "import sys, ipstui.cli, ipstui.app.app; print('\\n'.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
                 .stdout.split())
    assert "ipstui.app.screens.live" in loaded
    assert sorted(loaded & set(LOADED_LATER)) == []
