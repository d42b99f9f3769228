"""The layers of STYLE.md: nothing that does not draw imports Textual or the Textual console.

Read from the source (every import, also those inside functions), and checked in a fresh
process (what importing each module really loads)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent.parent / "ipstui"
# Below the console, and the line console beside it: the road is theirs as much as the app's.
UNDRAWN = ["domain", "store", "reports", "integrations", "plain", "road.py"]


def modules() -> list[Path]:
    found = []
    for name in UNDRAWN:
        path = PACKAGE / name
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_nothing_that_does_not_draw_imports_textual_or_the_console(path: Path):
    wrong = {name for name in imported(path)
             if name.split(".")[0] in ("textual", "rich") or name.startswith("ipstui.app")}
    assert wrong == set()


def test_the_road_and_the_line_console_load_without_textual():
    code = ("import sys; import ipstui.road, ipstui.plain.console, ipstui.store, ipstui.reports.status; "
            "print(sorted(name for name in sys.modules if name.split('.')[0] in ('textual', 'rich') "
            "or name.startswith('ipstui.app')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=PACKAGE.parent)
    assert done.stdout.strip() == "[]"
